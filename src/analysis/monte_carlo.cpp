#include "analysis/monte_carlo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numeric>

#include "data/sampling.hpp"

namespace w2t::analysis {
namespace {

// Relative accuracy of the series' quantiles and the bins a sketch may use.
constexpr double kSeriesAccuracy = 0.005;
constexpr int kSketchBins = 2048;

// What one rank found over its share of the blocks.
struct Share {
  std::size_t first = 0, last = 0;       // blocks [first, last)
  std::vector<std::uint8_t> done;        // [block - first]: finished
  std::vector<double> values;            // [sample - first sample][metric]
  std::vector<double> sums;              // [block - first][cell]: the block's series sums
  std::vector<QuantileSketch> sketches;  // [cell]
  // The first sample whose metrics or series were not finite, and which
  // metric or series it was (an index into the metrics, then the series).
  std::int64_t bad_sample = -1;
  std::int64_t bad_measure = -1;

  void write(Words& out) const {
    out.put(static_cast<std::int64_t>(first));
    out.put(static_cast<std::int64_t>(last));
    out.put(bad_sample);
    out.put(bad_measure);
    for (const auto d : done) out.put(static_cast<std::int64_t>(d));
    out.put(values);
    out.put(sums);
    for (const auto& s : sketches) s.append_to(out.words());
  }

  static Share read(WordReader& in, std::size_t metrics, std::size_t cells, std::size_t samples) {
    Share s;
    s.first = static_cast<std::size_t>(in.word());
    s.last = static_cast<std::size_t>(in.word());
    s.bad_sample = in.word();
    s.bad_measure = in.word();
    s.done.resize(s.last - s.first);
    for (auto& d : s.done) d = static_cast<std::uint8_t>(in.word());
    s.values.resize(samples_in(s.first, s.last, samples) * metrics);
    in.numbers(s.values);
    s.sums.resize((s.last - s.first) * cells);
    in.numbers(s.sums);
    for (std::size_t c = 0; c < cells; ++c) {
      s.sketches.push_back(QuantileSketch::read_from(in.rest(), kSeriesAccuracy, kSketchBins));
    }
    return s;
  }

  static std::size_t samples_in(std::size_t first, std::size_t last, std::size_t samples) {
    return std::min(last * kSamplesPerBlock, samples) - std::min(first * kSamplesPerBlock, samples);
  }
};

std::size_t blocks_of(std::size_t samples) {
  return (samples + kSamplesPerBlock - 1) / kSamplesPerBlock;
}

// The samples of blocks [first, last) on `threads` threads.
Share run_share(const scenario::World& world, const model::Run& run, const McOptions& o, std::size_t first,
                std::size_t last, const Control& control) {
  const std::size_t m = summary_metrics().size();
  const auto months = static_cast<std::size_t>(run.state.months);
  const std::size_t cells = timeline_series().size() * months;
  const auto samples = static_cast<std::size_t>(o.samples);
  const std::size_t base = first * kSamplesPerBlock;
  Share share;
  share.first = first;
  share.last = last;
  share.done.assign(last - first, 0);
  share.values.assign(Share::samples_in(first, last, samples) * m, 0.0);
  share.sums.assign((last - first) * cells, 0.0);
  share.sketches.assign(cells, QuantileSketch(kSeriesAccuracy, kSketchBins));

  // A sample that is not finite stops the share: the study is an error,
  // and nothing of it reaches a sketch.
  std::atomic<bool> bad{false};
  std::mutex bad_mutex;
  BlockQueue queue(first, last, control);
  std::vector<std::vector<QuantileSketch>> sketches(static_cast<std::size_t>(o.threads));
  on_threads(o.threads, [&](int thread) {
    // Each thread has its own model and formulas (a formula's parser is not shared).
    model::Run mine = run;
    const data::FormulaSet formulas = world.formulas;
    const data::Sampler sampler(world.dataset, formulas);
    std::vector<double> series(cells);
    auto& own = sketches[static_cast<std::size_t>(thread)];
    own.assign(cells, QuantileSketch(kSeriesAccuracy, kSketchBins));
    while (!bad.load(std::memory_order_relaxed)) {
      const auto block = queue.next();
      if (!block) break;
      const std::size_t begin = *block * kSamplesPerBlock;
      const std::size_t end = std::min(begin + kSamplesPerBlock, samples);
      double* sums = share.sums.data() + (*block - first) * cells;
      bool clean = true;
      for (std::size_t k = begin; k < end && clean; ++k) {
        sampler.draw(o.seed, k, mine.params);
        model::evaluate(mine, mine.params);
        const auto values = std::span(share.values).subspan((k - base) * m, m);
        measure(mine, values);
        measure_series(mine, series);
        const auto metric = std::find_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); });
        const auto cell = std::find_if(series.begin(), series.end(), [](double v) { return !std::isfinite(v); });
        if (metric != values.end() || cell != series.end()) {
          const std::lock_guard lock(bad_mutex);
          if (share.bad_sample < 0 || static_cast<std::int64_t>(k) < share.bad_sample) {
            share.bad_sample = static_cast<std::int64_t>(k);
            share.bad_measure = metric != values.end()
                                    ? metric - values.begin()
                                    : static_cast<std::int64_t>(m) + (cell - series.begin()) / static_cast<std::ptrdiff_t>(months);
          }
          bad = true;
          clean = false;
          break;
        }
        for (std::size_t c = 0; c < cells; ++c) {
          own[c].add(series[c]);
          sums[c] += series[c];
        }
      }
      if (!clean) break;
      share.done[*block - first] = 1;
      queue.finished(end - begin);
    }
  });
  for (const auto& own : sketches) {
    for (std::size_t c = 0; c < cells; ++c) share.sketches[c].merge(own[c]);
  }
  return share;
}

