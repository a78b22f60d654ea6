// Calendar months, the monthly model's time step.
//
// A Month is an integer count of months since year 0 (January = 0), so
// arithmetic and comparison are exact. Text form: "2026-07".
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace w2t {

class Month {
 public:
  constexpr Month() = default;
  constexpr Month(int year, int month) : index_(year * 12 + (month - 1)) {}  // month 1..12
  static constexpr Month from_index(int index) {
    Month m;
    m.index_ = index;
    return m;
  }

  [[nodiscard]] constexpr int year() const { return index_ / 12; }
  [[nodiscard]] constexpr int month() const { return index_ % 12 + 1; }
  [[nodiscard]] constexpr int index() const { return index_; }

  constexpr auto operator<=>(const Month&) const = default;
  constexpr Month operator+(int months) const { return from_index(index_ + months); }
  constexpr Month operator-(int months) const { return from_index(index_ - months); }
  constexpr int operator-(Month o) const { return index_ - o.index_; }
  constexpr Month& operator++() {
    ++index_;
    return *this;
  }

  [[nodiscard]] std::string str() const;

 private:
  int index_ = 0;
};

// Parses "2026-07"; years 1900..2200.
Expected<Month> parse_month(std::string_view text);

// An inclusive span of months, iterable: for (Month m : MonthRange{a, b}).
struct MonthRange {
  Month first;
  Month last;

  [[nodiscard]] constexpr int size() const { return last - first + 1; }
  [[nodiscard]] constexpr bool contains(Month m) const { return first <= m && m <= last; }

  struct iterator {
    Month m;
    constexpr Month operator*() const { return m; }
    constexpr iterator& operator++() {
      ++m;
      return *this;
    }
    constexpr bool operator==(const iterator&) const = default;
  };
  [[nodiscard]] constexpr iterator begin() const { return {first}; }
  [[nodiscard]] constexpr iterator end() const { return {last + 1}; }
};

// The first calendar year wholly inside the span: the default year of prices.
int first_whole_year(MonthRange span);

// The month index of January of `year` (0: first_whole_year) in the span, or
// an error naming `option` when that month is outside it.
Expected<int> january_of(MonthRange span, int year, std::string_view option = "--year");

}  // namespace w2t
