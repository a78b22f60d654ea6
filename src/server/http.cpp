#include "server/http.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <atomic>
#include <charconv>

#include "io/web_assets.hpp"

namespace w2t::server {
namespace {

std::atomic<httplib::Server*> running{nullptr};

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

// The request's JSON body ({} when empty), or an error answered.
std::optional<nlohmann::json> body_of(const httplib::Request& req, httplib::Response& res) {
  if (req.body.empty()) return nlohmann::json::object();
  auto doc = nlohmann::json::parse(req.body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    send_error(res, 400,
               make_error(ErrorCode::bad_input, "the body is not a JSON object", "", "{\"set\": {...}}"));
    return std::nullopt;
  }
  return doc;
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

  httplib::Server server;
  server.new_task_queue = [threads = o.threads] {
    return new httplib::ThreadPool(static_cast<std::size_t>(threads));
  };
  server.set_payload_max_length(o.max_body);
  server.set_read_timeout(10, 0);
  server.set_write_timeout(10, 0);
  server.set_keep_alive_max_count(1000);

  server.Get("/api/health", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, {{"ok", true}});
  });
  server.Get("/api/data", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(engine.data(), "application/json");
  });
  const auto post = [&](const char* path, Answer<nlohmann::json> (Engine::*method)(const nlohmann::json&)) {
    server.Post(path, [&engine, method](const httplib::Request& req, httplib::Response& res) {
      if (auto body = body_of(req, res)) answer(res, (engine.*method)(*body));
    });
  };
  post("/api/data", &Engine::data_of);
  post("/api/run", &Engine::run);
  post("/api/mc", &Engine::mc);
  post("/api/sensitivity", &Engine::sensitivity);
  post("/api/ops", &Engine::ops);
  post("/api/need", &Engine::need);
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
    return make_error(ErrorCode::io, fmt::format("cannot listen on {}:{}", o.host, o.port), "--port",
                      "a free port, and an address of this machine");
  }
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
