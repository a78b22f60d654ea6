#include "server/connection.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace w2t::server {
namespace {

using Clock = std::chrono::steady_clock;

// A connection's socket and the bytes read ahead of the request being parsed
// (the next request's, when a client pipelines).
struct Connection {
  int fd = -1;
  std::array<char, 8192> buffer{};
  std::size_t begin = 0, end = 0;
  bool close = false;

  [[nodiscard]] bool buffered() const { return begin < end; }
};

thread_local Connection* current = nullptr;

// Waits until `fd` is ready for `events` or `deadline` passes.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (n > 0) return (p.revents & (events | POLLHUP | POLLERR)) != 0;
    if (n < 0 && errno != EINTR) return false;
  }
}

void address_of(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  auto* a = reinterpret_cast<sockaddr*>(&addr);
  if ((peer ? ::getpeername(fd, a, &len) : ::getsockname(fd, a, &len)) != 0) return;
  std::array<char, NI_MAXHOST> host{};
  std::array<char, NI_MAXSERV> service{};
  if (::getnameinfo(a, len, host.data(), host.size(), service.data(), service.size(),
                    NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    ip = host.data();
    port = std::atoi(service.data());
  }
}

// One request and its answer on a connection, within their deadlines and
// the request's byte budget.
class BoundedStream final : public httplib::Stream {
 public:
  BoundedStream(Connection& c, const ConnectionBounds& b)
      : c_(c), bounds_(b), read_by_(Clock::now() + b.request), left_(b.request_bytes) {}

  bool is_readable() const override { return c_.buffered() || wait_for(c_.fd, POLLIN, read_by_); }
  bool is_writable() const override { return wait_for(c_.fd, POLLOUT, write_by()); }

  ssize_t read(char* ptr, size_t size) override {
    if (left_ == 0) return -1;
    if (!c_.buffered()) {
      if (!wait_for(c_.fd, POLLIN, read_by_)) return -1;
      ssize_t got = 0;
      do {
        got = ::recv(c_.fd, c_.buffer.data(), c_.buffer.size(), 0);
      } while (got < 0 && errno == EINTR);
      if (got <= 0) return got;
      c_.begin = 0;
      c_.end = static_cast<std::size_t>(got);
    }
    const std::size_t n = std::min({size, c_.end - c_.begin, left_});
    std::memcpy(ptr, c_.buffer.data() + c_.begin, n);
    c_.begin += n;
    left_ -= n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!wait_for(c_.fd, POLLOUT, write_by())) return -1;
    ssize_t sent = 0;
    do {
      sent = ::send(c_.fd, ptr, size, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    return sent;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(c_.fd, true, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(c_.fd, false, ip, port); }
  socket_t socket() const override { return c_.fd; }

 private:
  // The answer's deadline runs from its first byte: a study may take long.
  Clock::time_point write_by() const {
    if (!write_by_) write_by_ = Clock::now() + bounds_.response;
    return *write_by_;
  }

  Connection& c_;
  const ConnectionBounds& bounds_;
  Clock::time_point read_by_;
  mutable std::optional<Clock::time_point> write_by_;
  std::size_t left_;
};

}  // namespace

void BoundedServer::close_after_answer() {
  if (current != nullptr) current->close = true;
}

bool BoundedServer::process_and_close_socket(socket_t sock) {
  Connection c;
  c.fd = sock;
  current = &c;
  bool ok = false;
  for (int count = bounds_.requests_per_connection; count > 0 && svr_sock_ != INVALID_SOCKET; --count) {
    const auto idle_until = Clock::now() + bounds_.idle;
    bool ready = c.buffered();
    while (!ready && svr_sock_ != INVALID_SOCKET && Clock::now() < idle_until) {
      ready = wait_for(sock, POLLIN, std::min(idle_until, Clock::now() + std::chrono::milliseconds(100)));
    }
    if (!ready) break;
    BoundedStream stream(c, bounds_);
    bool closed = false;
    ok = process_request(stream, count == 1, closed, nullptr);
    if (!ok || closed || c.close) break;
  }
  current = nullptr;
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace w2t::server
