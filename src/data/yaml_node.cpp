#include "data/yaml_node.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/suggest.hpp"

namespace w2t::data {

Expected<YamlDoc> parse_yaml(const TextFile& file) {
  try {
    return YamlDoc{&file, YAML::Load(file.text)};
  } catch (const YAML::Exception& e) {
    Error err = make_error(ErrorCode::bad_input, fmt::format("YAML syntax error: {}", e.msg));
    err.where = {file.name, e.mark.line + 1, e.mark.column + 1};
    return err;
  }
}

SourceLocation location(const YamlDoc& doc, const YAML::Node& node) {
  if (!node.IsDefined()) return {doc.file->name, 0, 0};
  const auto mark = node.Mark();
  if (mark.is_null()) return {doc.file->name, 0, 0};
  return {doc.file->name, mark.line + 1, mark.column + 1};
}

Error error_at(const YamlDoc& doc, const YAML::Node& node, ErrorCode code, std::string path,
               std::string message, std::string expected) {
  Error e = make_error(code, std::move(message), std::move(path), std::move(expected));
  e.where = location(doc, node);
  return e;
}

std::string scalar(const YAML::Node& node) {
  return node.IsDefined() && node.IsScalar() ? node.Scalar() : std::string{};
}

void check_keys(const YamlDoc& doc, const YAML::Node& map, std::span<const std::string> allowed,
                std::string_view path, Diagnostics& diag) {
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string key = scalar(it->first);
    const std::string where = path.empty() ? key : fmt::format("{}.{}", path, key);
    if (!seen.insert(key).second) {
      diag.add(error_at(doc, it->first, ErrorCode::bad_input, where, "key given twice"));
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      diag.add(error_at(doc, it->first, ErrorCode::bad_input, where,
                        fmt::format("unknown key '{}'{}", key, did_you_mean(key, allowed)),
                        fmt::format("one of: {}", join(allowed))));
    }
  }
}

}  // namespace w2t::data
