#include "scenario/scenario.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <tuple>

#include "core/files.hpp"
#include "core/suggest.hpp"
#include "data/embedded.hpp"
#include "data/loader.hpp"

namespace w2t::scenario {
namespace {

using data::TextFile;
using data::YamlDoc;

const std::vector<std::string> kScenarioKeys = {
    "scenario",     "title",     "description", "extends",       "span",        "makers",
    "accelerators", "sites",     "deals",       "contracts",     "buyers",      "parameters",
    "set",          "placement", "site_types",  "distributions", "correlations"};
constexpr int kMaxExtendsDepth = 16;

// A scenario id names runs in the store and files: a short, plain word.
bool valid_scenario_id(std::string_view id) {
  return id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
         });
}

struct Reader {
  data::Dataset& ds;
  Diagnostics& diag;
  FileAccess access;
  std::vector<std::unique_ptr<TextFile>> files;  // kept alive: YamlDoc points into them
  std::set<std::string> visiting;

  void error(const YamlDoc& doc, const YAML::Node& node, ErrorCode code, std::string path,
             std::string message, std::string expected = {}) {
    diag.add(data::error_at(doc, node, code, std::move(path), std::move(message), std::move(expected)));
  }

  std::optional<Month> month(const YamlDoc& doc, const YAML::Node& node, const std::string& path) {
    auto m = parse_month(data::scalar(node));
    if (!m) {
      Error e = m.error();
      e.where = data::location(doc, node);
      e.path = path;
      diag.add(std::move(e));
      return std::nullopt;
    }
    return *m;
  }

  // A list of entity ids of `domain`, each checked against the dataset.
  std::vector<std::string> id_list(const YamlDoc& doc, const YAML::Node& node, const std::string& key,
                                   const std::string& domain) {
    std::vector<std::string> out;
    if (!node.IsSequence()) {
      error(doc, node, ErrorCode::bad_input, key, "expected a list of ids", "[id, id, ...]");
      return out;
    }
    const auto it = ds.entities.find(domain);
    const std::vector<std::string> none;
    const auto& known = it == ds.entities.end() ? none : it->second;
    if (node.size() == 0) {
      error(doc, node, ErrorCode::bad_input, key, fmt::format("an empty list of {} ids", domain),
            fmt::format("at least one of: {}", join(known)));
      return out;
    }
    std::set<std::string> seen;
    for (const auto& item : node) {
      const std::string id = data::scalar(item);
      if (!item.IsScalar()) {
        error(doc, item, ErrorCode::bad_input, key, fmt::format("expected a {} id", domain),
              fmt::format("one of: {}", join(known)));
      } else if (!ds.has_entity(domain, id)) {
        error(doc, item, ErrorCode::bad_reference, key,
              fmt::format("unknown {} '{}'{}", domain, shown(id), did_you_mean(id, known)),
              fmt::format("one of: {}", join(known)));
      } else if (!seen.insert(id).second) {
        error(doc, item, ErrorCode::bad_input, key, fmt::format("{} '{}' listed twice", domain, id),
              "each id once");
      } else {
        out.push_back(id);
      }
    }
    return out;
  }

  // Resolves `extends` relative to the file that names it, as far as the
  // file access allows; embedded files extend embedded scenarios.
  std::optional<TextFile> open_parent(const YamlDoc& doc, const YAML::Node& node) {
    const std::string name = data::scalar(node);
    const std::string& from = doc.file->name;
    const auto refuse = [&](std::string message, std::string expected) {
      error(doc, node, ErrorCode::io, "extends", std::move(message), std::move(expected));
      return std::nullopt;
    };
    if (name.empty() || name.size() > kMaxNameLength) {
      return refuse("extends needs a scenario name", "an embedded scenario name such as stargate-2025.yaml");
    }
    if (!from.starts_with("<embedded>")) {
      switch (access.mode) {
        case FileAccess::Mode::any: {
          auto path = std::filesystem::path(from).parent_path() / name;
          if (auto text = read_text(path.string())) return TextFile{path.string(), std::move(*text)};
          break;
        }
        case FileAccess::Mode::directory: {
          bool refused = false;
          if (auto text = read_within(doc, node, name, refused)) return text;
          if (refused) return std::nullopt;
          break;
        }
        case FileAccess::Mode::embedded_only: break;
      }
    }
    // Embedded scenarios go by plain name; a path never matches one, except
    // on the command line, where its file name does.
    if (const TextFile* f = data::embedded_scenario(
            access.mode == FileAccess::Mode::any ? std::filesystem::path(name).filename().string() : name)) {
      return *f;
    }
    return refuse(fmt::format("cannot find scenario '{}'", shown(name)),
                  access.mode == FileAccess::Mode::any
                      ? "a scenario file relative to this one, or an embedded scenario name"
                      : access.mode == FileAccess::Mode::directory
                            ? "an embedded scenario name, or a file in the server's scenario directory"
                            : "an embedded scenario name (the server reads no files)");
  }

