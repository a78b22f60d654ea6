#include "supply/series.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace w2t::supply {

Series Series::of(const data::Dataset& ds, std::string_view path, MonthRange span) {
  Series s;
  if (auto id = ds.find(path)) {
    s.at_.assign(1, Interp{*id, *id, 0.0});
    return s;
  }
  auto it = ds.schedules.find(path);
  if (it == ds.schedules.end()) return s;
  for (Month m : span) {
    const data::Bracket b = data::bracket(it->second, m);
    s.at_.push_back({b.lo, b.hi, b.w});
  }
  if (s.at_.empty()) return s;
  const Interp first = s.at_.front();
  const bool varies = std::any_of(s.at_.begin(), s.at_.end(), [&first](const Interp& i) {
    return i.lo != first.lo || i.hi != first.hi || i.w != first.w;
  });
  if (varies) {
    s.step_ = 1;
    s.yearly_ = it->second.yearly;
    for (std::size_t t = 0; t < s.at_.size(); ++t) {
      const Interp& i = s.at_[t];
      s.weights_.push_back(i.w);
      if (s.segments_.empty() || s.segments_.back().lo != i.lo || s.segments_.back().hi != i.hi) {
        s.segments_.push_back({t, t + 1, i.lo, i.hi});
      } else {
        s.segments_.back().end = t + 1;
      }
    }
  } else {
    s.at_.assign(1, first);
  }
  return s;
}

void Series::fill(std::span<const double> params, std::span<double> out) const {
  if (!varies()) {
    std::fill(out.begin(), out.end(), (*this)(params, 0));
    return;
  }
  for (const Segment& seg : segments_) {
    const double lo = params[seg.lo];
    const double rise = params[seg.hi] - lo;
    for (std::size_t t = seg.begin; t < std::min(seg.end, out.size()); ++t) out[t] = lo + weights_[t] * rise;
  }
}

Series SeriesReader::need(const std::string& path) {
  Series s = optional(path);
  if (s.empty() && !error_) {
    error_ = make_error(ErrorCode::missing, fmt::format("the {} needs this parameter", needed_by_), path,
                        "a value in data/ or the scenario");
  }
  return s;
}

}  // namespace w2t::supply
