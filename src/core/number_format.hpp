// Numbers for people: "620k", "2.25M", "0.987", "1.2e-06".
#pragma once

#include <string>

namespace w2t {

// At most `digits` significant digits, with k/M/B/T for large magnitudes.
std::string human(double v, int digits = 3);

}  // namespace w2t
