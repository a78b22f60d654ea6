#include "cli/commands.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "cli/support.hpp"
#include "core/files.hpp"
#include "core/suggest.hpp"
#include "data/embedded.hpp"
#include "data/schema.hpp"
#include "io/data_view.hpp"
#include "io/need_report.hpp"
#include "io/run_report.hpp"
#include "model/run.hpp"
#include "supply/need.hpp"

#ifndef W2T_VERSION
#define W2T_VERSION "dev"
#endif

namespace w2t::cli {

namespace {

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
  keep_run(options.common, "run", *world, r->params, &r->timeline, io::run_json(*world, *r)["summary"]);
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
  keep_run(o.common, "need", *world, params, nullptr, io::need_json(n, world->dataset, forward));
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
