#include "io/html_report.hpp"

#include <fmt/format.h>

#include "io/data_view.hpp"
#include "io/run_view.hpp"
#include "io/web_assets.hpp"

namespace w2t::io {

const WebAsset* web_asset(std::string_view path) {
  for (const auto& a : web_assets()) {
    if (a.path == path) return &a;
  }
  return nullptr;
}

Expected<std::string> html_report(const scenario::World& world, const model::Run& run, const nlohmann::json& extras,
                                  std::string_view version) {
  const auto* script = web_asset("/report/report.js");
  const auto* style = web_asset("/report/report.css");
  if (script == nullptr) {
    return make_error(ErrorCode::io,
                      "this build has no report script (web/dist was not built: Node.js missing?)",
                      "--report", "make build with Node.js and npm installed");
  }
  nlohmann::json data = {{"view", run_view(world, run)},
                         {"parameters", dataset_json(world, "")["parameters"]},
                         {"version", version}};
  for (const char* key : {"mc", "sensitivity", "need", "ops"}) {
    if (extras.contains(key)) data[key] = extras[key];
  }
  // Inside <script>, "</script" or "<!--" would end or upset the element.
  // '<' occurs in JSON only inside strings, where \u003c stands for it.
  const std::string json = data.dump();
  std::string safe;
  safe.reserve(json.size());
  for (const char c : json) {
    if (c == '<') {
      safe += "\\u003c";
    } else {
      safe += c;
    }
  }
  return fmt::format(
      "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>wafer2token report — {}</title>\n<style>\n{}\n</style>\n</head>\n<body>\n"
      "<noscript>This report draws its charts with JavaScript.</noscript>\n"
      "<script>window.W2T_REPORT = {};</script>\n<script>\n{}\n</script>\n</body>\n</html>\n",
      world.scenario.id, style != nullptr ? style->body : std::string_view{}, safe, script->body);
}

}  // namespace w2t::io
