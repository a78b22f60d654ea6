// Reading and atomically writing whole files.
#pragma once

#include <string>

#include "core/error.hpp"

namespace w2t {

Expected<std::string> read_text(const std::string& path);

// Writes to a temporary file beside `path` and renames it into place, so a
// failure never leaves a half-written file.
Expected<bool> write_text_atomic(const std::string& path, const std::string& text);

}  // namespace w2t
