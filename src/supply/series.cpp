#include "supply/series.hpp"

#include <algorithm>

namespace w2t::supply {

Series Series::of(const data::Dataset& ds, std::string_view path, MonthRange span) {
  Series s;
  if (auto id = ds.find(path)) {
    s.at_.assign(static_cast<std::size_t>(span.size()), Interp{*id, *id, 0.0});
    return s;
  }
  auto it = ds.schedules.find(path);
  if (it == ds.schedules.end()) return s;
  const auto& pts = it->second.points;
  for (Month m : span) {
    if (m <= pts.front().first) {
      s.at_.push_back({pts.front().second, pts.front().second, 0.0});
    } else if (m >= pts.back().first) {
      s.at_.push_back({pts.back().second, pts.back().second, 0.0});
    } else {
      auto hi = std::upper_bound(pts.begin(), pts.end(), m,
                                 [](Month x, const auto& p) { return x < p.first; });
      auto lo = hi - 1;
      const double w = static_cast<double>(m - lo->first) / static_cast<double>(hi->first - lo->first);
      s.at_.push_back({lo->second, hi->second, w});
    }
  }
  return s;
}

}  // namespace w2t::supply
