#include "io/sweep_report.hpp"

#include <fmt/format.h>

namespace w2t::io {

nlohmann::json sweep_json(const std::vector<analysis::Axis>& axes,
                          const std::vector<analysis::SweepPoint>& points) {
  nlohmann::json rows = nlohmann::json::array();
  const auto metrics = analysis::summary_metrics();
  for (const auto& point : points) {
    nlohmann::json settings = nlohmann::json::object();
    for (std::size_t k = 0; k < axes.size(); ++k) settings[axes[k].path] = axes[k].values[point.at[k]];
    for (std::size_t j = 0; j < metrics.size(); ++j) {
      nlohmann::json row = {{"point", settings},
                            {"metric", metrics[j].name},
                            {"value", point.values[j]},
                            {"unit", metrics[j].unit}};
      if (!point.bands.empty()) {
        row["p5"] = point.bands[j].p5;
        row["p50"] = point.bands[j].p50;
        row["p95"] = point.bands[j].p95;
      }
      rows.push_back(std::move(row));
    }
  }
  nlohmann::json names = nlohmann::json::array();
  for (const auto& a : axes) names.push_back(a.path);
  return {{"axes", std::move(names)}, {"points", points.size()}, {"rows", std::move(rows)}};
}

std::string sweep_csv(const std::vector<analysis::Axis>& axes,
                      const std::vector<analysis::SweepPoint>& points) {
  const bool bands = !points.empty() && !points.front().bands.empty();
  std::string out;
  for (const auto& a : axes) out += a.path + ",";
  out += bands ? "metric,value,unit,p5,p50,p95\n" : "metric,value,unit\n";
  const auto metrics = analysis::summary_metrics();
  for (const auto& point : points) {
    std::string settings;
    for (std::size_t k = 0; k < axes.size(); ++k) settings += axes[k].values[point.at[k]] + ",";
    for (std::size_t j = 0; j < metrics.size(); ++j) {
      out += fmt::format("{}{},{},{}", settings, metrics[j].name, point.values[j], metrics[j].unit);
      if (bands) out += fmt::format(",{},{},{}", point.bands[j].p5, point.bands[j].p50, point.bands[j].p95);
      out += "\n";
    }
  }
  return out;
}

}  // namespace w2t::io
