// Waivers (spec waivers-v1): reading a waivers file against a model with the model loader's
// reader (same pointers, line:column and hints), indexing the waivers by rule and key, and
// marking a report's findings. Matching compares rule bits and interned indices only.
#include <clearance/waivers.hpp>

#include <clearance/error.hpp>

#include "json_reader.hpp"
#include "keyed_hash.hpp"
#include "read_file.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>

namespace clearance {
inline namespace v1 {

struct WaiversAccess {
  static void set(Waivers& waivers, std::string file, std::vector<Waiver> list, const Model& model);
  // Calls f(waiver index) for each waiver that may match `finding` (each at most once, not
  // in file order); f tests the match.
  template <typename F>
  static void for_each_candidate(const Waivers& waivers, const Finding& finding, F&& f) {
    const Waivers::RuleIndex& index = waivers.index_[static_cast<std::size_t>(finding.rule)];
    for (std::uint32_t w : index.unkeyed) f(w);
    if (index.keyed.empty()) return;
    const auto values = finding_key_values(finding);
    for (std::size_t k = 0; k < waiver_key_count; ++k) {
      if (values[k] == no_key) continue;
      const std::uint64_t key_value = (static_cast<std::uint64_t>(k) << 32) | values[k];
      auto it = std::lower_bound(index.keyed.begin(), index.keyed.end(), key_value,
                                 [](const Waivers::Keyed& entry, std::uint64_t v) { return entry.key_value < v; });
      for (; it != index.keyed.end() && it->key_value == key_value; ++it) f(it->waiver);
    }
  }
  static const std::array<std::uint32_t, waiver_key_count>& sizes_of(const Waivers& waivers) {
    return waivers.model_sizes_;
  }
};

namespace {

using detail::JsonDocument;
using detail::JsonType;
using detail::JsonValue;
using detail::Reader;
using detail::bit;

constexpr std::string_view key_names[waiver_key_count] = {"workload", "flow", "link", "node", "data", "resource"};
// The FindingKey bit (rules.hpp) of each WaiverKey.
constexpr std::uint8_t finding_key_bits[waiver_key_count] = {key_workload, key_flow, key_link,
                                                             key_node,     key_data, key_resource};

std::array<std::uint32_t, waiver_key_count> model_sizes(const Model& model) {
  return {static_cast<std::uint32_t>(model.workloads().size()), static_cast<std::uint32_t>(model.flows().size()),
          static_cast<std::uint32_t>(model.links().size()),     static_cast<std::uint32_t>(model.nodes().size()),
          static_cast<std::uint32_t>(model.data().size()),      model.resource_names().size()};
}

const IdTable& ids_of(const Model& model, WaiverKey key) {
  switch (key) {
    case WaiverKey::workload: return model.workload_ids();
    case WaiverKey::flow: return model.flow_ids();
    case WaiverKey::link: return model.link_ids();
    case WaiverKey::node: return model.node_ids();
    case WaiverKey::data: return model.data_ids();
    case WaiverKey::resource: break;
  }
  return model.resource_names();
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// The keys (FindingKey bits) any rule of `rules` has, spelled for a message: "workload, node".
std::string key_list(std::uint8_t keys) {
  std::string text;
  for (std::size_t k = 0; k < waiver_key_count; ++k)
    if (keys & finding_key_bits[k]) text.append(text.empty() ? "" : ", ").append(key_names[k]);
  return text.empty() ? "none" : text;
}

// Rule families ("placement", "flow", ...) in catalogue order, for hints.
std::vector<std::string_view> rule_families() {
  std::vector<std::string_view> families;
  for (const RuleInfo& rule : rule_catalogue()) {
    std::string_view family = rule.name.substr(0, rule.name.find('.'));
    if (std::find(families.begin(), families.end(), family) == families.end()) families.push_back(family);
  }
  return families;
}

// The rules `text` names as a mask of RuleId bits, or 0 after reporting why it names none.
std::uint32_t read_rule(Reader& in, const JsonValue& value, std::string_view text) {
  const std::size_t star = text.find('*');
  if (star != std::string_view::npos) {
    if (star + 1 != text.size() || text.size() < 3 || text[text.size() - 2] != '.') {
      in.fail(value, "expected a rule id or a prefix ending in \".*\" (such as \"flow.*\"), got \"" +
                         std::string(text) + "\"");
      return 0;
    }
    const std::string_view prefix = text.substr(0, text.size() - 1);  // "flow."
    std::uint32_t rules = 0;
    for (const RuleInfo& rule : rule_catalogue())
      if (rule.name.substr(0, prefix.size()) == prefix) rules |= 1u << static_cast<unsigned>(rule.id);
    if (rules == 0) {
      const std::vector<std::string_view> families = rule_families();
      std::string message = "prefix \"" + std::string(text) + "\" matches no rule";
      if (auto hint = nearest_name(prefix.substr(0, prefix.size() - 1), families))
        message += "; did you mean \"" + *hint + ".*\"?";
      else {
        message += "; the rule families are";
        for (std::string_view family : families) message += " \"" + std::string(family) + ".*\"";
      }
      in.fail(value, message);
    }
    return rules;
  }
  if (const RuleInfo* rule = find_rule(text)) return 1u << static_cast<unsigned>(rule->id);
  std::vector<std::string_view> names;
  for (const RuleInfo& rule : rule_catalogue()) names.push_back(rule.name);
  std::string message = "unknown rule \"" + std::string(text) + "\"";
  if (auto hint = nearest_name(text, names)) message += "; did you mean \"" + *hint + "\"?";
  else message += "; `clearance rules` lists them";
  in.fail(value, message);
  return 0;
}

// The known keys of a waiver object, in the order read_object numbers them.
enum Field : std::uint32_t {
  field_id,
  field_rule,
  field_workload,  // the key fields, in WaiverKey order
  field_flow,
  field_link,
  field_node,
  field_data,
  field_resource,
  field_justification,
  field_approved_by,
  field_expires,
  field_ticket,
};

class WaiversReader {
 public:
  WaiversReader(Reader& in, const Model& model) : in_(in), model_(model) {}

  void read_waiver(const JsonValue& object) {
    Waiver waiver;
    const JsonValue* key_values[waiver_key_count] = {};
    const JsonValue* rule_value = nullptr;
    bool complete = true;
    in_.read_object(
        object,
        {"id", "rule", "workload", "flow", "link", "node", "data", "resource", "justification", "approved_by",
         "expires", "ticket"},
        bit(field_id) | bit(field_rule) | bit(field_justification) | bit(field_approved_by) | bit(field_expires),
        [&](std::uint32_t key, const JsonValue& value) {
          switch (key) {
            case field_id: complete &= read_id(value, waiver.id); break;
            case field_rule:
              if (in_.read(value, waiver.rule)) rule_value = &value;
              else complete = false;
              break;
            case field_justification:
              complete &= read_text(value, waiver.justification, "say why the risk is accepted");
              break;
            case field_approved_by:
              complete &= read_text(value, waiver.approved_by, "name who accepted the risk");
              break;
            case field_expires: complete &= read_date(value, waiver.expires); break;
            case field_ticket: complete &= in_.read(value, waiver.ticket); break;
            default: {
              const std::size_t k = key - field_workload;
              std::string text;
              if (!in_.read(value, text)) {
                complete = false;
                break;
              }
              key_values[k] = &value;
              if (text == "*") break;
              if (!resolve(static_cast<WaiverKey>(k), value, text, waiver.keys[k])) complete = false;
              if (k == static_cast<std::size_t>(WaiverKey::resource)) waiver.resource = std::move(text);
              break;
            }
          }
        });
    if (object.type != JsonType::object) return;
    if (rule_value != nullptr) {
      auto scope = in_.path().push("rule");
      waiver.rules = read_rule(in_, *rule_value, waiver.rule);
      if (waiver.rules == 0) complete = false;
    }
    if (waiver.rules != 0) complete &= check_keys_of_rules(waiver, key_values);
    if (complete && rule_value != nullptr) waivers_.push_back(std::move(waiver));
  }

  std::vector<Waiver> take() { return std::move(waivers_); }

 private:
  // A key field given (even as "*") must be a key of some rule the waiver names.
  bool check_keys_of_rules(const Waiver& waiver, const JsonValue* const* key_values) {
    std::uint8_t keys = 0;
    for (const RuleInfo& rule : rule_catalogue())
      if (waiver.covers(rule.id)) keys |= rule.keys;
    bool ok = true;
    for (std::size_t k = 0; k < waiver_key_count; ++k) {
      if (key_values[k] == nullptr || (keys & finding_key_bits[k])) continue;
      auto scope = in_.path().push(key_names[k]);
      const bool one_rule = (waiver.rules & (waiver.rules - 1)) == 0;
      in_.fail(*key_values[k], std::string(one_rule ? "rule" : "no rule of") + " \"" + waiver.rule + "\" " +
                                   (one_rule ? "has no key" : "has key") + " \"" + std::string(key_names[k]) +
                                   "\"; " + (one_rule ? "its keys are " : "their keys are ") + key_list(keys));
      ok = false;
    }
    return ok;
  }

  bool read_id(const JsonValue& value, std::string& out) {
    if (!in_.read(value, out)) return false;
    if (out.empty()) {
      in_.fail(value, "a waiver id must not be empty");
      return false;
    }
    auto [it, inserted] = ids_.emplace(out, in_.path().str());
    if (!inserted) {
      in_.fail(value, "duplicate waiver id \"" + out + "\" (also at " + it->second + "); ids must be unique");
      return false;
    }
    return true;
  }

  bool read_text(const JsonValue& value, std::string& out, std::string_view purpose) {
    if (!in_.read(value, out)) return false;
    if (is_blank(out)) {
      in_.fail(value, "must not be empty: " + std::string(purpose));
      return false;
    }
    return true;
  }

  bool read_date(const JsonValue& value, Date& out) {
    std::string text;
    if (!in_.read(value, text)) return false;
    std::string why;
    if (parse_date(text, out, &why)) return true;
    in_.fail(value, why.rfind("expected", 0) == 0 ? why + ", got \"" + text + "\""
                                                  : "\"" + text + "\" is not a date: " + why);
    return false;
  }

  bool resolve(WaiverKey key, const JsonValue& value, std::string_view id, std::uint32_t& out) {
    const IdTable& ids = ids_of(model_, key);
    if (auto index = ids.find(id)) {
      out = *index;
      return true;
    }
    if (key == WaiverKey::resource) {  // any string: one the model does not name matches nothing
      out = unknown_resource;
      return true;
    }
    std::string message = "unknown " + std::string(key_names[static_cast<std::size_t>(key)]) + " \"" +
                          std::string(id) + "\"";
    // Past the diagnostics shown, spare the search for a hint (a scan of the ids).
    if (++unknown_ids_ <= detail::max_diagnostics)
      if (auto hint = nearest_name(id, ids)) message += "; did you mean \"" + *hint + "\"?";
    message += " (or \"*\" for any)";
    in_.fail(value, message);
    return false;
  }

  Reader& in_;
  const Model& model_;
  std::vector<Waiver> waivers_;
  // waiver id -> pointer of its first use; keyed, as waiver ids come from the input
  std::unordered_map<std::string, std::string, detail::KeyedHash> ids_;
  std::size_t unknown_ids_ = 0;
};

}  // namespace

void WaiversAccess::set(Waivers& waivers, std::string file, std::vector<Waiver> list, const Model& model) {
  waivers.file_ = std::move(file);
  waivers.waivers_ = std::move(list);
  waivers.model_sizes_ = model_sizes(model);
  for (std::uint32_t w = 0; w < waivers.waivers_.size(); ++w) {
    const Waiver& waiver = waivers.waivers_[w];
    for (const RuleInfo& rule : rule_catalogue()) {
      if (!waiver.covers(rule.id)) continue;
      Waivers::RuleIndex& index = waivers.index_[static_cast<std::size_t>(rule.id)];
      bool can_match = true;
      std::optional<std::size_t> first;
      for (std::size_t k = 0; k < waiver_key_count; ++k) {
        if (waiver.keys[k] == any_value) continue;
        // A value for a key this rule's findings lack: it never matches them (spec §2).
        if (!(rule.keys & finding_key_bits[k])) can_match = false;
        else if (!first) first = k;
      }
      if (!can_match) continue;
      if (first)
        index.keyed.push_back({(static_cast<std::uint64_t>(*first) << 32) | waiver.keys[*first], w});
      else
        index.unkeyed.push_back(w);
    }
  }
  for (Waivers::RuleIndex& index : waivers.index_)
    std::sort(index.keyed.begin(), index.keyed.end(), [](const Waivers::Keyed& a, const Waivers::Keyed& b) {
      return a.key_value != b.key_value ? a.key_value < b.key_value : a.waiver < b.waiver;
    });
}

Waivers load_waivers_json(std::string_view json, const Model& model, const std::string& file_name) {
  JsonDocument doc;
  detail::parse_or_throw(doc, json, file_name);
  std::vector<Diagnostic> diagnostics;
  Reader in(doc, file_name, diagnostics);
  WaiversReader reader(in, model);
  in.read_object(doc.root(), {"clearance", "waivers"}, bit(0) | bit(1), [&](std::uint32_t key, const JsonValue& v) {
    if (key == 0) {
      std::int64_t version = 0;
      if (in.read(v, version) && version != 1)
        in.fail(v, "unsupported format version " + std::to_string(version) + "; this clearance reads version 1");
      return;
    }
    in.read_array(v, "an array of waivers", [&](std::uint32_t, const JsonValue& item) { reader.read_waiver(item); });
  });
  if (!diagnostics.empty()) {
    // A waiver's rule is judged after its keys (which may come first): list in text order.
    std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    throw input_error(std::move(diagnostics));
  }
  Waivers waivers;
  WaiversAccess::set(waivers, file_name, reader.take(), model);
  return waivers;
}

Waivers load_waivers(const std::string& path, const Model& model) {
  const std::string text = detail::read_file(path);
  return load_waivers_json(text, model, path);
}

namespace {

// Spec §2: the first matching waiver in file order that holds, else the first expired one.
// Marks every matching waiver in `used` (when given).
WaiverMatch match_finding(const Waivers& waivers, const Finding& finding, Date today, std::vector<bool>* used) {
  WaiverMatch result;
  WaiversAccess::for_each_candidate(waivers, finding, [&](std::uint32_t w) {
    const Waiver& waiver = waivers[w];
    if (!waiver.matches(finding)) return;
    if (used != nullptr) (*used)[w] = true;
    std::uint32_t& slot = waiver.holds_on(today) ? result.waiver : result.expired;
    slot = std::min(slot, w);  // candidates come in no particular order; no_key is the largest
  });
  if (result.waiver != no_key) result.expired = no_key;
  return result;
}

}  // namespace

WaiverMatch Waivers::match(const Finding& finding, Date today) const {
  return match_finding(*this, finding, today, nullptr);
}

void apply_waivers(Report& report, const Model& model, std::shared_ptr<const Waivers> waivers,
                   const WaiverOptions& options) {
  std::vector<std::uint32_t> unused, expired, expiring;
  std::vector<WaiverMatch> matches;
  if (waivers != nullptr) {
    const auto sizes = model_sizes(model);
    if (sizes != WaiversAccess::sizes_of(*waivers))
      throw error(ErrorKind::usage, "apply_waivers: the waivers were loaded for another model");
    for (const Finding& finding : report.findings) {
      const auto values = finding_key_values(finding);
      for (std::size_t k = 0; k < waiver_key_count; ++k)
        if (values[k] != no_key && values[k] >= sizes[k])
          throw error(ErrorKind::usage, "apply_waivers: the report was not made from this model");
    }
    std::vector<bool> used(waivers->size(), false);
    matches.reserve(report.findings.size());
    for (const Finding& finding : report.findings)
      matches.push_back(match_finding(*waivers, finding, options.today, &used));
    for (std::uint32_t w = 0; w < waivers->size(); ++w) {
      const Waiver& waiver = (*waivers)[w];
      if (!used[w]) unused.push_back(w);
      if (!waiver.holds_on(options.today)) expired.push_back(w);
      else if (options.warn_expiring_days >= 0 &&
               static_cast<std::int64_t>(waiver.expires.days()) - options.today.days() <= options.warn_expiring_days)
        expiring.push_back(w);
    }
  }
  // Nothing can throw from here on (strong guarantee).
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    Finding& finding = report.findings[i];
    finding.waiver = matches.empty() ? no_key : matches[i].waiver;
    finding.expired_waiver = matches.empty() ? no_key : matches[i].expired;
  }
  report.waivers = std::move(waivers);
  report.today = options.today;
  report.unused_waivers = std::move(unused);
  report.expired_waivers = std::move(expired);
  report.expiring_waivers = std::move(expiring);
}

}  // namespace v1
}  // namespace clearance
