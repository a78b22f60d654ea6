// The inverse question: from a deployment target to the memory wafers,
// TSV and packaging capacity it needs — and the forward form, from a wafer
// supply to the accelerators and GW it buys. Both use the chain's own
// per-device formulas (wafers_per_device), so they agree with `w2t run`.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "supply/chain.hpp"

namespace w2t::supply {

struct Target {
  double devices_per_month = 0.0;  // accelerators to build each month
  std::string text;                // as the user wrote it
  int month = 0;                   // month index at which rates are read
};

// "1 GW/week", "10 GW by 2029-12" (a build-out spread evenly from the span's
// first month), "5M/year" (accelerators). Errors name what was expected.
Expected<Target> parse_target(const Chain& chain, std::span<const double> params, std::string_view text,
                              int accelerator, bool as_accelerators);

struct Need {
  std::string accelerator;
  Month month;
  double devices_per_month = 0.0;
  double dram_wafers_per_month = 0.0;
  std::map<std::string, double> by_product;  // wafers/month
  std::map<std::string, double> by_maker;    // wafers/month, pro rata to capacity
  double share_of_world = 0.0;
  double stacking_needed = 0.0;   // HBM wafers/month through TSV lines
  double packaging_needed = 0.0;  // interposer wafers/month
  double world_capacity = 0.0, tsv_capacity = 0.0, packaging_capacity = 0.0;  // per month
  Stage binding = Stage::demand;
  double binding_ratio = 0.0;  // need / capacity of the binding stage
  double accelerators_per_year = 0.0;
  double gw_per_year = 0.0;
  std::vector<std::string> assumptions;  // parameter paths used
};

Need need_for_devices(const Chain& chain, std::span<const double> params, int accelerator,
                      double devices_per_month, int t);
// The forward form: what `wafers_per_month` of memory wafers buys.
Need need_for_wafers(const Chain& chain, std::span<const double> params, int accelerator,
                     double wafers_per_month, int t);

// The chain's index of accelerator `id`, or the headline accelerator when
// `id` is empty; an error naming `field` ("--accelerator") otherwise.
Expected<int> find_accelerator(const Chain& chain, const std::string& id, std::string_view field);

// One question of `w2t need`: exactly one of a target ("1 GW/week", "10 GW by
// 2029-12"), an accelerator rate ("5M/year") or a wafer supply ("900k/month",
// a bare count per time read as wafers: the forward form).
struct NeedQuestion {
  std::string target;
  std::string accelerators;
  std::string wafers;
  [[nodiscard]] bool forward() const { return !wafers.empty(); }
};
Expected<Need> answer(const Chain& chain, std::span<const double> params, int accelerator,
                      const NeedQuestion& q);

}  // namespace w2t::supply
