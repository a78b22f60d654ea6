// A calendar queue (R. Brown, "Calendar queues: a fast O(1) priority queue
// implementation for the simulation event set problem", CACM 31(10), 1988).
//
// Time is cut into days of 2^k microseconds; day v goes to bucket v mod B, so a
// bucket holds the days B apart ("the same date in every year"). Each bucket
// keeps its events sorted, the earliest at the back. The earliest event is
// found by walking the days from the last one dequeued: the first bucket
// whose earliest event falls on the day walked is it. Events of one time
// share a bucket, where (time, sequence) orders them, so the order is exactly
// that of the heaps.
//
// With about one event a bucket, push and pop take O(1) on average: push
// inserts into a short sorted bucket, pop usually finds the next event in
// the current or the next bucket. The queue re-sizes (B doubles above one
// event a bucket and halves below a quarter) and re-estimates the day from
// the mean gap between the earliest events (Brown takes three times it; one
// was faster on machine repair, bench/peers/); a walk that finds nothing in
// a whole year falls back to a direct search over the buckets. Its weak case is a mix of very near and very
// far events (the fleet: repairs in hours, failures in years), where the 4-ary heap is the better choice; its
// strong case is the steady hold-like load of machine repair. Buckets keep their storage: no allocation per
// event once the sizes have settled.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ops/event.hpp"

namespace w2t::ops {

class CalendarQueue {
 public:
  CalendarQueue() { rebuild(kMinBuckets, 0); }

  void push(const Event& e) {
    insert(e);
    ++size_;
    if (found_ != kNone && earlier(e, buckets_[found_].back())) found_ = bucket_of(e.time);
    if (size_ > buckets_.size()) resize(buckets_.size() * 2);
  }

  [[nodiscard]] const Event& top() const {
    if (found_ == kNone) find();
    return buckets_[found_].back();
  }

  void pop() {
    if (found_ == kNone) find();
    auto& bucket = buckets_[found_];
    day_ = day_of(bucket.back().time);
    bucket.pop_back();
    --size_;
    found_ = kNone;
    if (buckets_.size() > kMinBuckets && size_ < buckets_.size() / 4) resize(buckets_.size() / 2);
  }

  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t size() const { return size_; }
  void clear() {
    for (auto& b : buckets_) b.clear();
    size_ = 0;
    day_ = 0;
    found_ = kNone;
  }
  void reserve(std::size_t n) { scratch_.reserve(n); }

 private:
  static constexpr std::size_t kMinBuckets = 16;  // a power of two, as every bucket count
  static constexpr std::size_t kNone = ~std::size_t{0};
  static constexpr std::size_t kWidthSample = 32;  // earliest events whose gaps set the width

  [[nodiscard]] Time day_of(Time t) const { return t >> shift_; }
  [[nodiscard]] std::size_t bucket_of(Time t) const { return static_cast<std::size_t>(day_of(t)) & mask_; }

  // Into its bucket, which stays sorted latest first: one step of insertion
  // sort from the back (buckets hold one or two events; no memmove call).
  void insert(const Event& e) {
    auto& bucket = buckets_[bucket_of(e.time)];
    bucket.push_back(e);
    auto i = bucket.size() - 1;
    for (; i > 0 && earlier(bucket[i - 1], e); --i) bucket[i] = bucket[i - 1];
    bucket[i] = e;
  }

  // The bucket of the earliest event: walk the days of one year from the
  // last dequeued, then search directly.
  void find() const {
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
      const Time day = day_ + static_cast<Time>(i);
      const auto b = static_cast<std::size_t>(day) & mask_;
      if (!buckets_[b].empty() && day_of(buckets_[b].back().time) == day) {
        found_ = b;
        return;
      }
    }
    std::size_t best = kNone;
    for (std::size_t b = 0; b < buckets_.size(); ++b) {
      if (!buckets_[b].empty() && (best == kNone || earlier(buckets_[b].back(), buckets_[best].back())))
        best = b;
    }
    found_ = best;
    day_ = day_of(buckets_[best].back().time);
  }

  void resize(std::size_t buckets) {
    scratch_.clear();
    for (auto& b : buckets_) {
      scratch_.insert(scratch_.end(), b.begin(), b.end());
      b.clear();
    }
    // The day: the mean gap between the earliest events, to a power of two
    // near it (a shift, not a division, finds the day).
    const std::size_t k = std::min(kWidthSample, scratch_.size());
    int shift = shift_;
    if (k >= 2) {
      std::partial_sort(scratch_.begin(), scratch_.begin() + static_cast<std::ptrdiff_t>(k), scratch_.end(),
                        earlier);
      const Time span = scratch_[k - 1].time - scratch_.front().time;
      const auto width = static_cast<std::uint64_t>(std::max<Time>(1, span / static_cast<Time>(k - 1)));
      shift = static_cast<int>(std::bit_width(width + width / 2)) - 1;
    }
    rebuild(buckets, shift);
    for (const auto& e : scratch_) insert(e);
    found_ = kNone;
  }

  void rebuild(std::size_t buckets, int shift) {
    const Time now = day_ << shift_;  // the start of the last dequeued event's day
    buckets_.resize(buckets);
    mask_ = buckets - 1;
    shift_ = shift;
    day_ = now >> shift_;
  }

  std::vector<std::vector<Event>> buckets_;
  std::vector<Event> scratch_;
  std::size_t mask_ = 0;
  int shift_ = 0;  // a day is 2^shift_ microseconds
  std::size_t size_ = 0;
  mutable Time day_ = 0;               // the day of the last event dequeued
  mutable std::size_t found_ = kNone;  // the bucket of the earliest event, when known
};

}  // namespace w2t::ops
