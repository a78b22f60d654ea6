// Small helpers over yaml-cpp nodes that keep track of where things are, so
// every message can name the file, line and column.
#pragma once

#include <yaml-cpp/yaml.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace w2t::data {

struct TextFile {
  std::string name;  // shown in messages: a path, or "<embedded>/data/memory.yaml"
  std::string text;
};

// A parsed document and the file it came from.
struct YamlDoc {
  const TextFile* file = nullptr;
  YAML::Node root;
};

// Parses `file`; a syntax error becomes an Error at its line and column.
Expected<YamlDoc> parse_yaml(const TextFile& file);

SourceLocation location(const YamlDoc& doc, const YAML::Node& node);

// Builds an error located at `node`.
Error error_at(const YamlDoc& doc, const YAML::Node& node, ErrorCode code, std::string path,
               std::string message, std::string expected = {});

// The scalar text of a node ("" for a non-scalar).
std::string scalar(const YAML::Node& node);

// Reports keys of `map` not in `allowed` (with "did you mean") and keys given twice.
void check_keys(const YamlDoc& doc, const YAML::Node& map, std::span<const std::string> allowed,
                std::string_view path, Diagnostics& diag);

}  // namespace w2t::data
