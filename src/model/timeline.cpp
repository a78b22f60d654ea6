#include "model/timeline.hpp"

#include <algorithm>

namespace w2t::model {
namespace {

std::uint16_t intern(std::vector<std::string>& names, std::string_view name) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it != names.end()) return static_cast<std::uint16_t>(it - names.begin());
  names.emplace_back(name);
  return static_cast<std::uint16_t>(names.size() - 1);
}

}  // namespace

std::uint16_t Timeline::stage(std::string_view name) { return intern(stages, name); }
std::uint16_t Timeline::entity(std::string_view name) { return intern(entities, name); }

std::uint16_t Timeline::metric(std::string_view name, std::string_view unit) {
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    if (metrics[i].name == name && metrics[i].unit == unit) return static_cast<std::uint16_t>(i);
  }
  metrics.push_back({std::string(name), std::string(unit)});
  return static_cast<std::uint16_t>(metrics.size() - 1);
}

}  // namespace w2t::model
