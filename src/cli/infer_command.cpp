// w2t infer: the serving front of one model on one accelerator, the point
// that meets the latency targets, and the fleet a day of traffic needs
// (workload/serving_query.hpp).
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/support.hpp"
#include "io/infer_report.hpp"
#include "workload/serving_query.hpp"

namespace w2t::cli {

int run_infer(const InferOptions& o) {
  int code = kExitOk;
  auto compiled = compile(o.common, code);
  if (!compiled) return code;
  const auto& world = compiled->world;
  const auto& chain = compiled->chain;
  auto workloads = workload::Workloads::compile(world, chain);
  if (!workloads) return bad_input(workloads.error());
  auto inference = workload::Inference::compile(world, chain);
  if (!inference) return bad_input(inference.error());
  auto january = january_of(chain.span, o.year);
  if (!january) return bad_input(january.error());
  workload::InferQuestion q = o.question;
  q.t = *january;
  auto answer = workload::infer(chain, compiled->deployment, *workloads, *inference, compiled->params, q);
  if (!answer) return bad_input(answer.error());
  const auto doc = io::infer_json(*answer);
  if (auto e = unreadable(doc, world)) return bad_input(*e);
  if (o.common.format == "json") {
    fmt::print("{}\n", doc.dump(2));
  } else {
    fmt::print("{}", io::infer_text(*answer));
  }
  return kExitOk;
}

}  // namespace w2t::cli
