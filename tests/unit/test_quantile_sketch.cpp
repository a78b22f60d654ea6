// Quantile sketch: quantiles within alpha of the exact order statistics, the
// same contents for any order of adds and merges (collapsed or not), and the
// flat form read back word for word.
#include "core/quantile_sketch.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace w2t {
namespace {

using w2t::QuantileSketch;

constexpr double kAlpha = 0.005;

// The definition: the value of rank floor(q (n - 1)) in sorted order.
double exact_quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(std::floor(q * static_cast<double>(values.size() - 1)))];
}

// |estimate - exact| <= alpha |exact|, with a hair for rounding in the logs.
::testing::AssertionResult within_alpha(double estimate, double exact, double alpha) {
  if (std::abs(estimate - exact) <= (alpha + 1e-12) * std::abs(exact)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "estimate " << estimate << " vs exact " << exact << ": " << (estimate / exact - 1.0) * 100.0
         << "% (alpha " << alpha * 100.0 << "%)";
}

QuantileSketch sketch_of(std::span<const double> values, double alpha = kAlpha, int max_bins = 2048) {
  QuantileSketch s(alpha, max_bins);
  for (const double x : values) s.add(x);
  return s;
}

// n values from a fixed seed: either sign, magnitudes 10^(decades * v) for v
// uniform in [0, 1), and every 97th an exact zero.
std::vector<double> seeded_values(int n, double decades) {
  std::mt19937_64 rng(20240611);
  const auto unit = [&rng] { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };
  std::vector<double> values;
  for (int i = 0; i < n; ++i) {
    const double sign = unit() < 0.4 ? -1.0 : 1.0;
    const double magnitude = std::pow(10.0, decades * unit());
    values.push_back(i % 97 == 0 ? 0.0 : sign * magnitude);
  }
  return values;
}

// The values added forward, in reverse, and as three parts merged in two orders.
std::vector<QuantileSketch> four_orders(const std::vector<double>& values, double alpha, int max_bins) {
  std::vector<double> reversed(values.rbegin(), values.rend());
  const std::span<const double> all(values);
  const auto a = sketch_of(all.subspan(0, 3000), alpha, max_bins);
  const auto b = sketch_of(all.subspan(3000, 4000), alpha, max_bins);
  const auto c = sketch_of(all.subspan(7000), alpha, max_bins);
  auto abc = a;
  abc.merge(b);
  abc.merge(c);
  QuantileSketch cba(alpha, max_bins);
  cba.merge(c);
  cba.merge(b);
  cba.merge(a);
  return {sketch_of(values, alpha, max_bins), sketch_of(reversed, alpha, max_bins), abc, cba};
}

TEST(QuantileSketch, EmptyReportsZero) {
  const QuantileSketch s;
  EXPECT_EQ(s.count(), 0u);
  EXPECT_EQ(s.quantile(0.0), 0.0);
  EXPECT_EQ(s.quantile(0.5), 0.0);
  EXPECT_EQ(s.quantile(1.0), 0.0);
}

TEST(QuantileSketch, UniformWithinAlphaOfTheOrderStatistics) {
  std::vector<double> values;
  for (int i = 1; i <= 10000; ++i) values.push_back(i);
  const auto s = sketch_of(values);
  // Ranks floor(q * 9999) = 499, 4999, 9499: the values 500, 5000, 9500.
  EXPECT_TRUE(within_alpha(s.quantile(0.05), 500.0, kAlpha));
  EXPECT_TRUE(within_alpha(s.quantile(0.5), 5000.0, kAlpha));
  EXPECT_TRUE(within_alpha(s.quantile(0.95), 9500.0, kAlpha));
  for (int p = 0; p <= 100; ++p)
    EXPECT_TRUE(within_alpha(s.quantile(p / 100.0), exact_quantile(values, p / 100.0), kAlpha)) << p;
}

TEST(QuantileSketch, MixedSignsAndZerosWithinAlpha) {
  std::vector<double> values;
  for (int i = -500; i <= 500; ++i) values.push_back(i);
  for (int i = 0; i < 200; ++i) values.push_back(0.0);
  const auto s = sketch_of(values);
  // 1201 values: -500..-1 at ranks 0..499, 201 zeros at 500..700, 1..500 at 701..1200.
  EXPECT_TRUE(within_alpha(s.quantile(0.0), -500.0, kAlpha));
  EXPECT_TRUE(within_alpha(s.quantile(0.25), -200.0, kAlpha));
  EXPECT_EQ(s.quantile(0.5), 0.0);
  EXPECT_TRUE(within_alpha(s.quantile(0.75), 200.0, kAlpha));
  EXPECT_TRUE(within_alpha(s.quantile(1.0), 500.0, kAlpha));
  for (int p = 0; p <= 100; ++p)
    EXPECT_TRUE(within_alpha(s.quantile(p / 100.0), exact_quantile(values, p / 100.0), kAlpha)) << p;

  // Magnitudes over 5 decades (keys span about 1150 < 2048: nothing collapses).
  const auto spread = seeded_values(10000, 5.0);
  const auto t = sketch_of(spread);
  for (int p = 0; p <= 100; ++p)
    EXPECT_TRUE(within_alpha(t.quantile(p / 100.0), exact_quantile(spread, p / 100.0), kAlpha)) << p;
}

TEST(QuantileSketch, SameContentsInAnyOrder) {
  const auto values = seeded_values(10000, 5.0);
  const auto s = four_orders(values, kAlpha, 2048);
  for (std::size_t i = 1; i < s.size(); ++i) {
    EXPECT_TRUE(s[i] == s[0]) << i;
    for (int p = 0; p <= 100; ++p)
      EXPECT_EQ(s[i].quantile(p / 100.0), s[0].quantile(p / 100.0)) << i << " " << p;
  }
  for (int p = 0; p <= 100; ++p)
    EXPECT_TRUE(within_alpha(s[0].quantile(p / 100.0), exact_quantile(values, p / 100.0), kAlpha)) << p;
}

TEST(QuantileSketch, CollapsedSameInAnyOrderAndTopStillAccurate) {
  // 30 decades in 16 bins a store: nearly everything collapses into the lowest.
  const auto values = seeded_values(10000, 30.0);
  const auto s = four_orders(values, kAlpha, 16);
  for (std::size_t i = 1; i < s.size(); ++i) {
    EXPECT_TRUE(s[i] == s[0]) << i;
    for (int p = 0; p <= 100; ++p)
      EXPECT_EQ(s[i].quantile(p / 100.0), s[0].quantile(p / 100.0)) << i << " " << p;
  }
  // The extremes keep their accuracy; collapsed values only grow in magnitude.
  EXPECT_TRUE(within_alpha(s[0].quantile(1.0), exact_quantile(values, 1.0), kAlpha));
  EXPECT_TRUE(within_alpha(s[0].quantile(0.0), exact_quantile(values, 0.0), kAlpha));
  for (int p = 0; p <= 100; ++p) {
    const double exact = exact_quantile(values, p / 100.0);
    const double estimate = s[0].quantile(p / 100.0);
    EXPECT_EQ(std::signbit(estimate), std::signbit(exact)) << p;
    EXPECT_GE(std::abs(estimate), (1.0 - kAlpha - 1e-12) * std::abs(exact)) << p;
  }
  // Bounded: zeros, then (first key, size, at most 16 counts) for each store.
  std::vector<std::int64_t> flat;
  s[0].append_to(flat);
  EXPECT_LE(flat.size(), 1u + 2u * (2u + 16u));
}

// gamma = 2 at alpha = 1/3: key ceil(log2 x), reported as 2^(k+1) / 3.
TEST(QuantileSketch, CollapseByHand) {
  for (const auto& order : {std::vector<double>{1.5, 3.0, 6.0, 12.0, -1.5, -12.0},
                            std::vector<double>{-12.0, 12.0, 6.0, -1.5, 3.0, 1.5}}) {
    // Keys 1, 2, 3, 4 (positive) and 1, 4 (negative); two bins a store clamp
    // keys below 3 to 3: reported 16/3 and 32/3, and -1.5 as -16/3. Rank floor(5q).
    const auto s = sketch_of(order, 1.0 / 3.0, 2);
    const double tol = 1e-12;
    EXPECT_NEAR(s.quantile(0.1), -32.0 / 3.0, tol);                             // rank 0: -12
    EXPECT_NEAR(s.quantile(0.3), -16.0 / 3.0, tol);                             // rank 1: -1.5
    EXPECT_NEAR(s.quantile(0.5), 16.0 / 3.0, tol);                              // rank 2: 1.5
    EXPECT_NEAR(s.quantile(0.7), 16.0 / 3.0, tol);                              // rank 3: 3
    EXPECT_NEAR(s.quantile(0.9), 16.0 / 3.0, tol);                              // rank 4: 6
    EXPECT_NEAR(s.quantile(1.0), 32.0 / 3.0, tol);                              // rank 5: 12
    EXPECT_NEAR(sketch_of(order, 1.0 / 3.0, 8).quantile(0.5), 4.0 / 3.0, tol);  // uncollapsed: key 1
  }
}

TEST(QuantileSketch, FlatFormRoundTrip) {
  const auto a = sketch_of(seeded_values(1000, 5.0));
  const auto b = sketch_of(seeded_values(500, 30.0), 0.01, 64);
  const QuantileSketch empty;
  std::vector<std::int64_t> b_alone;
  b.append_to(b_alone);

  std::vector<std::int64_t> buffer;
  a.append_to(buffer);
  b.append_to(buffer);
  empty.append_to(buffer);
  std::span<const std::int64_t> in(buffer);
  const auto a2 = QuantileSketch::read_from(in, kAlpha, 2048);
  EXPECT_TRUE(a2 == a);
  EXPECT_EQ(a2.count(), 1000u);
  EXPECT_EQ(in.size(), b_alone.size() + 5u);  // b, then the empty sketch: zeros and two (0, 0) stores
  const auto b2 = QuantileSketch::read_from(in, 0.01, 64);
  EXPECT_TRUE(b2 == b);
  EXPECT_EQ(b2.count(), 500u);
  EXPECT_EQ(in.size(), 5u);
  const auto empty2 = QuantileSketch::read_from(in, kAlpha, 2048);
  EXPECT_TRUE(empty2 == empty);
  EXPECT_TRUE(in.empty());
  EXPECT_FALSE(a2 == QuantileSketch(kAlpha, 2048));
}

TEST(QuantileSketch, CountIncludesMerges) {
  QuantileSketch a;
  QuantileSketch b;
  for (const double x : {1.0, -2.0, 0.0, 3e-301, 1e3}) a.add(x);
  for (const double x : {0.0, 7.0, -7.0}) b.add(x);
  EXPECT_EQ(a.count(), 5u);
  EXPECT_EQ(b.count(), 3u);
  a.merge(b);
  EXPECT_EQ(a.count(), 8u);
  a.merge(QuantileSketch());
  EXPECT_EQ(a.count(), 8u);
  // Sorted: -7, -2, 0, 0, 3e-301 (counted as zero), 1, 7, 1000; rank floor(7q).
  EXPECT_EQ(a.quantile(4.5 / 7.0), 0.0);
  EXPECT_TRUE(within_alpha(a.quantile(5.5 / 7.0), 1.0, kAlpha));
}

}  // namespace
}  // namespace w2t
