#include <filesystem>
#include <string>

#include "data/embedded.hpp"

namespace w2t::data {

std::vector<TextFile> embedded_data(std::span<const TextFile> extra) {
  std::vector<TextFile> out;
  for (const auto& f : embedded_files()) {
    if (f.name.starts_with("<embedded>/data/")) out.push_back(f);
  }
  for (const auto& e : extra) {
    const auto name = std::filesystem::path(e.name).filename();
    std::erase_if(out, [&](const TextFile& f) { return std::filesystem::path(f.name).filename() == name; });
    out.push_back(e);
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
