// Events of the fleet-operations simulation (DESIGN "Operations").
//
// Simulated time is an integer count of microseconds, so that every run is
// exact and reproducible: events are ordered by (time, sequence), the
// sequence being the order in which they were scheduled, so that two events
// at the same time run first-scheduled first. An event is plain data (what
// happens, to whom): the model dispatches on `kind`, and no callable is
// stored per event.
#pragma once

#include <cstdint>
#include <limits>

namespace w2t::ops {

using Time = std::int64_t;  // microseconds of simulated time

inline constexpr Time kMicrosecond = 1;
inline constexpr Time kSecond = 1'000'000;
inline constexpr Time kHour = 3600 * kSecond;
inline constexpr Time kDay = 24 * kHour;
inline constexpr Time kNever = std::numeric_limits<Time>::max();

// A span of simulated time in hours, for reports and rates per hour.
constexpr double hours(Time t) {
  return static_cast<double>(t) / static_cast<double>(kHour);
}

// A slot that events can be cancelled through (see Simulator::cancel); events
// outside any slot cannot be.
inline constexpr std::uint32_t kNoSlot = std::numeric_limits<std::uint32_t>::max();

struct Event {
  Time time = 0;
  std::uint64_t sequence = 0;
  std::uint32_t kind = 0;        // what happens: the model's own enumeration
  std::uint32_t target = 0;      // to whom: a component, a job, a replica
  std::uint32_t slot = kNoSlot;  // cancellable through this slot
  std::uint32_t generation = 0;  // the slot's generation when scheduled
};

// Strict order of events: earlier time first, then earlier scheduled.
constexpr bool earlier(const Event& a, const Event& b) {
  return a.time != b.time ? a.time < b.time : a.sequence < b.sequence;
}

}  // namespace w2t::ops
