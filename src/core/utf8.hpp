// UTF-8 validity: what the YAML loader, the run store and the server accept
// as text. Overlong forms, surrogates and code points beyond U+10FFFF are
// invalid, as in RFC 3629.
#pragma once

#include <cstddef>
#include <string_view>

namespace w2t {

// The offset of the first byte at which `text` stops being UTF-8, or npos.
std::size_t invalid_utf8(std::string_view text);

inline bool valid_utf8(std::string_view text) { return invalid_utf8(text) == std::string_view::npos; }

}  // namespace w2t