  // `name` inside the operator's directory: relative, without "..", a
  // regular file of bounded size whose real path stays inside. Nothing when
  // there is no such file; `refused` (and an error) when it may not be read.
  std::optional<TextFile> read_within(const YamlDoc& doc, const YAML::Node& node, const std::string& name,
                                      bool& refused) {
    namespace fs = std::filesystem;
    const fs::path relative(name);
    const bool climbs = std::any_of(relative.begin(), relative.end(), [](const fs::path& p) { return p == ".."; });
    refused = true;
    if (relative.is_absolute() || climbs) {
      error(doc, node, ErrorCode::io, "extends",
            fmt::format("'{}' leaves the scenario directory", shown(name)),
            "a path relative to the server's scenario directory, without '..'");
      return std::nullopt;
    }
    refused = false;
    std::error_code ec;
    const fs::path root = fs::canonical(access.directory, ec);
    if (ec) return std::nullopt;
    const fs::path path = root / relative;
    if (!fs::exists(path, ec)) return std::nullopt;
    refused = true;
    const fs::path real = fs::canonical(path, ec);
    const auto [end, unused] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
    if (ec || end != root.end()) {
      error(doc, node, ErrorCode::io, "extends", fmt::format("'{}' leads out of the scenario directory", shown(name)),
            "a regular file inside the server's scenario directory");
      return std::nullopt;
    }
    auto text = read_text(real.string(), access.max_bytes);
    if (!text) {
      error(doc, node, ErrorCode::io, "extends", fmt::format("'{}' cannot be read as a scenario", shown(name)),
            fmt::format("a regular file of at most {} bytes", access.max_bytes));
      return std::nullopt;
    }
    refused = false;
    return TextFile{path.string(), std::move(*text)};
  }

  Scenario read(const TextFile& file, int depth) {
    Scenario s;
    s.file = file.name;
    auto parsed = data::parse_yaml(file);
    if (!parsed) {
      diag.add(parsed.error());
      return s;
    }
    // A node of another shape than the code expects (a list where a map
    // belongs) makes yaml-cpp throw; that is bad input at the node.
    try {
      return read(*parsed, depth);
    } catch (const YAML::Exception& e) {
      Error err = make_error(ErrorCode::bad_input, fmt::format("unexpected YAML structure: {}", e.msg), {},
                             "the shape docs/data-format.md describes");
      err.where = {file.name, e.mark.line + 1, e.mark.column + 1};
      diag.add(std::move(err));
      return s;
    }
  }

