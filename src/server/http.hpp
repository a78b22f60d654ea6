// `w2t serve`: the dashboard's static files and the JSON API (docs/api.yaml)
// over HTTP (cpp-httplib).
//
// Limits: it binds 127.0.0.1 unless told otherwise; who may ask is checked
// before anything else (access.hpp); a request must arrive whole within a
// deadline and a byte budget, its body within max_body whatever the transfer
// encoding (connection.hpp); what evaluating it may cost is bounded
// (engine.hpp); static files come only from the assets embedded in the
// binary and `extends:` names embedded scenarios (or files in the folder the
// operator named), so no request reaches the file system.
// Errors are JSON {code, message, path} with a 4xx or 5xx status.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "server/access.hpp"
#include "server/connection.hpp"
#include "server/engine.hpp"

namespace w2t::server {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::size_t max_body = 1 << 20;  // bytes
  int threads = 64;                // connections served at once
  std::vector<std::string> allowed_hosts, allow_origins;  // access.hpp
  std::string token;                                      // "" when none is required
  ConnectionBounds connection;
  Limits limits;
  std::string store_path;
  std::string version;
};

// Serves until stop() is called from another thread (or a signal handler's
// thread); `on_listening` is called with the bound port. An error when the
// model does not load or the address cannot be bound (a port in use by
// another server included).
Expected<bool> serve(const ServeOptions& options, const std::function<void(int port)>& on_listening);
void stop();

}  // namespace w2t::server
