#include <clearance/id_table.hpp>
#include <clearance/marking.hpp>

#include <algorithm>
#include <array>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// A piece of the marking text with its offset, for error positions.
struct Piece {
  std::string_view text;
  std::size_t offset;
};

Piece trim(Piece piece) {
  std::size_t begin = 0, end = piece.text.size();
  while (begin < end && is_space(piece.text[begin])) ++begin;
  while (end > begin && is_space(piece.text[end - 1])) --end;
  return {piece.text.substr(begin, end - begin), piece.offset + begin};
}

std::vector<Piece> split(Piece whole, std::string_view separator) {
  std::vector<Piece> pieces;
  std::size_t start = 0;
  while (true) {
    std::size_t at = whole.text.find(separator, start);
    if (at == std::string_view::npos) {
      pieces.push_back({whole.text.substr(start), whole.offset + start});
      return pieces;
    }
    pieces.push_back({whole.text.substr(start, at - start), whole.offset + start});
    start = at + separator.size();
  }
}

// Compartment tokens: [A-Z0-9]+ ( "-" [A-Z0-9]+ )*, after case folding.
bool is_compartment_token(std::string_view token) {
  if (token.empty() || token.front() == '-' || token.back() == '-') return false;
  char previous = 0;
  for (char c : token) {
    bool alnum = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && c != '-') return false;
    if (c == '-' && previous == '-') return false;
    previous = c;
  }
  return true;
}

struct ControlWord {
  std::string_view word;
  Control control;
};
constexpr std::array<ControlWord, 6> simple_controls = {{
    {"FOUO", Control::fouo},
    {"ORCON", Control::orcon},
    {"IMCON", Control::imcon},
    {"NOFORN", Control::noforn},
    {"PROPIN", Control::propin},
    {"RELIDO", Control::relido},
}};

std::optional<Control> simple_control(std::string_view word) {
  for (const auto& entry : simple_controls)
    if (entry.word == word) return entry.control;
  return std::nullopt;
}

// "REL", "REL TO" or "REL TO ..." (the words, after case folding and space folding).
bool starts_rel_to(std::string_view words) {
  return words == "REL" || words.substr(0, 4) == "REL ";
}

bool is_control_item(std::string_view words) { return simple_control(words) || starts_rel_to(words); }

[[noreturn]] void fail(const std::string& message, std::size_t offset) {
  throw marking_error(message + " (at character " + std::to_string(offset + 1) + ")", offset);
}

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

void parse_rel_to(Piece item, const std::string& words, Marking& marking, const Scheme& scheme) {
  if (words.substr(0, 7) != "REL TO " || words.size() == 7)
    fail("expected \"REL TO\" followed by countries, got " + quoted(item.text), item.offset);
  // Skip "REL", white space, "TO", white space in the raw text to keep offsets exact.
  std::size_t at = 3;
  while (at < item.text.size() && is_space(item.text[at])) ++at;
  at += 2;
  Piece countries{item.text.substr(at), item.offset + at};
  for (Piece country : split(countries, ",")) {
    country = trim(country);
    if (country.text.empty()) fail("expected a country or group in the REL TO list", country.offset);
    std::string code(country.text.size(), ' ');
    std::transform(country.text.begin(), country.text.end(), code.begin(), upper);
    auto set = scheme.find_countries(code);
    if (!set) {
      std::vector<std::string_view> groups;
      for (const auto& group : scheme.groups()) groups.push_back(group.first);
      std::string message = "unknown country or group " + quoted(country.text) + " in REL TO";
      if (auto hint = nearest_name(code, groups)) message += "; did you mean \"" + *hint + "\"?";
      else message += "; expected ISO 3166-1 alpha-3 codes or group names";
      fail(message, country.offset);
    }
    marking.rel_to |= *set;
  }
  marking.controls |= static_cast<std::uint8_t>(Control::rel_to);
}

void parse_dissemination(const std::vector<Piece>& items, Marking& marking, const Scheme& scheme) {
  for (Piece item : items) {
    item = trim(item);
    if (item.text.empty()) fail("expected a dissemination control, got an empty one", item.offset);
    const std::string words = normalize_words(item.text);
    if (auto control = simple_control(words)) {
      marking.controls |= static_cast<std::uint8_t>(*control);
    } else if (starts_rel_to(words)) {
      parse_rel_to(item, words, marking, scheme);
    } else {
      fail("unknown dissemination control " + quoted(item.text) +
               "; expected NOFORN, REL TO, ORCON, IMCON, PROPIN, RELIDO or FOUO",
           item.offset);
    }
  }
  if (marking.has(Control::noforn) && marking.has(Control::rel_to))
    fail("NOFORN and REL TO contradict each other; use one", items.front().offset);
}

