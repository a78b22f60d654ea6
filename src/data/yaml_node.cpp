#include "data/yaml_node.hpp"

#include <fmt/format.h>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "core/suggest.hpp"
#include "core/utf8.hpp"

namespace w2t::data {

namespace {

SourceLocation at_offset(const TextFile& file, std::size_t offset) {
  const std::string_view before(file.text.data(), offset);
  const auto line = static_cast<int>(std::count(before.begin(), before.end(), '\n')) + 1;
  const auto start = before.rfind('\n');
  const auto column = static_cast<int>(start == std::string_view::npos ? offset : offset - start - 1) + 1;
  return {file.name, line, column};
}

// What the node tree no longer shows, checked on the parser's events: a
// second document, a key given twice in any map, and aliases (which would
// let a few bytes stand for an exponentially large tree).
class Structure : public YAML::EventHandler {
 public:
  explicit Structure(const TextFile& file) : file_(file) {}

  std::optional<Error> problem;
  int documents = 0;

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents == 2) fail(mark, "a second YAML document ('---'); a file holds one", "one document");
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark, nullptr); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    fail(mark, "an alias (*name); write the value out", "plain YAML without anchors and aliases");
    node(mark, nullptr);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string& value) override {
    node(mark, &value);
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    frames_.push_back({false, true, {}});
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    frames_.push_back({true, true, {}});
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    bool map = false;
    bool expect_key = true;              // in a map: the next node is a key
    std::map<std::string, int> keys{};   // key -> line first seen
  };

  void fail(const YAML::Mark& mark, std::string message, std::string expected) {
    if (problem) return;
    Error e = make_error(ErrorCode::bad_input, std::move(message), {}, std::move(expected));
    e.where = {file_.name, mark.line + 1, mark.column + 1};
    problem = std::move(e);
  }
  // A node ends (a scalar, or a collection closing): a key or a value of the
  // enclosing map, if any.
  void node(const YAML::Mark& mark, const std::string* scalar) {
    if (frames_.empty() || !frames_.back().map) return;
    Frame& f = frames_.back();
    if (f.expect_key && scalar != nullptr) {
      const auto [it, inserted] = f.keys.emplace(*scalar, mark.line + 1);
      if (!inserted) {
        fail(mark, fmt::format("key '{}' given twice (first on line {})", shown(*scalar), it->second),
             "each key once");
      }
    }
    f.expect_key = !f.expect_key;
  }
  void close() {
    frames_.pop_back();
    node(YAML::Mark::null_mark(), nullptr);
  }

  const TextFile& file_;
  std::vector<Frame> frames_;
};

}  // namespace

Expected<YamlDoc> parse_yaml(const TextFile& file) {
  if (const auto bad = invalid_utf8(file.text); bad != std::string_view::npos) {
    Error err = make_error(ErrorCode::bad_input,
                           fmt::format("invalid UTF-8 (byte 0x{:02X})", static_cast<unsigned char>(file.text[bad])),
                           {}, "a UTF-8 text file");
    err.where = at_offset(file, bad);
    return err;
  }
  try {
    std::istringstream in(file.text);
    YAML::Parser parser(in);
    Structure structure(file);
    while (parser.HandleNextDocument(structure) && !structure.problem) {
    }
    if (structure.problem) return *structure.problem;
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
                        fmt::format("unknown key '{}'{}", shown(key), did_you_mean(key, allowed)),
                        fmt::format("one of: {}", join(allowed))));
    }
  }
}

}  // namespace w2t::data
