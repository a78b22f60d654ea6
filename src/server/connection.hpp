// A cpp-httplib server whose connections cost a bounded amount: each request
// must arrive whole within a deadline (not a timeout per read) and within a
// byte budget whatever its transfer encoding; each answer must leave within
// a deadline of its own; an idle keep-alive connection is closed.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>

namespace w2t::server {

struct ConnectionBounds {
  std::chrono::milliseconds request{10'000};   // from its first byte to its last
  std::chrono::milliseconds response{30'000};  // from its first byte to its last
  std::chrono::milliseconds idle{5'000};       // between requests on one connection
  std::size_t request_bytes = std::size_t{1} << 20;  // request line, headers and body
  int requests_per_connection = 100;
};

class BoundedServer : public httplib::Server {
 public:
  explicit BoundedServer(ConnectionBounds bounds) : bounds_(bounds) {}

  // Closes the connection being served once its answer is written: the
  // request's body was refused unread, so what follows it is not a request.
  // Called from a handler's thread.
  static void close_after_answer();

 private:
  bool process_and_close_socket(socket_t sock) override;

  ConnectionBounds bounds_;
};

}  // namespace w2t::server
