#include <algorithm>
#include <cctype>

#include "io/data_view.hpp"

namespace w2t::io {
namespace {

bool contains_nocase(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != haystack.end();
}

}  // namespace

bool matches(const data::Parameter& p, const data::Dataset& ds, std::string_view grep) {
  if (grep.empty()) return true;
  if (contains_nocase(p.path, grep) || contains_nocase(p.note, grep) || contains_nocase(p.formula, grep)) {
    return true;
  }
  auto s = ds.sources.find(p.source);
  return s != ds.sources.end() &&
         (contains_nocase(s->second.title, grep) || contains_nocase(s->second.publisher, grep));
}

nlohmann::json source_json(const data::Source& s) {
  return {{"id", s.id}, {"title", s.title}, {"publisher", s.publisher}, {"date", s.date}, {"url", s.url}};
}

nlohmann::json parameter_json(const data::Parameter& p, const data::Dataset& ds) {
  nlohmann::json j;
  j["path"] = p.path;
  j["value"] = p.unit.from_si(p.value);
  j["unit"] = p.unit.symbol;
  j["low"] = p.unit.from_si(p.low);
  j["high"] = p.unit.from_si(p.high);
  j["exact"] = p.exact;
  j["distribution"] = data::to_string(p.distribution);
  j["confidence"] = data::to_string(p.confidence);
  if (p.derived()) {
    j["formula"] = p.formula;
    j["source"] = {{"formula", p.formula}, {"title", "derived: " + p.formula}};
  } else if (auto s = ds.sources.find(p.source); s != ds.sources.end()) {
    j["source"] = source_json(s->second);
  } else {
    j["source"] = nlohmann::json::object();
  }
  if (p.at) j["month"] = p.at->str();
  if (p.calendar_month > 0) j["calendar_month"] = p.calendar_month;
  j["note"] = p.note;
  j["defined_at"] = p.where.line > 0 ? p.where.file + ":" + std::to_string(p.where.line) : p.where.file;
  return j;
}

nlohmann::json dataset_json(const scenario::World& world, std::string_view grep) {
  const auto& ds = world.dataset;
  nlohmann::json params = nlohmann::json::array();
  std::vector<std::string> used;
  for (const auto& p : ds.parameters()) {
    if (!matches(p, ds, grep)) continue;
    params.push_back(parameter_json(p, ds));
    if (!p.source.empty()) used.push_back(p.source);
  }
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& id : used) {
    if (auto s = ds.sources.find(id); s != ds.sources.end()) sources.push_back(source_json(s->second));
  }
  nlohmann::json correlations = nlohmann::json::array();
  for (const auto& c : ds.correlations) {
    if (!grep.empty() && c.a.find(grep) == std::string::npos && c.b.find(grep) == std::string::npos) continue;
    correlations.push_back({{"between", {c.a, c.b}},
                            {"rank", c.rank},
                            {"source", c.source},
                            {"confidence", data::to_string(c.confidence)},
                            {"note", c.note},
                            {"defined_at", c.where.file + ":" + std::to_string(c.where.line)}});
  }
  return {{"scenario", world.scenario.id},
          {"span", {{"start", world.scenario.span.first.str()}, {"end", world.scenario.span.last.str()}}},
          {"parameter_count", params.size()},
          {"parameters", std::move(params)},
          {"correlations", std::move(correlations)},
          {"sources", std::move(sources)}};
}

}  // namespace w2t::io
