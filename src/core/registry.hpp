// Implementations registered by name — allocation rules, cooling models,
// placement policies: each a constant table of entries with a `name`, which
// scenarios and data pick by that name.
#pragma once

#include <fmt/format.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/suggest.hpp"

namespace w2t {

template <typename Entry>
const Entry* find_by_name(std::span<const Entry> entries, std::string_view name) {
  for (const auto& e : entries) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

template <typename Entry>
std::vector<std::string> names_of(std::span<const Entry> entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.emplace_back(e.name);
  return out;
}

// "unknown KIND 'NAME' (did you mean ...)", expecting one of the registered names.
template <typename Entry>
Error unknown_name(std::span<const Entry> entries, std::string_view kind, std::string_view name,
                   std::string path) {
  const auto names = names_of(entries);
  return make_error(ErrorCode::bad_reference,
                    fmt::format("unknown {} '{}'{}", kind, name, did_you_mean(name, names)), std::move(path),
                    fmt::format("one of: {}", join(names)));
}

}  // namespace w2t
