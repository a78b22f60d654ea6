// A study's progress on stderr and its clean stop on Ctrl-C.
//
// The bar (done/total, rate, ETA) appears once a study has run for a second,
// only when stderr is a terminal and --quiet was not given. While a Study is
// alive, the first Ctrl-C asks the work to stop after the blocks under way
// (their results are kept); a second one ends the process at once.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include "analysis/parallel.hpp"

namespace w2t::cli {

inline constexpr int kExitInterrupted = 130;  // 128 + SIGINT, as shells report it

class Study {
 public:
  // `total` evaluations of `what` ("samples", "evaluations") on this process.
  Study(std::string what, std::uint64_t total, bool show);
  ~Study();
  Study(const Study&) = delete;
  Study& operator=(const Study&) = delete;

  [[nodiscard]] analysis::Control control();
  // Whether Ctrl-C stopped the study.
  [[nodiscard]] static bool interrupted();

 private:
  void draw(bool last);

  std::string what_;
  std::uint64_t total_;
  std::atomic<std::uint64_t> done_{0};
  std::atomic<bool> finished_{false};
  std::chrono::steady_clock::time_point start_;
  bool drawn_ = false;
  std::thread painter_;
};

}  // namespace w2t::cli
