#include "io/mc_report.hpp"

#include <fmt/format.h>

#include "core/number_format.hpp"

namespace w2t::io {

nlohmann::json mc_json(const analysis::MonteCarlo& mc) {
  nlohmann::json metrics = nlohmann::json::object();
  const auto names = analysis::summary_metrics();
  for (std::size_t j = 0; j < names.size(); ++j) {
    const auto& b = mc.bands[j];
    metrics[std::string(names[j].name)] = {{"p5", b.p5},
                                           {"p25", b.p25},
                                           {"p50", b.p50},
                                           {"p75", b.p75},
                                           {"p95", b.p95},
                                           {"mean", b.mean},
                                           {"stderr", b.stderr_of_mean},
                                           {"central", mc.central[j]},
                                           {"unit", names[j].unit}};
  }
  return {{"samples", mc.samples},
          {"seed", mc.seed},
          {"metrics", std::move(metrics)},
          {"series", nlohmann::json::array()}};
}

std::string mc_text(const analysis::MonteCarlo& mc) {
  std::string out =
      fmt::format("{} samples (seed {}, {} thread{}): P5 .. P50 .. P95, mean ± standard error\n\n",
                  mc.samples, mc.seed, mc.threads, mc.threads == 1 ? "" : "s");
  const auto names = analysis::summary_metrics();
  out += fmt::format("  {:<26} {:>10} {:>10} {:>10} {:>22} {:>10}  {}\n", "metric", "P5", "P50", "P95",
                     "mean ± stderr", "central", "unit");
  for (std::size_t j = 0; j < names.size(); ++j) {
    const auto& b = mc.bands[j];
    out += fmt::format("  {:<26} {:>10} {:>10} {:>10} {:>22} {:>10}  {}\n", names[j].name, human(b.p5),
                       human(b.p50), human(b.p95), human(b.mean) + " ± " + human(b.stderr_of_mean),
                       human(mc.central[j]), names[j].unit);
  }
  return out;
}

}  // namespace w2t::io
