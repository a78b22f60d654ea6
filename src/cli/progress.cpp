#include "cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>

namespace w2t::cli {
namespace {

std::atomic<bool> stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free);

// Async-signal-safe: a lock-free atomic store, and the default handler back
// for a second Ctrl-C.
void on_interrupt(int) {
  stop_requested.store(true);
  std::signal(SIGINT, SIG_DFL);
}

}  // namespace

analysis::Control Study::control() {
  return {&stop_requested, &done_};
}

bool Study::interrupted() {
  return stop_requested.load();
}

Study::Study(std::string what, std::uint64_t total, bool show)
    : what_(std::move(what)), total_(total), start_(std::chrono::steady_clock::now()) {
  stop_requested.store(false);
  std::signal(SIGINT, on_interrupt);
  if (show && isatty(STDERR_FILENO) != 0) {
    painter_ = std::thread([this] {
      while (!finished_.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        if (std::chrono::steady_clock::now() - start_ >= std::chrono::seconds(1)) draw(false);
      }
    });
  }
}

Study::~Study() {
  finished_.store(true);
  if (painter_.joinable()) painter_.join();
  if (drawn_) draw(true);
  std::signal(SIGINT, SIG_DFL);
}

void Study::draw(bool last) {
  const std::uint64_t done = done_.load();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = seconds > 0.0 ? static_cast<double>(done) / seconds : 0.0;
  const char* stopping = stop_requested.load() ? "  stopping" : "";
  if (total_ == 0) {  // a total not known in advance
    fmt::print(stderr, "\r{} {}  {:.0f}/s  {:.1f} s{}\x1b[K", done, what_, rate, seconds, stopping);
  } else {
    const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total_));
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    const std::string eta = rate > 0.0 && done < total_
                                ? fmt::format("ETA {:.0f} s", static_cast<double>(total_ - done) / rate)
                                : fmt::format("{:.1f} s", seconds);
    fmt::print(stderr, "\r[{}{}] {:3.0f}% {}/{} {}  {:.0f}/s  {}{}\x1b[K", std::string(filled, '#'),
               std::string(kWidth - filled, '.'), 100.0 * fraction, done, total_, what_, rate, eta, stopping);
  }
  if (last) fmt::print(stderr, "\n");
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace w2t::cli
