// A request's JSON body, read before anything acts on it: an object, nested
// at most kMaxBodyDepth deep (the serializer recurses), with no key twice in
// one object (which of the two would win is not obvious to the sender).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/error.hpp"

namespace w2t::server {

inline constexpr int kMaxBodyDepth = 64;

// The body ({} when empty) or an error naming what is wrong and where.
Expected<nlohmann::json> parse_body(std::string_view text);

}  // namespace w2t::server
