#include "core/files.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace w2t {

Expected<std::string> read_text(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return make_error(ErrorCode::io, fmt::format("{}: is a directory", path), {}, "a YAML file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(ErrorCode::io, fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Expected<bool> write_text_atomic(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return make_error(ErrorCode::io, fmt::format("{}: cannot write: {}", tmp, std::strerror(errno)));
    }
    out << text;
    out.flush();
    if (!out) {
      std::filesystem::remove(tmp);
      return make_error(ErrorCode::io, fmt::format("{}: write failed", tmp));
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp);
    return make_error(ErrorCode::io, fmt::format("{}: cannot rename into place: {}", path, ec.message()));
  }
  return true;
}

}  // namespace w2t
