// The whole model on parameter vectors drawn from arbitrary bytes, inside
// and outside their physical bounds: an override outside is refused with a
// message; one inside is evaluated, and the run either has finite numbers
// throughout or is an error from model::check_finite, never a silent NaN.
// Each input is a list of 11-byte records: parameter (2 bytes), mode (1),
// value (8: a fraction of the bounds, or a raw double to be refused).
#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "io/run_store.hpp"
#include "io/run_view.hpp"
#include "model/run.hpp"
#include "scenario/scenario.hpp"

namespace {

struct Base {
  std::unique_ptr<w2t::scenario::World> world;
  std::unique_ptr<w2t::model::Run> run;
};

Base& base() {
  static Base* b = [] {
    auto* made = new Base;
    w2t::Diagnostics diag;
    made->world = std::make_unique<w2t::scenario::World>(w2t::scenario::load_world({}, {}, diag));
    if (!diag.empty()) std::abort();
    auto r = w2t::model::run(*made->world);
    if (!r) std::abort();
    made->run = std::make_unique<w2t::model::Run>(std::move(*r));
    return made;
  }();
  return *b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& b = base();
  const auto& ds = b.world->dataset;
  static w2t::model::Run run = *b.run;
  static w2t::data::FormulaSet formulas = b.world->formulas;
  run.params = b.run->params;
  constexpr std::size_t kRecord = 11;
  for (std::size_t at = 0; at + kRecord <= size && at < 16 * kRecord; at += kRecord) {
    const auto index = static_cast<std::size_t>(data[at] | (data[at + 1] << 8)) % ds.parameters().size();
    const auto& p = ds.parameter(static_cast<w2t::data::ParamId>(index));
    if (p.derived() || p.field == nullptr) continue;
    double raw = 0.0;
    std::memcpy(&raw, data + at + 3, sizeof(raw));
    const bool inside = (data[at + 2] & 1) != 0;
    const double u = std::fabs(std::fmod(raw, 1.0));
    const double value = inside && std::isfinite(u) ? p.field->min + u * (p.field->max - p.field->min) : raw;
    const auto settings = w2t::scenario::resolve_override(ds, p.path, fmt::format("{:.17g} {}", value, p.field->unit));
    if (!settings) {
      if (settings.error().message.empty()) std::abort();
      continue;
    }
    if (std::getenv("W2T_FUZZ_SHOW")) fmt::print(stderr, "set {} = {:.17g} {}\n", p.path, value, p.field->unit);
    for (const auto& [id, si] : *settings) {
      if (!std::isfinite(si)) {  // a non-finite override got through
        fmt::print(stderr, "{} = {:.17g} {} was accepted as {}\n", p.path, value, p.field->unit, si);
        std::abort();
      }
      run.params[id] = si;
    }
  }
  formulas.evaluate(run.params);
  w2t::model::evaluate(run, run.params);
  w2t::model::fill_timeline(run, run.timeline);
  if (w2t::model::check_finite(*b.world, run)) return 0;  // an error naming it: allowed
  if (auto at = w2t::io::unreadable_at(w2t::io::run_view(*b.world, run))) {
    fmt::print(stderr, "a non-finite value past model::check_finite, at {}\n", *at);
    std::abort();
  }
  return 0;
}
