#include "core/number_format.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <utility>

namespace w2t {

std::string human(double v, int digits) {
  if (!std::isfinite(v)) return fmt::format("{}", v);
  if (v == 0.0) return "0";
  const double a = std::abs(v);
  static constexpr std::array kSuffixes = {std::pair{1e12, "T"}, std::pair{1e9, "B"},
                                           std::pair{1e6, "M"}, std::pair{1e4, "k"}};
  for (auto [scale, suffix] : kSuffixes) {
    if (a >= scale) {
      const double unit = scale == 1e4 ? 1e3 : scale;
      return fmt::format("{:.{}g}{}", v / unit, digits, suffix);
    }
  }
  if (a < 1e-3) return fmt::format("{:.{}g}", v, digits);
  return fmt::format("{:.{}g}", v, std::max(digits, static_cast<int>(std::floor(std::log10(a))) + 1));
}

}  // namespace w2t