// The 95% confidence interval of quantile q from n sorted values: the order
// statistics at n q -/+ 1.96 sqrt(n q (1 - q)) (normal approximation to the
// binomial count below the quantile).
Interval quantile_interval(std::span<const double> sorted, double q) {
  const double n = static_cast<double>(sorted.size());
  const double half = 1.959963984540054 * std::sqrt(n * q * (1.0 - q));
  const auto rank = [&](double r) { return sorted[static_cast<std::size_t>(std::clamp(r, 0.0, n - 1.0))]; };
  return {rank(std::floor(n * q - half)), rank(std::ceil(n * q + half))};
}

}  // namespace

std::uint64_t samples_on_rank(int samples, const Cluster& cluster) {
  const auto n = static_cast<std::size_t>(std::max(0, samples));
  const auto [first, last] = cluster.share(blocks_of(n));
  return Share::samples_in(first, last, n);
}

Band band_of(std::span<double> values) {
  Band b;
  if (values.empty()) return b;
  const double n = static_cast<double>(values.size());
  double sum = 0.0;
  for (const double v : values) sum += v;
  b.mean = sum / n;
  double squares = 0.0;
  for (const double v : values) squares += (v - b.mean) * (v - b.mean);
  b.stderr_of_mean = values.size() > 1 ? std::sqrt(squares / (n - 1.0) / n) : 0.0;
  std::sort(values.begin(), values.end());
  double* quantiles[] = {&b.p5, &b.p25, &b.p50, &b.p75, &b.p95};
  for (std::size_t i = 0; i < kBandLevels.size(); ++i) {
    *quantiles[i] = data::quantile(values, kBandLevels[i]);
    b.confidence[i] = quantile_interval(values, kBandLevels[i]);
  }
  return b;
}

