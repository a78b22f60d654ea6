#include "core/month.hpp"

#include <fmt/format.h>

#include <charconv>

namespace w2t {

std::string Month::str() const { return fmt::format("{:04d}-{:02d}", year(), month()); }

Expected<Month> parse_month(std::string_view text) {
  auto bad = [&](std::string why) {
    return make_error(ErrorCode::bad_input, fmt::format("bad month '{}': {}", text, why), {},
                      "a month as YYYY-MM, e.g. 2026-07");
  };
  if (text.size() != 7 || text[4] != '-') return bad("wrong form");
  int year = 0;
  int month = 0;
  auto [p1, e1] = std::from_chars(text.data(), text.data() + 4, year);
  auto [p2, e2] = std::from_chars(text.data() + 5, text.data() + 7, month);
  if (e1 != std::errc{} || p1 != text.data() + 4 || e2 != std::errc{} || p2 != text.data() + 7) {
    return bad("not digits");
  }
  if (month < 1 || month > 12) return bad("month must be 01..12");
  if (year < 1900 || year > 2200) return bad("year must be 1900..2200");
  return Month(year, month);
}

int first_whole_year(MonthRange span) {
  return span.first.month() == 1 ? span.first.year() : span.first.year() + 1;
}

Expected<int> january_of(MonthRange span, int year, std::string_view option) {
  if (year == 0) year = first_whole_year(span);
  const int t = Month(year, 1) - span.first;
  if (t < 0 || t > span.last - span.first) {
    return make_error(ErrorCode::bad_value,
                      fmt::format("{} is outside the span {}..{}", year, span.first.str(), span.last.str()),
                      std::string(option));
  }
  return t;
}

}  // namespace w2t
