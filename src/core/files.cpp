#include "core/files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <utility>

namespace w2t {
namespace {

// What a file that is not a regular one is, for messages.
const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

// Closes a descriptor on scope exit.
struct Descriptor {
  int fd = -1;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

Expected<std::string> read_text(const std::string& path, std::size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting
  // for a writer; fstat then refuses it.
  const Descriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
  if (file.fd < 0) {
    return make_error(ErrorCode::io, fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
  }
  struct stat info {};
  if (::fstat(file.fd, &info) != 0) {
    return make_error(ErrorCode::io, fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
  }
  if (!S_ISREG(info.st_mode)) {
    return make_error(ErrorCode::io, fmt::format("{}: is {}, not a file", path, kind_of(info.st_mode)), {},
                      "a regular file");
  }
  if (static_cast<std::size_t>(info.st_size) > max_bytes) {
    return make_error(ErrorCode::io,
                      fmt::format("{}: is {} bytes, more than the {} a file may have", path, info.st_size,
                                  max_bytes),
                      {}, "a smaller file");
  }
  std::string text;
  text.resize(static_cast<std::size_t>(info.st_size));
  std::size_t got = 0;
  // A file that grows while it is read is read up to its size at open, plus
  // a check that nothing is left beyond the cap.
  while (got < text.size()) {
    const ssize_t n = ::read(file.fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return make_error(ErrorCode::io, fmt::format("{}: read failed: {}", path, std::strerror(errno)));
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  text.resize(got);
  return text;
}

std::optional<Error> check_writable_target(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return std::nullopt;
    return make_error(ErrorCode::io, fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  }
  if (!S_ISREG(info.st_mode)) {
    return make_error(ErrorCode::io,
                      fmt::format("{}: is {}; only a regular file is replaced", path, kind_of(info.st_mode)), {},
                      "a path to a new or regular file");
  }
  return std::nullopt;
}

Expected<bool> write_text_atomic(const std::string& path, const std::string& text) {
  if (auto refused = check_writable_target(path)) return *refused;
  // mkstemp creates the temporary name with O_CREAT | O_EXCL: never an
  // existing file, never through a link.
  std::string tmp = path + ".XXXXXX";
  Descriptor file{::mkstemp(tmp.data())};
  if (file.fd < 0) {
    return make_error(ErrorCode::io, fmt::format("{}: cannot write beside it: {}", path, std::strerror(errno)));
  }
  const auto fail = [&](const char* what) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    return make_error(ErrorCode::io, fmt::format("{}: {}: {}", path, what, std::strerror(saved)));
  };
  // mkstemp makes the file private; a report is as readable as any new file.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(file.fd, 0666 & ~mask) != 0) return fail("cannot set permissions");
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(file.fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("write failed");
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(file.fd) != 0) return fail("write failed");
  const int fd = std::exchange(file.fd, -1);
  if (::close(fd) != 0) return fail("write failed");
  // Checked again just before the rename: the target may have changed.
  if (auto refused = check_writable_target(path)) {
    ::unlink(tmp.c_str());
    return *refused;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) return fail("cannot rename into place");
  return true;
}

}  // namespace w2t
