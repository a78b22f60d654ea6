#include "analysis/parallel.hpp"

#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace w2t::analysis {

void on_threads(int threads, const std::function<void(int)>& body) {
  std::exception_ptr failure;
  std::mutex guard;
  const auto run = [&](int i) {
    try {
      body(i);
    } catch (...) {
      const std::lock_guard lock(guard);
      if (!failure) failure = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(run, i);
  run(0);
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

std::vector<double> run_jobs(std::size_t count, std::size_t width, int threads, const Cluster& cluster,
                             const Control& control, const std::function<JobWorker()>& make_worker,
                             std::size_t* undone) {
  // Plain variables: clang 14 cannot capture structured bindings in a lambda.
  const auto share = cluster.share(count);
  const std::size_t first = share.first;
  const std::size_t last = share.second;
  std::vector<double> mine((last - first) * width, 0.0);
  std::vector<std::uint8_t> done(last - first, 0);
  BlockQueue queue(first, last, control);
  on_threads(threads, [&](int) {
    const JobWorker worker = make_worker();
    while (const auto job = queue.next()) {
      worker(*job, std::span(mine).subspan((*job - first) * width, width));
      done[*job - first] = 1;
      queue.finished(1);
    }
  });
  std::size_t missing = 0;
  for (const auto d : done) missing += d == 0 ? 1 : 0;
  if (cluster.size() == 1) {
    if (undone != nullptr) *undone = missing;
    return mine;
  }
  Words words;
  words.put(static_cast<std::int64_t>(missing));
  words.put(mine);
  std::vector<double> all;
  std::size_t total_missing = 0;
  for (const auto& from : cluster.gather(words.words())) {
    WordReader in(from);
    total_missing += static_cast<std::size_t>(in.word());
    const std::size_t at = all.size();
    all.resize(at + in.rest().size());
    in.numbers(std::span(all).subspan(at));
  }
  if (undone != nullptr) *undone = total_missing;
  return all;
}

}  // namespace w2t::analysis
