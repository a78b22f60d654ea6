// The HTTP API's request bodies from arbitrary bytes, through the same
// body check and Engine the server uses: never crash, never hang (studies
// are cut at a short deadline), and every answer, error or not, is JSON a
// client can read (UTF-8, finite numbers). The first byte picks the
// endpoint; the rest is the body: overrides, scenario_yaml, study settings.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "io/run_store.hpp"
#include "server/body.hpp"
#include "server/engine.hpp"

namespace {

w2t::server::Engine& engine() {
  static w2t::server::Engine* e = [] {
    w2t::server::Limits limits;
    limits.max_samples = 40;
    limits.threads = 1;
    limits.workers = 1;
    limits.study_deadline = std::chrono::milliseconds(500);
    limits.max_fleet_accelerators = 200'000;
    // A path the store refuses: `store: true` is answered 503, nothing is written.
    auto* made = new w2t::server::Engine(limits, "/dev/null", "fuzz");
    if (!made->start().ok()) std::abort();
    return made;
  }();
  return *e;
}

void must_be_readable(const nlohmann::json& doc) {
  if (w2t::io::unreadable_at(doc)) std::abort();
  (void)doc.dump();  // throws on invalid UTF-8: a crash the fuzzer reports
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  using Method = w2t::server::Answer<nlohmann::json> (w2t::server::Engine::*)(const nlohmann::json&);
  static constexpr Method kMethods[] = {&w2t::server::Engine::run,  &w2t::server::Engine::data_of,
                                        &w2t::server::Engine::need, &w2t::server::Engine::mc,
                                        &w2t::server::Engine::sensitivity, &w2t::server::Engine::ops};
  const auto method = kMethods[data[0] % std::size(kMethods)];
  const std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  auto request = w2t::server::parse_body(body);
  if (!request) {
    if (request.error().message.empty()) std::abort();
    return 0;
  }
  auto answer = (engine().*method)(*request);
  if (auto* refused = std::get_if<w2t::server::Refusal>(&answer)) {
    if (refused->status < 400 || refused->error.message.empty()) std::abort();
    must_be_readable({{"message", refused->error.message}, {"path", refused->error.path}});
  } else {
    must_be_readable(std::get<nlohmann::json>(answer));
  }
  return 0;
}