  Scenario read(const YamlDoc& doc, int depth) {
    const TextFile& file = *doc.file;
    Scenario s;
    s.file = file.name;
    const YAML::Node& root = doc.root;
    if (!root.IsMap()) {
      error(doc, root, ErrorCode::bad_input, "", "a scenario must be a map", "scenario: ID, span, ...");
      return s;
    }
    if (!visiting.insert(file.name).second || depth > kMaxExtendsDepth) {
      error(doc, root, ErrorCode::bad_reference, "extends",
            fmt::format("scenario '{}' extends itself", file.name), "a chain of extends without loops");
      return s;
    }
    data::check_keys(doc, root, kScenarioKeys, "", diag);

    if (const auto parent = root["extends"]) {
      if (auto text = open_parent(doc, parent)) {
        files.push_back(std::make_unique<TextFile>(std::move(*text)));
        s = read(*files.back(), depth + 1);
        s.file = file.name;
      }
    }
    if (root["scenario"]) s.id = data::scalar(root["scenario"]);
    if (!s.id.empty() && !valid_scenario_id(s.id)) {
      error(doc, root["scenario"], ErrorCode::bad_input, "scenario",
            fmt::format("'{}' is not a scenario id", shown(s.id)),
            "letters, digits, '-', '_' and '.', at most 64 characters");
    }
    if (s.id.empty()) {
      error(doc, root, ErrorCode::missing, "scenario", "no scenario id", "scenario: an-id");
    }
    if (root["title"]) s.title = data::scalar(root["title"]);
    if (root["description"]) s.description = data::scalar(root["description"]);
    if (const auto span = root["span"]) {
      const auto start = span.IsMap() ? span["start"] : YAML::Node();
      const auto end = span.IsMap() ? span["end"] : YAML::Node();
      if (!span.IsMap() || !start || !end) {
        error(doc, span, ErrorCode::bad_input, "span", "span needs start and end",
              "span: {start: 2025-01, end: 2030-12}");
      } else {
        static const std::vector<std::string> kSpanKeys = {"start", "end"};
        data::check_keys(doc, span, kSpanKeys, "span", diag);
        auto first = month(doc, start, "span.start");
        auto last = month(doc, end, "span.end");
        if (first && last && *last < *first) {
          error(doc, span, ErrorCode::bad_value, "span",
                fmt::format("span ends ({}) before it starts ({})", last->str(), first->str()),
                "start <= end");
        } else if (first && last && *last - *first + 1 > kMaxSpanMonths) {
          error(doc, span, ErrorCode::bad_value, "span",
                fmt::format("span {}..{} covers {} months", first->str(), last->str(), *last - *first + 1),
                fmt::format("at most {} months ({} years)", kMaxSpanMonths, kMaxSpanMonths / 12));
        } else if (first && last) {
          s.span = {*first, *last};
        }
      }
    }
    // New parameters first: the lists below may name entities they define.
    if (const auto params = root["parameters"]) data::read_domains(doc, params, ds, diag);
    for (auto [key, domain, list] :
         {std::tuple{"makers", "maker", &s.makers},
          std::tuple{"accelerators", "accelerator", &s.accelerators}, std::tuple{"sites", "site", &s.sites},
          std::tuple{"deals", "deal", &s.deals}, std::tuple{"contracts", "contract", &s.contracts}}) {
      if (const auto node = root[key]) *list = id_list(doc, node, key, domain);
    }
    if (const auto buyers = root["buyers"]) read_buyers(doc, buyers, s);
    if (const auto placement = root["placement"]) {
      s.placement = data::scalar(placement);
      s.placement_where = data::location(doc, placement);
    }
    if (const auto types = root["site_types"]) {
      if (!types.IsMap()) {
        error(doc, types, ErrorCode::bad_input, "site_types", "expected a map SITE: SITE_TYPE",
              "site_types: {pohang: floating_barge}");
      } else {
        for (auto it = types.begin(); it != types.end(); ++it) {
          const std::string site = data::scalar(it->first);
          const std::string type = data::scalar(it->second);
          if (!ds.has_entity("site", site)) {
            error(doc, it->first, ErrorCode::bad_reference, "site_types." + site,
                  fmt::format("no site '{}'", site), "a site id of the dataset");
          } else if (!ds.has_entity("site_type", type)) {
            const auto& valid = ds.entities["site_type"];
            error(doc, it->second, ErrorCode::bad_reference, "site_types." + site,
                  fmt::format("no site type '{}'{}", type, did_you_mean(type, valid)),
                  fmt::format("one of: {}", join(valid)));
          } else {
            s.site_types.push_back({site, type, data::location(doc, it->second)});
          }
        }
      }
    }
    if (const auto d = root["distributions"]) read_distributions(doc, d);
    if (const auto c = root["correlations"]) data::read_correlations(doc, c, ds, diag);
    if (const auto set = root["set"]) {
      if (!set.IsMap()) {
        error(doc, set, ErrorCode::bad_input, "set", "expected a map of PATH: VALUE");
      } else {
        for (auto it = set.begin(); it != set.end(); ++it) {
          s.overrides.push_back(
              {data::scalar(it->first), data::scalar(it->second), data::location(doc, it->first)});
        }
      }
    }
    return s;
  }

