// Expected failures as values.
//
// Bad input is not exceptional: a loader returns every problem it found as an
// Error with a code, the place (file, line, column), the parameter path, what
// was seen and what was expected. Only src/cli turns errors into exit codes.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace w2t {

enum class ErrorCode {
  bad_input,   // malformed syntax, wrong type, unknown key
  bad_unit,    // unit unknown or of the wrong dimension
  bad_value,   // value outside physical bounds
  bad_reference,  // dangling reference, cycle, unknown name
  missing,     // a required key is absent
  io,          // file could not be read or written
  infeasible,  // a well-formed question with no answer
};

const char* to_string(ErrorCode code);

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown
};

struct Error {
  ErrorCode code = ErrorCode::bad_input;
  std::string message;
  SourceLocation where;
  std::string path;      // dotted parameter path, if any
  std::string expected;  // what would have been accepted, if known

  // "file:line:col: path: message (expected ...)"
  [[nodiscard]] std::string format() const;
};

Error make_error(ErrorCode code, std::string message, std::string path = {},
                 std::string expected = {});

// A value or the error that prevented it.
template <typename T>
class Expected {
 public:
  Expected(T value) : v_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Expected(Error error) : v_(std::move(error)) {}      // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  [[nodiscard]] const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Collects the errors of a pass so that a user sees them all at once; past
// the first kKept only their number is kept, so a hostile file of a million
// bad keys costs no more than a hundred.
class Diagnostics {
 public:
  static constexpr std::size_t kKept = 100;

  void add(Error e) {
    if (errors_.size() < kKept) {
      errors_.push_back(std::move(e));
    } else {
      ++dropped_;
    }
  }
  void add_all(const Diagnostics& other) {
    for (const auto& e : other.errors_) add(e);
    dropped_ += other.dropped_;
  }
  [[nodiscard]] bool empty() const { return errors_.empty(); }
  // Every error counted, kept or not.
  [[nodiscard]] std::size_t size() const { return errors_.size() + dropped_; }
  // The first kKept of them.
  [[nodiscard]] const std::vector<Error>& errors() const { return errors_; }

 private:
  std::vector<Error> errors_;
  std::size_t dropped_ = 0;
};

}  // namespace w2t
