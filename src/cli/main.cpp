// w2t — wafer2token's command line.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "analysis/cluster.hpp"
#include "cli/commands.hpp"
#include "core/files.hpp"

#ifndef W2T_VERSION
#define W2T_VERSION "dev"
#endif

namespace {

// A path a command will write: absent, or a regular file (never a link, a
// device or a FIFO); checked before any work is done.
const CLI::Validator kWritableFile(
    [](std::string& path) -> std::string {
      auto refused = w2t::check_writable_target(path);
      return refused ? refused->format() : std::string{};
    },
    "FILE");

void add_scenario_options(CLI::App* cmd, w2t::cli::ScenarioOptions& o, bool with_format = true) {
  cmd->add_option("scenario", o.scenario, "scenario file (default: the embedded stargate-2025)");
  cmd->add_option("--set", o.sets, "override a parameter: PATH=VALUE (repeatable)")->type_name("PATH=VALUE");
  if (with_format) {
    cmd->add_option("--format", o.format, "output format")
        ->check(CLI::IsMember({"text", "json", "csv"}))
        ->capture_default_str();
  }
}

// --db and --no-store, for the commands that keep their runs.
void add_store_options(CLI::App* cmd, w2t::cli::ScenarioOptions& o) {
  o.keeps_runs = true;
  cmd->add_option("--db", o.db, "run store (default: $W2T_DB or ~/.local/share/w2t/runs.db)")->check(kWritableFile);
  cmd->add_flag("--no-store", o.no_store, "do not keep this run in the run store");
}

}  // namespace

