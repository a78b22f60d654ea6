#include "server/access.hpp"

#include <fmt/format.h>

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <random>

namespace w2t::server {
namespace {

bool same_text(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(x) == std::tolower(y); });
}

// Compares without stopping at the first difference, so that the time taken
// says nothing about how much of a guessed token was right.
bool same_secret(std::string_view given, std::string_view secret) {
  if (given.size() != secret.size()) return false;
  unsigned diff = 0;
  for (std::size_t i = 0; i < secret.size(); ++i) {
    diff |= static_cast<unsigned>(static_cast<unsigned char>(given[i]) ^ static_cast<unsigned char>(secret[i]));
  }
  return diff == 0;
}

struct HostPort {
  std::string_view name;  // without brackets for IPv6
  int port = 80;
  bool ok = false;
};

HostPort split_host(std::string_view host) {
  HostPort out;
  std::string_view rest;
  if (host.starts_with('[')) {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return out;
    out.name = host.substr(1, close - 1);
    rest = host.substr(close + 1);
  } else {
    const auto colon = host.find(':');
    out.name = host.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view{} : host.substr(colon);
  }
  if (!rest.empty()) {
    if (!rest.starts_with(':') || rest.size() == 1) return out;
    const auto digits = rest.substr(1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out.port);
    if (ec != std::errc{} || end != digits.data() + digits.size()) return out;
  }
  out.ok = !out.name.empty();
  return out;
}

bool is_ip_literal(std::string_view name) {
  const std::string text(name);
  unsigned char buffer[16];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 || inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

bool is_wildcard(std::string_view host) { return host == "0.0.0.0" || host == "::" || host.empty(); }

bool host_allowed(const AccessPolicy& p, std::string_view header) {
  const auto h = split_host(header);
  if (!h.ok) return false;
  for (const auto& name : p.allowed_hosts) {
    if (same_text(name, h.name)) return true;
  }
  if (h.port != p.port) return false;
  if (same_text(h.name, p.host) || is_loopback(h.name)) return true;
  return is_wildcard(p.host) && is_ip_literal(h.name);
}

bool origin_allowed(const AccessPolicy& p, const Asked& a) {
  if (a.origin.empty()) return true;
  for (const auto& origin : p.allow_origins) {
    if (same_text(origin, a.origin)) return true;
  }
  return same_text(a.origin, fmt::format("http://{}", a.host)) || same_text(a.origin, fmt::format("https://{}", a.host));
}

bool is_json(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  auto type = content_type.substr(0, semicolon);
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  return same_text(type, "application/json");
}

}  // namespace

bool is_loopback(std::string_view host) {
  if (same_text(host, "localhost") || host == "::1") return true;
  const std::string text(host);
  in_addr v4{};
  return inet_pton(AF_INET, text.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

std::optional<Denial> deny(const AccessPolicy& p, const Asked& a) {
  if (!host_allowed(p, a.host)) {
    return Denial{403, fmt::format("Host '{}' is not this server's address; a proxy's name is allowed with "
                                   "--allowed-host",
                                   a.host.substr(0, 200))};
  }
  const bool api = a.path.starts_with("/api/");
  if (!origin_allowed(p, a) || (api && a.origin.empty() && a.sec_fetch_site == "cross-site")) {
    return Denial{403, fmt::format("requests from the page at '{}' are not allowed; --allow-origin allows an origin",
                                   a.origin.empty() ? std::string_view("another site") : a.origin.substr(0, 200))};
  }
  if (!api) return std::nullopt;
  if (!p.token.empty() && a.path != "/api/health") {
    constexpr std::string_view kBearer = "Bearer ";
    const bool given = a.authorization.size() > kBearer.size() && same_text(a.authorization.substr(0, kBearer.size()), kBearer);
    if (!given || !same_secret(a.authorization.substr(kBearer.size()), p.token)) {
      return Denial{401, "this server needs its access token (Authorization: Bearer TOKEN); the address `w2t serve` "
                         "printed carries it after #token="};
    }
  }
  if (a.method == "POST" && !is_json(a.content_type)) {
    return Denial{415, fmt::format("a POST's body must be JSON with Content-Type: application/json (not '{}')",
                                   a.content_type.substr(0, 100))};
  }
  return std::nullopt;
}

std::string new_token(int bytes) {
  std::random_device source;
  std::string token;
  for (int i = 0; i < bytes; ++i) token += fmt::format("{:02x}", source() & 0xFFU);
  return token;
}

}  // namespace w2t::server
