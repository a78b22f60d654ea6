// The model's output: one tidy row per (month, stage, entity, metric).
//
// Names live once in the Timeline's dictionaries; rows hold small integer
// ids, so evaluating the model again reuses the same storage without
// allocating. CSV, JSON and charts are views of the same rows.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/month.hpp"

namespace w2t::model {

struct Row {
  std::int32_t month;   // index from the span's first month
  std::uint16_t stage;  // index into Timeline::stages
  std::uint16_t entity;
  std::uint16_t metric;  // index into Timeline::metrics (with its unit)
  double value;          // in the metric's display unit
};

struct Metric {
  std::string name;
  std::string unit;
};

class Timeline {
 public:
  MonthRange span;
  std::vector<std::string> stages;
  std::vector<std::string> entities;
  std::vector<Metric> metrics;
  std::vector<Row> rows;

  // Dictionary ids, created on first use (set-up time, not per evaluation).
  std::uint16_t stage(std::string_view name);
  std::uint16_t entity(std::string_view name);
  std::uint16_t metric(std::string_view name, std::string_view unit);

  void add(int month, std::uint16_t stage_id, std::uint16_t entity_id, std::uint16_t metric_id,
           double value) {
    rows.push_back({month, stage_id, entity_id, metric_id, value});
  }
};

}  // namespace w2t::model
