// "Did you mean ...?" for unknown names.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace w2t {

// Names (keys, ids, parameter paths) longer than this are refused before any
// suggestion is looked for: the search costs their length times every name.
inline constexpr std::size_t kMaxNameLength = 200;

// `text` for a message: as it is when short, else its start and its length,
// so that a message never repeats a megabyte of input.
std::string shown(std::string_view text);

// Levenshtein distance between two names.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name`, if it is close enough to be a likely typo.
std::optional<std::string> closest(std::string_view name, std::span<const std::string> candidates);

// " (did you mean 'x'?)" or "" when nothing is close.
std::string did_you_mean(std::string_view name, std::span<const std::string> candidates);

// "a, b, c" for messages that list the valid names.
std::string join(std::span<const std::string> names, std::string_view sep = ", ");

}  // namespace w2t