MonteCarlo monte_carlo(const scenario::World& world, const model::Run& run, const McOptions& o,
                       const Cluster& cluster, const Control& control) {
  MonteCarlo mc;
  mc.requested = o.samples;
  mc.seed = o.seed;
  mc.threads = std::max(1, o.threads);
  mc.ranks = cluster.size();
  mc.first_month = run.chain.span.first;
  mc.months = run.state.months;
  mc.series_accuracy = kSeriesAccuracy;
  const std::size_t m = summary_metrics().size();
  const auto months = static_cast<std::size_t>(mc.months);
  const std::size_t cells = timeline_series().size() * months;
  const auto samples = static_cast<std::size_t>(std::max(0, o.samples));
  McOptions options = o;
  options.threads = mc.threads;

  const auto [first, last] = cluster.share(blocks_of(samples));
  std::vector<Share> shares;
  if (cluster.size() == 1) {
    shares.push_back(run_share(world, run, options, first, last, control));
  } else {
    Words words;
    run_share(world, run, options, first, last, control).write(words);
    for (const auto& from : cluster.gather(words.words())) {
      WordReader in(from);
      shares.push_back(Share::read(in, m, cells, samples));
    }
  }
  if (!cluster.root()) return mc;

  // Merged in block order: the finished samples, the series sums and sketches.
  std::vector<QuantileSketch> sketches(cells, QuantileSketch(kSeriesAccuracy, kSketchBins));
  std::vector<double> sums(cells, 0.0);
  for (const auto& share : shares) {
    if (share.bad_sample >= 0 && (mc.bad_sample < 0 || share.bad_sample < mc.bad_sample)) {
      mc.bad_sample = share.bad_sample;
      const auto j = static_cast<std::size_t>(share.bad_measure);
      mc.bad_measure = std::string(j < m ? summary_metrics()[j].name : timeline_series()[j - m].name);
    }
  }
  if (mc.bad_sample >= 0) return mc;
  for (auto& share : shares) {
    // A whole first share is taken as it is: one copy of the samples less.
    const bool whole = std::all_of(share.done.begin(), share.done.end(), [](auto d) { return d != 0; });
    const bool taken = whole && mc.values.empty();
    if (taken) mc.values = std::move(share.values);
    for (std::size_t b = share.first; b < share.last; ++b) {
      if (share.done[b - share.first] == 0) {
        mc.interrupted = true;
        continue;
      }
      const std::size_t begin = (b - share.first) * kSamplesPerBlock * m;
      const std::size_t count = Share::samples_in(b, b + 1, samples);
      if (!taken) {
        mc.values.insert(mc.values.end(), share.values.begin() + static_cast<std::ptrdiff_t>(begin),
                         share.values.begin() + static_cast<std::ptrdiff_t>(begin + count * m));
      }
      mc.samples += static_cast<int>(count);
      for (std::size_t c = 0; c < cells; ++c) sums[c] += share.sums[(b - share.first) * cells + c];
    }
    for (std::size_t c = 0; c < cells; ++c) sketches[c].merge(share.sketches[c]);
  }

  mc.central.assign(m, 0.0);
  measure(run, mc.central);
  std::vector<double> column(static_cast<std::size_t>(mc.samples));
  for (std::size_t j = 0; j < m; ++j) {
    for (std::size_t k = 0; k < column.size(); ++k) column[k] = mc.values[k * m + j];
    mc.bands.push_back(band_of(column));
  }
  const auto names = timeline_series();
  for (std::size_t s = 0; s < names.size(); ++s) {
    SeriesBand band{names[s], {}, {}, {}, {}, {}, {}};
    std::vector<double>* levels[] = {&band.p5, &band.p25, &band.p50, &band.p75, &band.p95};
    for (std::size_t t = 0; t < months; ++t) {
      const auto& sketch = sketches[s * months + t];
      for (std::size_t i = 0; i < kBandLevels.size(); ++i)
        levels[i]->push_back(sketch.quantile(kBandLevels[i]));
      band.mean.push_back(mc.samples > 0 ? sums[s * months + t] / mc.samples : 0.0);
    }
    mc.series.push_back(std::move(band));
  }
  return mc;
}

std::optional<Error> check_finite(const scenario::World& world, const MonteCarlo& mc) {
  if (mc.bad_sample < 0) return std::nullopt;
  // The factors drawn furthest into their tails are the likely cause.
  const data::Sampler sampler(world.dataset, world.formulas);
  std::vector<double> z(sampler.factors());
  sampler.normals(mc.seed, static_cast<std::uint64_t>(mc.bad_sample), z);
  std::vector<std::size_t> order(z.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return std::abs(z[a]) > std::abs(z[b]); });
  std::string tails;
  for (std::size_t i = 0; i < std::min<std::size_t>(3, order.size()); ++i) {
    tails += fmt::format("{}{} (z = {:+.2f})", i == 0 ? "" : ", ", sampler.factor_path(order[i]), z[order[i]]);
  }
  const std::string changed = scenario::changes(world.scenario.overrides);
  return make_error(ErrorCode::bad_value,
                    fmt::format("sample {} of seed {} gives a {} that is not a finite number; drawn furthest from "
                                "their values: {}{}",
                                mc.bad_sample, mc.seed, mc.bad_measure, tails.empty() ? "none" : tails,
                                changed.empty() ? "" : "; changed by the scenario or --set: " + changed),
                    order.empty() ? std::string() : sampler.factor_path(order.front()),
                    "ranges and overrides the model can evaluate");
}

}  // namespace w2t::analysis
