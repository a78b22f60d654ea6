#include "data/dataset.hpp"

#include <algorithm>
#include <stdexcept>

namespace w2t::data {

const char* to_string(Confidence c) {
  switch (c) {
    case Confidence::P: return "P";
    case Confidence::R: return "R";
    case Confidence::S: return "S";
    case Confidence::E: return "E";
  }
  return "?";
}

const char* to_string(Distribution d) {
  switch (d) {
    case Distribution::triangular: return "triangular";
    case Distribution::uniform: return "uniform";
    case Distribution::pert: return "pert";
    case Distribution::lognormal: return "lognormal";
    case Distribution::normal: return "normal";
  }
  return "?";
}

ParamId Dataset::add(Parameter p) {
  auto id = static_cast<ParamId>(params_.size());
  auto [it, inserted] = index_.emplace(p.path, id);
  if (!inserted) throw std::logic_error("parameter added twice: " + p.path);
  params_.push_back(std::move(p));
  return id;
}

std::optional<ParamId> Dataset::find(std::string_view path) const {
  auto it = index_.find(std::string(path));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

const Parameter* Dataset::get(std::string_view path) const {
  auto id = find(path);
  return id ? &params_[*id] : nullptr;
}

const Attribute* Dataset::attribute(std::string_view path) const {
  auto it = attributes.find(path);
  return it == attributes.end() ? nullptr : &it->second;
}

bool Dataset::has_entity(std::string_view domain, std::string_view id) const {
  auto it = entities.find(domain);
  if (it == entities.end()) return false;
  return std::find(it->second.begin(), it->second.end(), id) != it->second.end();
}

double interpolate(const Schedule& s, const std::vector<double>& values, Month m) {
  const auto& pts = s.points;
  if (m <= pts.front().first) return values[pts.front().second];
  if (m >= pts.back().first) return values[pts.back().second];
  auto hi = std::upper_bound(pts.begin(), pts.end(), m,
                             [](Month x, const auto& p) { return x < p.first; });
  auto lo = hi - 1;
  double t = static_cast<double>(m - lo->first) / static_cast<double>(hi->first - lo->first);
  return values[lo->second] + t * (values[hi->second] - values[lo->second]);
}

std::optional<double> Dataset::value_at(std::string_view path, Month m) const {
  if (auto it = schedules.find(path); it != schedules.end()) {
    std::vector<double> values;
    values.reserve(params_.size());
    for (const auto& p : params_) values.push_back(p.value);
    return interpolate(it->second, values, m);
  }
  if (const auto* p = get(path)) return p->value;
  return std::nullopt;
}

}  // namespace w2t::data
