// The memory-to-accelerator supply chain, month by month (DESIGN stages 1-5).
//
//   fabs -> wafer starts by product -> finished wafers (fab cycle time)
//        -> good dies (gross dies per wafer x die yield)
//        -> HBM stacks (TSV capacity per maker, stack yield y^h, stacking time)
//        -> accelerator packages (stacks, host memory, CoWoS-class packaging)
//        -> buyers (deals and contracts, shared by allocation rules)
//
// Chain::compile() resolves every path once; Chain::evaluate() is then a
// pure function of the parameter vector that writes into a reused State.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "scenario/scenario.hpp"
#include "supply/series.hpp"

namespace w2t::supply {

// The stages that can bind a buyer's supply in a month.
enum class Stage : std::uint8_t {
  demand,        // nothing binds: the buyer got what it asked for
  availability,  // the accelerator is not on the market yet
  dram_wafers,   // memory wafer output
  hbm_stacking,  // TSV / stacking line capacity
  host_memory,   // LPDDR for the host CPUs
  packaging,     // CoWoS-class interposer capacity
  contract,      // the buyer's memory contract ceiling
  site_power,    // built, but no site has a powered slot for it (sites/deployment.hpp)
  count_
};
inline constexpr std::size_t kStages = static_cast<std::size_t>(Stage::count_);
const char* to_string(Stage s);

// What bound a buyer in a month, and where: `entity` is the maker for
// hbm_stacking, the product for dram_wafers and host_memory, the contract
// for contract, and -1 otherwise.
struct Binding {
  Stage stage = Stage::demand;
  std::int16_t entity = -1;
  friend bool operator==(const Binding&, const Binding&) = default;
};

struct ProductPlan {
  std::string id, name;
  bool hbm = false;
  bool varies = false;  // any of its series changes over the span
  Series die_area, die_capacity, die_yield, stack_height, layer_yield, cycle_time, stacking_time;
};

struct FabPlan {
  int maker = 0;
  int construction_start = 0;  // month index, may be before the span
  Series capacity, lead_time, ramp_time;
};

struct MakerPlan {
  std::string id, name;
  Series capacity, tsv, yield_factor;
  struct Share {
    int product = 0;
    Series share;  // of the maker's wafer starts
  };
  std::vector<Share> mix;
  std::vector<int> hbm;  // the HBM products in its mix
};

struct AcceleratorPlan {
  std::string id;
  int product = -1;       // HBM product
  int host_product = -1;  // LPDDR product of the host CPU, if any
  int available_from = 0;  // month index
  bool varies = false;     // any of its series, or its products', changes over the span
  Series stacks, host_memory, per_interposer, package_yield;
  Series rack_power, rack_size, tdp;  // IT power per device: rack power / size, else TDP
};

struct DealPlan {
  std::string id;
  int accelerator = 0;
  int first = 0, last = 0;  // month indices
  Series power;
};

struct ContractPlan {
  std::string id;
  int signed_at = 0, full_by = 0;
  Series wafers_up_to;
};

struct AllocationRule;

struct BuyerPlan {
  std::string id;
  const AllocationRule* rule = nullptr;
  std::vector<DealPlan> deals;          // its demand; none: it takes what is left
  std::vector<ContractPlan> contracts;  // a ceiling on the memory wafers behind its devices
  std::vector<int> accelerators;        // what it can claim: its deals' accelerators, or all
  [[nodiscard]] bool open_ended() const { return deals.empty(); }
};

// What one attempt at packaging an accelerator takes (a good device is an
// attempt times the package yield), and its IT power.
struct DeviceUse {
  double stacks = 0.0;       // HBM stacks
  double bits = 0.0;         // host-memory bits
  double interposers = 0.0;  // interposer wafers
  double wafers = 0.0;       // memory wafers behind those stacks and bits
  double yield = 0.0;        // package yield
  double power = 0.0;        // W of IT power per good device
};

// One buyer's claim on one accelerator in a month, with the pools one
// attempt draws on and how much of each: HBM stacks and interposer wafers,
// then host-memory bits and contract wafers where they apply.
struct Claim {
  static constexpr std::size_t kMaxUses = 4;
  int buyer = 0, accelerator = 0;
  std::size_t at = 0;     // [buyer][accelerator] index of its want and limited_by
  double want = 0.0;      // attempts still wanted
  double granted = 0.0;   // attempts, over all rounds
  int limited_by = -1;    // the pool that held it back
  std::size_t uses = 0;
  std::array<std::size_t, kMaxUses> pool{};
  std::array<double, kMaxUses> amount{};
};

// Per-month results of one evaluation, sized once by Chain::make_state().
// Tables by maker or product keep the months of each one together
// ([product][t]: time is the innermost index), so that the stages run over
// all months at once read and write them in sequence.
struct State {
  int months = 0, makers = 0, products = 0, accelerators = 0, buyers = 0;
  // [maker][product][t]
  std::vector<double> wafer_starts, finished_wafers;
  // [product][t]
  std::vector<double> gross_dies, good_dies, scrap_dies, stacks_made, stacks_used, bits_made;
  std::vector<double> stack_inventory;  // stacks made and not yet packaged, at month end
  // [maker][t]
  std::vector<double> tsv_processed, tsv_backlog;
  std::vector<double> wafer_backlog;  // [maker][product][t] HBM wafers waiting for TSV at month end
  // [t][buyer][accelerator]: devices asked for (deals) and good devices built
  std::vector<double> demand, built;
  // [t][buyer]
  std::vector<Binding> binding;
  // [t][buyer][stage]: how far each stage was from binding the buyer: what
  // the stage had for it over what it used, less one (0 = binding)
  std::vector<double> slack;
  // [t]: interposer wafers
  std::vector<double> packaging_capacity, packaging_used;