  // PATH: NAME, the distribution a parameter (or every point of a schedule)
  // is drawn from.
  void read_distributions(const YamlDoc& doc, const YAML::Node& node) {
    if (!node.IsMap()) {
      error(doc, node, ErrorCode::bad_input, "distributions", "expected a map of PATH: DISTRIBUTION",
            "distributions: {cost.accelerator_price: lognormal}");
      return;
    }
    const auto names = data::distribution_names();
    const std::vector<std::string> valid(names.begin(), names.end());
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string path = data::scalar(it->first);
      const std::string name = data::scalar(it->second);
      auto d = std::find(valid.begin(), valid.end(), name);
      if (d == valid.end()) {
        error(doc, it->second, ErrorCode::bad_input, path,
              fmt::format("unknown distribution '{}'{}", name, did_you_mean(name, valid)),
              fmt::format("one of: {}", join(valid)));
        continue;
      }
      const auto targets = ds.settable(path);
      if (targets.empty()) {
        error(doc, it->first, ErrorCode::bad_reference, path,
              fmt::format("no parameter '{}'{}", path, did_you_mean(path, ds.paths())),
              "a parameter or schedule path; `w2t data --grep TEXT` lists them");
        continue;
      }
      for (const auto id : targets) {
        ds.parameter(id).distribution = static_cast<data::Distribution>(d - valid.begin());
        ds.parameter(id).distribution_where = data::location(doc, it->second);
      }
    }
  }

  void read_buyers(const YamlDoc& doc, const YAML::Node& node, Scenario& s) {
    if (!node.IsMap()) {
      error(doc, node, ErrorCode::bad_input, "buyers", "expected a map of buyers",
            "buyers: {openai: {allocation: priority, rank: 1}}");
      return;
    }
    s.buyers.clear();
    if (node.size() > kMaxBuyers) {
      error(doc, node, ErrorCode::bad_input, "buyers", fmt::format("{} buyers", node.size()),
            fmt::format("at most {}", kMaxBuyers));
      return;
    }
    static const std::vector<std::string> kBuyerKeys = {"allocation", "rank", "sites", "countries"};
    for (auto it = node.begin(); it != node.end(); ++it) {
      Buyer b;
      b.id = data::scalar(it->first);
      b.where = data::location(doc, it->first);
      const std::string path = "buyers." + b.id;
      const YAML::Node fields = it->second;
      if (!fields.IsMap()) {
        error(doc, fields, ErrorCode::bad_input, path, "expected {allocation, rank}");
        continue;
      }
      data::check_keys(doc, fields, kBuyerKeys, path, diag);
      // The rule's name is checked against the registered rules when the
      // supply chain is compiled.
      if (fields["allocation"]) {
        b.allocation = data::scalar(fields["allocation"]);
        b.allocation_where = data::location(doc, fields["allocation"]);
      } else {
        error(doc, fields, ErrorCode::missing, path + ".allocation", "a buyer needs an allocation rule",
              "allocation: priority | pro_rata");
      }
      if (fields["rank"]) {
        try {
          b.rank = fields["rank"].as<int>();
        } catch (const YAML::Exception&) {
          error(doc, fields["rank"], ErrorCode::bad_input, path + ".rank", "rank must be an integer");
        }
      }
      if (const auto sites = fields["sites"]) {
        if (sites.IsScalar() && sites.Scalar() == "all") {
          b.sites = {"all"};
        } else {
          b.sites = id_list(doc, sites, path + ".sites", "site");
        }
      }
      if (const auto countries = fields["countries"]) {
        if (!countries.IsSequence()) {
          error(doc, countries, ErrorCode::bad_input, path + ".countries", "expected a list of country codes",
                "countries: [US, KR]");
        } else {
          for (const auto& c : countries) b.countries.push_back(data::scalar(c));
        }
      }
      s.buyers.push_back(std::move(b));
    }
  }
};

}  // namespace

std::string changes(const std::vector<Override>& overrides) {
  std::string out;
  for (const auto& o : overrides) out += fmt::format("{}{}={}", out.empty() ? "" : ", ", o.path, o.value);
  return out;
}

