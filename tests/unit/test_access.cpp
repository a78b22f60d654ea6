// Who may ask w2t serve (server/access.hpp) and what a body may be
// (server/body.hpp): the cases a hostile page or client tries.
#include <gtest/gtest.h>

#include "server/access.hpp"
#include "server/body.hpp"

namespace w2t::server {
namespace {

AccessPolicy loopback() { return {"127.0.0.1", 8080, {}, {}, ""}; }

Asked get(std::string_view path, std::string_view host = "127.0.0.1:8080") {
  Asked a;
  a.method = "GET";
  a.path = path;
  a.host = host;
  return a;
}

Asked post_json(std::string_view origin = {}) {
  Asked a = get("/api/run");
  a.method = "POST";
  a.content_type = "application/json";
  a.origin = origin;
  return a;
}

int status(const AccessPolicy& p, const Asked& a) {
  auto d = deny(p, a);
  return d ? d->status : 200;
}

TEST(Access, HostMustBeTheAddressServedOrLoopback) {
  const auto p = loopback();
  EXPECT_EQ(status(p, get("/api/data")), 200);
  EXPECT_EQ(status(p, get("/api/data", "localhost:8080")), 200);
  EXPECT_EQ(status(p, get("/api/data", "LOCALHOST:8080")), 200);
  EXPECT_EQ(status(p, get("/api/data", "[::1]:8080")), 200);
  EXPECT_EQ(status(p, get("/api/data", "attacker.example")), 403);       // DNS rebinding
  EXPECT_EQ(status(p, get("/api/data", "attacker.example:8080")), 403);
  EXPECT_EQ(status(p, get("/api/data", "127.0.0.1:8081")), 403);         // another port
  EXPECT_EQ(status(p, get("/api/data", "127.0.0.1")), 403);              // port 80 implied
  EXPECT_EQ(status(p, get("/api/data", "")), 403);
  EXPECT_EQ(status(p, get("/api/data", "127.0.0.1:80x")), 403);
  EXPECT_EQ(status(p, get("/", "attacker.example:8080")), 403);  // the page too
}

TEST(Access, EveryAddressAcceptsIpLiteralsNotNames) {
  AccessPolicy p{"0.0.0.0", 8080, {}, {}, "secret-token-0123456789"};
  Asked a = get("/api/health", "192.168.1.20:8080");
  EXPECT_EQ(status(p, a), 200);
  a.host = "intranet.example:8080";
  EXPECT_EQ(status(p, a), 403);
}

TEST(Access, AProxysNameIsAllowedByName) {
  AccessPolicy p = loopback();
  p.allowed_hosts = {"w2t.example.org"};
  EXPECT_EQ(status(p, get("/api/health", "w2t.example.org")), 200);
  EXPECT_EQ(status(p, get("/api/health", "w2t.example.org:443")), 200);
  EXPECT_EQ(status(p, get("/api/health", "evil.example.org")), 403);
}

TEST(Access, OriginMustBeTheServersOwn) {
  const auto p = loopback();
  EXPECT_EQ(status(p, post_json()), 200);  // curl, scripts: no Origin
  EXPECT_EQ(status(p, post_json("http://127.0.0.1:8080")), 200);
  EXPECT_EQ(status(p, post_json("http://attacker.example")), 403);
  EXPECT_EQ(status(p, post_json("null")), 403);  // a sandboxed frame or a file: page
  EXPECT_EQ(status(p, post_json("http://127.0.0.1:9999")), 403);
  AccessPolicy allowed = p;
  allowed.allow_origins = {"https://notebook.example"};
  EXPECT_EQ(status(allowed, post_json("https://notebook.example")), 200);
  Asked cross = get("/api/runs");
  cross.sec_fetch_site = "cross-site";
  EXPECT_EQ(status(p, cross), 403);
  cross.sec_fetch_site = "same-origin";
  EXPECT_EQ(status(p, cross), 200);
}

TEST(Access, APostMustDeclareJson) {
  const auto p = loopback();
  Asked a = post_json();
  a.content_type = "text/plain";  // what a page may send cross-origin without a preflight
  EXPECT_EQ(status(p, a), 415);
  a.content_type = "application/x-www-form-urlencoded";
  EXPECT_EQ(status(p, a), 415);
  a.content_type = "";
  EXPECT_EQ(status(p, a), 415);
  a.content_type = "application/json; charset=utf-8";
  EXPECT_EQ(status(p, a), 200);
  a.content_type = "application/jsonp";
  EXPECT_EQ(status(p, a), 415);
}

TEST(Access, TheTokenGuardsTheApiButNotHealthOrThePage) {
  AccessPolicy p = loopback();
  p.token = "0123456789abcdef0123";
  Asked a = get("/api/runs");
  EXPECT_EQ(status(p, a), 401);
  a.authorization = "Bearer 0123456789abcdef0123";
  EXPECT_EQ(status(p, a), 200);
  a.authorization = "bearer 0123456789abcdef0123";
  EXPECT_EQ(status(p, a), 200);
  a.authorization = "Bearer 0123456789abcdef012";  // a prefix of it
  EXPECT_EQ(status(p, a), 401);
  a.authorization = "Bearer 0123456789abcdef01234";
  EXPECT_EQ(status(p, a), 401);
  a.authorization = "Basic 0123456789abcdef0123";
  EXPECT_EQ(status(p, a), 401);
  EXPECT_EQ(status(p, get("/api/health")), 200);
  EXPECT_EQ(status(p, get("/")), 200);
}

TEST(Access, LoopbackAndTokens) {
  EXPECT_TRUE(is_loopback("127.0.0.1"));
  EXPECT_TRUE(is_loopback("127.3.4.5"));
  EXPECT_TRUE(is_loopback("::1"));
  EXPECT_TRUE(is_loopback("localhost"));
  EXPECT_FALSE(is_loopback("0.0.0.0"));
  EXPECT_FALSE(is_loopback("192.168.1.2"));
  EXPECT_FALSE(is_loopback("127.0.0.1.attacker.example"));
  const auto a = new_token();
  EXPECT_EQ(a.size(), 48U);
  EXPECT_NE(a, new_token());
}

TEST(Body, AnObjectWithinDepthAndKeysOnce) {
  EXPECT_TRUE(parse_body("").ok());
  EXPECT_TRUE(parse_body(R"({"set": {"a": "1", "b": 2}})").ok());
  EXPECT_FALSE(parse_body("[1, 2]").ok());
  EXPECT_FALSE(parse_body("{not json").ok());
  auto twice = parse_body(R"({"set": {"a": 1, "a": 2}})");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().message.find("twice"), std::string::npos);
  EXPECT_EQ(twice.error().path, "set.a");
  std::string deep = R"({"set": {"a": )" + std::string(100000, '[') + std::string(100000, ']') + "}}";
  auto nested = parse_body(deep);
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.error().message.find("deeper"), std::string::npos);
  std::string ok_depth = R"({"a": )" + std::string(kMaxBodyDepth - 1, '[') + std::string(kMaxBodyDepth - 1, ']') + "}";
  EXPECT_TRUE(parse_body(ok_depth).ok());
  EXPECT_FALSE(parse_body("{\"id\": \"\xff\"}").ok());  // not UTF-8
}

}  // namespace
}  // namespace w2t::server
