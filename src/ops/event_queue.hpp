// The pending events of a simulation, earliest first.
//
// Any type with push / top / pop / empty / size / clear / reserve over Event
// is an EventQueue; the simulator takes one as a template parameter, so the
// choice costs no indirect call per event. Two are provided, both from
// well-kept libraries:
//
//   BinaryHeapQueue  std::push_heap / std::pop_heap on a vector: push and pop
//                    O(log2 n), about log2 n comparisons to sift down.
//   FourAryHeapQueue boost::heap::d_ary_heap with arity 4: push O(log4 n)
//                    (half the levels of a binary heap), pop O(4 log4 n)
//                    comparisons but on neighbouring elements, which keeps
//                    sift-down in fewer cache lines; the faster one when many
//                    events are pending (bench/bench_ops.cpp, the hold model).
//
// A third, CalendarQueue (ops/calendar_queue.hpp), takes O(1) a push and a
// pop on steady loads. All keep their storage once sized: no allocation per
// event in steady state.
#pragma once

#include <algorithm>
#include <boost/heap/d_ary_heap.hpp>
#include <concepts>
#include <cstddef>
#include <vector>

#include "ops/event.hpp"

namespace w2t::ops {

template <typename Q>
concept EventQueue = requires(Q q, const Q cq, Event e, std::size_t n) {
  q.push(e);
  { cq.top() } -> std::convertible_to<const Event&>;
  q.pop();
  { cq.empty() } -> std::convertible_to<bool>;
  { cq.size() } -> std::convertible_to<std::size_t>;
  q.clear();
  q.reserve(n);
};

class BinaryHeapQueue {
 public:
  void push(const Event& e) {
    heap_.push_back(e);
    std::push_heap(heap_.begin(), heap_.end(), later);
  }
  [[nodiscard]] const Event& top() const { return heap_.front(); }
  void pop() {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    heap_.pop_back();
  }
  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  void clear() { heap_.clear(); }
  void reserve(std::size_t n) { heap_.reserve(n); }

 private:
  // std heaps keep the greatest on top: "greater" is the later event.
  static bool later(const Event& a, const Event& b) { return earlier(b, a); }
  std::vector<Event> heap_;
};

class FourAryHeapQueue {
 public:
  void push(const Event& e) { heap_.push(e); }
  [[nodiscard]] const Event& top() const { return heap_.top(); }
  void pop() { heap_.pop(); }
  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  void clear() { heap_.clear(); }
  void reserve(std::size_t n) { heap_.reserve(n); }

 private:
  struct Later {
    bool operator()(const Event& a, const Event& b) const { return earlier(b, a); }
  };
  boost::heap::d_ary_heap<Event, boost::heap::arity<4>, boost::heap::compare<Later>> heap_;
};

static_assert(EventQueue<BinaryHeapQueue>);
static_assert(EventQueue<FourAryHeapQueue>);

}  // namespace w2t::ops
