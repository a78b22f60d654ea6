// Who may ask the server: the checks every request passes before it is
// routed, independent of the HTTP library so that they can be tested alone.
//
// A page on another origin can make a browser send requests to a server on
// loopback, and DNS rebinding can give such a page the server's origin under
// another name. So: the Host must name the address served (or a loopback
// name, an IP address when serving on every address, or a name the operator
// allowed for a proxy), with the port served; an Origin must be the server's
// own (or one the operator allowed); a POST must declare a JSON body (a
// cross-origin form or text/plain request cannot); and /api/ needs the
// access token whenever the server has one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace w2t::server {

struct AccessPolicy {
  std::string host;  // the address bound: 127.0.0.1, ::1, 0.0.0.0, a name
  int port = 0;      // the port bound
  std::vector<std::string> allowed_hosts;  // names a proxy sends as Host (any port)
  std::vector<std::string> allow_origins;  // origins besides the server's own, e.g. https://w2t.example
  std::string token;                       // "" when none is required
};

// What the checks read of a request (header values "" when absent).
struct Asked {
  std::string_view method, path;
  std::string_view host, origin, sec_fetch_site, content_type, authorization;
};

struct Denial {
  int status = 403;
  std::string message;
};

std::optional<Denial> deny(const AccessPolicy& policy, const Asked& asked);

// Whether the address is a loopback one (127.0.0.0/8, ::1, localhost).
bool is_loopback(std::string_view host);

// A token of `bytes` random bytes in hex, from the system's random source.
std::string new_token(int bytes = 24);

}  // namespace w2t::server
