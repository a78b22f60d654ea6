#include "io/sensitivity_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/number_format.hpp"

namespace w2t::io {

nlohmann::json sensitivity_json(const analysis::Metric& metric, double central,
                                const std::vector<analysis::TornadoBar>& bars,
                                const std::vector<analysis::SobolIndex>& sobol, int samples) {
  nlohmann::json tornado = nlohmann::json::array();
  for (const auto& b : bars) {
    tornado.push_back({{"path", b.path},
                       {"low", b.low},
                       {"high", b.high},
                       {"unit", b.unit},
                       {"delta_low", b.delta_low},
                       {"delta_high", b.delta_high},
                       {"source", b.source}});
  }
  nlohmann::json indices = nlohmann::json::array();
  for (const auto& s : sobol) {
    indices.push_back({{"path", s.path},
                       {"first", s.first},
                       {"total", s.total},
                       {"first_ci95", s.first_error},
                       {"total_ci95", s.total_error},
                       {"source", s.source}});
  }
  return {{"metric", metric.name},         {"unit", metric.unit},      {"central", central},
          {"tornado", std::move(tornado)}, {"sobol_samples", samples}, {"sobol", std::move(indices)}};
}

std::string sensitivity_text(const analysis::Metric& metric, double central,
                             const std::vector<analysis::TornadoBar>& bars,
                             const std::vector<analysis::SobolIndex>& sobol, int samples) {
  std::string out = fmt::format(
      "{} at the data's values: {} {}; each parameter at its low and high, the rest at "
      "their values:\n\n",
      metric.name, human(central), metric.unit);
  double widest = 0.0;
  for (const auto& b : bars) widest = std::max({widest, std::abs(b.delta_low), std::abs(b.delta_high)});
  constexpr int kHalf = 20;  // characters of bar on each side
  for (const auto& b : bars) {
    const auto length = [&](double delta) {
      return widest > 0.0 ? static_cast<int>(std::lround(kHalf * std::abs(delta) / widest)) : 0;
    };
    const double down = std::min(b.delta_low, b.delta_high);
    const double up = std::max(b.delta_low, b.delta_high);
    const std::string left(static_cast<std::size_t>(length(std::min(0.0, down))), '#');
    const std::string right(static_cast<std::size_t>(length(std::max(0.0, up))), '#');
    out += fmt::format("  {:>20}|{:<20}  {:+.3g} .. {:+.3g}  {} [{:g} .. {:g} {}]\n", left, right,
                       b.delta_low, b.delta_high, b.path, b.low, b.high, b.unit);
  }
  if (sobol.empty()) return out;
  out += fmt::format(
      "\nSobol indices over every range at once ({} designs, {} runs): the share of {}'s variance a "
      "parameter explains alone (first) and with its interactions (total), ± 95% confidence:\n\n",
      samples, static_cast<std::size_t>(samples) * (sobol.size() + 2), metric.name);
  out += fmt::format("  {:>14} {:>14}  {}\n", "first", "total", "parameter");
  for (const auto& s : sobol) {
    out += fmt::format("  {:>6.3f} ± {:<5.3f} {:>6.3f} ± {:<5.3f}  {}\n", s.first, s.first_error, s.total,
                       s.total_error, s.path);
  }
  return out;
}

}  // namespace w2t::io
