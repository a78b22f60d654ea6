#include <string>

#include "data/embedded.hpp"

namespace w2t::data {

std::vector<TextFile> embedded_data() {
  std::vector<TextFile> out;
  for (const auto& f : embedded_files()) {
    if (f.name.starts_with("<embedded>/data/")) out.push_back(f);
  }
  return out;
}

const TextFile* embedded_scenario(std::string_view name) {
  std::string file(name);
  if (!file.ends_with(".yaml")) file += ".yaml";
  for (const auto& f : embedded_files()) {
    if (f.name == "<embedded>/scenarios/" + file) return &f;
  }
  return nullptr;
}

}  // namespace w2t::data
