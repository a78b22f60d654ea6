#include "analysis/cluster.hpp"

#include <bit>
#include <cstdlib>
#include <stdexcept>

#ifdef W2T_WITH_MPI
#include <mpi.h>
#endif

namespace w2t::analysis {
namespace {

#ifdef W2T_WITH_MPI
// Set by the launchers of OpenMPI, MPICH, Intel MPI and Slurm's PMI/PMIx.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

class MpiCluster final : public Cluster {
 public:
  MpiCluster(int& argc, char**& argv) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiCluster() override { MPI_Finalize(); }
  MpiCluster(const MpiCluster&) = delete;
  MpiCluster& operator=(const MpiCluster&) = delete;

  [[nodiscard]] std::vector<std::vector<std::int64_t>> gather(
      std::span<const std::int64_t> mine) const override {
    long long count = static_cast<long long>(mine.size());
    std::vector<long long> counts(root() ? static_cast<std::size_t>(size_) : 0);
    MPI_Gather(&count, 1, MPI_LONG_LONG, counts.data(), 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    // Sent in pieces: an MPI count is an int.
    constexpr long long kPiece = 1LL << 26;
    std::vector<std::vector<std::int64_t>> out;
    if (root()) {
      out.resize(static_cast<std::size_t>(size_));
      out[0].assign(mine.begin(), mine.end());
      for (int r = 1; r < size_; ++r) {
        auto& words = out[static_cast<std::size_t>(r)];
        words.resize(static_cast<std::size_t>(counts[static_cast<std::size_t>(r)]));
        for (long long at = 0; at < static_cast<long long>(words.size()); at += kPiece) {
          const int n = static_cast<int>(std::min(kPiece, static_cast<long long>(words.size()) - at));
          MPI_Recv(words.data() + at, n, MPI_INT64_T, r, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        }
      }
    } else {
      for (long long at = 0; at < count; at += kPiece) {
        const int n = static_cast<int>(std::min(kPiece, count - at));
        MPI_Send(mine.data() + at, n, MPI_INT64_T, 0, 0, MPI_COMM_WORLD);
      }
    }
    return out;
  }
};
#endif

}  // namespace

std::unique_ptr<Cluster> Cluster::join([[maybe_unused]] int& argc, [[maybe_unused]] char**& argv) {
#ifdef W2T_WITH_MPI
  if (launched_by_mpi()) return std::make_unique<MpiCluster>(argc, argv);
#endif
  return std::make_unique<Cluster>();
}

std::vector<std::vector<std::int64_t>> Cluster::gather(std::span<const std::int64_t> mine) const {
  return {std::vector<std::int64_t>(mine.begin(), mine.end())};
}

std::pair<std::size_t, std::size_t> Cluster::share(std::size_t count) const {
  const auto r = static_cast<std::size_t>(rank_);
  const auto n = static_cast<std::size_t>(size_);
  return {count * r / n, count * (r + 1) / n};
}

void Words::put(double x) {
  words_.push_back(std::bit_cast<std::int64_t>(x));
}

void Words::put(std::span<const double> xs) {
  for (const double x : xs) put(x);
}

std::int64_t WordReader::word() {
  if (rest_.empty()) throw std::runtime_error("a rank's results end early");
  const std::int64_t w = rest_.front();
  rest_ = rest_.subspan(1);
  return w;
}

double WordReader::number() {
  return std::bit_cast<double>(word());
}

void WordReader::numbers(std::span<double> out) {
  for (double& x : out) x = number();
}

}  // namespace w2t::analysis
