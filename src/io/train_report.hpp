// `w2t train` output: one training run's compute, time, energy, carbon, money.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "workload/training.hpp"

namespace w2t::io {

// What the run is, in the words of its report.
struct TrainingLabel {
  std::string model;  // a model id, or "" for a size given on the command line
  std::string accelerator, precision, site;
  double count = 0.0, parameters = 0.0, tokens = 0.0;
};

nlohmann::json train_json(const workload::TrainingRun& run, const TrainingLabel& label);
std::string train_text(const workload::TrainingRun& run, const TrainingLabel& label);

}  // namespace w2t::io
