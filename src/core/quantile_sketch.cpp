#include "core/quantile_sketch.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <numeric>

namespace w2t {
namespace {

// Magnitudes below this count as zero (their keys would run far below the rest).
constexpr double kMinMagnitude = 1e-300;

}  // namespace

QuantileSketch::QuantileSketch(double relative_accuracy, int max_bins)
    : alpha_(relative_accuracy),
      max_bins_(max_bins),
      gamma_((1.0 + relative_accuracy) / (1.0 - relative_accuracy)),
      inverse_log_gamma_(1.0 / std::log(gamma_)) {
  assert(relative_accuracy > 0.0 && relative_accuracy < 1.0);
  assert(max_bins >= 1);
}

// A new highest key first raises the floor (collapsing below it); any key is
// then counted at max(key, floor). Since the floors only rise, a value ends at
// max(its key, final top - max_bins + 1) in whatever order values arrive.
void QuantileSketch::Store::add(std::int64_t key, std::uint64_t n, int max_bins) {
  if (bins.empty()) {
    offset = key;
    bins.assign(1, n);
    return;
  }
  if (key > top()) {
    clamp(key - max_bins + 1);
    bins.resize(static_cast<std::size_t>(key - offset + 1), 0);
  }
  key = std::max(key, top() - max_bins + 1);
  if (key < offset) {
    bins.insert(bins.begin(), static_cast<std::size_t>(offset - key), 0);
    offset = key;
  }
  bins[static_cast<std::size_t>(key - offset)] += n;
}

void QuantileSketch::Store::clamp(std::int64_t floor) {
  if (bins.empty() || floor <= offset) return;
  const auto cut =
      static_cast<std::ptrdiff_t>(std::min(floor - offset, static_cast<std::int64_t>(bins.size())));
  const std::uint64_t below = std::accumulate(bins.begin(), bins.begin() + cut, std::uint64_t{0});
  bins.erase(bins.begin(), bins.begin() + cut);
  if (bins.empty()) bins.assign(1, 0);  // the floor is above every key: its bin holds all
  bins.front() += below;
  offset = floor;
}

// The union's highest key first, so both sides clamp at the same floor; then
// bin by bin through add (ascending, so the vector grows at its back).
void QuantileSketch::Store::merge(const Store& other, int max_bins) {
  if (other.bins.empty()) return;
  const std::int64_t floor = (bins.empty() ? other.top() : std::max(top(), other.top())) - max_bins + 1;
  clamp(floor);
  for (std::size_t i = 0; i < other.bins.size(); ++i) {
    if (other.bins[i] == 0) continue;
    add(std::max(other.offset + static_cast<std::int64_t>(i), floor), other.bins[i], max_bins);
  }
}

// std::log times a stored inverse: deterministic on one machine, which is all
// the order independence needs.
std::int64_t QuantileSketch::key(double magnitude) const {
  return static_cast<std::int64_t>(std::ceil(std::log(magnitude) * inverse_log_gamma_));
}

double QuantileSketch::value(std::int64_t key) const {
  return 2.0 * std::pow(gamma_, static_cast<double>(key)) / (gamma_ + 1.0);
}

void QuantileSketch::add(double x) {
  // Callers refuse non-finite values first; should one come, it is left out
  // rather than allowed to turn into a key far outside every store.
  if (!std::isfinite(x)) {
    ++non_finite_;
    return;
  }
  ++count_;
  const double m = std::abs(x);
  if (m < kMinMagnitude) {
    ++zeros_;
  } else {
    (x > 0.0 ? positive_ : negative_).add(key(m), 1, max_bins_);
  }
}

void QuantileSketch::merge(const QuantileSketch& other) {
  assert(other.alpha_ == alpha_ && other.max_bins_ == max_bins_);
  negative_.merge(other.negative_, max_bins_);
  positive_.merge(other.positive_, max_bins_);
  zeros_ += other.zeros_;
  count_ += other.count_;
}

// The element of rank floor(q (n - 1)): negatives from the most negative (the
// negative store from its highest key down), then zeros, then positives.
double QuantileSketch::quantile(double q) const {
  assert(q >= 0.0 && q <= 1.0);
  if (count_ == 0) return 0.0;
  auto rank =
      static_cast<std::uint64_t>(std::floor(std::clamp(q, 0.0, 1.0) * static_cast<double>(count_ - 1)));
  for (std::size_t i = negative_.bins.size(); i-- > 0;) {
    if (rank < negative_.bins[i]) return -value(negative_.offset + static_cast<std::int64_t>(i));
    rank -= negative_.bins[i];
  }
  if (rank < zeros_) return 0.0;
  rank -= zeros_;
  for (std::size_t i = 0; i < positive_.bins.size(); ++i) {
    if (rank < positive_.bins[i]) return value(positive_.offset + static_cast<std::int64_t>(i));
    rank -= positive_.bins[i];
  }
  assert(false && "rank beyond the count");
  return 0.0;
}

void QuantileSketch::append_to(std::vector<std::int64_t>& out) const {
  out.push_back(static_cast<std::int64_t>(zeros_));
  for (const Store* s : {&negative_, &positive_}) {
    out.push_back(s->offset);
    out.push_back(static_cast<std::int64_t>(s->bins.size()));
    for (const std::uint64_t c : s->bins) out.push_back(static_cast<std::int64_t>(c));
  }
}

QuantileSketch QuantileSketch::read_from(std::span<const std::int64_t>& in, double relative_accuracy,
                                         int max_bins) {
  QuantileSketch sketch(relative_accuracy, max_bins);
  const auto next = [&in] {
    assert(!in.empty());
    const std::int64_t word = in.front();
    in = in.subspan(1);
    return word;
  };
  sketch.zeros_ = static_cast<std::uint64_t>(next());
  sketch.count_ = sketch.zeros_;
  for (Store* s : {&sketch.negative_, &sketch.positive_}) {
    s->offset = next();
    const std::int64_t size = next();
    assert(size >= 0 && size <= max_bins);
    s->bins.resize(static_cast<std::size_t>(size));
    for (std::uint64_t& c : s->bins) {
      c = static_cast<std::uint64_t>(next());
      sketch.count_ += c;
    }
  }
  return sketch;
}

}  // namespace w2t
