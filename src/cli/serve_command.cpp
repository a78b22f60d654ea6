#include <fmt/format.h>
#include <pthread.h>

#include <csignal>
#include <thread>

#include "cli/commands.hpp"
#include "io/run_store.hpp"
#include "server/http.hpp"

#ifndef W2T_VERSION
#define W2T_VERSION "dev"
#endif

namespace w2t::cli {

// w2t serve: until Ctrl-C or SIGTERM, which a thread of its own waits for
// (the server's threads inherit a mask that blocks both).
int run_serve(const ServeOptions& o) {
  if (o.port < 0 || o.port > 65535) {
    fmt::print(stderr, "--port: {} is not a port (expected 0 to 65535)\n", o.port);
    return kExitBadInput;
  }
  if (o.max_samples < 1 || o.threads < 1) {
    fmt::print(stderr, "--max-samples and --threads must be at least 1\n");
    return kExitBadInput;
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread waiter([signals] {
    int which = 0;
    sigwait(&signals, &which);
    server::stop();
  });
  waiter.detach();

  server::ServeOptions options;
  options.host = o.host;
  options.port = o.port;
  options.threads = o.threads;
  options.limits.max_samples = o.max_samples;
  options.store_path = o.db.empty() ? io::default_store_path() : o.db;
  options.version = W2T_VERSION;
  auto served = server::serve(options, [&](int port) {
    fmt::print(stderr, "w2t: the dashboard is at http://{}:{}/ and the API under /api/ (Ctrl-C stops)\n",
               o.host == "0.0.0.0" ? "127.0.0.1" : o.host, port);
  });
  if (!served) {
    fmt::print(stderr, "{}\n", served.error().format());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace w2t::cli
