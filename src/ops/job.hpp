// A training job's progress inside any simulation: it computes in segments,
// each closed by a checkpoint; an interruption loses the work since the last
// checkpoint and the job restarts, at once when a spare is at hand or later
// when one returns. The model that owns the simulator forwards the job's two
// event kinds to handle() and calls interrupt() and resume() as failures and
// repairs happen.
//
// Every wall-clock moment of the job is one of: saved work, checkpoint
// writing, or lost (work since the last checkpoint, restarts, waiting for a
// spare); the segment under way when the simulation ends is none of them.
#pragma once

#include <algorithm>
#include <cstdint>

#include "ops/event.hpp"

namespace w2t::ops {

struct JobTiming {
  Time interval = 0;         // compute between checkpoints
  Time checkpoint_cost = 0;  // stall to write one
  Time restart_cost = 0;     // reload the last checkpoint on a fresh set of nodes
  Time work = kNever;        // useful compute the job needs (kNever: it runs until the simulation ends)
};

class Job {
 public:
  // The job's events are kinds `first_kind` and `first_kind + 1`, cancellable
  // through `slot`; the model keeps both free for it.
  Job(JobTiming timing, std::uint32_t first_kind, std::uint32_t slot)
      : timing_(timing), saved_kind_(first_kind), restarted_kind_(first_kind + 1), slot_(slot) {}

  [[nodiscard]] bool owns(const Event& e) const { return e.kind == saved_kind_ || e.kind == restarted_kind_; }
  [[nodiscard]] bool finished() const { return saved_ >= timing_.work; }
  [[nodiscard]] bool waiting() const { return state_ == State::waiting; }
  [[nodiscard]] Time saved() const { return saved_; }
  [[nodiscard]] Time lost() const { return lost_; }
  [[nodiscard]] std::uint64_t interruptions() const { return interruptions_; }
  [[nodiscard]] const JobTiming& timing() const { return timing_; }

  template <typename Sim>
  void start(Sim& sim) {
    next_segment(sim);
  }

  // Counts from `now` on (after a warm-up): a segment under way counts whole
  // when it is saved, so the count is off by at most one interval.
  void restart_counting(Time now) {
    saved_ = lost_ = 0;
    interruptions_ = 0;
    if (state_ != State::computing) since_ = now;
  }

  // Handles one of the job's own events; returns true when that finished the job.
  template <typename Sim>
  bool handle(const Event& e, Sim& sim) {
    if (e.kind == restarted_kind_) {
      lost_ += sim.now() - since_;
      next_segment(sim);
      return false;
    }
    saved_ += segment_length();
    if (finished()) return true;
    next_segment(sim);
    return false;
  }

  // A failure among the job's nodes: the work since the last checkpoint (or
  // the restart under way) is lost. With a spare at hand the job restarts at
  // once; without, it waits for resume().
  template <typename Sim>
  void interrupt(Sim& sim, bool spare_at_hand) {
    if (state_ == State::waiting) return;  // already stopped: nothing more to lose
    ++interruptions_;
    lost_ += sim.now() - since_;
    sim.cancel(slot_);
    since_ = sim.now();
    if (spare_at_hand) {
      restart(sim);
    } else {
      state_ = State::waiting;
    }
  }

  // A spare is back for a waiting job: the wait was lost, and it restarts.
  template <typename Sim>
  void resume(Sim& sim) {
    if (state_ != State::waiting) return;
    lost_ += sim.now() - since_;
    since_ = sim.now();
    restart(sim);
  }

 private:
  enum class State { computing, restarting, waiting };

  [[nodiscard]] Time segment_length() const { return std::min(timing_.interval, timing_.work - saved_); }

  template <typename Sim>
  void next_segment(Sim& sim) {
    state_ = State::computing;
    since_ = sim.now();
    sim.schedule_in(segment_length() + timing_.checkpoint_cost, saved_kind_, 0, slot_);
  }

  template <typename Sim>
  void restart(Sim& sim) {
    state_ = State::restarting;
    sim.schedule_in(timing_.restart_cost, restarted_kind_, 0, slot_);
  }

  JobTiming timing_;
  std::uint32_t saved_kind_, restarted_kind_, slot_;
  State state_ = State::computing;
  Time since_ = 0;  // when the segment, restart or wait under way began
  Time saved_ = 0;
  Time lost_ = 0;
  std::uint64_t interruptions_ = 0;
};

}  // namespace w2t::ops
