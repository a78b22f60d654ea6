// Scenario and data files from arbitrary YAML: never crash; a failure is a
// list of errors, each with a message. The first byte picks what the input
// is read as: a scenario (over the embedded dataset) or a data file.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "scenario/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool as_scenario = (data[0] & 1) != 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  w2t::Diagnostics diag;
  if (as_scenario) {
    w2t::scenario::load_world({"fuzz.yaml", text}, {}, diag);
  } else {
    std::vector<w2t::data::TextFile> files = {{"fuzz.yaml", text}};
    w2t::data::load_dataset(files, diag);
  }
  for (const auto& e : diag.errors()) {
    if (e.message.empty()) std::abort();
  }
  return 0;
}
