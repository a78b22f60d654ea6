#include "cli/commands.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "core/files.hpp"
#include "core/suggest.hpp"
#include "data/embedded.hpp"
#include "data/schema.hpp"
#include "io/data_view.hpp"
#include "io/demand_report.hpp"
#include "io/mc_report.hpp"
#include "io/need_report.hpp"
#include "io/run_report.hpp"
#include "io/sensitivity_report.hpp"
#include "io/sites_report.hpp"
#include "io/sweep_report.hpp"
#include "io/train_report.hpp"
#include "model/run.hpp"
#include "scenario/scenario.hpp"
#include "sites/compare.hpp"
#include "sites/deployment.hpp"
#include "supply/need.hpp"
#include "workload/inference.hpp"
#include "workload/training.hpp"

#ifndef W2T_VERSION
#define W2T_VERSION "dev"
#endif

namespace w2t::cli {
namespace {

void print_errors(const Diagnostics& diag) {
  for (const auto& e : diag.errors()) fmt::print(stderr, "{}\n", e.format());
  fmt::print(stderr, "{} error{}\n", diag.size(), diag.size() == 1 ? "" : "s");
}

// Loads the scenario with its overrides; prints errors and returns nullopt on failure.
std::optional<scenario::World> load(const ScenarioOptions& o, int& exit_code) {
  Diagnostics diag;
  std::vector<scenario::Override> overrides;
  for (const auto& s : o.sets) {
    auto parsed = scenario::parse_override(s);
    if (!parsed) {
      diag.add(parsed.error());
    } else {
      overrides.push_back(std::move(*parsed));
    }
  }
  auto world = scenario::load_world({o.scenario}, overrides, diag);
  if (!diag.empty()) {
    print_errors(diag);
    exit_code = kExitBadInput;  // a scenario that does not load is bad input, a missing file too
    return std::nullopt;
  }
  return world;
}

std::string schema_text() {
  std::string out;
  for (const auto& d : data::domains()) {
    out += fmt::format("{}{} — {}\n", d.name, d.keyed ? ".<id>" : "", d.doc);
    for (const auto& f : d.fields) {
      std::string kind;
      switch (f.kind) {
        case data::FieldKind::number: kind = fmt::format("number [{}]", f.unit); break;
        case data::FieldKind::number_map:
          kind = fmt::format("numbers by {} [{}]", f.refers_to, f.unit);
          break;
        case data::FieldKind::text: kind = "text"; break;
        case data::FieldKind::choice: kind = fmt::format("one of {}", f.refers_to); break;
        case data::FieldKind::month: kind = "month"; break;
        case data::FieldKind::reference: kind = fmt::format("{} id", f.refers_to); break;
        case data::FieldKind::references: kind = fmt::format("list of {} ids", f.refers_to); break;
      }
      out += fmt::format("  {:<32} {:<38} {}{}\n", f.name, kind, f.required ? "required · " : "", f.doc);
    }
  }
  return out;
}

// What the model commands work on: the world with its overrides, the supply
// chain and the deployment to sites, compiled.
struct Compiled {
  scenario::World world;
  supply::Chain chain;
  sites::Deployment deployment;
  std::vector<double> params;
};

// Loads and compiles; on failure prints why and sets `exit_code`.
std::optional<Compiled> compile(const ScenarioOptions& o, int& exit_code);

// Prints one error of bad input and returns its exit code.
int bad_input(Error e) {
  Diagnostics diag;
  diag.add(std::move(e));
  print_errors(diag);
  return kExitBadInput;
}

std::optional<Compiled> compile(const ScenarioOptions& o, int& exit_code) {
  auto world = load(o, exit_code);
  if (!world) return std::nullopt;
  auto chain = supply::Chain::compile(*world);
  if (!chain) {
    exit_code = bad_input(chain.error());
    return std::nullopt;
  }
  auto deployment = sites::Deployment::compile(*world, *chain);
  if (!deployment) {
    exit_code = bad_input(deployment.error());
    return std::nullopt;
  }
  std::vector<double> params = world->dataset.values();
  return Compiled{std::move(*world), std::move(*chain), std::move(*deployment), std::move(params)};
}

// The first calendar year wholly inside the span: the default year of prices.
int first_whole_year(MonthRange span) {
  return span.first.month() == 1 ? span.first.year() : span.first.year() + 1;
}

// The chain's index of accelerator `id`, or the headline accelerator when
// `id` is empty.
Expected<int> find_accelerator(const supply::Chain& chain, const std::string& id) {
  if (id.empty()) return chain.headline_accelerator();
  std::vector<std::string> ids;
  for (const auto& acc : chain.accelerators) ids.push_back(acc.id);
  auto it = std::find(ids.begin(), ids.end(), id);
  if (it == ids.end()) {
    return make_error(ErrorCode::bad_reference,
                      fmt::format("unknown accelerator '{}'{}", id, did_you_mean(id, ids)), "--accelerator",
                      fmt::format("one of: {}", join(ids)));
  }
  return static_cast<int>(it - ids.begin());
}

// What only compiling the model can see: an accelerator on a non-HBM
// product, a mix that does not sum to one, a floating site without water, a
// demand segment its model cannot serve.
void compile_model(const scenario::World& world, Diagnostics& diag) {
  auto chain = supply::Chain::compile(world);
  if (!chain) {
    diag.add(chain.error());
    return;
  }
  auto deployment = sites::Deployment::compile(world, *chain);
  if (!deployment) {
    diag.add(deployment.error());
    return;
  }
  if (auto demand = workload::DemandPlan::compile(world, *chain, *deployment); !demand) diag.add(demand.error());
}

}  // namespace

int run_data(const DataOptions& options) {
  if (options.schema) {
    fmt::print("{}", schema_text());
    return kExitOk;
  }
  int code = kExitOk;
  auto world = load(options.common, code);
  if (!world) return code;
  if (options.common.format == "json") {
    fmt::print("{}\n", io::dataset_json(*world, options.grep).dump(2));
  } else if (options.sources) {
    fmt::print("{}", io::source_table(world->dataset, options.grep));
  } else if (!options.grep.empty() || options.all) {
    fmt::print("{}", io::parameter_table(world->dataset, options.grep));
  } else {
    fmt::print("{}", io::dataset_summary(*world, W2T_VERSION));
  }
  return kExitOk;
}

int run_model(const RunOptions& options) {
  int code = kExitOk;
  auto world = load(options.common, code);
  if (!world) return code;
  auto r = model::run(*world);
  if (!r) {
    Diagnostics diag;
    diag.add(r.error());
    print_errors(diag);
    return kExitBadInput;
  }
  if (!options.out_dir.empty()) {
    std::filesystem::create_directories(options.out_dir);
    const auto dir = std::filesystem::path(options.out_dir);
    for (auto [name, text] :
         {std::pair{"timeline.csv", io::timeline_csv(r->timeline)},
          std::pair{"summary.json", io::run_json(*world, *r)["summary"].dump(2) + "\n"}}) {
      if (auto ok = write_text_atomic((dir / name).string(), text); !ok) {
        fmt::print(stderr, "{}\n", ok.error().format());
        return kExitFailure;
      }
    }
  }
  if (options.common.format == "json") {
    fmt::print("{}\n", io::run_json(*world, *r).dump());
  } else if (options.common.format == "csv") {
    fmt::print("{}", io::timeline_csv(r->timeline));
  } else {
    fmt::print("{}", io::run_text(*world, *r));
  }
  return kExitOk;
}

int run_need(const NeedOptions& o) {
  int code = kExitOk;
  auto world = load(o.common, code);
  if (!world) return code;
  const int given = static_cast<int>(!o.target.empty()) + static_cast<int>(!o.accelerators.empty()) +
                    static_cast<int>(!o.wafers.empty());
  if (given != 1) {
    return bad_input(make_error(ErrorCode::bad_input, "give exactly one question", "need",
                                "--target \"1 GW/week\", --accelerators 5M/year or --wafers 900k/month"));
  }
  auto chain = supply::Chain::compile(*world);
  if (!chain) return bad_input(chain.error());
  const std::vector<double> params = world->dataset.values();
  auto found = find_accelerator(*chain, o.accelerator);
  if (!found) return bad_input(found.error());
  const int a = *found;
  const bool forward = !o.wafers.empty();
  supply::Need n;
  if (forward) {
    // "900k/month" counts wafers: a bare count per time is read as wafers.
    std::string wafers = o.wafers;
    if (auto q = parse_quantity(wafers); q && q->unit.dimension == dim::none / dim::time) {
      wafers = fmt::format("{} wafer/{}", q->value, q->unit.symbol.substr(q->unit.symbol.find('/') + 1));
    }
    auto rate = parse_si(wafers, *parse_unit("wafer/month"));
    if (!rate) {
      Error e = rate.error();
      e.path = "--wafers";
      return bad_input(e);
    }
    if (*rate <= 0.0) {
      return bad_input(make_error(ErrorCode::bad_value, "the wafer supply must be positive", "--wafers"));
    }
    n = supply::need_for_wafers(*chain, params, a, *rate * chain->month_seconds, chain->span.size() - 1);
  } else {
    auto target = supply::parse_target(*chain, params, o.target.empty() ? o.accelerators : o.target, a,
                                       o.target.empty());
    if (!target) return bad_input(target.error());
    n = supply::need_for_devices(*chain, params, a, target->devices_per_month, target->month);
  }
  if (o.common.format == "json") {
    fmt::print("{}\n", io::need_json(n, world->dataset, forward).dump(2));
  } else {
    fmt::print("{}", io::need_text(n, forward));
  }
  if (!forward && n.binding_ratio > 1.0) {
    fmt::print(stderr, "target not reachable: {} would need {:.3g}x its capacity\n",
               supply::to_string(n.binding), n.binding_ratio);
    return kExitBadInput;
  }
  return kExitOk;
}

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
  if (*load_w <= 0.0) {
    return bad_input(
        make_error(ErrorCode::bad_value, "the IT load must be positive", "--load", "e.g. \"100 MW\""));
  }
  request.load = *load_w;
  request.years = o.years;
  if (!(o.years > 0.0)) {
    return bad_input(make_error(ErrorCode::bad_value, "the TCO horizon must be positive", "--years"));
  }
  auto a = find_accelerator(*chain, o.accelerator);
  if (!a) return bad_input(a.error());
  request.accelerator = *a;
  // By default the first site with sea or river water, where every site type can be compared.
  std::vector<std::string> ids;
  for (const auto& s : model->sites) ids.push_back(s.id);
  if (ids.empty()) {
    return bad_input(
        make_error(ErrorCode::missing, "the scenario has no sites", "sites", "a list of site ids"));
  }
  if (o.location.empty()) {
    auto it =
        std::find_if(model->sites.begin(), model->sites.end(), [](const auto& s) { return s.has_water(); });
    request.location = it == model->sites.end() ? 0 : static_cast<int>(it - model->sites.begin());
  } else {
    request.location = model->site_index(o.location);
    if (request.location < 0) {
      return bad_input(
          make_error(ErrorCode::bad_reference,
                     fmt::format("unknown location '{}'{}", o.location, did_you_mean(o.location, ids)),
                     "--location", fmt::format("a site of the scenario: {}", join(ids))));
    }
  }
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
  if (o.common.format == "json") {
    fmt::print("{}\n", io::sites_json(comparison, bands).dump(2));
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
  auto a = find_accelerator(*chain, o.accelerator);
  if (!a) return bad_input(a.error());
  request.accelerator = *a;
  request.precision = o.precision;
  if (o.mfu < 0.0 || o.mfu > 1.0) {
    return bad_input(make_error(ErrorCode::bad_value, fmt::format("MFU {} is not a share", o.mfu), "--mfu",
                                "0 < MFU <= 1"));
  }
  request.mfu = o.mfu;
  const auto& model = deployment->sites;
  if (model.sites.empty()) {
    return bad_input(make_error(ErrorCode::missing, "the scenario has no sites", "sites"));
  }
  request.site = o.site.empty() ? 0 : model.site_index(o.site);
  if (request.site < 0) {
    std::vector<std::string> ids;
    for (const auto& s : model.sites) ids.push_back(s.id);
    return bad_input(make_error(ErrorCode::bad_reference,
                                fmt::format("unknown site '{}'{}", o.site, did_you_mean(o.site, ids)),
                                "--site", fmt::format("a site of the scenario: {}", join(ids))));
  }
  const MonthRange span = chain->span;
  const int year = o.year != 0 ? o.year : first_whole_year(span);
  request.t = Month(year, 1) - span.first;
  if (request.t < 0 || request.t > span.last - span.first) {
    return bad_input(make_error(
        ErrorCode::bad_value,
        fmt::format("{} is outside the span {}..{}", year, span.first.str(), span.last.str()), "--year"));
  }
  auto run = workloads->train(*chain, *deployment, params, request);
  if (!run) return bad_input(run.error());
  label.accelerator = chain->accelerators[static_cast<std::size_t>(request.accelerator)].id;
  label.precision = request.precision;
  label.site = model.sites[static_cast<std::size_t>(request.site)].id;
  label.count = request.count;
  label.parameters = request.parameters;
  label.tokens = request.tokens;
  if (o.common.format == "json") {
    fmt::print("{}\n", io::train_json(*run, label).dump(2));
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
  auto a = find_accelerator(*chain, o.accelerator);
  if (!a) return bad_input(a.error());
  const auto& sites = deployment->sites;
  if (sites.sites.empty()) {
    return bad_input(make_error(ErrorCode::missing, "the scenario has no sites", "sites"));
  }
  int site = -1;
  if (!o.site.empty()) {
    site = sites.site_index(o.site);
    if (site < 0) {
      return bad_input(
          make_error(ErrorCode::bad_reference, fmt::format("unknown site '{}'", o.site), "--site"));
    }
  }
  const MonthRange span = chain->span;
  const int year = o.year != 0 ? o.year : first_whole_year(span);
  const int t = Month(year, 1) - span.first;
  if (t < 0 || t > span.last - span.first) {
    return bad_input(make_error(ErrorCode::bad_value, fmt::format("{} is outside the span", year), "--year"));
  }
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
  if (o.common.format == "json") {
    fmt::print("{}\n", io::demand_json(rows).dump(2));
  } else {
    fmt::print("{}", io::demand_text(rows));
  }
  return kExitOk;
}

int run_mc(const McOptions& o) {
  if (o.samples < 1) {
    return bad_input(
        make_error(ErrorCode::bad_value, fmt::format("{} samples", o.samples), "--samples", "at least 1"));
  }
  if (o.threads < 1) {
    return bad_input(
        make_error(ErrorCode::bad_value, fmt::format("{} threads", o.threads), "--threads", "at least 1"));
  }
  int code = kExitOk;
  auto world = load(o.common, code);
  if (!world) return code;
  auto run = model::run(*world);
  if (!run) return bad_input(run.error());
  const auto mc = analysis::monte_carlo(*world, *run, o.samples, o.threads, o.seed);
  if (o.common.format == "json") {
    fmt::print("{}\n", io::mc_json(mc).dump(2));
  } else {
    fmt::print("{}", io::mc_text(mc));
  }
  return kExitOk;
}

int run_sensitivity(const SensitivityOptions& o) {
  const auto metrics = analysis::summary_metrics();
  auto it = std::find_if(metrics.begin(), metrics.end(), [&](const auto& m) { return m.name == o.metric; });
  if (it == metrics.end()) {
    std::vector<std::string> names;
    for (const auto& m : metrics) names.emplace_back(m.name);
    return bad_input(make_error(ErrorCode::bad_reference,
                                fmt::format("unknown metric '{}'{}", o.metric, did_you_mean(o.metric, names)),
                                "--metric", fmt::format("one of: {}", join(names))));
  }
  if (o.top < 1) return bad_input(make_error(ErrorCode::bad_value, "--top must be at least 1", "--top"));
  int code = kExitOk;
  auto world = load(o.common, code);
  if (!world) return code;
  auto run = model::run(*world);
  if (!run) return bad_input(run.error());
  const auto index = static_cast<std::size_t>(it - metrics.begin());
  std::vector<double> central(metrics.size());
  analysis::measure(*run, central);
  const auto bars = analysis::tornado(*world, *run, index, static_cast<std::size_t>(o.top));
  if (o.common.format == "json") {
    fmt::print("{}\n", io::sensitivity_json(*it, central[index], bars).dump(2));
  } else {
    fmt::print("{}", io::sensitivity_text(*it, central[index], bars));
  }
  return kExitOk;
}

int run_sweep(const SweepOptions& o) {
  if (o.axes.empty())
    return bad_input(make_error(ErrorCode::missing, "a sweep needs an axis", "--axis", "PATH=V1,V2,..."));
  if (o.samples < 0 || o.threads < 1) {
    return bad_input(
        make_error(ErrorCode::bad_value, "samples must be 0 or more, threads 1 or more", "--samples"));
  }
  int code = kExitOk;
  auto world = load(o.common, code);
  if (!world) return code;
  std::vector<analysis::Axis> axes;
  for (const auto& text : o.axes) {
    auto axis = analysis::parse_axis(text, world->dataset);
    if (!axis) return bad_input(axis.error());
    axes.push_back(std::move(*axis));
  }
  auto run = model::run(*world);
  if (!run) return bad_input(run.error());
  const auto points = analysis::sweep(*world, *run, axes, o.samples, o.threads, o.seed);
  if (o.common.format == "json") {
    fmt::print("{}\n", io::sweep_json(axes, points).dump(2));
  } else {
    fmt::print("{}", io::sweep_csv(axes, points));
  }
  return kExitOk;
}

int run_check(const std::vector<std::string>& files) {
  int worst = kExitOk;
  for (const auto& file : files) {
    Diagnostics diag;
    auto text = read_text(file);
    if (!text) {
      diag.add(text.error());
      print_errors(diag);
      worst = kExitBadInput;
      continue;
    }
    data::TextFile input{file, *text};
    // A scenario names itself; anything else is a data file checked in place
    // of (or beside) the embedded dataset.
    bool is_scenario = false;
    if (auto doc = data::parse_yaml(input); doc && doc->root.IsMap() && doc->root["scenario"]) {
      is_scenario = true;
    }
    std::size_t parameters = 0;
    std::string what = "data file";
    if (is_scenario) {
      auto world = scenario::load_world({file}, {}, diag);
      parameters = world.dataset.parameters().size();
      what = "scenario " + world.scenario.id;
      if (diag.empty()) compile_model(world, diag);
    } else {
      // A data file is checked with the default scenario run over it, so that
      // what only compiling the model can see is reported too.
      auto world = scenario::load_world({}, {}, diag, {input});
      parameters = world.dataset.parameters().size();
      if (diag.empty()) compile_model(world, diag);
    }
    if (!diag.empty()) {
      print_errors(diag);
      worst = kExitBadInput;
      continue;
    }
    fmt::print("{}: ok ({}, {} parameters in the dataset)\n", file, what, parameters);
  }
  return worst;
}

}  // namespace w2t::cli
