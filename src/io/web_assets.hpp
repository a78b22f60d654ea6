// The built web front end, embedded in the binary (cmake/embed_web.cmake):
// the dashboard under /app/ and the report's script and styles under
// /report/. Empty when the build had no web/dist (Node.js missing).
#pragma once

#include <span>
#include <string_view>

namespace w2t::io {

struct WebAsset {
  std::string_view path;  // "/app/index.html", "/report/report.js"
  std::string_view body;
};

std::span<const WebAsset> web_assets();

// The asset at `path`, or nullptr.
const WebAsset* web_asset(std::string_view path);

}  // namespace w2t::io
