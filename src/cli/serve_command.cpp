#include <fmt/format.h>
#include <pthread.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <thread>

#include "cli/commands.hpp"
#include "core/files.hpp"
#include "io/run_store.hpp"
#include "server/http.hpp"

#ifndef W2T_VERSION
#define W2T_VERSION "dev"
#endif

namespace w2t::cli {
namespace {

constexpr std::size_t kMinTokenLength = 16;
constexpr std::size_t kMaxTokenBytes = 4096;

// The API token: from --token-file, else generated when one is needed (the
// server listens beyond loopback, or --require-token); "" when none is.
Expected<std::string> token_of(const ServeOptions& o) {
  if (o.token_file.empty()) {
    const bool needed = o.require_token || !server::is_loopback(o.host);
    return needed ? server::new_token() : std::string{};
  }
  auto text = read_text(o.token_file, kMaxTokenBytes);
  if (!text) return text.error();
  std::string token = *text;
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
  const bool printable = std::all_of(token.begin(), token.end(), [](char c) { return c > ' ' && c < 127; });
  if (token.size() < kMinTokenLength || !printable) {
    return make_error(ErrorCode::bad_value,
                      fmt::format("{}: the token must be one line of at least {} printable characters, no spaces",
                                  o.token_file, kMinTokenLength),
                      "--token-file", "a file such as one written by: head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \\n'");
  }
  return token;
}

// The host in an address a browser on this machine can open.
std::string shown_host(const std::string& host) {
  if (host == "0.0.0.0") return "127.0.0.1";
  if (host == "::") return "[::1]";
  return host.find(':') != std::string::npos ? fmt::format("[{}]", host) : host;
}

}  // namespace

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
  auto token = token_of(o);
  if (!token) {
    fmt::print(stderr, "{}\n", token.error().format());
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
  options.allowed_hosts = o.allowed_hosts;
  options.allow_origins = o.allow_origins;
  options.token = *token;
  options.limits.max_samples = o.max_samples;
  options.limits.workers = o.workers;
  options.limits.scenarios_dir = o.scenarios_dir;
  options.limits.store.max_store_bytes = static_cast<std::uint64_t>(o.max_store_mb) << 20;
  options.store_path = o.db.empty() ? io::default_store_path() : o.db;
  options.version = W2T_VERSION;
  auto served = server::serve(options, [&](int port) {
    const std::string host = shown_host(o.host);
    fmt::print(stderr, "w2t: the dashboard is at http://{}:{}/{} and the API under /api/ (Ctrl-C stops)\n", host,
               port, options.token.empty() ? "" : fmt::format("#token={}", options.token));
    if (!options.token.empty()) {
      fmt::print(stderr, "w2t: API requests need the header: Authorization: Bearer {}\n", options.token);
    }
  });
  if (!served) {
    fmt::print(stderr, "{}\n", served.error().format());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace w2t::cli
