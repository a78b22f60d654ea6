// The default dataset and scenarios, compiled into the binary.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "data/yaml_node.hpp"

namespace w2t::data {

// Every embedded file; names are "<embedded>/data/x.yaml", "<embedded>/scenarios/y.yaml".
std::span<const TextFile> embedded_files();

// The embedded data files (data/*.yaml), with `extra` files added; an extra
// file named like an embedded one takes its place.
std::vector<TextFile> embedded_data(std::span<const TextFile> extra = {});

// An embedded scenario by id or file name ("stargate-2025" or "stargate-2025.yaml").
const TextFile* embedded_scenario(std::string_view name);

inline constexpr std::string_view kDefaultScenario = "stargate-2025";

}  // namespace w2t::data
