// Work spread over threads: blocks taken in turn from a shared counter, so a
// slow block does not hold the others back, and a stop request (Ctrl-C) that
// lets every block under way finish.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "analysis/cluster.hpp"

namespace w2t::analysis {

// How a caller watches and stops a study: both optional.
struct Control {
  const std::atomic<bool>* stop = nullptr;     // set to stop taking new blocks
  std::atomic<std::uint64_t>* done = nullptr;  // evaluations finished, for a progress bar
};

// The blocks [first, last), handed out one at a time.
class BlockQueue {
 public:
  BlockQueue(std::size_t first, std::size_t last, const Control& control)
      : next_(first), last_(last), control_(control) {}

  // The next block, or nothing when all are taken or a stop was asked for.
  std::optional<std::size_t> next() {
    if (control_.stop != nullptr && control_.stop->load(std::memory_order_relaxed)) return std::nullopt;
    const std::size_t b = next_.fetch_add(1, std::memory_order_relaxed);
    if (b >= last_) return std::nullopt;
    return b;
  }
  // Counts `evaluations` finished, for progress.
  void finished(std::uint64_t evaluations) const {
    if (control_.done != nullptr) control_.done->fetch_add(evaluations, std::memory_order_relaxed);
  }
  [[nodiscard]] bool stopped() const {
    return control_.stop != nullptr && control_.stop->load(std::memory_order_relaxed);
  }

 private:
  std::atomic<std::size_t> next_;
  std::size_t last_;
  Control control_;
};

// Runs body(0) .. body(threads - 1) at once, body(0) on the calling thread;
// rethrows the first exception after all have ended.
void on_threads(int threads, const std::function<void(int)>& body);

// Evaluates `count` jobs of `width` numbers each, over the ranks of
// `cluster` (a contiguous share each) and `threads` threads per rank. Each
// thread calls make_worker() once for its own evaluator (a copy of the
// model), then worker(job, out) for the jobs it takes. On rank 0, the numbers
// of every job in order; elsewhere, nothing. Jobs a stop left undone are
// counted in `undone`.
using JobWorker = std::function<void(std::size_t job, std::span<double> out)>;
std::vector<double> run_jobs(std::size_t count, std::size_t width, int threads, const Cluster& cluster,
                             const Control& control, const std::function<JobWorker()>& make_worker,
                             std::size_t* undone = nullptr);

}  // namespace w2t::analysis
