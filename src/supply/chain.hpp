// The memory-to-accelerator supply chain, month by month (DESIGN stages 1-5).
//
//   fabs -> wafer starts by product -> finished wafers (fab cycle time)
//        -> good dies (gross dies per wafer x die yield)
//        -> HBM stacks (TSV capacity per maker, stack yield y^h, stacking time)
//        -> accelerator packages (stacks, host memory, CoWoS-class packaging)
//        -> buyers (deals and contracts by priority; the rest of the market)
//
// Chain::compile() resolves every path once; Chain::evaluate() is then a
// pure function of the parameter vector that writes into a reused State.
#pragma once

#include <array>
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
  dram_wafers,   // memory wafer output
  hbm_stacking,  // TSV / stacking line capacity
  host_memory,   // LPDDR for the host CPUs
  packaging,     // CoWoS-class interposer capacity
  contract,      // the buyer's memory contract ceiling
  count_
};
inline constexpr std::size_t kStages = static_cast<std::size_t>(Stage::count_);
const char* to_string(Stage s);

struct ProductPlan {
  std::string id;
  bool hbm = false;
  Series die_area, die_capacity, die_yield, stack_height, layer_yield, cycle_time, stacking_time;
};

struct FabPlan {
  int maker = 0;
  int construction_start = 0;  // month index, may be before the span
  Series capacity, lead_time, ramp_time;
};

struct MakerPlan {
  std::string id;
  Series capacity, tsv, yield_factor;
  std::vector<std::pair<int, Series>> mix;  // product index, share of starts
};

struct AcceleratorPlan {
  std::string id;
  int product = -1;       // HBM product
  int host_product = -1;  // LPDDR product of the host CPU, if any
  int available_from = 0;  // month index
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

// Per-month results of one evaluation, sized once by compile().
struct State {
  int months = 0, makers = 0, products = 0, accelerators = 0;
  // [t][maker][product]
  std::vector<double> wafer_starts, finished_wafers;
  // [t][product]
  std::vector<double> gross_dies, good_dies, scrap_dies, stacks_made, stacks_used, bits_made;
  // [t][maker]
  std::vector<double> tsv_processed, tsv_backlog;
  // [t][accelerator]: for the priority buyer and the rest of the market
  std::vector<double> priority_demand, priority_built, market_built;
  // [t][stage]: how far each stage was from binding the priority buyer (limit / built - 1)
  std::vector<double> priority_slack;
  std::vector<Stage> priority_binding, market_binding;  // [t]
  std::vector<double> packaging_capacity, packaging_used;  // interposer wafers [t]
  // Carried between months (not output): stacks and bits in stock, unmet demand.
  std::vector<double> stack_stock, bit_stock, demand_backlog;
  std::vector<double> wafer_backlog;  // [maker][product] HBM wafers waiting for TSV
  std::vector<int> product_users;     // [product] scratch: accelerators using it

  [[nodiscard]] std::size_t mp(int t, int m, int p) const {
    return (static_cast<std::size_t>(t) * makers + m) * products + p;
  }
  [[nodiscard]] std::size_t tp(int t, int p) const { return static_cast<std::size_t>(t) * products + p; }
  [[nodiscard]] std::size_t tm(int t, int m) const { return static_cast<std::size_t>(t) * makers + m; }
  [[nodiscard]] std::size_t ta(int t, int a) const { return static_cast<std::size_t>(t) * accelerators + a; }
};

class Chain {
 public:
  static Expected<Chain> compile(const scenario::World& world);

  // Runs the chain over the span with `params` (SI values by ParamId).
  void evaluate(std::span<const double> params, State& state) const;
  [[nodiscard]] State make_state() const;
  // IT power of one accelerator (W): its rack's power per slot, or its TDP.
  [[nodiscard]] double device_power(std::span<const double> params, int a, int t) const;

  MonthRange span;
  std::string priority_buyer;
  std::vector<ProductPlan> products;
  std::vector<MakerPlan> makers;
  std::vector<FabPlan> fabs;
  std::vector<AcceleratorPlan> accelerators;
  std::vector<DealPlan> deals;
  std::vector<ContractPlan> contracts;
  std::vector<Series> packaging;  // interposer wafer capacity per supplier
  Series wafer_diameter, edge_exclusion, world_capacity;
  double month_seconds = 0.0;

 private:
  void make_memory(std::span<const double> params, int t, State& s) const;
  void allocate(std::span<const double> params, int t, State& s) const;
};

// Memory wafers (HBM and host) one accelerator needs, from the yields and geometry.
struct WafersPerDevice {
  double hbm = 0.0;
  double host = 0.0;
  [[nodiscard]] double total() const { return hbm + host; }
};
WafersPerDevice wafers_per_device(const Chain& chain, std::span<const double> params, int a, int t);

// Good dies per finished wafer of product p in month t.
double good_dies_per_wafer(const Chain& chain, std::span<const double> params, int p, int t);

}  // namespace w2t::supply
