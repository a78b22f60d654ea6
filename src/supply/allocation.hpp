// How buyers share a month's supply (DESIGN stage 5).
//
// Each month the memory and packaging on hand form pools: HBM stacks and
// host-memory bits by product, interposer wafers, and each buyer's contract
// wafers. A buyer claims devices: what its deals ask for (plus what earlier
// months left unmet) or, with no deals, what is left. Buyers are served in
// rank order; consecutive buyers with the same rule form a group, and the
// rule decides how the group divides what is left:
//
//   priority  one buyer after another, each taking all it can;
//   pro_rata  together, every pool split in proportion to the claims on it.
//
// Within a claim round a scarce pool is rationed in proportion to what is
// asked of it; what one claim cannot use (it is held back by another pool)
// is offered again in the next round.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "supply/chain.hpp"

namespace w2t::supply {

// Serves buyers [first, end) of the chain's rank order from month t's pools.
using ServeGroup = void (*)(const Chain& chain, int t, int first, int end, State& state);

struct AllocationRule {
  std::string_view name;
  std::string_view description;
  ServeGroup serve;
};

std::span<const AllocationRule> allocation_rules();
const AllocationRule* find_allocation_rule(std::string_view name);

// Fills s.buyer_pools: the pools each buyer's claims can draw on (see Claim).
void set_buyer_pools(const Chain& chain, State& state);

// The rationing both rules are built from: serves buyers [first, end)
// together and records each one's binding stage and slack.
void serve_together(const Chain& chain, int t, int first, int end, State& state);

}  // namespace w2t::supply
