// `w2t serve`: the dashboard's static files and the JSON API (docs/api.yaml)
// over HTTP (cpp-httplib).
//
// Limits: it binds 127.0.0.1 unless told otherwise; request bodies are
// capped; Monte Carlo samples per request and studies running at once are
// capped (engine.hpp); reads and writes time out; static files come only from
// the assets embedded in the binary, so no path reaches the file system.
// Errors are JSON {code, message, path} with a 4xx or 5xx status.
#pragma once

#include <functional>
#include <string>

#include "server/engine.hpp"

namespace w2t::server {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::size_t max_body = 1 << 20;  // bytes
  int threads = 8;                 // requests served at once
  Limits limits;
  std::string store_path;
  std::string version;
};

// Serves until stop() is called from another thread (or a signal handler's
// thread); `on_listening` is called with the bound port. An error when the
// model does not load or the address cannot be bound.
Expected<bool> serve(const ServeOptions& options, const std::function<void(int port)>& on_listening);
void stop();

}  // namespace w2t::server
