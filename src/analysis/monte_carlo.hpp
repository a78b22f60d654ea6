// Monte Carlo bands (DESIGN "Uncertainty"): the model evaluated on draws of
// every parameter with a range; the quantiles of its summary metrics and of
// its timeline series.
//
// Sample k is a pure function of (seed, k): its parameters come from draw k
// of the seed (data/sampling.hpp). Samples are taken in blocks of a fixed
// size; threads take blocks in turn and MPI ranks take contiguous shares of
// them (analysis/cluster.hpp). Metric values are kept per sample (8 bytes a
// metric); timeline series go into quantile sketches and block sums, so
// memory does not grow with samples times months. Every merge is exact, and
// the results are bit-identical for any number of threads and ranks.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/cluster.hpp"
#include "analysis/parallel.hpp"
#include "core/quantile_sketch.hpp"
#include "model/run.hpp"

namespace w2t::analysis {

// A scalar (or a monthly series) a run reports, with its display unit.
struct Metric {
  std::string_view name;
  std::string_view unit;
};

// The metrics every sample records, in order.
std::span<const Metric> summary_metrics();
// The index of summary metric `name`, or an error naming `field` ("--metric").
Expected<std::size_t> find_metric(std::string_view name, std::string_view field);
// Fills `out` (one per summary metric, in display units) from an evaluated run.
void measure(const model::Run& run, std::span<double> out);

// The monthly series every sample records, in order.
std::span<const Metric> timeline_series();
// Fills `out` ([series][month], display units) from an evaluated run.
void measure_series(const model::Run& run, std::span<double> out);

// The quantiles a band reports.
inline constexpr std::array<double, 5> kBandLevels = {0.05, 0.25, 0.50, 0.75, 0.95};

struct Interval {
  double low = 0.0, high = 0.0;
};

struct Band {
  double p5 = 0.0, p25 = 0.0, p50 = 0.0, p75 = 0.0, p95 = 0.0;
  double mean = 0.0;
  double stderr_of_mean = 0.0;
  // 95% confidence interval of each quantile of kBandLevels (order statistics).
  std::array<Interval, kBandLevels.size()> confidence{};
};

// A band for a sample of values (reordered).
Band band_of(std::span<double> values);

// A timeline series' band, month by month.
struct SeriesBand {
  Metric metric;
  std::vector<double> p5, p25, p50, p75, p95, mean;  // [month]
};

struct McOptions {
  int samples = 1000;
  std::uint64_t seed = 1;
  int threads = 1;
};

struct MonteCarlo {
  int requested = 0;
  int samples = 0;  // finished: fewer than requested when stopped
  bool interrupted = false;
  std::uint64_t seed = 0;
  int threads = 1;
  int ranks = 1;
  Month first_month;
  int months = 0;
  std::vector<double> values;   // [sample][metric], the finished samples in order
  std::vector<Band> bands;      // [metric]
  std::vector<double> central;  // [metric] at the data's values
  std::vector<SeriesBand> series;
  double series_accuracy = 0.0;  // relative accuracy of the series' quantiles
  // The first sample whose metrics or series were not all finite numbers,
  // and which; the study then has no bands (check_finite tells why).
  std::int64_t bad_sample = -1;
  std::string bad_measure;
};

// Samples per block: fixed, so that sums run in the same order for any split.
inline constexpr int kSamplesPerBlock = 256;

// How many of `samples` this process computes: its rank's share of the blocks.
std::uint64_t samples_on_rank(int samples, const Cluster& cluster);

// Runs the samples of this rank's share on `options.threads` threads; on
// rank 0, the merged result of every rank (elsewhere, an empty result with
// samples = 0). `run` is an evaluated run of `world`.
MonteCarlo monte_carlo(const scenario::World& world, const model::Run& run, const McOptions& options,
                       const Cluster& cluster = Cluster{}, const Control& control = {});

// An error when a sample was not finite: the sample, the metric, the factors
// drawn furthest into their tails and the scenario's overrides.
std::optional<Error> check_finite(const scenario::World& world, const MonteCarlo& mc);

}  // namespace w2t::analysis
