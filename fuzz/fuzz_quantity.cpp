// Quantities and units from arbitrary text: never crash, and every parsed
// value converts back from SI to what was written.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/month.hpp"
#include "core/unit.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto q = w2t::parse_quantity(text); q.ok()) {
    const double back = q->unit.from_si(q->si());
    if (std::isfinite(q->si()) && std::abs(q->value) < 1e200 && std::abs(q->unit.scale) > 1e-200 &&
        std::abs(back - q->value) > 1e-6 * std::max(1.0, std::abs(q->value))) {
      std::abort();
    }
  }
  (void)w2t::parse_unit(text);
  (void)w2t::parse_month(text);
  return 0;
}