int main(int argc, char** argv) {
  // Under mpirun every rank runs the command; rank 0 alone speaks.
  const auto cluster = w2t::analysis::Cluster::join(argc, argv);
  if (!cluster->root()) {
    [[maybe_unused]] const auto* out = std::freopen("/dev/null", "w", stdout);
    [[maybe_unused]] const auto* err = std::freopen("/dev/null", "w", stderr);
  }
  CLI::App app{
      "wafer2token: DRAM wafers to HBM stacks, accelerators, sites, energy, carbon, money and "
      "tokens — month by month, with sources and ranges.",
      "w2t"};
  app.set_version_flag("--version", std::string("w2t ") + W2T_VERSION);
  app.require_subcommand(1);

  w2t::cli::DataOptions data;
  auto* data_cmd = app.add_subcommand("data", "the dataset: a summary, parameters with sources");
  add_scenario_options(data_cmd, data.common);
  data_cmd->add_option("--grep", data.grep, "only parameters whose path, note or source contains TEXT")
      ->type_name("TEXT");
  data_cmd->add_flag("--sources", data.sources, "list the sources (of the matching parameters)");
  data_cmd->add_flag("--all", data.all, "list every parameter");
  data_cmd->add_flag("--schema", data.schema, "print the domains and fields a data file may hold");

  w2t::cli::RunOptions run;
  auto* run_cmd = app.add_subcommand("run", "the monthly supply model: accelerators built, what binds");
  add_scenario_options(run_cmd, run.common);
  add_store_options(run_cmd, run.common);
  run_cmd->add_option("--out", run.out_dir, "also write timeline.csv and summary.json into DIR")
      ->type_name("DIR");
  run_cmd->add_option("--report", run.report, "also write a self-contained HTML report with every chart")
      ->type_name("FILE")
      ->check(kWritableFile);

  w2t::cli::NeedOptions need;
  auto* need_cmd = app.add_subcommand("need", "the inverse question: wafers, TSV and packaging for a target");
  add_scenario_options(need_cmd, need.common, true);
  add_store_options(need_cmd, need.common);
  need_cmd->add_option("--report", need.report, "also write an HTML report of the run and the answer")
      ->type_name("FILE")
      ->check(kWritableFile);
  need_cmd->add_option("--target", need.target, "a build-out: \"1 GW/week\" or \"10 GW by 2029-12\"");
  need_cmd->add_option("--accelerators", need.accelerators, "accelerators per period: \"5M/year\"");
  need_cmd->add_option("--wafers", need.wafers, "the forward form: what \"900k/month\" of wafers buys");
  need_cmd->add_option("--accelerator", need.accelerator, "accelerator id (default: the first deal's)");

  w2t::cli::SitesOptions sites;
  auto* sites_cmd =
      app.add_subcommand("sites", "site types side by side on one IT load: PUE, water, carbon, cost");
  add_scenario_options(sites_cmd, sites.common, true);
  sites_cmd->add_option("--load", sites.load, "IT load, e.g. \"100 MW\"")->capture_default_str();
  sites_cmd->add_option("--location", sites.location, "a site of the scenario whose climate and grid to use");
  sites_cmd->add_option("--accelerator", sites.accelerator, "accelerator id (default: the first deal's)");
  sites_cmd->add_option("--year", sites.year,
                        "calendar year of prices (default: the span's first full year)");
  sites_cmd->add_option("--years", sites.years, "horizon of the total cost of ownership, years")
      ->capture_default_str();
  sites_cmd->add_flag("--ranges", sites.ranges,
                      "P5..P95 of every figure over draws of the parameters' ranges");
  sites_cmd->add_option("--samples", sites.samples, "parameter draws for --ranges")->capture_default_str();
  sites_cmd->add_option("--seed", sites.seed, "seed of the draws (the same seed gives the same bands)")
      ->capture_default_str();

  w2t::cli::TrainOptions train;
  auto* train_cmd =
      app.add_subcommand("train", "one training run: FLOPs, wall time, energy, carbon, cost, memory");
  add_scenario_options(train_cmd, train.common, true);
  train_cmd->add_option("--model", train.model, "a model of the dataset (w2t data --grep model.)");
  train_cmd->add_option("--params", train.parameters, "parameters: 405B (instead of --model)");
  train_cmd->add_option("--tokens", train.tokens, "training tokens: 15.6T");
  train_cmd->add_option("--accelerator", train.accelerator, "accelerator id (default: the first deal's)");
  train_cmd->add_option("--count", train.count, "accelerators in the cluster")->capture_default_str();
  train_cmd->add_option("--precision", train.precision, "bf16, fp8 or fp4")->capture_default_str();
  train_cmd->add_option("--mfu", train.mfu, "model FLOPs utilisation (default: the data's training.mfu)");
  train_cmd->add_option("--site", train.site, "where it runs: PUE, grid, prices (default: the first site)");
  train_cmd->add_option("--year", train.year, "year of prices (default: the span's first whole year)");

  w2t::cli::DemandOptions demand;
  auto* demand_cmd = app.add_subcommand(
      "demand", "inference demand: accelerators needed, $ per million tokens, Wh per query");
  add_scenario_options(demand_cmd, demand.common, true);
  demand_cmd->add_option("--segment", demand.segment, "one demand segment (default: all)");
  demand_cmd->add_option("--accelerator", demand.accelerator, "accelerator id (default: the first deal's)");
  demand_cmd->add_option("--site", demand.site,
                         "where it is served (default: the site of the segment's region)");
  demand_cmd->add_option("--year", demand.year,
                         "year of prices and figures (default: the span's first whole year)");

  w2t::cli::InferOptions infer;
  auto* infer_cmd = app.add_subcommand(
      "infer", "serving: the front of tokens/s per accelerator against tokens/s per user, and a fleet");
  add_scenario_options(infer_cmd, infer.common, true);
  infer_cmd->add_option("--model", infer.question.model, "model id (w2t data --grep model.)")->required();
  infer_cmd->add_option("--accelerator", infer.question.accelerator, "accelerator id")->required();
  infer_cmd->add_option("--input", infer.question.input, "input tokens per request")
      ->check(CLI::Range(1.0, 1e7))
      ->capture_default_str();
  infer_cmd->add_option("--output", infer.question.output, "output tokens per request")
      ->check(CLI::Range(1.0, 1e6))
      ->capture_default_str();
  infer_cmd->add_option("--prefix-hit", infer.question.prefix_hit, "share of input tokens in the prefix cache (default: data)")
      ->check(CLI::Range(0.0, 1.0));
  auto* per_user = infer_cmd->add_option("--tokens-per-user", infer.question.tokens_per_user,
                                         "target output tokens/s per user")->check(CLI::Range(0.001, 1e6));
  infer_cmd->add_option("--tpot", infer.question.tpot_ms, "target time per output token, ms")
      ->check(CLI::Range(0.001, 1e6))
      ->excludes(per_user);
  infer_cmd->add_option("--ttft", infer.question.ttft_ms, "target time to first token, ms")->check(CLI::Range(0.001, 1e8));
  infer_cmd->add_option("--input-tokens-per-day", infer.question.input_per_day, "a day's input tokens, e.g. 100B");
  infer_cmd->add_option("--output-tokens-per-day", infer.question.output_per_day, "a day's output tokens, e.g. 20B");
  infer_cmd->add_option("--precision", infer.question.precision, "weights: bf16, fp8 or fp4 (default: serving.precision)");
  infer_cmd->add_option("--kv-precision", infer.question.kv_precision, "KV cache: bf16, fp8 or fp4 (default: fp8)");
  infer_cmd->add_option("--site", infer.question.site, "where the fleet runs: PUE and prices (default: the first site)");
  infer_cmd->add_option("--year", infer.year, "year of the accelerator's figures and prices");

  w2t::cli::McOptions mc;
  auto* mc_cmd =
      app.add_subcommand("mc", "Monte Carlo: P5..P95 of the summary metrics over the data's ranges");
  add_scenario_options(mc_cmd, mc.common, true);
  add_store_options(mc_cmd, mc.common);
  mc_cmd->add_option("--samples", mc.samples, "parameter draws")->capture_default_str();
  mc_cmd->add_option("--threads", mc.threads, "threads (the results do not depend on it)")
      ->check(CLI::Range(1, w2t::cli::kMaxThreads))
      ->capture_default_str();
  mc_cmd->add_option("--seed", mc.seed, "seed of the draws")->capture_default_str();
  mc_cmd->add_flag("--quiet", mc.quiet, "no progress bar on stderr");
  mc_cmd->add_option("--report", mc.report, "also write an HTML report of the run with its fan charts")
      ->type_name("FILE")
      ->check(kWritableFile);

  w2t::cli::OpsOptions ops;
  auto* ops_cmd = app.add_subcommand(
      "ops",
      "fleet operations: failures, repairs, a training job and a day of serving, simulated event by event");
  add_scenario_options(ops_cmd, ops.common, true);
  add_store_options(ops_cmd, ops.common);
  ops_cmd->add_option("--days", ops.days, "simulated days of failures and repairs")->capture_default_str();
  ops_cmd
      ->add_option("--warmup-days", ops.warmup_days,
                   "simulated first and not counted (default: part_swap_time + spares_lead_time)")
      ->type_name("DAYS");
  ops_cmd->add_option("--replications", ops.replications, "independent runs of the fleet")
      ->capture_default_str();
  ops_cmd->add_option("--threads", ops.threads, "threads; 0: every core (the results do not depend on it)")
      ->check(CLI::Range(0, w2t::cli::kMaxThreads))
      ->capture_default_str();
  ops_cmd->add_option("--seed", ops.seed, "seed of the random streams")->capture_default_str();
  ops_cmd->add_option("--month", ops.month, "the fleet switched on in this month (default: the span's last)")
      ->type_name("YYYY-MM");
  ops_cmd
      ->add_option("--failure-law", ops.failure_law,
                   "exponential | weibull (shape reliability.weibull_shape)")
      ->capture_default_str();
  ops_cmd
      ->add_option("--serving-replicas", ops.serving_replicas,
                   "replicas simulated for a day of serving (0: all of them, -1: no serving)")
      ->capture_default_str();
  ops_cmd->add_flag("--quiet", ops.quiet, "no progress bar on stderr");
  ops_cmd->add_option("--report", ops.report, "also write an HTML report with the fleet's charts")
      ->type_name("FILE")
      ->check(kWritableFile);

  w2t::cli::SensitivityOptions sensitivity;
  auto* sensitivity_cmd =
      app.add_subcommand("sensitivity", "which parameters move a summary metric: tornado and Sobol indices");
  add_scenario_options(sensitivity_cmd, sensitivity.common, true);
  sensitivity_cmd->add_option("--metric", sensitivity.metric, "a summary metric of w2t mc")
      ->capture_default_str();
  sensitivity_cmd->add_option("--top", sensitivity.top, "how many parameters to show (and index)")
      ->capture_default_str();
  sensitivity_cmd
      ->add_option("--samples", sensitivity.samples,
                   "Sobol design size N, costing N (top + 2) runs; 0: no Sobol")
      ->capture_default_str();
  sensitivity_cmd->add_option("--threads", sensitivity.threads, "threads (the results do not depend on it)")
      ->check(CLI::Range(1, w2t::cli::kMaxThreads))
      ->capture_default_str();
  sensitivity_cmd->add_option("--seed", sensitivity.seed, "seed of the Sobol draws")->capture_default_str();
  sensitivity_cmd->add_flag("--quiet", sensitivity.quiet, "no progress bar on stderr");
  sensitivity_cmd
      ->add_option("--report", sensitivity.report, "also write an HTML report of the run with the tornado")
      ->type_name("FILE")
      ->check(kWritableFile);

  w2t::cli::SweepOptions sweep;
  auto* sweep_cmd =
      app.add_subcommand("sweep", "cartesian sweep of parameters: one tidy row per point and metric");
  add_scenario_options(sweep_cmd, sweep.common, true);
  add_store_options(sweep_cmd, sweep.common);
  sweep_cmd->add_option("--axis", sweep.axes, "PATH=V1,V2,... (repeatable)")->required();
  sweep_cmd->add_option("--samples", sweep.samples, "Monte Carlo samples per point (0: none)")
      ->capture_default_str();
  sweep_cmd->add_option("--threads", sweep.threads, "threads for the Monte Carlo")
      ->check(CLI::Range(1, w2t::cli::kMaxThreads))
      ->capture_default_str();
  sweep_cmd->add_option("--seed", sweep.seed, "seed of the draws")->capture_default_str();
  sweep_cmd->add_flag("--quiet", sweep.quiet, "no progress bar on stderr");

  w2t::cli::RunsOptions runs;
  auto* runs_cmd = app.add_subcommand("runs", "the run store: list, show, compare and export kept runs");
  runs_cmd->require_subcommand(1);
  runs_cmd->add_option("--db", runs.db, "run store (default: $W2T_DB or ~/.local/share/w2t/runs.db)");
  auto* runs_list = runs_cmd->add_subcommand("list", "the most recent runs");
  runs_list->add_option("--limit", runs.limit, "how many")->capture_default_str();
  runs_list->add_option("--format", runs.format)->check(CLI::IsMember({"text", "json"}));
  auto* runs_show = runs_cmd->add_subcommand("show", "one run: its command, overrides and result");
  runs_show->add_option("id", runs.ids, "run id")->required()->expected(1);
  runs_show->add_option("--format", runs.format)->check(CLI::IsMember({"text", "json"}));
  auto* runs_diff =
      runs_cmd->add_subcommand("diff", "two runs: parameters that differ, how every result moved");
  runs_diff->add_option("ids", runs.ids, "two run ids")->required()->expected(2);
  runs_diff->add_option("--format", runs.format)->check(CLI::IsMember({"text", "json"}));
  auto* runs_export =
      runs_cmd->add_subcommand("export", "one run whole: JSON document, or its timeline as CSV");
  runs_export->add_option("id", runs.ids, "run id")->required()->expected(1);
  runs.format = "text";
  runs_export->add_option("--format", runs.format, "json or csv")->check(CLI::IsMember({"json", "csv"}));

  w2t::cli::ServeOptions serve;
  auto* serve_cmd = app.add_subcommand("serve", "the dashboard and the JSON API over HTTP (docs/api.yaml)");
  serve_cmd->add_option("--host", serve.host, "address to listen on (0.0.0.0: every interface)")
      ->capture_default_str();
  serve_cmd->add_option("--port", serve.port, "port (0: any free one)")->capture_default_str();
  serve_cmd->add_option("--db", serve.db, "run store (default: $W2T_DB or ~/.local/share/w2t/runs.db)")
      ->check(kWritableFile);
  serve_cmd->add_option("--max-samples", serve.max_samples, "Monte Carlo samples a request may ask for")
      ->capture_default_str();
  serve_cmd->add_option("--threads", serve.threads, "connections served at once")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  serve_cmd->add_option("--workers", serve.workers, "model runs at once (each request that runs the model waits for one)")
      ->check(CLI::Range(1, w2t::cli::kMaxThreads))
      ->capture_default_str();
  serve_cmd->add_option("--allow-origin", serve.allow_origins,
                        "another origin whose pages may call the API, e.g. https://w2t.example.org (repeatable)");
  serve_cmd->add_option("--allowed-host", serve.allowed_hosts,
                        "a Host name to answer besides the address served and loopback, e.g. a proxy's (repeatable)");
  serve_cmd->add_option("--token-file", serve.token_file,
                        "file holding the API token (default: one is generated when listening beyond loopback)");
  serve_cmd->add_flag("--require-token", serve.require_token, "require the token on loopback too");
  serve_cmd->add_option("--scenarios", serve.scenarios_dir,
                        "directory of scenario files a request's extends: may name (default: embedded ones only)")
      ->check(CLI::ExistingDirectory);
  serve_cmd->add_option("--max-store-mb", serve.max_store_mb, "size the run store may grow to, MB")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();

  std::vector<std::string> check_files;
  auto* check_cmd = app.add_subcommand("check", "validate scenario or data files; print every error");
  check_cmd->add_option("files", check_files, "YAML files")->required()->check(CLI::ExistingFile);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return w2t::cli::kExitBadInput;
  }

  std::string command_line = "w2t";
  for (int i = 1; i < argc; ++i) command_line += fmt::format(" {}", argv[i]);
  for (auto* o : {&run.common, &need.common, &mc.common, &sweep.common, &ops.common})
    o->command = command_line;
  if (runs_export->parsed() && runs.format == "text") runs.format = "json";

  try {
    if (data_cmd->parsed()) return w2t::cli::run_data(data);
    if (run_cmd->parsed()) return w2t::cli::run_model(run);
    if (need_cmd->parsed()) return w2t::cli::run_need(need);
    if (sites_cmd->parsed()) return w2t::cli::run_sites(sites);
    if (train_cmd->parsed()) return w2t::cli::run_train(train);
    if (demand_cmd->parsed()) return w2t::cli::run_demand(demand);
    if (infer_cmd->parsed()) return w2t::cli::run_infer(infer);
    if (mc_cmd->parsed()) return w2t::cli::run_mc(mc, *cluster);
    if (ops_cmd->parsed()) return w2t::cli::run_ops(ops);
    if (sensitivity_cmd->parsed()) return w2t::cli::run_sensitivity(sensitivity, *cluster);
    if (sweep_cmd->parsed()) return w2t::cli::run_sweep(sweep, *cluster);
    if (check_cmd->parsed()) return w2t::cli::run_check(check_files);
    if (serve_cmd->parsed()) return w2t::cli::run_serve(serve);
    if (runs_list->parsed()) return w2t::cli::runs_list(runs);
    if (runs_show->parsed()) return w2t::cli::runs_show(runs);
    if (runs_diff->parsed()) return w2t::cli::runs_diff(runs);
    if (runs_export->parsed()) return w2t::cli::runs_export(runs);
  } catch (const std::exception& e) {
    fmt::print(stderr, "w2t: internal error: {}\n", e.what());
    return w2t::cli::kExitFailure;
  }
  return w2t::cli::kExitOk;
}
