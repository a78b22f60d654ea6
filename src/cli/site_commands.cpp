#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/support.hpp"
#include "core/suggest.hpp"
#include "io/demand_report.hpp"
#include "io/sites_report.hpp"
#include "io/train_report.hpp"
#include "sites/compare.hpp"
#include "supply/need.hpp"
#include "workload/inference.hpp"
#include "workload/training.hpp"

namespace w2t::cli {

// The commands on sites and workloads: w2t sites, w2t train, w2t demand.

int run_sites(const SitesOptions& o) {
  int code = kExitOk;
  auto compiled = compile(o.common, code);
  if (!compiled) return code;
  auto* const world = &compiled->world;
  auto* const chain = &compiled->chain;
  auto* const deployment = &compiled->deployment;
  const sites::SiteModel* model = &deployment->sites;
  const std::vector<double>& params = compiled->params;

  sites::CompareRequest request;
  auto load_w = parse_si(o.load, *parse_unit("W"));
  if (!load_w) {
    Error e = load_w.error();
    e.path = "--load";
    return bad_input(e);
  }
  // Up to 100 GW, a hundred of today's largest campuses.
  if (!(*load_w > 0.0 && *load_w <= 1e11)) {
    return bad_input(make_error(ErrorCode::bad_value, fmt::format("'{}' is not an IT load", o.load), "--load",
                                "a power from 1 W to 100 GW, e.g. \"100 MW\""));
  }
  request.load = *load_w;
  request.years = o.years;
  if (!(o.years >= 1.0 && o.years <= 100.0)) {
    return bad_input(make_error(ErrorCode::bad_value, fmt::format("a TCO horizon of {} years", o.years),
                                "--years", "1 to 100 years"));
  }
  auto a = supply::find_accelerator(*chain, o.accelerator, "--accelerator");
  if (!a) return bad_input(a.error());
  request.accelerator = *a;
  // By default the first site with sea or river water, where every site type can be compared.
  auto water =
      std::find_if(model->sites.begin(), model->sites.end(), [](const auto& s) { return s.has_water(); });
  auto location = model->find(o.location, "--location",
                              water == model->sites.end() ? 0 : static_cast<int>(water - model->sites.begin()));
  if (!location) return bad_input(location.error());
  request.location = *location;
  // A whole calendar year inside the span.
  const MonthRange span = chain->span;
  const int first_full = first_whole_year(span);
  const int year = o.year != 0 ? o.year : first_full;
  const int t0 = Month(year, 1) - span.first;
  if (t0 < 0 || t0 + 11 > span.last - span.first) {
    return bad_input(make_error(
        ErrorCode::bad_value,
        fmt::format("{} is not a whole year of the span {}..{}", year, span.first.str(), span.last.str()),
        "--year",
        fmt::format("a year from {} to {}", first_full,
                    span.last.year() - (span.last.month() == 12 ? 0 : 1))));
  }
  request.beside = deployment->non_accelerator_it(params, t0);
  const auto comparison =
      sites::compare_site_types(*model, deployment->economics, *chain, params, request, t0);
  std::vector<sites::SiteTypeBands> bands;
  if (o.ranges) {
    if (o.samples < 2) {
      return bad_input(make_error(ErrorCode::bad_value, "bands need at least 2 samples", "--samples"));
    }
    const data::Sampler sampler(world->dataset, world->formulas);
    bands = sites::compare_bands(*model, deployment->economics, *chain, deployment->non_accelerator_it,
                                 sampler, params.size(), request, t0, o.seed, o.samples);
  }
  const auto result = io::sites_json(comparison, bands);
  if (auto e = unreadable(result, *world)) return bad_input(*e);
  if (o.common.format == "json") {
    fmt::print("{}\n", result.dump(2));
  } else {
    fmt::print("{}", io::sites_text(comparison, bands));
  }
  return kExitOk;
}

namespace {

// A count as people write it: "16384", "16K", "405B", "15.6T" (K, M, B or G, T).
Expected<double> parse_count(const std::string& text, const std::string& option) {
  std::size_t used = 0;
  double value = 0.0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  const std::string suffix = used == 0 ? text : text.substr(used);
  static const std::vector<std::pair<std::string, double>> kScales = {
      {"", 1.0}, {"K", 1e3}, {"k", 1e3}, {"M", 1e6}, {"B", 1e9}, {"G", 1e9}, {"T", 1e12}};
  auto scale = std::find_if(kScales.begin(), kScales.end(), [&](const auto& s) { return s.first == suffix; });
  if (used == 0 || scale == kScales.end() || !(value > 0.0)) {
    return make_error(ErrorCode::bad_value, fmt::format("'{}' is not a positive count", text), option,
                      "a number with an optional K, M, B or T: 405B, 15.6T, 16384");
  }
  return value * scale->second;
}

}  // namespace

int run_train(const TrainOptions& o) {
  int code = kExitOk;
  auto compiled = compile(o.common, code);
  if (!compiled) return code;
  auto* const world = &compiled->world;
  auto* const chain = &compiled->chain;
  auto* const deployment = &compiled->deployment;
  auto workloads = workload::Workloads::compile(*world, *chain);
  if (!workloads) return bad_input(workloads.error());
  const std::vector<double>& params = compiled->params;
  const auto& ds = world->dataset;

  workload::TrainingRequest request;
  io::TrainingLabel label;
  if (!o.model.empty()) {
    if (!ds.has_entity("model", o.model)) {
      const auto& models = ds.entities.at("model");
      return bad_input(make_error(ErrorCode::bad_reference,
                                  fmt::format("unknown model '{}'{}", o.model, did_you_mean(o.model, models)),
                                  "--model", fmt::format("one of: {}", join(models))));
    }
    const std::string base = "model." + o.model + ".";
    request.parameters = ds.get(base + "total_parameters")->value;
    if (const auto* active = ds.get(base + "active_parameters")) request.active_parameters = active->value;
    if (const auto* tokens = ds.get(base + "training_tokens")) request.tokens = tokens->value;
    label.model = o.model;
  }
  if (!o.parameters.empty()) {
    auto n = parse_count(o.parameters, "--params");
    if (!n) return bad_input(n.error());
    request.parameters = *n;
  }
  if (!o.tokens.empty()) {
    auto d = parse_count(o.tokens, "--tokens");
    if (!d) return bad_input(d.error());
    request.tokens = *d;
  }
  if (request.parameters <= 0.0 || request.tokens <= 0.0) {
    return bad_input(make_error(ErrorCode::missing, "a training run needs its size and its tokens", "train",
                                "--model ID, or --params 405B --tokens 15.6T"));
  }
  auto count = parse_count(o.count, "--count");
  if (!count) return bad_input(count.error());
  request.count = *count;
  auto a = supply::find_accelerator(*chain, o.accelerator, "--accelerator");
  if (!a) return bad_input(a.error());
  request.accelerator = *a;
  request.precision = o.precision;
  if (o.mfu < 0.0 || o.mfu > 1.0) {
    return bad_input(make_error(ErrorCode::bad_value, fmt::format("MFU {} is not a share", o.mfu), "--mfu",
                                "0 < MFU <= 1"));
  }
  request.mfu = o.mfu;
  const auto& model = deployment->sites;
  auto site = model.find(o.site, "--site", 0);
  if (!site) return bad_input(site.error());
  request.site = *site;
  auto january = january_of(chain->span, o.year);
  if (!january) return bad_input(january.error());
  request.t = *january;
  auto run = workloads->train(*chain, *deployment, params, request);
  if (!run) return bad_input(run.error());
  label.accelerator = chain->accelerators[static_cast<std::size_t>(request.accelerator)].id;
  label.precision = request.precision;
  label.site = model.sites[static_cast<std::size_t>(request.site)].id;
  label.count = request.count;
  label.parameters = request.parameters;
  label.tokens = request.tokens;
  const auto result = io::train_json(*run, label);
  if (auto e = unreadable(result, *world)) return bad_input(*e);
  if (o.common.format == "json") {
    fmt::print("{}\n", result.dump(2));
  } else {
    fmt::print("{}", io::train_text(*run, label));
  }
  if (!run->fits()) {
    fmt::print(stderr,
               "the training state does not fit: {:.3g} GB per accelerator against {:.3g} GB usable\n",
               parse_unit("GB")->from_si(run->memory_per_accelerator),
               parse_unit("GB")->from_si(run->usable_memory));
    return kExitBadInput;
  }
  return kExitOk;
}

int run_demand(const DemandOptions& o) {
  int code = kExitOk;
  auto compiled = compile(o.common, code);
  if (!compiled) return code;
  auto* const world = &compiled->world;
  auto* const chain = &compiled->chain;
  auto* const deployment = &compiled->deployment;
  auto workloads = workload::Workloads::compile(*world, *chain);
  if (!workloads) return bad_input(workloads.error());
  auto inference = workload::Inference::compile(*world, *chain);
  if (!inference) return bad_input(inference.error());
  const std::vector<double>& params = compiled->params;
  auto a = supply::find_accelerator(*chain, o.accelerator, "--accelerator");
  if (!a) return bad_input(a.error());
  const auto& sites = deployment->sites;
  auto chosen = sites.find(o.site, "--site", -1);  // -1: each segment at its region's site
  if (!chosen) return bad_input(chosen.error());
  const int site = *chosen;
  auto january = january_of(chain->span, o.year);
  if (!january) return bad_input(january.error());
  const int t = *january;
  std::vector<io::SegmentRow> rows;
  bool found = o.segment.empty();
  for (std::size_t k = 0; k < inference->segments.size(); ++k) {
    const auto& seg = inference->segments[k];
    if (!o.segment.empty() && seg.id != o.segment) continue;
    found = true;
    const int at = site >= 0 ? site : inference->site_for(sites, static_cast<int>(k));
    auto served = inference->serve(*chain, *workloads, *deployment, params, static_cast<int>(k), *a, at, t);
    if (!served) return bad_input(served.error());
    rows.push_back({seg.id, seg.name, inference->models[static_cast<std::size_t>(seg.model)].id,
                    chain->accelerators[static_cast<std::size_t>(*a)].id,
                    sites.sites[static_cast<std::size_t>(at)].id, *served});
  }
  if (!found) {
    std::vector<std::string> ids;
    for (const auto& s : inference->segments) ids.push_back(s.id);
    return bad_input(
        make_error(ErrorCode::bad_reference,
                   fmt::format("unknown segment '{}'{}", o.segment, did_you_mean(o.segment, ids)),
                   "--segment", fmt::format("one of: {}", join(ids))));
  }
  const auto result = io::demand_json(rows);
  if (auto e = unreadable(result, *world)) return bad_input(*e);
  if (o.common.format == "json") {
    fmt::print("{}\n", result.dump(2));
  } else {
    fmt::print("{}", io::demand_text(rows));
  }
  return kExitOk;
}

}  // namespace w2t::cli
