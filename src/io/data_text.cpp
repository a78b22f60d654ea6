#include <fmt/format.h>

#include <array>
#include <map>

#include "core/number_format.hpp"
#include "io/data_view.hpp"

namespace w2t::io {
namespace {

std::string shorten(std::string_view s, std::size_t width) {
  if (s.size() <= width) return std::string(s);
  return std::string(s.substr(0, width - 3)) + "...";
}

std::string source_label(const data::Parameter& p, const data::Dataset& ds) {
  if (p.derived()) return "= " + p.formula;
  auto s = ds.sources.find(p.source);
  if (s == ds.sources.end()) return p.source;
  return fmt::format("{} ({})", s->second.publisher, s->second.date);
}

// "620k wafer/month"; a dimensionless number has no unit after it.
std::string with_unit(double v, const Unit& unit) {
  const std::string number = human(unit.from_si(v));
  return unit.symbol.empty() || unit.symbol == "1" ? number : fmt::format("{} {}", number, unit.symbol);
}

// The value of a schedule or parameter at a month, in the unit it was written in.
std::string value_at_text(const data::Dataset& ds, std::string_view path, Month m) {
  auto v = ds.value_at(path, m);
  if (!v) return "n/a";
  return with_unit(*v, ds.describing(path)->unit);
}

}  // namespace

std::string value_text(const data::Parameter& p) {
  std::string out = with_unit(p.value, p.unit);
  if (!p.exact && !p.derived()) {
    out += fmt::format(" [{}..{}]", human(p.unit.from_si(p.low)), human(p.unit.from_si(p.high)));
  }
  return out;
}

std::string parameter_table(const data::Dataset& ds, std::string_view grep) {
  std::string out = fmt::format("{:<52} {:<34} {} {}\n", "path", "value [low..high]", "c", "source");
  std::size_t n = 0;
  for (const auto& p : ds.parameters()) {
    if (!matches(p, ds, grep)) continue;
    out += fmt::format("{:<52} {:<34} {} {}\n", p.path, shorten(value_text(p), 34),
                       data::to_string(p.confidence), shorten(source_label(p, ds), 60));
    ++n;
  }
  out += fmt::format("{} parameter{}{}\n", n, n == 1 ? "" : "s",
                     grep.empty() ? "" : fmt::format(" matching '{}'", grep));
  return out;
}

std::string source_table(const data::Dataset& ds, std::string_view grep) {
  std::map<std::string, int> uses;
  for (const auto& p : ds.parameters()) {
    if (matches(p, ds, grep) && !p.source.empty()) ++uses[p.source];
  }
  std::string out;
  for (const auto& [id, count] : uses) {
    auto s = ds.sources.find(id);
    if (s == ds.sources.end()) continue;
    const auto& src = s->second;
    out += fmt::format("{}  [{} parameter{}]\n  {} — {}, {}\n  {}\n", id, count, count == 1 ? "" : "s",
                       src.title, src.publisher, src.date, src.url.empty() ? "(no URL)" : src.url);
  }
  out += fmt::format("{} source{}\n", uses.size(), uses.size() == 1 ? "" : "s");
  return out;
}

std::string dataset_summary(const scenario::World& world, std::string_view version) {
  const auto& ds = world.dataset;
  const auto& sc = world.scenario;
  std::array<int, 4> by_confidence{};
  int points = 0;
  int formulas = 0;
  int ranged = 0;
  for (const auto& p : ds.parameters()) {
    ++by_confidence[static_cast<std::size_t>(p.confidence)];
    points += p.at || p.calendar_month > 0 ? 1 : 0;
    formulas += p.derived() ? 1 : 0;
    ranged += p.exact ? 0 : 1;
  }
  std::string out = fmt::format("wafer2token {} — scenario '{}' ({}..{}, {} months)\n", version, sc.id,
                                sc.span.first.str(), sc.span.last.str(), sc.span.size());
  if (!sc.title.empty()) out += fmt::format("  {}\n", sc.title);
  out +=
      fmt::format("\nDataset: {} parameters ({} with a range, {} schedule points, {} formulas, {} rank "
                  "correlations), {} sources\n",
                  ds.parameters().size(), ranged, points, formulas, ds.correlations.size(), ds.sources.size());
  out += fmt::format(
      "  confidence: P {} · R {} · S {} · E {}   (P official, R press/analyst, S aggregator, E estimate)\n",
      by_confidence[0], by_confidence[1], by_confidence[2], by_confidence[3]);
  std::string domains_line;
  for (const auto& [domain, ids] : ds.entities) {
    domains_line += fmt::format("{}{} {}", domains_line.empty() ? "" : " · ", domain, ids.size());
  }
  out += fmt::format("  entities: {}\n", domains_line);

  const Month headline = sc.span.first + 11;  // the first year's end
  out += fmt::format("\nHeadline figures ({}):\n", headline.str());
  auto line = [&](std::string_view label, std::string_view path) {
    if (!ds.value_at(path, headline)) return;
    const data::Parameter* p = ds.describing(path);
    out += fmt::format("  {:<34} {:<22} {}  {}\n", label, value_at_text(ds, path, headline),
                       data::to_string(p->confidence), shorten(source_label(*p, ds), 44));
  };
  line("World DRAM wafer capacity", "world.dram_wafer_capacity");
  line("World HBM TSV capacity", "world.hbm_tsv_capacity");
  line("HBM share of DRAM wafers", "world.hbm_share_of_dram_wafers");
  for (const auto& id : sc.contracts) {
    const std::string path = fmt::format("contract.{}.wafers_up_to", id);
    line(fmt::format("Contract {} (up to)", id), path);
    auto up_to = ds.value_at(path, headline);
    auto world_capacity = ds.value_at("world.dram_wafer_capacity", headline);
    if (up_to && world_capacity && *world_capacity > 0) {
      out += fmt::format("  {:<34} {:.0f}% of world DRAM wafer capacity\n", "",
                         100.0 * *up_to / *world_capacity);
    }
  }
  for (const auto& id : sc.deals) line(fmt::format("Deal {}", id), fmt::format("deal.{}.power", id));

  out += fmt::format(
      "\nScenario: makers {} · sites {} · deals {} · contracts {} · buyers:",
      sc.makers.empty() ? ds.entities.count("maker") ? ds.entities.at("maker").size() : 0 : sc.makers.size(),
      sc.sites.size(), sc.deals.size(), sc.contracts.size());
  for (const auto& b : sc.buyers) out += fmt::format(" {} ({} #{})", b.id, b.allocation, b.rank);
  out += fmt::format("\n  parameter overrides: {}\n", sc.overrides.size());
  out += "\nMore: w2t data --grep hbm3e · w2t data --sources · w2t data --format json · w2t check FILE\n";
  return out;
}

}  // namespace w2t::io
