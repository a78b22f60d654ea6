// The discrete-event engine: a clock, a queue of pending events and the
// cancellation slots, run by a model that handles each event in turn.
//
//   Simulator<FourAryHeapQueue> sim;
//   sim.schedule_in(5 * kSecond, kFailure, component);
//   sim.run_until(365 * kDay, [&](const Event& e) { model.handle(e, sim); });
//
// Cancellation is lazy: cancel(slot) advances the slot's generation, and
// events scheduled under an older generation are dropped when they come up,
// so cancelling costs O(1) and nothing is searched. Random streams are not
// the engine's: a model draws from pcg32(seed, replication), so replication
// r is the same whatever thread runs it.
#pragma once

#include <cstdint>
#include <vector>

#include "ops/event_queue.hpp"

namespace w2t::ops {

template <EventQueue Queue = FourAryHeapQueue>
class Simulator {
 public:
  [[nodiscard]] Time now() const { return now_; }
  [[nodiscard]] std::uint64_t events_handled() const { return handled_; }
  [[nodiscard]] std::size_t pending() const { return queue_.size(); }

  // Room for `events` pending at once and `slots` cancellation slots.
  void reserve(std::size_t events, std::size_t slots) {
    queue_.reserve(events);
    if (generation_.size() < slots) generation_.resize(slots, 0);
  }

  // Schedules `kind` for `target` at `time` (not before now), cancellable
  // through `slot` when one is given.
  void schedule_at(Time time, std::uint32_t kind, std::uint32_t target, std::uint32_t slot = kNoSlot) {
    const std::uint32_t generation = slot == kNoSlot ? 0 : generation_of(slot);
    queue_.push(Event{time < now_ ? now_ : time, sequence_++, kind, target, slot, generation});
  }
  void schedule_in(Time delay, std::uint32_t kind, std::uint32_t target, std::uint32_t slot = kNoSlot) {
    schedule_at(delay >= kNever - now_ ? kNever : now_ + delay, kind, target, slot);
  }

  // Every event scheduled through `slot` so far will not happen.
  void cancel(std::uint32_t slot) { ++generation_of(slot); }

  // Ends run_until after the event being handled; pending events stay.
  void stop() { stopped_ = true; }

  // Handles events in order until none is left before `end` (events at `end`
  // stay pending; the clock then reads `end`) or the handler calls stop()
  // (the clock reads the last event's time). Returns the events handled.
  template <typename Handler>
  std::uint64_t run_until(Time end, Handler&& handle) {
    const std::uint64_t before = handled_;
    stopped_ = false;
    while (!stopped_ && !queue_.empty() && queue_.top().time < end) {
      const Event e = queue_.top();
      queue_.pop();
      if (e.slot != kNoSlot && e.generation != generation_[e.slot]) continue;  // cancelled
      now_ = e.time;
      ++handled_;
      handle(e);
    }
    if (!stopped_ && end > now_) now_ = end;
    return handled_ - before;
  }

  // Forgets every pending event and restarts the clock at zero.
  void reset() {
    queue_.clear();
    now_ = 0;
    sequence_ = 0;
    handled_ = 0;
    std::fill(generation_.begin(), generation_.end(), 0);
  }

 private:
  std::uint32_t& generation_of(std::uint32_t slot) {
    if (slot >= generation_.size()) generation_.resize(static_cast<std::size_t>(slot) + 1, 0);
    return generation_[slot];
  }

  Queue queue_;
  Time now_ = 0;
  std::uint64_t sequence_ = 0;
  std::uint64_t handled_ = 0;
  bool stopped_ = false;
  std::vector<std::uint32_t> generation_;
};

}  // namespace w2t::ops
