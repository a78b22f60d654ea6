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

std::span<const std::string> distribution_names() {
  static const std::vector<std::string> names = {"triangular", "uniform", "pert",
                                                 "lognormal",  "normal",  "truncated_normal"};
  return names;
}

const char* to_string(Distribution d) {
  switch (d) {
    case Distribution::triangular: return "triangular";
    case Distribution::uniform: return "uniform";
    case Distribution::pert: return "pert";
    case Distribution::lognormal: return "lognormal";
    case Distribution::normal: return "normal";
    case Distribution::truncated_normal: return "truncated_normal";
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

std::vector<ParamId> Dataset::settable(std::string_view path) const {
  if (auto id = find(path)) return {*id};
  std::vector<ParamId> ids;
  if (auto it = schedules.find(path); it != schedules.end()) {
    for (const auto& point : it->second.points) ids.push_back(point.second);
  }
  return ids;
}

std::vector<std::string> Dataset::paths() const {
  std::vector<std::string> out;
  for (const auto& p : params_) out.push_back(p.path);
  for (const auto& entry : schedules) out.push_back(entry.first);
  return out;
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

Bracket bracket(const Schedule& s, Month m) {
  const auto& pts = s.points;
  if (s.yearly) {
    const ParamId id = pts[static_cast<std::size_t>(m.month() - 1)].second;
    return {id, id, 0.0};
  }
  if (m <= pts.front().first) return {pts.front().second, pts.front().second, 0.0};
  if (m >= pts.back().first) return {pts.back().second, pts.back().second, 0.0};
  auto hi = std::upper_bound(pts.begin(), pts.end(), m, [](Month x, const auto& p) { return x < p.first; });
  auto lo = hi - 1;
  const double w = static_cast<double>(m - lo->first) / static_cast<double>(hi->first - lo->first);
  return {lo->second, hi->second, w};
}

std::vector<double> Dataset::values() const {
  std::vector<double> out;
  out.reserve(params_.size());
  for (const auto& p : params_) out.push_back(p.value);
  return out;
}

const Parameter* Dataset::describing(std::string_view path) const {
  if (const auto* p = get(path)) return p;
  auto it = schedules.find(path);
  return it == schedules.end() ? nullptr : &params_[it->second.points.front().second];
}

std::optional<double> Dataset::value_at(std::string_view path, Month m) const {
  if (auto it = schedules.find(path); it != schedules.end()) {
    const Bracket b = bracket(it->second, m);
    return params_[b.lo].value + b.w * (params_[b.hi].value - params_[b.lo].value);
  }
  if (const auto* p = get(path)) return p->value;
  return std::nullopt;
}

std::string Dataset::text_or(std::string_view path, std::string fallback) const {
  const auto* a = attribute(path);
  return a == nullptr ? fallback : a->value();
}

}  // namespace w2t::data