  // Per-evaluation tables by [product][t], filled before the months run.
  std::vector<double> gross_per_wafer, die_yield, bits_per_die, stacks_per_die;
  std::vector<int> cycle_months, stacking_months;
  std::vector<double> start_capacity;     // [maker][t] wafer starts its fabs, old and new, allow
  std::vector<std::int16_t> tsv_binding;  // [product][t] maker with the largest TSV backlog, or -1
  std::vector<DeviceUse> device;          // [t][accelerator]: the monthly allocation reads a month's row
  // Scratch of one maker's TSV lines, [t]: its HBM wafers finished, the shares
  // of this month's and of the waiting wafers processed, its HBM yield factor.
  std::vector<double> hbm_finished, current_share, backlog_share, yield_factor;

  // Carried between months. Pools: [0,P) HBM stacks by product, [P,2P)
  // host-memory bits by product, 2P interposer wafers, 2P+1+b buyer b's
  // contract wafers.
  std::vector<double> pool;
  std::vector<double> demand_backlog;  // [buyer][accelerator]
  // Fixed by the chain.
  std::vector<std::vector<std::size_t>> buyer_pools;  // [buyer] the pools its claims can draw on
  std::vector<int> product_users;  // [product][t] accelerators on the market using it
  // Scratch of one month's allocation.
  std::vector<double> want;              // [buyer][accelerator] attempts still wanted
  std::vector<Claim> claim_buffer;       // [buyer x accelerator] room for a group's claims
  std::size_t claim_count = 0;           // the group's claims: the first of claim_buffer
  std::vector<std::size_t> touched;      // the pools they can draw on
  std::vector<int> limited_by;           // [buyer][accelerator] pool that held the claim back
  std::vector<double> claimed, granted;  // [buyer] attempts
  std::vector<double> request, ratio;    // [pool] asks of a rationing round; supply / asks
  std::vector<double> pool_start;        // [pool] before the group was served
  std::vector<double> pool_use;          // [pool] one buyer's use of it

