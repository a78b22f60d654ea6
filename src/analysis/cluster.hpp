// The processes a study is spread over: one, or the ranks of an MPI job.
//
// A study splits its work into blocks that are pure functions of their
// index; each rank computes a contiguous share of them, encodes what it found
// as 64-bit words and rank 0 gathers the words and merges them in rank order.
// Merging is exact (sums in block order, sketch counts), so the answer is the
// same for any number of ranks and threads.
//
// MPI is initialised only when the process was started by an MPI launcher
// (mpirun, srun): a plain `w2t mc` needs no MPI at run time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace w2t::analysis {

class Cluster {
 public:
  // One process, no MPI.
  Cluster() = default;
  // Joins the MPI job this process was launched in, if any (builds with MPI).
  static std::unique_ptr<Cluster> join(int& argc, char**& argv);
  virtual ~Cluster() = default;
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }
  [[nodiscard]] bool root() const { return rank_ == 0; }

  // Each rank's words, in rank order, on rank 0; empty elsewhere.
  [[nodiscard]] virtual std::vector<std::vector<std::int64_t>> gather(
      std::span<const std::int64_t> mine) const;

  // The blocks [first, last) of `count` that this rank computes.
  [[nodiscard]] std::pair<std::size_t, std::size_t> share(std::size_t count) const;

 protected:
  int rank_ = 0;
  int size_ = 1;
};

// A process's part of a study, as words for the gather: doubles keep their
// bits.
class Words {
 public:
  void put(std::int64_t w) { words_.push_back(w); }
  void put(double x);
  void put(std::span<const double> xs);
  [[nodiscard]] std::vector<std::int64_t>& words() { return words_; }

 private:
  std::vector<std::int64_t> words_;
};

class WordReader {
 public:
  explicit WordReader(std::span<const std::int64_t> words) : rest_(words) {}
  std::int64_t word();
  double number();
  void numbers(std::span<double> out);
  [[nodiscard]] std::span<const std::int64_t>& rest() { return rest_; }

 private:
  std::span<const std::int64_t> rest_;
};

}  // namespace w2t::analysis
