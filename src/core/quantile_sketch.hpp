// Quantiles of many values without keeping them (DDSketch): Monte Carlo
// bands, request latencies. Bounded memory per sketch, every quantile within
// a relative accuracy alpha, and contents that are exactly the same whatever order the samples
// are added or partial sketches merged, so the bands are bit-identical however
// threads and MPI ranks split the samples.
//
// Masson, Rim & Lee, "DDSketch: a fast and fully-mergeable quantile sketch
// with relative-error guarantees", VLDB 2019.
//
// With gamma = (1 + alpha) / (1 - alpha), a value x > 0 is counted in the bin
// of key k = ceil(log_gamma x), which holds (gamma^(k-1), gamma^k] and reports
// 2 gamma^k / (gamma + 1), within alpha of all of them. Negative values go to
// a mirrored store on |x|; |x| below 1e-300 counts as zero. Counts are
// integers that add, so the contents depend only on the multiset of values.
//
// Bounded size: a store spans at most max_bins keys. A key below
// (highest key - max_bins + 1) is counted in that lowest bin, so the values
// more than gamma^(max_bins - 1) times smaller in magnitude than the largest
// (about 9 decades at the defaults) lose their accuracy: for negatives, those
// nearest zero. The floor depends only on the highest key ever counted, which
// is the same in any order, and add and merge both apply it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace w2t {

class QuantileSketch {
 public:
  // relative_accuracy alpha in (0, 1): every quantile is within alpha
  // (relative) of the value of rank floor(q * (n - 1)) in sorted order, when
  // that value's bin has not been collapsed (see above) and |value| >= 1e-300.
  // max_bins >= 1 bounds each of the two stores (negative, positive).
  explicit QuantileSketch(double relative_accuracy = 0.005, int max_bins = 2048);

  void add(double x);                             // a finite double; a non-finite one is only counted
  [[nodiscard]] std::uint64_t non_finite() const { return non_finite_; }
  void merge(const QuantileSketch& other);        // same alpha and max_bins required (assert)
  [[nodiscard]] double quantile(double q) const;  // q in [0,1]; 0.0 when empty
  [[nodiscard]] std::uint64_t count() const { return count_; }

  // Flat form for sending between processes: appends to `out`; read_from
  // consumes from the front of `in`. Words: zeros, then for the negative and
  // the positive store its first key, its number of bins and their counts.
  void append_to(std::vector<std::int64_t>& out) const;
  static QuantileSketch read_from(std::span<const std::int64_t>& in, double relative_accuracy, int max_bins);

  // Equal contents: the stores are kept canonical (first and last bin nonzero).
  friend bool operator==(const QuantileSketch&, const QuantileSketch&) = default;

 private:
  // Dense counts of consecutive keys; empty, or first and last bin nonzero.
  struct Store {
    std::int64_t offset = 0;          // key of bins[0]
    std::vector<std::uint64_t> bins;  // counts

    [[nodiscard]] std::int64_t top() const { return offset + static_cast<std::int64_t>(bins.size()) - 1; }
    void add(std::int64_t key, std::uint64_t n, int max_bins);
    void clamp(std::int64_t floor);  // counts below `floor` move into its bin
    void merge(const Store& other, int max_bins);
    bool operator==(const Store&) const = default;
  };

  [[nodiscard]] std::int64_t key(double magnitude) const;
  [[nodiscard]] double value(std::int64_t key) const;

  double alpha_;
  int max_bins_;
  double gamma_;
  double inverse_log_gamma_;
  Store negative_;  // on |x|
  Store positive_;
  std::uint64_t zeros_ = 0;
  std::uint64_t count_ = 0;
  std::uint64_t non_finite_ = 0;  // values left out (not serialised)
};

}  // namespace w2t
