#include "data/schema.hpp"

#include <array>

namespace w2t::data {
namespace {

using K = FieldKind;

// Shorthands for the common field shapes.
//
// Every number has physical bounds on both sides, in its unit, so no input can reach the model as a
// zero divisor or an astronomical value: a floor above zero marks a quantity the model divides or
// steps by, or one that cannot be zero (a wafer diameter, a die capacity); a ceiling lies far beyond
// anything plausible in the coming decades, but is finite.
constexpr FieldSpec num(std::string_view name, std::string_view unit, std::string_view doc, bool required,
                        double min, double max) {
  return {name, K::number, unit, required, min, max, {}, doc};
}
// A share in [0, 1]; a yield or an efficiency the model divides by takes a floor above zero.
constexpr FieldSpec fraction(std::string_view name, std::string_view doc, bool required = false,
                             double min = 0.0) {
  return {name, K::number, "1", required, min, 1.0, {}, doc};
}
constexpr FieldSpec text(std::string_view name, std::string_view doc, bool required = false) {
  return {name, K::text, {}, required, 0.0, kInf, {}, doc};
}
constexpr FieldSpec month(std::string_view name, std::string_view doc, bool required = false) {
  return {name, K::month, {}, required, 0.0, kInf, {}, doc};
}
constexpr FieldSpec ref(std::string_view name, std::string_view domain, std::string_view doc,
                        bool required = false) {
  return {name, K::reference, {}, required, 0.0, kInf, domain, doc};
}
constexpr FieldSpec refs(std::string_view name, std::string_view domain, std::string_view doc,
                         bool required = false) {
  return {name, K::references, {}, required, 0.0, kInf, domain, doc};
}
constexpr FieldSpec choice(std::string_view name, std::string_view words, std::string_view doc,
                           bool required = false) {
  return {name, K::choice, {}, required, 0.0, kInf, words, doc};
}

constexpr std::array kWorld = {
    num("dram_wafer_capacity", "wafer/month", "world DRAM wafer-start capacity (300 mm)", true, 1000.0, 1e8),
    num("hbm_tsv_capacity", "wafer/month", "world HBM TSV (stacking) capacity in DRAM wafers", false, 0.0,
        1e8),
    fraction("hbm_share_of_dram_wafers", "share of DRAM wafer input going to HBM"),
    fraction("hbm_share_of_dram_bits", "share of DRAM bits shipped as HBM"),
    num("wafer_diameter", "mm", "wafer diameter", true, 100.0, 450.0),
    num("edge_exclusion", "mm", "unusable ring at the wafer edge", true, 0.0, 10.0),
    num("water_latent_heat", "MJ/kg", "heat carried away per kg of water evaporated (at ~25 °C)", false, 1.0,
        10.0),
    num("water_heat_capacity", "kJ/kg/K", "specific heat of sea and river water", false, 1.0, 10.0),
    num("water_density", "kg/m^3", "density of water (litres of water from kg)", false, 500.0, 2000.0),
    num("gravity", "m/s^2", "standard gravity (pumping head)", false, 5.0, 20.0),
};

constexpr std::array kMaker = {
    text("name", "display name", true),
    text("country", "headquarters country (ISO code)"),
    num("dram_wafer_capacity", "wafer/month", "DRAM wafer-start capacity, existing fabs", true, 100.0, 1e7),
    num("hbm_tsv_capacity", "wafer/month", "HBM TSV/stacking line capacity in DRAM wafers", false, 0.0, 1e7),
    num("hbm_yield_factor", "1", "this maker's HBM yield relative to the product's industry yield", false,
        0.0, 2.0),
    num("fab_cycle_time", "month", "wafer start to finished wafer", false, 0.5, 24.0),
    FieldSpec{"mix", K::number_map, "1", false, 0.0, 1.0, "product",
              "share of this maker's wafer starts by product"},
};

constexpr std::array kFab = {
    text("name", "display name", true),
    ref("maker", "maker", "owner", true),
    text("location", "city and country"),
    num("capacity", "wafer/month", "wafer-start capacity at full ramp", true, 0.0, 1e7),
    month("construction_start", "month construction began or begins"),
    num("build_lead_time", "month", "construction start to first wafer out", false, 1.0, 600.0),
    num("ramp_time", "month", "first wafer to full capacity", false, 0.0, 600.0),
};

constexpr std::array kProduct = {
    text("name", "display name", true),
    choice("kind", "hbm|lpddr|ddr|other", "memory family", true),
    num("die_capacity", "Gb", "capacity of one DRAM die", true, 0.1, 1000.0),
    num("bit_density", "Gb/mm^2", "bits per die area", false, 0.01, 10.0),
    num("die_area", "mm^2", "die area (often a formula: capacity / density)", false, 1.0, 500.0),
    fraction("die_yield", "good dies per gross die (front end, incl. TSV for HBM core dies)", false, 0.01),
    num("stack_height", "1", "DRAM dies per stack (HBM)", false, 1.0, 16.0),
    fraction("stack_layer_yield", "yield of stacking one layer; a stack yields y^h", false, 0.5),
    choice("base_die", "dram|foundry|none", "who makes the stack's base (logic) die"),
    num("capacity_per_stack", "GB", "memory per stack", false, 0.1, 1000.0),
    num("bandwidth_per_stack", "TB/s", "peak bandwidth per stack", false, 0.01, 100.0),
    num("pin_speed", "Gb/s", "per-pin data rate", false, 0.1, 100.0),
    num("bus_width", "1", "interface width in bits", false, 1.0, 16384.0),
    num("wafer_cycle_time", "month", "wafer start to probed wafer", false, 0.5, 24.0),
    num("stacking_cycle_time", "month", "added time for TSV, stacking and test", false, 0.1, 24.0),
    num("wafer_per_bit_vs_ddr5", "1", "wafers per bit relative to DDR5 (published ratio)", false, 0.1, 100.0),
    num("wafer_price", "$/wafer", "price of one processed wafer", false, 0.0, 1e6),
    month("available_from", "first volume shipments"),
};

constexpr std::array kAccelerator = {
    text("name", "display name", true),
    text("vendor", "designer", true),
    month("available_from", "first volume shipments"),
    ref("memory_product", "product", "HBM product on the package", true),
    num("hbm_capacity", "GB", "HBM per accelerator", true, 1.0, 1e5),
    num("hbm_stacks", "stack", "HBM stacks per accelerator", true, 1.0, 1000.0),
    num("hbm_bandwidth", "TB/s", "HBM bandwidth per accelerator", true, 0.1, 1e4),
    num("flops_bf16", "PFLOP/s", "dense BF16 peak", false, 0.01, 1e4),
    num("flops_fp8", "PFLOP/s", "dense FP8 peak", false, 0.01, 1e4),
    num("flops_fp4", "PFLOP/s", "dense FP4 peak", false, 0.01, 1e4),
    num("tdp", "W", "thermal design power of the accelerator", true, 10.0, 1e5),
    ref("host_memory_product", "product", "host CPU memory product (e.g. LPDDR5X)"),
    num("host_memory", "GB", "host memory per accelerator", false, 1.0, 1e5),
    num("logic_die_area", "mm^2", "total logic (compute) die area per package", false, 10.0, 1e5),
    text("logic_node", "foundry process of the compute dies, as published"),
    ref("logic_process", "logic_node", "the process whose embodied carbon per area applies"),
    num("packages_per_interposer_wafer", "1", "good packages per interposer wafer", false, 0.1, 1e4),
    fraction("package_yield", "yield of advanced packaging", false, 0.01),
    num("scale_up_domain", "GPU", "accelerators in one scale-up (NVLink-class) domain", false, 1.0, 1e6),
    num("scale_up_bandwidth", "GB/s", "scale-up (NVLink-class) bandwidth per accelerator, each direction", false,
        1.0, 1e5),
    num("scale_out_bandwidth", "Gb/s", "scale-out network (NIC) bandwidth per accelerator", false, 1.0, 1e5),
    fraction("prefill_efficiency", "achieved over peak FLOP/s in prefill, on this accelerator", false, 0.01),
    fraction("decode_bandwidth_efficiency", "achieved over peak HBM bandwidth when decoding, on this accelerator",
             false, 0.01),
    fraction("network_efficiency", "achieved over peak bandwidth in collectives, on this accelerator", false,
             0.01),
    ref("rack", "rack", "usual rack configuration"),
};

constexpr std::array kRack = {
    text("name", "display name", true),
    num("accelerators", "GPU/rack", "accelerators per rack", true, 1.0, 1e4),
    num("node_accelerators", "GPU", "accelerators per node (server or compute tray)", true, 1.0, 64.0),
    num("power", "kW/rack", "rack IT power", true, 1.0, 1e4),
    num("host_memory", "GB/rack", "host memory per rack (LPDDR5X on the CPUs)", false, 1.0, 1e7),
};

constexpr std::array kPackaging = {
    text("name", "display name", true),
    num("capacity", "wafer/month", "interposer (CoWoS-class) wafer capacity", true, 0.0, 1e7),
};

constexpr std::array kSiteType = {
    text("name", "display name", true),
    choice("cooling", "air|liquid|seawater|river|sealed_seawater", "heat rejection (sites/cooling.hpp)",
           true),
    num("published_pue", "1", "published annual PUE of this kind of site (validation)", false, 1.0, 3.0),
    num("published_wue", "L/kWh", "published water use per kWh of IT energy (validation)", false, 0.0, 100.0),
    num("capex_ratio", "1", "build cost relative to a land liquid-cooled hall", false, 0.0, 100.0),
    num("building_carbon_ratio", "1", "embodied carbon of the building or hull relative to a land hall",
        false, 0.0, 100.0),
    num("failure_rate_factor", "1", "hardware failure rate relative to land", false, 0.01, 100.0),
    choice("repair", "on_site|by_boat|none", "how failed parts are replaced", true),
    num("crew_shift_hours", "h", "hours a day repair crews are on duty", true, 0.0, 24.0),
    num("crew_transit_time", "h", "travel time added to each part swap (crews reaching a barge)", true, 0.0,
        1000.0),
    // The physics of PUE and water (docs/model.md, "Sites"): shares of IT power
    // and heat, coolant temperatures, and the chiller and pumps.
    fraction("power_loss", "UPS, transformer and distribution losses per unit of IT power", true),
    fraction("other_load", "lighting, offices and security per unit of IT power", true),
    fraction("liquid_fraction", "share of the IT heat a liquid loop takes at the rack", true),
    num("liquid_supply_temperature", "degC", "coolant temperature the liquid-cooled IT accepts", false, -20.0,
        80.0),
    num("air_supply_temperature", "degC", "chilled-water temperature for the air-cooled share", false, -20.0,
        40.0),
    num("free_cooling_approach", "K",
        "how far below the supply temperature the ambient must be to cool without a chiller", true, 0.0,
        40.0),
    fraction("chiller_efficiency", "chiller COP as a share of the Carnot COP (none: no chiller)"),
    num("condenser_approach", "K", "chiller condensing temperature above the ambient", false, 0.0, 40.0),
    fraction("fan_power", "fan power per unit of air-cooled heat"),
    fraction("heat_rejection_power", "loop pumps and heat-rejection fans per unit of heat"),
    num("raw_water_head", "m", "pumping head of an open sea or river water loop", false, 0.0, 500.0),
    num("raw_water_rise", "K", "warming of the raw water through the heat exchangers", false, 0.1, 30.0),
    fraction("pump_efficiency", "raw-water pump and motor efficiency", false, 0.1),
    fraction("evaporative_share", "share of the rejected heat carried away by evaporating water"),
    num("cycles_of_concentration", "1",
        "cooling-tower cycles of concentration: blowdown is evaporation/(cycles - 1)", false, 1.5, 100.0),
};

constexpr std::array kSite = {
    text("name", "display name", true),
    text("location", "place", true),
    text("country", "ISO country code", true),
    num("latitude", "1", "degrees north", false, -90.0, 90.0),
    num("longitude", "1", "degrees east", false, -180.0, 180.0),
    ref("site_type", "site_type", "physical kind of site", true),
    ref("grid", "grid", "electricity supply", true),
    num("power_capacity", "MW", "IT power online (a schedule)", true, 0.0, 1e5),
    num("air_temperature", "degC", "monthly mean air temperature (climate normals)", false, -90.0, 60.0),
    num("air_temperature_spread", "K", "standard deviation of hourly air temperature about the monthly mean",
        false, 0.0, 30.0),
    num("water_temperature", "degC", "monthly mean sea or river temperature at the intake (normals)", false,
        -3.0, 40.0),
    num("water_temperature_spread", "K",
        "standard deviation of hourly water temperature about the monthly mean", false, 0.0, 15.0),
    month("construction_start", "month construction began or begins"),
    month("first_power", "first IT power energised"),
    text("operator", "who builds and runs it"),
};

constexpr std::array kDeployment = {
    num("lead_time", "month", "shipping, rack integration and installation after packaging", true, 0.0, 60.0),
    fraction("utilisation", "average IT draw of installed accelerators over their nameplate power", true),
    fraction("non_accelerator_it",
             "IT power beside the accelerator racks (network spine, storage, management) "
             "per unit of accelerator rack power",
             true),
};

constexpr std::array kGrid = {
    text("name", "display name", true),
    num("carbon_intensity", "g/kWh", "average emissions of delivered electricity", true, 0.0, 2000.0),
    num("price", "$/kWh", "industrial electricity price", false, 0.0, 10.0),
};

constexpr std::array kLogicNode = {
    text("name", "display name", true),
    num("fab_energy_per_area", "kWh/cm^2", "fab electricity per wafer area", true, 0.0, 100.0),
    num("gas_per_area", "g/cm^2", "process gas emissions per area (after abatement)", true, 0.0, 1e4),
    num("materials_per_area", "g/cm^2", "materials emissions per area", true, 0.0, 1e4),
    ref("fab_grid", "grid", "grid of the fab", true),
    fraction("die_yield", "logic die yield", false, 0.01),
};

constexpr std::array kCost = {
    num("land_build_cost", "M$/MW", "land datacenter shell and M&E per MW of IT (excl. IT, land)", false, 0.0,
        1000.0),
    num("all_in_per_gw", "B$/GW", "all-in cost of one GW of AI capacity incl. hardware", false, 0.0, 1000.0),
    num("nvidia_hardware_per_gw", "B$/GW", "Nvidia hardware share of one GW", false, 0.0, 1000.0),
    num("cost_of_capital", "1/year", "weighted average cost of capital", false, 0.0, 1.0),
    num("depreciation_life_it", "year", "straight-line life of IT hardware", false, 0.5, 50.0),
    num("depreciation_life_building", "year", "straight-line life of buildings and hulls", false, 1.0, 200.0),
    num("maintenance_rate", "1/year", "maintenance spend per year as a share of capex", false, 0.0, 1.0),
    num("staff_per_mw", "person/MW", "operations staff per MW of IT", false, 0.0, 100.0),
    num("staff_cost", "$/person/year", "loaded cost per staff member", false, 0.0, 1e7),
    num("accelerator_price", "$/GPU", "average selling price of a flagship accelerator", false, 0.0, 1e7),
    num("server_network_per_accelerator", "$/GPU", "servers, CPUs, NICs and network per GPU", false, 0.0,
        1e7),
    num("dram_contract_price", "$/GB", "conventional DRAM contract price", false, 0.0, 1000.0),
    num("hbm_price", "$/GB", "HBM price", false, 0.0, 1000.0),
    num("krw_per_usd", "1", "exchange rate", false, 0.1, 1e5),
};

constexpr std::array kCarbon = {
    num("dram_per_gb", "g/GB", "embodied carbon of conventional DRAM", true, 0.0, 1e4),
    ref("dram_reference_product", "product", "the conventional DRAM product dram_per_gb stands for"),
    num("lpddr_per_gb", "g/GB", "embodied carbon of LPDDR", false, 0.0, 1e4),
    num("hbm_stacking_per_gb", "g/GB", "added carbon of TSV, stacking and base die per GB", false, 0.0, 1e4),
    num("packaging_per_ic", "g/chip", "packaging carbon per IC", false, 0.0, 1e4),
    num("server_per_accelerator", "kg/GPU", "servers, racks and network per accelerator", false, 0.0, 1e4),
    num("building_per_mw", "t/MW", "embodied carbon of a land building per MW of IT", false, 0.0, 1e5),
    num("service_life", "year", "life over which embodied carbon is amortised", false, 0.5, 50.0),
    num("a100_cradle_to_gate", "kg/GPU", "published A100 PCIe embodied carbon (validation)", false, 1.0, 1e4),
};

constexpr std::array kReliability = {
    num("gpu_failure_rate", "1/GPU/year", "failures per GPU-year (GPU and its system processor)", false, 0.0,
        100.0),
    num("hbm_failure_rate", "1/GPU/year", "failures per GPU-year attributed to HBM", false, 0.0, 100.0),
    num("host_failure_rate", "1/GPU/year", "failures per GPU-year of host CPU and memory", false, 0.0, 100.0),
    num("network_failure_rate", "1/GPU/year", "failures per GPU-year of switches and cables", false, 0.0,
        100.0),
    num("software_failure_rate", "1/GPU/year", "job interruptions per GPU-year from software", false, 0.0,
        100.0),
    num("sdc_failure_rate", "1/GPU/year", "silent data corruption events per GPU-year", false, 0.0, 100.0),
    num("automated_recovery_time", "h", "time for a node to come back without a part swap", false, 0.0,
        1000.0),
    num("part_swap_time", "day", "time a node is out for a part swap, crew and spare at hand", false, 0.0,
        1000.0),
    num("detection_time", "min", "time to notice a failed node", false, 0.0, 1e4),
    num("swap_crew_time", "h", "hands-on time of a crew per part swap", false, 0.0, 1000.0),
    num("burn_in_time", "day", "validation after a swap, before the node returns", false, 0.0, 1000.0),
    num("crews_per_accelerator", "1/GPU", "repair crews on duty per installed accelerator", false, 0.0, 1.0),
    fraction("spares_stock", "spare accelerators held at a site, per accelerator there"),
    num("spares_lead_time", "day", "reorder to delivery of a spare accelerator", false, 0.0, 1000.0),
    num("job_restart_time", "min", "a training job's restart on a hot spare from its last checkpoint", false,
        0.0, 1e4),
    num("checkpoint_time", "min", "training stall to write one checkpoint", false, 0.01, 1e4),
    num("training_job_accelerators", "GPU", "accelerators of the training job the fleet simulation runs",
        false, 0.0, 1e8),
    num("weibull_shape", "1", "shape of the Weibull time to failure", false, 0.1, 10.0),
    num("serving_headroom", "1", "serving replicas beyond the diurnal peak", false, 0.0, 10.0),
    num("underwater_failure_factor", "1", "failure rate underwater relative to land (Natick)", false, 0.01,
        100.0),
    num("overprovisioning", "1", "spare share needed to cover failures", false, 0.0, 1.0),
    num("llama3_gpus", "GPU", "Llama 3 405B run size (validation)", false, 1.0, 1e8),
    num("llama3_days", "day", "Llama 3 405B run length (validation)", false, 1.0, 1e4),
    num("llama3_interruptions", "1", "unexpected interruptions in that run (validation)", false, 0.0, 1e6),
};

constexpr std::array kFailureMode = {
    text("name", "display name", true),
    num("failure_rate", "1/GPU/year", "failures per accelerator-year", true, 0.0, 100.0),
    choice("repair", "swap|reset", "what brings the node back: a crew swapping a part, or a reset", true),
    choice("spare", "accelerator|none", "the spare a swap uses (none: parts always at hand)", true),
};

constexpr std::array kModel = {
    text("name", "display name", true),
    num("total_parameters", "1", "parameters in all", true, 1e6, 1e15),
    num("active_parameters", "1", "parameters active per token (mixture of experts; absent: all)", false, 1e6,
        1e15),
    num("training_tokens", "token", "tokens of pre-training", false, 1e6, 1e16),
    num("layers", "1", "transformer layers", false, 1.0, 1e4),
    num("hidden_size", "1", "model dimension", false, 1.0, 1e6),
    num("kv_heads", "1", "key/value heads (grouped-query attention)", false, 1.0, 1e4),
    num("head_dim", "1", "dimension of one attention head", false, 1.0, 1e4),
    choice("attention", "mha|gqa|mla", "attention: multi-head, grouped-query or multi-head latent (MLA)"),
    num("attention_heads", "1", "query heads", false, 1.0, 1e4),
    num("vocab_size", "1", "tokens of the vocabulary (embedding and LM head)", false, 1000.0, 1e7),
    num("intermediate_size", "1", "width of a dense feed-forward layer", false, 1.0, 1e7),
    num("dense_layers", "1", "layers with a dense feed-forward, before the mixture-of-experts ones", false, 0.0,
        1e4),
    num("experts", "1", "routed experts of a mixture-of-experts layer", false, 1.0, 1e5),
    num("experts_per_token", "1", "routed experts each token goes through", false, 1.0, 1000.0),
    num("shared_experts", "1", "experts every token goes through", false, 0.0, 1000.0),
    num("moe_intermediate_size", "1", "width of one expert's feed-forward", false, 1.0, 1e7),
    num("kv_lora_rank", "1", "MLA: width of the compressed key/value latent cached per token", false, 1.0, 1e5),
    num("qk_rope_head_dim", "1", "MLA: width of the rotary key cached beside the latent", false, 0.0, 1e4),
    num("sliding_window", "token", "context of the layers with sliding-window attention", false, 1.0, 1e8),
    num("sliding_layers", "1", "layers attending within the sliding window only", false, 0.0, 1e4),
    num("mtp_layers", "1", "multi-token-prediction modules: draft tokens proposed per step", false, 0.0, 16.0),
    choice("weight_precision", "bf16|fp8|fp4", "the precision the weights are published in"),
    num("context_length", "token", "longest context the model serves", false, 1.0, 1e8),
};

constexpr std::array kTraining = {
    fraction("mfu", "model FLOPs utilisation: achieved over peak FLOP/s", true, 0.01),
    num("bytes_per_parameter", "B", "training state per parameter (weights, gradients, optimizer)", true, 1.0,
        100.0),
    fraction("activation_reserve", "share of HBM kept for activations and buffers", true),
};

constexpr std::array kDemand = {
    text("name", "display name", true),
    text("region", "where it is served from", true),
    num("users", "user", "active users", false, 0.0, 1e11),
    num("prompts_per_user_per_day", "prompt/user/day", "prompts per user per day", false, 0.0, 1e4),
    num("prompts_per_day", "prompt/day", "prompts per day over all users", false, 0.0, 1e13),
    num("tokens_per_minute", "token/min", "token throughput (API)", false, 0.0, 1e12),
    num("input_tokens_per_prompt", "token/prompt", "input tokens per prompt", false, 1.0, 1e7),
    num("output_tokens_per_prompt", "token/prompt", "output tokens per prompt", false, 1.0, 1e6),
    num("growth", "1/year", "demand growth per year", false, -1.0, 100.0),
    num("peak_to_mean", "1", "diurnal peak over mean", false, 1.0, 10.0),
    num("ttft_target", "ms", "time-to-first-token target", false, 0.001, 1e6),
    num("tpot_target", "ms", "time-per-output-token target", false, 0.001, 1e5),
    ref("model", "model", "the model that serves it (default: serving.default_model)"),
};

constexpr std::array kServing = {
    ref("default_model", "model", "the model that serves a demand segment naming none", true),
    choice("precision", "bf16|fp8|fp4", "arithmetic of served models", true),
    num("weight_bytes", "B", "bytes per parameter of served weights", true, 0.1, 16.0),
    num("kv_bytes", "B", "bytes per element of the KV cache", true, 0.1, 16.0),
    fraction("bandwidth_efficiency", "achieved over peak HBM bandwidth when decoding", true, 0.01),
    fraction("compute_efficiency", "achieved over peak FLOP/s in prefill and compute-bound decode", true,
             0.01),
    fraction("inference_share", "share of installed accelerators that serve inference (the rest train)",
             true),
    fraction("network_efficiency", "achieved over peak bandwidth in collectives (accelerators naming none)",
             true, 0.01),
    fraction("comm_overlap", "share of a step's collectives hidden behind its compute", true),
    num("step_overhead", "ms", "fixed time of a decode step: kernel launches, scheduling, sampling", true,
        0.0, 100.0),
    num("max_sequences_per_accelerator", "1", "sequences a serving engine decodes at once, per accelerator", true,
        1.0, 1e5),
    num("activation_passes", "1", "reads and writes of a token's hidden state per layer beside the matrix multiplies",
        true, 0.0, 200.0),
    num("collective_latency", "us", "fixed time of one collective (all-reduce, all-to-all) in a step", true, 0.0,
        10000.0),
    num("routing_imbalance", "1", "tokens of the busiest expert over the mean", true, 1.0, 10.0),
    fraction("mtp_acceptance", "share of draft tokens accepted (speculative decoding, multi-token prediction)",
             true),
    fraction("prefix_hit", "share of input tokens found in the prefix (KV) cache", true),
    fraction("memory_reserve", "share of HBM kept for activations, graphs and fragmentation", true),
    fraction("fleet_utilisation", "busy share of a serving fleet's accelerator-time over a day", true, 0.01),
    num("peak_to_mean", "1", "a serving fleet's diurnal peak of traffic over its mean", true, 1.0, 10.0),
    fraction("idle_power", "an idle accelerator's power over its TDP", true),
    num("kv_transfer_overhead", "ms", "fixed time to hand a request's KV cache from prefill to decode", true,
        0.0, 10000.0),
};

constexpr std::array kDeal = {
    text("name", "display name", true),
    text("buyer", "who receives the capacity", true),
    text("vendor", "who supplies it", true),
    ref("accelerator", "accelerator", "what is deployed first"),
    num("power", "GW", "capacity the deal covers", true, 0.001, 1000.0),
    month("first_online", "first capacity online", true),
    month("last_online", "last capacity online"),
    num("investment_per_gw", "B$/GW", "investment released per GW online", false, 0.0, 1000.0),
    num("investment_total", "B$", "total investment", false, 0.0, 1e4),
    num("contract_value", "B$", "total contract value", false, 0.0, 1e4),
    month("announced", "date of announcement"),
};

constexpr std::array kContract = {
    text("name", "display name", true),
    text("buyer", "who buys", true),
    refs("makers", "maker", "suppliers", true),
    choice("kind", "letter_of_intent|take_or_pay|spot", "commitment", true),
    num("wafers_up_to", "wafer/month", "ceiling of the commitment", false, 0.0, 1e8),
    month("signed", "date of signature", true),
    month("full_by", "month the full volume is reached"),
};

constexpr std::array kDomains = {
    DomainSpec{"world", false, "world DRAM totals and wafer geometry", kWorld},
    DomainSpec{"maker", true, "memory makers", kMaker},
    DomainSpec{"fab", true, "new DRAM fabs with their build schedule", kFab},
    DomainSpec{"product", true, "memory products (HBM, LPDDR, DDR)", kProduct},
    DomainSpec{"accelerator", true, "accelerator packages", kAccelerator},
    DomainSpec{"rack", true, "rack configurations", kRack},
    DomainSpec{"packaging", true, "advanced-packaging (CoWoS-class) suppliers", kPackaging},
    DomainSpec{"site_type", true, "kinds of datacenter site", kSiteType},
    DomainSpec{"site", true, "named datacenter sites", kSite},
    DomainSpec{"grid", true, "electricity grids", kGrid},
    DomainSpec{"deployment", false, "from packaged accelerator to switched-on slot", kDeployment},
    DomainSpec{"logic_node", true, "foundry nodes for logic embodied carbon", kLogicNode},
    DomainSpec{"cost", false, "costs and finance", kCost},
    DomainSpec{"carbon", false, "embodied carbon factors", kCarbon},
    DomainSpec{"reliability", false, "failure and repair figures", kReliability},
    DomainSpec{"failure_mode", true, "ways a node fails and how it comes back", kFailureMode},
    DomainSpec{"model", true, "AI models: size, tokens, shape", kModel},
    DomainSpec{"training", false, "how training runs use accelerators", kTraining},
    DomainSpec{"demand", true, "inference demand segments", kDemand},
    DomainSpec{"serving", false, "how models are served", kServing},
    DomainSpec{"deal", true, "compute deals (GW-denominated)", kDeal},
    DomainSpec{"contract", true, "memory supply contracts and letters of intent", kContract},
};

}  // namespace

std::vector<std::string> FieldSpec::choices() const {
  std::vector<std::string> words;
  for (std::size_t start = 0; start <= refers_to.size();) {
    auto bar = refers_to.find('|', start);
    if (bar == std::string_view::npos) bar = refers_to.size();
    words.emplace_back(refers_to.substr(start, bar - start));
    start = bar + 1;
  }
  return words;
}

const FieldSpec* DomainSpec::field(std::string_view field_name) const {
  for (const auto& f : fields) {
    if (f.name == field_name) return &f;
  }
  return nullptr;
}

std::span<const DomainSpec> domains() {
  return kDomains;
}

const DomainSpec* find_domain(std::string_view name) {
  for (const auto& d : kDomains) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

}  // namespace w2t::data
