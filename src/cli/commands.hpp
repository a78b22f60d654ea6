// The w2t commands. Each returns the process exit code: 0 ok, 1 runtime
// failure, 2 bad input. Only this folder decides exit codes.
#pragma once

#include <string>
#include <vector>

namespace w2t::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

struct ScenarioOptions {
  std::string scenario;           // "" for the embedded default
  std::vector<std::string> sets;  // PATH=VALUE
  std::string format = "text";    // text | json | csv
};

struct DataOptions {
  ScenarioOptions common;
  std::string grep;
  bool sources = false;
  bool all = false;
  bool schema = false;
};

struct RunOptions {
  ScenarioOptions common;
  std::string out_dir;  // writes timeline.csv and summary.json there
};

int run_data(const DataOptions& options);
int run_model(const RunOptions& options);
int run_check(const std::vector<std::string>& files);

}  // namespace w2t::cli
