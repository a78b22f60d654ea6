#include "core/unit.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <stdexcept>

namespace w2t {
namespace {

constexpr double kSecondsPerDay = 86400.0;
constexpr double kSecondsPerYear = 365.25 * kSecondsPerDay;  // Julian year
constexpr double kSecondsPerMonth = kSecondsPerYear / 12.0;  // the model's month
constexpr double kLitre = 1e-3;                              // m^3
constexpr double kUsGallon = 3.785411784e-3;                 // m^3
constexpr double kCelsiusZero = 273.15;                      // K
// No physical unit needs a dimension beyond the 6th power; a cap keeps the
// exponents (8-bit) from wrapping.
constexpr int kMaxExponent = 6;

struct Atom {
  std::string_view symbol;
  Dimension dimension;
  double scale;
  bool prefixable;
};

// Symbols people write, mapped to SI. Plural forms ("wafers") are accepted by
// dropping a trailing 's' when the plural itself is not listed.
constexpr std::array kAtoms = {
    Atom{"1", dim::none, 1.0, false},
    Atom{"%", dim::none, 0.01, false},
    Atom{"layer", dim::none, 1.0, false},
    Atom{"hi", dim::none, 1.0, false},
    Atom{"m", dim::length, 1.0, true},
    Atom{"g", dim::mass, 1e-3, true},
    Atom{"gCO2e", dim::mass, 1e-3, true},
    Atom{"t", dim::mass, 1e3, true},
    Atom{"tCO2e", dim::mass, 1e3, true},
    Atom{"s", dim::time, 1.0, true},
    Atom{"min", dim::time, 60.0, false},
    Atom{"h", dim::time, 3600.0, false},
    Atom{"hour", dim::time, 3600.0, false},
    Atom{"d", dim::time, kSecondsPerDay, false},
    Atom{"day", dim::time, kSecondsPerDay, false},
    Atom{"week", dim::time, 7 * kSecondsPerDay, false},
    Atom{"wk", dim::time, 7 * kSecondsPerDay, false},
    Atom{"month", dim::time, kSecondsPerMonth, false},
    Atom{"mo", dim::time, kSecondsPerMonth, false},
    Atom{"year", dim::time, kSecondsPerYear, false},
    Atom{"yr", dim::time, kSecondsPerYear, false},
    Atom{"y", dim::time, kSecondsPerYear, false},
    Atom{"$", dim::currency, 1.0, true},
    Atom{"USD", dim::currency, 1.0, true},
    Atom{"b", dim::information, 1.0, true},
    Atom{"bit", dim::information, 1.0, true},
    Atom{"B", dim::information, 8.0, true},
    Atom{"byte", dim::information, 8.0, true},
    Atom{"K", dim::temperature, 1.0, false},
    Atom{"J", dim::energy, 1.0, true},
    Atom{"Wh", dim::energy, 3600.0, true},
    Atom{"W", dim::power, 1.0, true},
    Atom{"L", dim::volume, kLitre, true},
    Atom{"l", dim::volume, kLitre, false},
    Atom{"litre", dim::volume, kLitre, false},
    Atom{"liter", dim::volume, kLitre, false},
    Atom{"gal", dim::volume, kUsGallon, false},
    Atom{"wafer", dim::wafer, 1.0, false},
    Atom{"die", dim::die, 1.0, false},
    Atom{"dies", dim::die, 1.0, false},
    Atom{"stack", dim::stack, 1.0, false},
    Atom{"device", dim::device, 1.0, false},
    Atom{"accelerator", dim::device, 1.0, false},
    Atom{"GPU", dim::device, 1.0, false},
    Atom{"package", dim::device, 1.0, false},
    Atom{"chip", dim::device, 1.0, false},
    Atom{"rack", dim::rack, 1.0, false},
    Atom{"token", dim::token, 1.0, true},
    Atom{"FLOP", dim::flop, 1.0, true},
    Atom{"FLOPS", dim::flop / dim::time, 1.0, true},
    Atom{"user", dim::person, 1.0, false},
    Atom{"seat", dim::person, 1.0, false},
    Atom{"person", dim::person, 1.0, false},
    Atom{"people", dim::person, 1.0, false},
    Atom{"query", dim::query, 1.0, false},
    Atom{"queries", dim::query, 1.0, false},
    Atom{"prompt", dim::query, 1.0, false},
    Atom{"request", dim::query, 1.0, false},
};

struct Prefix {
  std::string_view symbol;
  double factor;
};

constexpr std::array kPrefixes = {
    Prefix{"Ki", 1024.0},          Prefix{"Mi", 1048576.0},        Prefix{"Gi", 1073741824.0},
    Prefix{"Ti", 1099511627776.0}, Prefix{"E", 1e18},              Prefix{"P", 1e15},
    Prefix{"T", 1e12},             Prefix{"G", 1e9},               Prefix{"M", 1e6},
    Prefix{"k", 1e3},              Prefix{"c", 1e-2},              Prefix{"m", 1e-3},
    Prefix{"u", 1e-6},             Prefix{"\xC2\xB5", 1e-6},       Prefix{"n", 1e-9},
};

const Atom* find_atom(std::string_view s) {
  for (const auto& a : kAtoms) {
    if (a.symbol == s) return &a;
  }
  return nullptr;
}

bool is_binary_prefix(std::string_view p) { return p.size() == 2 && p[1] == 'i'; }

// One factor of a unit expression without its exponent: "kWh", "wafers", "M$".
std::optional<Unit> parse_atom(std::string_view s) {
  auto make = [](const Atom& a, double factor) {
    return Unit{a.dimension, a.scale * factor, 0.0, {}};
  };
  if (s == "degC" || s == "\xC2\xB0""C" || s == "C") {
    return Unit{dim::temperature, 1.0, kCelsiusZero, {}};
  }
  if (const Atom* a = find_atom(s)) return make(*a, 1.0);
  for (const auto& p : kPrefixes) {
    if (s.size() <= p.symbol.size() || s.substr(0, p.symbol.size()) != p.symbol) continue;
    const Atom* a = find_atom(s.substr(p.symbol.size()));
    if (a == nullptr || !a->prefixable) continue;
    if (is_binary_prefix(p.symbol) && a->dimension != dim::information) continue;
    return make(*a, p.factor);
  }
  // Billions of dollars: "B$" (B alone is the byte).
  if (s == "B$") return Unit{dim::currency, 1e9, 0.0, {}};
  if (s.size() > 1 && s.back() == 's') return parse_atom(s.substr(0, s.size() - 1));
  return std::nullopt;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

Error unit_error(std::string message) {
  return make_error(ErrorCode::bad_unit, std::move(message));
}

}  // namespace

std::string to_string(const Dimension& d) {
  static constexpr std::array<std::string_view, kBaseDims> kNames = {
      "m", "kg", "s", "USD", "bit", "K", "wafer", "die", "stack", "device",
      "rack", "token", "FLOP", "person", "query"};
  std::string num;
  std::string den;
  for (std::size_t i = 0; i < kBaseDims; ++i) {
    int e = d.exp[i];
    if (e == 0) continue;
    std::string& side = e > 0 ? num : den;
    if (!side.empty()) side += "*";
    side += kNames[i];
    if (std::abs(e) != 1) side += fmt::format("^{}", std::abs(e));
  }
  if (num.empty()) num = "1";
  if (den.find('*') != std::string::npos) den = "(" + den + ")";
  return den.empty() ? num : num + "/" + den;
}

std::string describe(const Dimension& d) {
  struct Named {
    Dimension dimension;
    std::string_view name;
  };
  static const std::array kNamed = {
      Named{dim::none, "a dimensionless number"},
      Named{dim::power, "power"},
      Named{dim::energy, "energy"},
      Named{dim::information, "memory size"},
      Named{dim::currency, "money"},
      Named{dim::mass, "mass (CO2e)"},
      Named{dim::time, "a duration"},
      Named{dim::length, "a length"},
      Named{dim::power / dim::rack, "power per rack"},
      Named{dim::device / dim::rack, "accelerators per rack"},
      Named{dim::area, "an area"},
      Named{dim::volume, "a volume"},
      Named{dim::temperature, "a temperature"},
      Named{dim::wafer / dim::time, "a wafer rate"},
      Named{dim::currency / dim::power, "cost per power"},
      Named{dim::mass / dim::energy, "carbon intensity"},
      Named{dim::currency / dim::energy, "energy price"},
      Named{dim::information / dim::time, "bandwidth"},
      Named{dim::flop / dim::time, "compute rate"},
      Named{dim::information / dim::area, "bit density"},
  };
  for (const auto& n : kNamed) {
    if (n.dimension == d) return std::string(n.name);
  }
  return fmt::format("a quantity in {}", to_string(d));
}

Expected<Unit> parse_unit(std::string_view text) {
  text = trim(text);
  Unit result{dim::none, 1.0, 0.0, std::string(text)};
  if (text.empty() || text == "1") return result;

  std::size_t pos = 0;
  bool dividing = false;
  bool first = true;
  while (pos < text.size()) {
    // The operator before this factor.
    if (!first) {
      char op = text[pos];
      if (op == '/') {
        dividing = true;
      } else if (op == '*') {
        dividing = false;
      } else if (text.substr(pos, 2) == "\xC2\xB7") {  // middle dot
        dividing = false;
        ++pos;
      } else {
        return unit_error(fmt::format("unexpected '{}' in unit '{}'", op, text));
      }
      ++pos;
    }
    first = false;
    std::size_t end = text.find_first_of("*/^", pos);
    // A middle dot also separates factors.
    std::size_t dot = text.find("\xC2\xB7", pos);
    if (dot != std::string_view::npos && dot < end) end = dot;
    std::string_view name = trim(text.substr(pos, end == std::string_view::npos ? end : end - pos));
    if (name.empty()) return unit_error(fmt::format("empty factor in unit '{}'", text));
    auto atom = parse_atom(name);
    if (!atom) return unit_error(fmt::format("unknown unit '{}' in '{}'", name, text));
    pos = end == std::string_view::npos ? text.size() : end;
    int exponent = 1;
    if (pos < text.size() && text[pos] == '^') {
      ++pos;
      std::size_t digits_end = pos;
      if (digits_end < text.size() && text[digits_end] == '-') ++digits_end;
      while (digits_end < text.size() && std::isdigit(static_cast<unsigned char>(text[digits_end]))) {
        ++digits_end;
      }
      auto [p, ec] = std::from_chars(text.data() + pos, text.data() + digits_end, exponent);
      if (ec != std::errc{} || p == text.data() + pos) {
        return unit_error(fmt::format("bad exponent in unit '{}'", text));
      }
      if (std::abs(exponent) > kMaxExponent) {
        return unit_error(fmt::format("exponent {} in unit '{}' is out of range (expected -{} to {})", exponent,
                                      text, kMaxExponent, kMaxExponent));
      }
      pos = digits_end;
    }
    if (atom->offset != 0.0 && (exponent != 1 || text != name)) {
      return unit_error(fmt::format("'{}' cannot be combined with other units; use K", name));
    }
    if (dividing) exponent = -exponent;
    for (std::size_t k = 0; k < kBaseDims; ++k) {
      if (std::abs(result.dimension.exp[k] + atom->dimension.exp[k] * exponent) > kMaxExponent) {
        return unit_error(fmt::format("unit '{}' raises a dimension beyond the power {}", text, kMaxExponent));
      }
    }
    result.dimension = result.dimension * atom->dimension.pow(exponent);
    result.scale *= std::pow(atom->scale, exponent);
    result.offset = atom->offset;
    if (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) {
      return unit_error(fmt::format("spaces inside unit '{}'; join factors with * or /", text));
    }
  }
  return result;
}

Expected<ParsedQuantity> parse_quantity(std::string_view text) {
  std::string_view s = trim(text);
  // The number: digits with optional sign, decimals, exponent, thousands commas.
  std::string number;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) number += s[i++];
  bool digits = false;
  while (i < s.size()) {
    char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      digits = digits || c != '.';
      number += c;
    } else if (c == ',' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      // A thousands separator: three digits follow, and the number has no
      // decimal point yet. "1,5" is a decimal comma, which would read as 15.
      const auto digit = [&](std::size_t k) {
        return k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]));
      };
      if (!digit(i + 1) || !digit(i + 2) || !digit(i + 3) || digit(i + 4) ||
          number.find('.') != std::string::npos) {
        return make_error(ErrorCode::bad_input,
                          fmt::format("'{}': a comma separates thousands (1,000,000); decimals take a point",
                                      text),
                          {}, "a number like 1.5 or 1,500");
      }
    } else if (c == '_') {
      // digit grouping: skip
    } else if ((c == 'e' || c == 'E') && digits && i + 1 < s.size() &&
               (std::isdigit(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '-' || s[i + 1] == '+')) {
      number += c;
      ++i;
      number += s[i];
    } else {
      break;
    }
    ++i;
  }
  if (!digits) {
    return unit_error(fmt::format("'{}' is not a quantity: it must start with a number", text));
  }
  double value = 0.0;
  {
    auto [p, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc{} || p != number.data() + number.size()) {
      return make_error(ErrorCode::bad_input, fmt::format("bad number '{}' in '{}'", number, text));
    }
  }
  // A multiplier glued to the number: 900k, 5M/year, 405B, 15.6T.
  if (i < s.size()) {
    char c = s[i];
    bool ends = i + 1 == s.size() || std::isspace(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '/';
    double factor = 0.0;
    if (c == 'k' || c == 'K') factor = 1e3;
    if (c == 'M') factor = 1e6;
    if (c == 'B' || c == 'G') factor = 1e9;
    if (c == 'T') factor = 1e12;
    if (factor != 0.0 && ends) {
      value *= factor;
      ++i;
    }
  }
  if (!std::isfinite(value)) {
    return make_error(ErrorCode::bad_input, fmt::format("'{}' is not a finite number", text));
  }
  ParsedQuantity q;
  q.value = value;
  std::string_view rest = trim(s.substr(i));
  if (rest.empty()) return q;
  // "5M/year" leaves "/year": a rate of a plain count.
  std::string unit_text(rest);
  if (unit_text.front() == '/') unit_text = "1" + unit_text;
  auto unit = parse_unit(unit_text);
  if (!unit) return unit.error();
  q.unit = std::move(*unit);
  q.has_unit = true;
  return q;
}

Expected<double> parse_si(std::string_view text, const Unit& expected) {
  auto q = parse_quantity(text);
  if (!q) return q.error();
  if (!q->has_unit) return expected.to_si(q->value);
  if (!q->unit.compatible(expected)) {
    return make_error(ErrorCode::bad_unit,
                      fmt::format("'{}' has unit '{}', which is {}", trim(text), q->unit.symbol,
                                  describe(q->unit.dimension)),
                      {}, fmt::format("{} in a unit like '{}'", describe(expected.dimension),
                                      expected.symbol.empty() ? "1" : expected.symbol));
  }
  return q->si();
}

double in(double base_value, std::string_view unit) {
  auto u = parse_unit(unit);
  if (!u) throw std::invalid_argument(u.error().message);  // a bug: units in code are literals
  return u->from_si(base_value);
}

}  // namespace w2t
