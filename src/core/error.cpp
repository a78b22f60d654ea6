#include "core/error.hpp"

#include <fmt/format.h>

namespace w2t {

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::bad_input: return "bad_input";
    case ErrorCode::bad_unit: return "bad_unit";
    case ErrorCode::bad_value: return "bad_value";
    case ErrorCode::bad_reference: return "bad_reference";
    case ErrorCode::missing: return "missing";
    case ErrorCode::io: return "io";
    case ErrorCode::infeasible: return "infeasible";
  }
  return "unknown";
}

std::string Error::format() const {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0) out += fmt::format(":{}", where.line);
    if (where.column > 0) out += fmt::format(":{}", where.column);
    out += ": ";
  }
  if (!path.empty()) out += path + ": ";
  out += message;
  if (!expected.empty()) out += fmt::format(" (expected {})", expected);
  return out;
}

Error make_error(ErrorCode code, std::string message, std::string path, std::string expected) {
  Error e;
  e.code = code;
  e.message = std::move(message);
  e.path = std::move(path);
  e.expected = std::move(expected);
  return e;
}

}  // namespace w2t