void parse_compartments(const std::vector<Piece>& items, Marking& marking, Scheme& scheme) {
  for (Piece item : items) {
    item = trim(item);
    std::string token(item.text.size(), ' ');
    std::transform(item.text.begin(), item.text.end(), token.begin(), upper);
    if (is_control_item(normalize_words(token)))
      fail("dissemination control " + quoted(item.text) +
               " inside a compartment section; controls go in the last section, after \"//\"",
           item.offset);
    if (!is_compartment_token(token))
      fail("expected a compartment of letters and digits (e.g. SI, TK, SI-G), got " + quoted(item.text),
           item.offset);
    auto id = scheme.compartments().intern(token);
    if (!id)
      fail("too many distinct compartments: at most " + std::to_string(CompartmentTable::max_size) +
               " are supported in one model",
           item.offset);
    marking.compartments.insert(*id);
  }
}

}  // namespace

Marking parse_marking(std::string_view text, Scheme& scheme) {
  Marking marking;
  const std::vector<Piece> sections = split({text, 0}, "//");

  const Piece level_text = trim(sections.front());
  if (level_text.text.empty()) fail("expected a classification level at the start of the marking", level_text.offset);
  auto level = scheme.find_level(level_text.text);
  if (!level) {
    std::vector<std::string_view> names;
    for (std::size_t i = 0; i < scheme.level_count(); ++i) names.push_back(scheme.level_name(static_cast<Level>(i)));
    for (const auto& alias : scheme.aliases()) names.push_back(alias.first);
    std::string message = "unknown level " + quoted(level_text.text);
    if (auto hint = nearest_name(normalize_words(level_text.text), names)) message += "; did you mean \"" + *hint + "\"?";
    else message += "; expected a level name or alias such as SECRET or TS";
    fail(message, level_text.offset);
  }
  marking.level = *level;

  for (std::size_t s = 1; s < sections.size(); ++s) {
    const Piece section = trim(sections[s]);
    if (section.text.empty()) fail("expected a section after \"//\", got an empty one", section.offset);
    const std::vector<Piece> items = split(section, "/");
    if (is_control_item(normalize_words(trim(items.front()).text))) {
      if (s + 1 != sections.size())
        fail("a dissemination section must be the last section of the marking", section.offset);
      parse_dissemination(items, marking, scheme);
    } else {
      parse_compartments(items, marking, scheme);
    }
  }
  return marking;
}

CountrySet releasable_set(const Marking& marking, CountryId owner, const Scheme& scheme) {
  CountrySet set;
  if (marking.has(Control::rel_to)) {
    set = marking.rel_to;
  } else if (!marking.has(Control::noforn) && !scheme.is_controlled(marking.level)) {
    return every_country();
  }
  set.insert(owner);
  return set;
}

Label label_of(const Marking& marking, CountryId owner, const Scheme& scheme) {
  return Label{marking.level, marking.compartments, releasable_set(marking, owner, scheme)};
}

std::string format_marking(const Marking& marking, const Scheme& scheme, CountryId owner) {
  std::string text = scheme.level_name(marking.level);
  if (!marking.compartments.empty()) {
    std::vector<std::string_view> names;
    marking.compartments.for_each(
        [&](std::size_t id) { names.push_back(scheme.compartments().name(static_cast<CompartmentId>(id))); });
    std::sort(names.begin(), names.end());
    text += "//";
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i) text += '/';
      text += names[i];
    }
  }
  if (marking.has_dissemination_controls()) {
    text += "//";
    bool first = true;
    auto add = [&](std::string_view word) {
      if (!first) text += '/';
      text += word;
      first = false;
    };
    if (marking.has(Control::fouo)) add("FOUO");
    if (marking.has(Control::orcon)) add("ORCON");
    if (marking.has(Control::imcon)) add("IMCON");
    if (marking.has(Control::noforn)) add("NOFORN");
    if (marking.has(Control::propin)) add("PROPIN");
    if (marking.has(Control::rel_to)) {
      std::string list = "REL TO ";
      list += country_code(owner);
      marking.rel_to.for_each([&](std::size_t id) {
        if (id == owner) return;
        list += ", ";
        list += country_code(static_cast<CountryId>(id));
      });
      add(list);
    }
    if (marking.has(Control::relido)) add("RELIDO");
  }
  return text;
}

std::string canonical_marking(std::string_view text) {
  Scheme scheme = Scheme::us_default();
  Marking marking = parse_marking(text, scheme);
  return format_marking(marking, scheme, scheme.default_owner());
}

}  // namespace v1
}  // namespace clearance
