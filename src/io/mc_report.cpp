#include "io/mc_report.hpp"

#include <fmt/format.h>

#include "core/number_format.hpp"

namespace w2t::io {

nlohmann::json mc_json(const analysis::MonteCarlo& mc) {
  nlohmann::json metrics = nlohmann::json::object();
  const auto names = analysis::summary_metrics();
  static constexpr const char* kLevels[] = {"p5", "p25", "p50", "p75", "p95"};
  for (std::size_t j = 0; j < mc.bands.size(); ++j) {
    const auto& b = mc.bands[j];
    nlohmann::json ci = nlohmann::json::object();
    for (std::size_t i = 0; i < analysis::kBandLevels.size(); ++i) {
      ci[kLevels[i]] = {b.confidence[i].low, b.confidence[i].high};
    }
    metrics[std::string(names[j].name)] = {{"p5", b.p5},
                                           {"p25", b.p25},
                                           {"p50", b.p50},
                                           {"p75", b.p75},
                                           {"p95", b.p95},
                                           {"mean", b.mean},
                                           {"stderr", b.stderr_of_mean},
                                           {"ci95", std::move(ci)},
                                           {"central", mc.central[j]},
                                           {"unit", names[j].unit}};
  }
  nlohmann::json months = nlohmann::json::array();
  for (int t = 0; t < mc.months; ++t) months.push_back((mc.first_month + t).str());
  nlohmann::json series = nlohmann::json::array();
  for (const auto& s : mc.series) {
    series.push_back({{"name", s.metric.name},
                      {"unit", s.metric.unit},
                      {"p5", s.p5},
                      {"p25", s.p25},
                      {"p50", s.p50},
                      {"p75", s.p75},
                      {"p95", s.p95},
                      {"mean", s.mean}});
  }
  nlohmann::json out = {{"samples", mc.samples},
                        {"seed", mc.seed},
                        {"metrics", std::move(metrics)},
                        {"months", std::move(months)},
                        {"series_relative_accuracy", mc.series_accuracy},
                        {"series", std::move(series)}};
  if (mc.interrupted) {
    out["interrupted"] = true;
    out["requested"] = mc.requested;
  }
  return out;
}

std::string mc_text(const analysis::MonteCarlo& mc) {
  std::string out = fmt::format(
      "{} samples (seed {}, {} thread{}{}): P5 .. P50 .. P95, mean ± standard error, and the 95% "
      "confidence interval of the P50\n\n",
      mc.samples, mc.seed, mc.threads, mc.threads == 1 ? "" : "s",
      mc.ranks > 1 ? fmt::format(" on each of {} ranks", mc.ranks) : "");
  const auto names = analysis::summary_metrics();
  out += fmt::format("  {:<24} {:>9} {:>9} {:>9} {:>21} {:>21} {:>9}  {}\n", "metric", "P5", "P50", "P95",
                     "mean ± stderr", "P50 95% CI", "central", "unit");
  for (std::size_t j = 0; j < mc.bands.size(); ++j) {
    const auto& b = mc.bands[j];
    const auto& ci = b.confidence[2];
    out += fmt::format("  {:<24} {:>9} {:>9} {:>9} {:>21} {:>21} {:>9}  {}\n", names[j].name, human(b.p5),
                       human(b.p50), human(b.p95), human(b.mean) + " ± " + human(b.stderr_of_mean),
                       human(ci.low) + " .. " + human(ci.high), human(mc.central[j]), names[j].unit);
  }
  if (!mc.series.empty()) {
    out += fmt::format(
        "\n{} monthly series ({} .. {}), quantiles within ±{:g}%: `--format json` lists them; the last "
        "month:\n\n",
        mc.series.size(), mc.first_month.str(), (mc.first_month + (mc.months - 1)).str(),
        100.0 * mc.series_accuracy);
    for (const auto& s : mc.series) {
      if (s.p50.empty()) continue;
      out += fmt::format("  {:<24} {:>9} {:>9} {:>9}  {}\n", s.metric.name, human(s.p5.back()),
                         human(s.p50.back()), human(s.p95.back()), s.metric.unit);
    }
  }
  return out;
}

}  // namespace w2t::io
