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
  auto summary = io::run_summary(*r);
  if (auto e = unreadable(summary, *world)) return bad_input(*e);
  const int kept = keep_run(options.common, "run", *world, r->params, &r->timeline, std::move(summary));
  if (!options.out_dir.empty()) {
    std::filesystem::create_directories(options.out_dir);
    const auto dir = std::filesystem::path(options.out_dir);
    for (auto [name, text] : {std::pair{"timeline.csv", io::timeline_csv(r->timeline)},
                              std::pair{"summary.json", io::run_summary(*r).dump(2) + "\n"}}) {
      if (auto ok = write_text_atomic((dir / name).string(), text); !ok) {
        fmt::print(stderr, "{}\n", ok.error().format());
        return kExitFailure;
      }
    }
  }
  if (!options.report.empty()) {
    if (int written = write_report(options.report, *world, *r, nlohmann::json::object()); written != kExitOk)
      return written;
  }
  if (options.common.format == "json") {
    fmt::print("{}\n", io::run_json(*world, *r).dump());
  } else if (options.common.format == "csv") {
    fmt::print("{}", io::timeline_csv(r->timeline));
  } else {
    fmt::print("{}", io::run_text(*world, *r));
  }
  return kept;
}

int run_need(const NeedOptions& o) {
  int code = kExitOk;
  auto world = load(o.common, code);
  if (!world) return code;
  auto chain = supply::Chain::compile(*world);
  if (!chain) return bad_input(chain.error());
  const std::vector<double> params = world->dataset.values();
  auto found = supply::find_accelerator(*chain, o.accelerator, "--accelerator");
  if (!found) return bad_input(found.error());
  const supply::NeedQuestion question{o.target, o.accelerators, o.wafers};
  const bool forward = question.forward();
  auto answered = supply::answer(*chain, params, *found, question);
  if (!answered) return bad_input(answered.error());
  const supply::Need& n = *answered;
  auto answer = io::need_json(n, world->dataset, forward);
  if (auto e = unreadable(answer, *world)) return bad_input(*e);
  const int kept = keep_run(o.common, "need", *world, params, nullptr, std::move(answer));
  if (!o.report.empty()) {
    auto run = model::run(*world);
    if (!run) return bad_input(run.error());
    const nlohmann::json extras = {{"need", io::need_json(n, world->dataset, forward)}};
    if (int written = write_report(o.report, *world, *run, extras); written != kExitOk) return written;
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
  return kept;
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