Expected<Override> parse_override(std::string_view text) {
  auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == text.size()) {
    return make_error(ErrorCode::bad_input, fmt::format("bad --set '{}'", text), {},
                      "PATH=VALUE, e.g. product.hbm3e_12h.stack_layer_yield=0.99");
  }
  return Override{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)), {"--set", 0, 0}};
}

Expected<std::vector<std::pair<data::ParamId, double>>> resolve_override(const data::Dataset& ds,
                                                                         const std::string& path,
                                                                         const std::string& value) {
  if (path.size() > kMaxNameLength) {
    return make_error(ErrorCode::bad_reference, fmt::format("no parameter '{}'", shown(path)), shown(path),
                      fmt::format("a parameter path of at most {} characters", kMaxNameLength));
  }
  if (value.size() > kMaxNameLength) {
    return make_error(ErrorCode::bad_input, fmt::format("'{}' is not a value", shown(value)), path,
                      "a number with its unit, such as '650k' or '1.2 GW'");
  }
  // A single value for a whole schedule is the same at every point.
  const auto targets = ds.settable(path);
  if (targets.empty()) {
    return make_error(ErrorCode::bad_reference,
                      fmt::format("no parameter '{}'{}", shown(path), did_you_mean(path, ds.paths())), path,
                      "a parameter path; `w2t data --grep TEXT` lists them");
  }
  std::vector<std::pair<data::ParamId, double>> settings;
  for (const data::ParamId id : targets) {
    const data::Parameter& p = ds.parameter(id);
    auto si = parse_si(value, p.unit);
    if (!si) {
      Error e = si.error();
      e.path = path;
      return e;
    }
    if (auto err = data::check_bounds(p, *si)) {
      err->path = path;
      return *err;
    }
    settings.emplace_back(id, *si);
  }
  return settings;
}

void apply_overrides(data::Dataset& ds, const std::vector<Override>& overrides, Diagnostics& diag) {
  for (const auto& o : overrides) {
    auto settings = resolve_override(ds, o.path, o.value);
    if (!settings) {
      Error e = settings.error();
      e.where = o.where;
      diag.add(std::move(e));
      continue;
    }
    for (const auto& [id, si] : *settings) {
      data::Parameter& p = ds.parameter(id);
      p.value = si;
      p.formula.clear();  // an override replaces a derivation
      p.low = std::min(p.low, si);
      p.high = std::max(p.high, si);
    }
  }
}

World load_world(const ScenarioSource& source, const std::vector<Override>& cli_overrides, Diagnostics& diag,
                 const std::vector<data::TextFile>& extra_data) {
  World world;
  for (const auto& file : data::embedded_data(extra_data)) {
    auto doc = data::parse_yaml(file);
    if (!doc) {
      diag.add(doc.error());
      continue;
    }
    try {
      data::read_domains(*doc, doc->root, world.dataset, diag);
    } catch (const YAML::Exception& e) {
      Error err = make_error(ErrorCode::bad_input, fmt::format("unexpected YAML structure: {}", e.msg));
      err.where = {file.name, e.mark.line + 1, e.mark.column + 1};
      diag.add(std::move(err));
    }
  }

  Reader reader{world.dataset, diag, source.files, {}, {}};
  TextFile scenario_file;
  if (source.text) {
    scenario_file = {source.path.empty() ? "<scenario>" : source.path, *source.text};
  } else if (source.path.empty()) {
    const TextFile* f = data::embedded_scenario(data::kDefaultScenario);
    if (f == nullptr) {
      diag.add(make_error(ErrorCode::io, "this build has no embedded default scenario"));
      return world;
    }
    scenario_file = *f;
  } else if (auto text = read_text(source.path)) {
    scenario_file = {source.path, std::move(*text)};
  } else if (const TextFile* f = data::embedded_scenario(source.path)) {
    scenario_file = *f;
  } else {
    diag.add(text.error());
    return world;
  }
  world.scenario = reader.read(scenario_file, 0);

  auto& overrides = world.scenario.overrides;
  overrides.insert(overrides.end(), cli_overrides.begin(), cli_overrides.end());
  apply_overrides(world.dataset, overrides, diag);
  world.formulas = data::finalize(world.dataset, diag);
  return world;
}

}  // namespace w2t::scenario
