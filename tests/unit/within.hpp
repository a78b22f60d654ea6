// Validation tests' tolerance check: |model / published - 1| <= tolerance,
// reporting how far off the model is either way.
#pragma once

#include <gtest/gtest.h>

#include <cmath>

namespace w2t::test {

inline ::testing::AssertionResult within(double model, double published, double tolerance) {
  const double off = model / published - 1.0;
  if (std::abs(off) <= tolerance) return ::testing::AssertionSuccess() << off * 100.0 << "%";
  return ::testing::AssertionFailure() << "model " << model << " vs published " << published << ": "
                                       << off * 100.0 << "% (tolerance ±" << tolerance * 100.0 << "%)";
}

}  // namespace w2t::test
