// A parameter as the model reads it each month.
//
// A schedule interpolates between two of its points; a constant reads one
// parameter. Both become, at set-up, one (lo, hi, weight) triple per month
// of the span, so that a month's value is two loads and a multiply-add over
// the parameter vector — whatever values Monte Carlo puts there. A series
// that is the same every month keeps one triple, read for every month.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "data/dataset.hpp"

namespace w2t::supply {

class Series {
 public:
  Series() = default;

  // The series of `path` (a parameter or a schedule) over `span`; an empty
  // series when the dataset has no such path.
  static Series of(const data::Dataset& ds, std::string_view path, MonthRange span);

  [[nodiscard]] bool empty() const { return at_.empty(); }
  // Whether two months can differ, for any parameter values.
  [[nodiscard]] bool varies() const { return step_ != 0; }
  // Whether month t always equals month t + 12 (a constant, or climate normals).
  [[nodiscard]] bool yearly() const { return step_ == 0 || yearly_; }

  // The SI value in month `t` (0 = the span's first month).
  [[nodiscard]] double operator()(std::span<const double> params, int t) const {
    const Interp& i = at_[static_cast<std::size_t>(t) * step_];
    return params[i.lo] + i.w * (params[i.hi] - params[i.lo]);
  }
  // Every month's value, into `out` (one per month of the span).
  void fill(std::span<const double> params, std::span<double> out) const;
  // The value, or `fallback` when the series is empty.
  [[nodiscard]] double or_else(std::span<const double> params, int t, double fallback) const {
    return empty() ? fallback : (*this)(params, t);
  }

 private:
  using Interp = data::Bracket;
  // Months that read the same two parameters, [begin, end): fill() reads
  // them once and runs along the weights.
  struct Segment {
    std::size_t begin, end;
    data::ParamId lo, hi;
  };
  std::vector<Interp> at_;  // by month, or one for every month
  std::size_t step_ = 0;    // 1 when it varies, else 0
  bool yearly_ = false;     // climate normals: the same calendar month every year
  std::vector<double> weights_;     // by month, when it varies
  std::vector<Segment> segments_;   // when it varies
};

// Reads the series a plan is built from, remembering the first one that a
// plan needs and the dataset lacks.
class SeriesReader {
 public:
  SeriesReader(const data::Dataset& ds, MonthRange span, std::string_view needed_by)
      : ds_(ds), span_(span), needed_by_(needed_by) {}

  // The series of `path`, empty when the dataset has none.
  [[nodiscard]] Series optional(const std::string& path) const { return Series::of(ds_, path, span_); }
  // The series of `path`; when missing, an error is kept (the first one).
  Series need(const std::string& path);
  [[nodiscard]] const std::optional<Error>& error() const { return error_; }

 private:
  const data::Dataset& ds_;
  MonthRange span_;
  std::string_view needed_by_;
  std::optional<Error> error_;
};

}  // namespace w2t::supply
