// Reading and atomically writing whole files, refusing what is not a
// regular file: a FIFO, a device or a socket can neither block a read nor be
// replaced by a write.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "core/error.hpp"

namespace w2t {

// The largest text file read by default (a data file is a few hundred KB).
inline constexpr std::size_t kMaxTextFileBytes = std::size_t{64} << 20;

// The whole of a regular file of at most `max_bytes`; an error for anything
// else (a directory, FIFO, device, socket, or a larger file). Never blocks on
// a FIFO: it is opened without waiting for a writer and then refused.
Expected<std::string> read_text(const std::string& path, std::size_t max_bytes = kMaxTextFileBytes);

// An error unless `path` is absent or a regular file (not a symbolic link,
// device, FIFO or directory): what write_text_atomic and the run store may
// replace or open.
std::optional<Error> check_writable_target(const std::string& path);

// Writes to a temporary file created exclusively beside `path` and renames it
// over `path`, which must be absent or a regular file: a failure never leaves
// a half-written file, and a planted link is never followed.
Expected<bool> write_text_atomic(const std::string& path, const std::string& text);

}  // namespace w2t
