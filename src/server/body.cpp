#include "server/body.hpp"

#include <fmt/format.h>

#include <set>
#include <string>
#include <vector>

namespace w2t::server {
namespace {

// A first pass over the text that builds nothing: depth and keys.
class Shape final : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::string problem;
  std::string path;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    auto& keys = levels_.back().keys;
    if (!keys.insert(k).second) {
      problem = fmt::format("the key '{}' appears twice in one object", k.substr(0, 200));
      path = where(k);
      return false;
    }
    levels_.back().last = k;
    return true;
  }
  bool parse_error(std::size_t at, const std::string&, const nlohmann::detail::exception& e) override {
    problem = fmt::format("the body is not JSON (byte {}: {})", at, e.what());
    return false;
  }

 private:
  struct Level {
    bool object = false;
    std::set<std::string> keys;
    std::string last;
  };

  bool open(bool object) {
    if (static_cast<int>(levels_.size()) >= kMaxBodyDepth) {
      problem = fmt::format("the body is nested deeper than {} levels", kMaxBodyDepth);
      path = where({});
      return false;
    }
    levels_.push_back({object, {}, {}});
    return true;
  }
  bool close() {
    levels_.pop_back();
    return true;
  }
  // The dotted path of the keys open so far (arrays as []), then `key`.
  [[nodiscard]] std::string where(const std::string& key) const {
    std::string out;
    for (std::size_t i = 0; i + 1 < levels_.size() && out.size() < 200; ++i) {
      out += levels_[i].object ? (out.empty() ? "" : ".") + levels_[i].last.substr(0, 64) : std::string("[]");
    }
    if (!key.empty()) out += (out.empty() ? "" : ".") + key.substr(0, 64);
    return out;
  }

  std::vector<Level> levels_;
};

}  // namespace

Expected<nlohmann::json> parse_body(std::string_view text) {
  if (text.empty()) return nlohmann::json::object();
  Shape shape;
  if (!nlohmann::json::sax_parse(text, &shape) || !shape.problem.empty()) {
    return make_error(ErrorCode::bad_input, shape.problem.empty() ? "the body is not JSON" : shape.problem,
                      shape.path, "a JSON object such as {\"set\": {\"PATH\": \"VALUE\"}}");
  }
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return make_error(ErrorCode::bad_input, "the body is not a JSON object", "",
                      "a JSON object such as {\"set\": {\"PATH\": \"VALUE\"}}");
  }
  return doc;
}

}  // namespace w2t::server
