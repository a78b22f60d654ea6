#include "workload/architecture.hpp"

#include <algorithm>

namespace w2t::workload {

double Architecture::dense_ffn_params() const {
  if (!moe()) return layers * 3.0 * hidden * intermediate;
  return dense_layers * 3.0 * hidden * intermediate + moe_layers() * shared_experts * expert_params();
}

double Architecture::attention_params() const {
  const double rest = total - routed_params() - dense_ffn_params() - embedding_params();
  // A published total below what the other fields imply (rounded figures):
  // at least the projections of standard attention.
  const double projections = layers * hidden * head_dim * (2.0 * heads + 2.0 * kv_heads);
  return std::max(rest, 0.25 * projections);
}

double Architecture::kv_elements(double context) const {
  const double full = layers - window_layers;
  const double windowed = window > 0.0 ? std::min(context, window) : context;
  return kv_elements_per_layer() * (full * context + window_layers * windowed);
}

double Architecture::attention_flops(double context) const {
  const double full = layers - window_layers;
  const double windowed = window > 0.0 ? std::min(context, window) : context;
  const double attended = full * context + window_layers * windowed;
  // Per head and attended token: QK over the key width, AV over the value width.
  const double width = attention == Attention::mla ? 2.0 * kv_latent + rope_dim : 2.0 * head_dim;
  return 2.0 * heads * width * attended;
}

}  // namespace w2t::workload
