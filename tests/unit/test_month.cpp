#include <gtest/gtest.h>

#include "core/month.hpp"

namespace w2t {
namespace {

TEST(Month, ParsesAndPrints) {
  auto m = parse_month("2026-07");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->year(), 2026);
  EXPECT_EQ(m->month(), 7);
  EXPECT_EQ(m->str(), "2026-07");
}

TEST(Month, Arithmetic) {
  Month m(2025, 11);
  EXPECT_EQ((m + 2).str(), "2026-01");
  EXPECT_EQ((m - 11).str(), "2024-12");
  EXPECT_EQ(Month(2030, 12) - Month(2025, 1), 71);
  EXPECT_LT(Month(2025, 12), Month(2026, 1));
}

TEST(Month, RangeIteratesInclusive) {
  MonthRange r{Month(2025, 1), Month(2030, 12)};
  EXPECT_EQ(r.size(), 72);
  int n = 0;
  Month last;
  for (Month m : r) {
    ++n;
    last = m;
  }
  EXPECT_EQ(n, 72);
  EXPECT_EQ(last.str(), "2030-12");
  EXPECT_TRUE(r.contains(Month(2027, 6)));
  EXPECT_FALSE(r.contains(Month(2031, 1)));
}

TEST(Month, RejectsBadMonths) {
  for (const char* bad : {"2026-13", "2026-00", "2026-7", "26-07", "2026/07", "abcd-ef", "1800-01", ""}) {
    EXPECT_FALSE(parse_month(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace w2t
