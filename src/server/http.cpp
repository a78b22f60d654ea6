#include "server/http.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <atomic>
#include <charconv>

#include "io/web_assets.hpp"
#include "server/body.hpp"

namespace w2t::server {
namespace {

std::atomic<httplib::Server*> running{nullptr};

// What a browser may do with the dashboard: its own scripts and styles only,
// never framed, no form sent elsewhere.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'";

void send_json(httplib::Response& res, const nlohmann::json& doc, int status = 200) {
  res.status = status;
  res.set_content(doc.dump(), "application/json");
}

void send_error(httplib::Response& res, int status, const Error& e) {
  nlohmann::json doc = {
      {"code", to_string(e.code)}, {"message", e.message}, {"path", e.path}, {"expected", e.expected}};
  if (e.where.line > 0) doc["where"] = fmt::format("{}:{}:{}", e.where.file, e.where.line, e.where.column);
  send_json(res, doc, status);
}

void answer(httplib::Response& res, Answer<nlohmann::json> a) {
  if (auto* refused = std::get_if<Refusal>(&a)) {
    send_error(res, refused->status, refused->error);
  } else {
    send_json(res, std::get<nlohmann::json>(a));
  }
}

// Reads a POST's body within `max_body` bytes, whatever its transfer
// encoding, and parses it (server/body.hpp); an error answered otherwise.
std::optional<nlohmann::json> body_of(const httplib::ContentReader& reader, httplib::Response& res,
                                      std::size_t max_body) {
  std::string body;
  bool too_large = false;
  const bool read = reader([&](const char* data, std::size_t size) {
    if (body.size() + size > max_body) {
      too_large = true;
      return false;
    }
    body.append(data, size);
    return true;
  });
  if (too_large || res.status == 413) {
    BoundedServer::close_after_answer();
    send_error(res, 413,
               make_error(ErrorCode::bad_input, fmt::format("the request body is larger than {} bytes", max_body),
                          "", "a smaller body"));
    return std::nullopt;
  }
  if (!read) {
    BoundedServer::close_after_answer();
    send_error(res, 400, make_error(ErrorCode::bad_input, "the request body did not arrive whole in time", ""));
    return std::nullopt;
  }
  auto doc = parse_body(body);
  if (!doc) {
    send_error(res, 400, doc.error());
    return std::nullopt;
  }
  return std::move(*doc);
}

std::int64_t id_of(const std::string& text) {
  std::int64_t id = 0;
  std::from_chars(text.data(), text.data() + text.size(), id);
  return id;
}

std::string_view content_type(std::string_view path) {
  if (path.ends_with(".html")) return "text/html; charset=utf-8";
  if (path.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (path.ends_with(".css")) return "text/css; charset=utf-8";
  if (path.ends_with(".svg")) return "image/svg+xml";
  if (path.ends_with(".json")) return "application/json";
  return "application/octet-stream";
}

}  // namespace

Expected<bool> serve(const ServeOptions& o, const std::function<void(int port)>& on_listening) {
  Engine engine(o.limits, o.store_path, o.version);
  if (auto started = engine.start(); !started) return started.error();

  ConnectionBounds bounds = o.connection;
  bounds.request_bytes = o.max_body + (std::size_t{64} << 10);  // and the request line and headers
  BoundedServer server(bounds);
  server.new_task_queue = [threads = o.threads] {
    return new httplib::ThreadPool(static_cast<std::size_t>(threads));
  };
  server.set_payload_max_length(o.max_body);
  // No SO_REUSEPORT: a second server on the port fails to bind instead of
  // silently taking half the connections.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  AccessPolicy policy{o.host, o.port, o.allowed_hosts, o.allow_origins, o.token};
  server.set_pre_routing_handler([&policy](const httplib::Request& req, httplib::Response& res) {
    const auto header = [&req](const char* name) -> std::string_view {
      const auto it = req.headers.find(name);
      return it == req.headers.end() ? std::string_view{} : std::string_view(it->second);
    };
    const Asked asked{req.method,         req.path,
                      header("Host"),     header("Origin"),
                      header("Sec-Fetch-Site"), header("Content-Type"),
                      header("Authorization")};
    if (auto denied = deny(policy, asked)) {
      BoundedServer::close_after_answer();  // a refused body is left unread
      send_error(res, denied->status, make_error(ErrorCode::bad_input, denied->message, req.path.substr(0, 200)));
      if (denied->status == 401) res.set_header("WWW-Authenticate", "Bearer");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Content-Security-Policy", kContentSecurityPolicy);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    if (req.path.starts_with("/api/")) res.set_header("Cache-Control", "no-store");
    if (res.status >= 400) {
      BoundedServer::close_after_answer();
      res.headers.erase("Keep-Alive");
      res.headers.erase("Connection");
      res.set_header("Connection", "close");
    }
  });

  server.Get("/api/health", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, {{"ok", true}});
  });
  server.Get("/api/data", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(engine.data(), "application/json");
  });
  const auto post = [&](const char* path, Answer<nlohmann::json> (Engine::*method)(const nlohmann::json&)) {
    server.Post(path, [&engine, method, max_body = o.max_body](const httplib::Request&, httplib::Response& res,
                                                                const httplib::ContentReader& reader) {
      if (auto body = body_of(reader, res, max_body)) answer(res, (engine.*method)(*body));
    });
  };
  post("/api/data", &Engine::data_of);
  post("/api/run", &Engine::run);
  post("/api/mc", &Engine::mc);
  post("/api/sensitivity", &Engine::sensitivity);
  post("/api/ops", &Engine::ops);
  post("/api/need", &Engine::need);
  post("/api/infer", &Engine::infer);
  server.Get("/api/runs", [&](const httplib::Request& req, httplib::Response& res) {
    const int limit = req.has_param("limit") ? static_cast<int>(id_of(req.get_param_value("limit"))) : 50;
    answer(res, engine.runs(std::clamp(limit, 1, 1000)));
  });
  server.Get(R"(/api/runs/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
    answer(res, engine.stored(id_of(req.matches[1])));
  });
  server.Get(R"(/api/runs/(\d+)/diff/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
    answer(res, engine.diff(id_of(req.matches[1]), id_of(req.matches[2])));
  });
  // The dashboard: embedded files only, "/" being /app/index.html.
  server.Get(R"(/(.*))", [](const httplib::Request& req, httplib::Response& res) {
    if (req.path.starts_with("/api/")) {
      send_error(res, 404,
                 make_error(ErrorCode::bad_reference, fmt::format("no API {}", req.path), req.path));
      return;
    }
    const std::string path = req.path == "/" ? "/app/index.html" : "/app" + req.path;
    const auto* asset = io::web_asset(path);
    if (asset == nullptr && req.path == "/") {
      res.set_content(
          "<!doctype html><p>This w2t was built without its dashboard (web/dist was missing: "
          "Node.js and npm are needed at build time). The API answers under /api/.</p>",
          "text/html; charset=utf-8");
      return;
    }
    if (asset == nullptr) {
      res.status = 404;
      res.set_content("not found\n", "text/plain");
      return;
    }
    res.set_content(std::string(asset->body), std::string(content_type(path)));
    if (path.find("/assets/") != std::string::npos)
      res.set_header("Cache-Control", "max-age=31536000, immutable");
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    send_error(res, 500, make_error(ErrorCode::io, fmt::format("internal error: {}", what)));
  });
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413) {
      send_error(res, 413,
                 make_error(ErrorCode::bad_input, "the request body is too large", "", "a smaller body"));
    } else if (req.path.starts_with("/api/")) {
      send_error(res, res.status,
                 make_error(ErrorCode::bad_input, fmt::format("HTTP {}", res.status), req.path));
    }
  });

  const int port =
      o.port == 0 ? server.bind_to_any_port(o.host) : (server.bind_to_port(o.host, o.port) ? o.port : -1);
  if (port < 0) {
    return make_error(ErrorCode::io,
                      fmt::format("cannot listen on {}:{} (is another server using the port?)", o.host, o.port),
                      "--port", "a free port, and an address of this machine");
  }
  policy.port = port;
  running.store(&server);
  on_listening(port);
  server.listen_after_bind();
  running.store(nullptr);
  return true;
}

void stop() {
  if (auto* s = running.load()) s->stop();
}

}  // namespace w2t::server
