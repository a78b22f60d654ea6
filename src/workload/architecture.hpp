// A transformer's shape as the serving model needs it (docs/model.md,
// "Serving"): weights by kind (attention, dense feed-forward, experts,
// embeddings), FLOPs per token, and the KV cache a token of context holds,
// for multi-head, grouped-query and latent (MLA) attention, dense and
// mixture-of-experts models.
#pragma once

#include <string>

namespace w2t::workload {

enum class Attention { mha, gqa, mla };

struct Architecture {
  std::string id;
  double total = 0.0;  // parameters, as published
  double layers = 0.0, hidden = 0.0, heads = 0.0, kv_heads = 0.0, head_dim = 0.0, vocab = 0.0;
  Attention attention = Attention::gqa;
  double intermediate = 0.0;                 // dense feed-forward width
  double dense_layers = 0.0;                 // MoE: layers with a dense feed-forward
  double experts = 0.0, experts_per_token = 0.0, shared_experts = 0.0, expert_width = 0.0;
  double kv_latent = 0.0, rope_dim = 0.0;    // MLA: cached per token and layer
  double window = 0.0, window_layers = 0.0;  // sliding-window attention
  double draft_tokens = 0.0;                 // multi-token prediction modules

  [[nodiscard]] bool moe() const { return experts > 0.0; }
  [[nodiscard]] double moe_layers() const { return moe() ? layers - dense_layers : 0.0; }

  // Parameters of one expert, and of every routed expert of every layer.
  [[nodiscard]] double expert_params() const { return 3.0 * hidden * expert_width; }
  [[nodiscard]] double routed_params() const { return moe_layers() * experts * expert_params(); }
  // Dense feed-forward and shared experts: every token passes through them.
  [[nodiscard]] double dense_ffn_params() const;
  // The input embedding and the LM head (untied).
  [[nodiscard]] double embedding_params() const { return 2.0 * vocab * hidden; }
  // Attention (and norms, routers): what the published total leaves.
  [[nodiscard]] double attention_params() const;
  // Weights every token reads: attention, dense feed-forward, shared
  // experts and the LM head, but not the routed experts.
  [[nodiscard]] double always_params() const { return attention_params() + dense_ffn_params() + vocab * hidden; }
  // Parameters one token goes through (matrix multiplies; not the input embedding).
  [[nodiscard]] double active_params() const {
    return always_params() + moe_layers() * experts_per_token * expert_params();
  }

  // KV-cache elements one token of context holds in one layer.
  [[nodiscard]] double kv_elements_per_layer() const {
    return attention == Attention::mla ? kv_latent + rope_dim : 2.0 * kv_heads * head_dim;
  }
  // KV-cache elements of a sequence of `context` tokens, all layers
  // (sliding-window layers keep only their window).
  [[nodiscard]] double kv_elements(double context) const;
  // Attention-score FLOPs of one token against `context` tokens, all layers
  // (QK and AV; MLA attends over the latent).
  [[nodiscard]] double attention_flops(double context) const;
};

}  // namespace w2t::workload
