#include "io/train_report.hpp"

#include <fmt/format.h>

#include "core/number_format.hpp"
#include "core/unit.hpp"

namespace w2t::io {
namespace {

double in(double si, std::string_view unit) {
  return parse_unit(unit)->from_si(si);
}

}  // namespace

nlohmann::json train_json(const workload::TrainingRun& run, const TrainingLabel& label) {
  return {{"model", label.model},
          {"parameters", label.parameters},
          {"tokens", label.tokens},
          {"accelerator", label.accelerator},
          {"count", label.count},
          {"precision", label.precision},
          {"site", label.site},
          {"flops", run.flops},
          {"peak_flops_per_accelerator", run.peak},
          {"mfu", run.mfu},
          {"gpu_hours", in(run.accelerator_seconds, "h")},
          {"wall_days", in(run.seconds, "day")},
          {"energy_mwh", in(run.energy, "MWh")},
          {"co2e_t", in(run.co2, "t")},
          {"cost_usd", run.cost},
          {"memory_per_accelerator_gb", in(run.memory_per_accelerator, "GB")},
          {"usable_memory_gb", in(run.usable_memory, "GB")},
          {"fits_in_memory", run.fits()}};
}

std::string train_text(const workload::TrainingRun& run, const TrainingLabel& label) {
  std::string out =
      fmt::format("{}{} parameters on {} tokens, {} {} at {} ({}, MFU {:.0f}%)\n\n",
                  label.model.empty() ? "" : label.model + ": ", human(label.parameters), human(label.tokens),
                  human(label.count), label.accelerator, label.site, label.precision, 100.0 * run.mfu);
  out += fmt::format("  compute          {:.3g} FLOPs (6 x active parameters x tokens)\n", run.flops);
  out += fmt::format("  wall time        {:.1f} days at {:.0f} TFLOP/s per accelerator achieved\n",
                     in(run.seconds, "day"), in(run.peak * run.mfu, "TFLOP/s"));
  out += fmt::format("  accelerator-hours {}\n", human(in(run.accelerator_seconds, "h")));
  out += fmt::format("  energy           {} MWh (facility)\n", human(in(run.energy, "MWh")));
  out += fmt::format("  carbon           {} t CO2e (operational)\n", human(in(run.co2, "t")));
  out += fmt::format("  cost             ${}\n", human(run.cost));
  out += fmt::format("  memory           {:.1f} GB of training state per accelerator, {:.1f} GB usable: {}\n",
                     in(run.memory_per_accelerator, "GB"), in(run.usable_memory, "GB"),
                     run.fits() ? "fits" : "does NOT fit");
  return out;
}

}  // namespace w2t::io