  [[nodiscard]] std::size_t mp(int t, int m, int p) const {
    return (static_cast<std::size_t>(m) * products + p) * months + t;
  }
  [[nodiscard]] std::size_t tp(int t, int p) const { return static_cast<std::size_t>(p) * months + t; }
  [[nodiscard]] std::size_t tm(int t, int m) const { return static_cast<std::size_t>(m) * months + t; }
  [[nodiscard]] std::size_t ta(int t, int a) const { return static_cast<std::size_t>(t) * accelerators + a; }
  [[nodiscard]] std::size_t tb(int t, int b) const { return static_cast<std::size_t>(t) * buyers + b; }
  [[nodiscard]] std::size_t tba(int t, int b, int a) const {
    return (static_cast<std::size_t>(t) * buyers + b) * accelerators + a;
  }
  [[nodiscard]] std::size_t ba(int b, int a) const { return static_cast<std::size_t>(b) * accelerators + a; }
  [[nodiscard]] std::size_t stack_pool(int p) const { return static_cast<std::size_t>(p); }
  [[nodiscard]] std::size_t bit_pool(int p) const { return static_cast<std::size_t>(products + p); }
  [[nodiscard]] std::size_t interposer_pool() const { return static_cast<std::size_t>(2 * products); }
  [[nodiscard]] std::size_t contract_pool(int b) const { return static_cast<std::size_t>(2 * products + 1 + b); }
  [[nodiscard]] std::span<Claim> claims() { return std::span(claim_buffer).first(claim_count); }
  [[nodiscard]] std::span<const Claim> claims() const { return std::span(claim_buffer).first(claim_count); }
  // The stage (and maker or product) a pool stands for in month t.
  [[nodiscard]] Binding binding_of_pool(std::size_t pool, int t) const;
};

class Chain {
 public:
  static Expected<Chain> compile(const scenario::World& world);

  // Runs the chain over the span with `params` (SI values by ParamId).
  void evaluate(std::span<const double> params, State& state) const;
  [[nodiscard]] State make_state() const;
  // IT power of one accelerator (W): its rack's power per slot, or its TDP.
  [[nodiscard]] double device_power(std::span<const double> params, int a, int t) const;
  // "HBM stacking at SK hynix", "advanced packaging", ...
  [[nodiscard]] std::string describe(Binding b) const;
  // The first buyer with deals, and the accelerator of its first deal: the
  // default subject of reports and of `w2t need` (-1 / 0 when none).
  [[nodiscard]] int headline_buyer() const;
  [[nodiscard]] int headline_accelerator() const;

  MonthRange span;
  std::vector<ProductPlan> products;
  std::vector<MakerPlan> makers;
  std::vector<FabPlan> fabs;
  std::vector<AcceleratorPlan> accelerators;
  std::vector<BuyerPlan> buyers;  // in rank order
  std::vector<Series> packaging;  // interposer wafer capacity per supplier
  Series wafer_diameter, edge_exclusion, world_capacity;
  double month_seconds = 0.0;

 private:
  void prepare(std::span<const double> params, State& s) const;
  void start_wafers(std::span<const double> params, State& s) const;
  void stack_wafers(std::span<const double> params, State& s) const;
  void allocate(std::span<const double> params, int t, State& s) const;
};

// What one finished wafer of a product gives in a month, from the
// geometry and yields.
struct WaferYield {
  double gross_dies = 0.0;      // dies per wafer
  double die_yield = 0.0;       // good over gross
  double bits_per_die = 0.0;    // die capacity
  double stacks_per_die = 0.0;  // HBM: stack yield y^h over the stack height h
  double sold_share = 1.0;      // of the good dies' bits, the share in good stacks (HBM: y^h)
  [[nodiscard]] double good_dies() const { return gross_dies * die_yield; }
  // Bits sold per wafer: in good dies, and for HBM in good stacks.
  [[nodiscard]] double bits() const { return good_dies() * bits_per_die * sold_share; }
};
WaferYield wafer_yield(const Chain& chain, std::span<const double> params, int p, int t);

// What one attempt at packaging accelerator a takes in month t, all but the
// memory wafers (see memory_wafers).
DeviceUse device_use(const Chain& chain, std::span<const double> params, int a, int t);

// Memory wafers (HBM and host), for the stacks and bits in u; `host` is
// null when the device has no host memory.
struct WafersPerDevice {
  double hbm = 0.0;
  double host = 0.0;
  [[nodiscard]] double total() const { return hbm + host; }
};
WafersPerDevice memory_wafers(const DeviceUse& u, const WaferYield& hbm, const WaferYield* host);

// The memory wafers behind one good accelerator: memory_wafers() over the
// package yield.
WafersPerDevice wafers_per_device(const Chain& chain, std::span<const double> params, int a, int t);

}  // namespace w2t::supply
