#include "supply/series.hpp"

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
    const Interp& first = s.at_.front();
    s.varies_ = s.varies_ || b.lo != first.lo || b.hi != first.hi || b.w != first.w;
  }
  if (s.varies_) {
    s.step_ = 1;
  } else {
    s.at_.resize(1);
  }
  return s;
}

}  // namespace w2t::supply
