#include <clearance/id_table.hpp>
#include <clearance/marking.hpp>
#include <clearance/terminal_text.hpp>

#include "marking_parse.hpp"
#include "scheme_names.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace clearance {
inline namespace v1 {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string upper(std::string_view text) {
  std::string result(text.size(), ' ');
  std::transform(text.begin(), text.end(), result.begin(), [](char c) { return upper(c); });
  return result;
}

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

// The words of a piece, split at runs of white space.
std::vector<Piece> words_of(Piece whole) {
  std::vector<Piece> words;
  std::size_t at = 0;
  while (at < whole.text.size()) {
    while (at < whole.text.size() && is_space(whole.text[at])) ++at;
    const std::size_t begin = at;
    while (at < whole.text.size() && !is_space(whole.text[at])) ++at;
    if (at > begin) words.push_back({whole.text.substr(begin, at - begin), whole.offset + begin});
  }
  return words;
}

// The words [begin, end) as one piece of the original text.
Piece join(const std::vector<Piece>& words, std::size_t begin, std::size_t end) {
  const std::size_t from = words[begin].offset;
  const std::size_t to = words[end - 1].offset + words[end - 1].text.size();
  return {std::string_view(words[begin].text.data(), to - from), from};
}


struct ControlWord {
  std::string_view word;
  Control control;
};
constexpr std::array<ControlWord, 10> simple_controls = {{
    {"FOUO", Control::fouo},
    {"ORCON", Control::orcon},
    {"OC", Control::orcon},
    {"IMCON", Control::imcon},
    {"IMC", Control::imcon},
    {"NOFORN", Control::noforn},
    {"NF", Control::noforn},
    {"PROPIN", Control::propin},
    {"PR", Control::propin},
    {"RELIDO", Control::relido},
}};

struct NonIcWord {
  std::string_view word;
  NonIcControl control;
};
constexpr std::array<NonIcWord, 6> non_ic_words = {{
    {"LIMDIS", NonIcControl::limdis},
    {"EXDIS", NonIcControl::exdis},
    {"NODIS", NonIcControl::nodis},
    {"SBU", NonIcControl::sbu},
    {"LES", NonIcControl::les},
    {"SSI", NonIcControl::ssi},
}};

std::optional<Control> simple_control(std::string_view word) {
  for (const auto& entry : simple_controls)
    if (entry.word == word) return entry.control;
  return std::nullopt;
}

std::optional<NonIcControl> non_ic_control(std::string_view word) {
  for (const auto& entry : non_ic_words)
    if (entry.word == word) return entry.control;
  return std::nullopt;
}

// "REL TO" or "REL <anything>" (the words, after case folding and space folding): meant
// as REL TO. "REL" alone is not reserved (markings-v1.1 §4): it may be a compartment.
bool starts_rel_to(std::string_view words) { return words.substr(0, 4) == "REL "; }
// "DISPLAY <anything>", meant as DISPLAY ONLY; "DISPLAY" alone is not reserved.
bool starts_display_only(std::string_view words) { return words.substr(0, 8) == "DISPLAY "; }

bool is_ic_control_item(std::string_view words) {
  return simple_control(words) || starts_rel_to(words) || starts_display_only(words);
}

bool starts_fgi(std::string_view words) { return words == "FGI" || words.substr(0, 4) == "FGI "; }

// The kinds of section, in the order a marking must give them (markings-v1.1 §1).
enum class Section { compartments, fgi, ic, non_ic };

Section section_kind(std::string_view first_item_words) {
  if (starts_fgi(first_item_words)) return Section::fgi;
  if (is_ic_control_item(first_item_words)) return Section::ic;
  if (non_ic_control(first_item_words)) return Section::non_ic;
  return Section::compartments;
}

[[noreturn]] void fail(const std::string& message, std::size_t offset) {
  throw marking_error(message + " (at character " + std::to_string(offset + 1) + ")", offset);
}

// The marking's own words in double quotes, control characters and NUL spelled out
// (terminal_text.hpp), so that a message quoting a hostile marking is whole and one line.
std::string quoted(std::string_view text) { return "\"" + terminal_safe(text) + "\""; }

// " ; did you mean "X"?" when a candidate is near `word`, else `otherwise`. A hint scans
// every candidate, so a loader that has given enough of them (detail::hinted_diagnostics)
// parses with `hinted` false and each function here gives `otherwise` without the scan.
std::string hint(std::string_view word, const std::vector<std::string_view>& candidates, const std::string& otherwise) {
  if (auto near = nearest_name(word, candidates)) return "; did you mean " + quoted(*near) + "?";
  return otherwise;
}

std::vector<std::string_view> country_codes() {
  std::vector<std::string_view> codes;
  for (std::size_t id = 0; id < country_count(); ++id) codes.push_back(country_code(static_cast<CountryId>(id)));
  return codes;
}

// One country code of an FGI section or a JOINT head (no groups there).
CountryId country_word(Piece word, const char* where, const Scheme& scheme, bool hinted) {
  const std::string code = upper(word.text);
  if (auto id = find_country(code)) return *id;
  constexpr const char* expected_codes = "; expected ISO 3166-1 alpha-3 codes such as GBR or DEU";
  if (scheme.find_group(code))
    fail(quoted(word.text) + " is a group; " + where + " lists country codes, not groups", word.offset);
  fail("unknown country " + quoted(word.text) + " in " + where +
           (hinted ? hint(code, country_codes(), expected_codes) : std::string(expected_codes)),
       word.offset);
}

// Countries of a REL TO or DISPLAY ONLY list: codes or groups, separated by commas. The
// hint scans every group of the scheme, so it is given only while `hinted`.
CountrySet country_list(Piece list, const char* control, const Scheme& scheme, bool hinted) {
  CountrySet set;
  for (Piece country : split(list, ",")) {
    country = trim(country);
    if (country.text.empty())
      fail(std::string("expected a country or group in the ") + control + " list", country.offset);
    const std::string code = upper(country.text);
    auto found = scheme.find_countries(code);
    if (!found) {
      std::string tail = "; expected ISO 3166-1 alpha-3 codes or group names";
      if (hinted) {
        std::vector<std::string_view> groups;
        for (const auto& group : scheme.groups()) groups.push_back(group.first);
        tail = hint(code, groups, tail);
      }
      fail("unknown country or group " + quoted(country.text) + " in " + control + tail, country.offset);
    }
    set |= *found;
  }
  return set;
}

// The countries after the two words of "REL TO" or "DISPLAY ONLY", or an error.
CountrySet two_word_control(Piece item, const std::string& words, std::string_view first, std::string_view second,
                            const char* control, const Scheme& scheme, bool hinted) {
  const std::string head = std::string(first) + " " + std::string(second) + " ";
  if (words.substr(0, head.size()) != head || words.size() == head.size())
    fail("expected " + quoted(control) + " followed by countries, got " + quoted(item.text), item.offset);
  // Skip the two words and the white space after each in the raw text to keep offsets exact.
  std::size_t at = first.size();
  while (at < item.text.size() && is_space(item.text[at])) ++at;
  at += second.size();
  return country_list({item.text.substr(at), item.offset + at}, control, scheme, hinted);
}

// The index of a level name or alias in the numbering of Marking::head_word.
std::optional<std::uint32_t> word_index(std::string_view normalized, const Scheme& scheme) {
  for (std::size_t i = 0; i < scheme.level_count(); ++i)
    if (scheme.level_name(static_cast<Level>(i)) == normalized) return static_cast<std::uint32_t>(i);
  const auto& aliases = scheme.aliases();
  for (std::size_t i = 0; i < aliases.size(); ++i)
    if (aliases[i].first == normalized) return static_cast<std::uint32_t>(scheme.level_count() + i);
  return std::nullopt;
}

std::optional<std::uint32_t> alias_index(std::string_view normalized, const Scheme& scheme) {
  const auto& aliases = scheme.aliases();
  for (std::size_t i = 0; i < aliases.size(); ++i)
    if (aliases[i].first == normalized) return static_cast<std::uint32_t>(scheme.level_count() + i);
  return std::nullopt;
}

Level level_of_word(std::uint32_t index, const Scheme& scheme) {
  if (index < scheme.level_count()) return static_cast<Level>(index);
  return scheme.aliases()[index - scheme.level_count()].second;
}

std::string_view word_text(std::uint32_t index, const Scheme& scheme) {
  if (index < scheme.level_count()) return scheme.level_name(static_cast<Level>(index));
  return scheme.aliases()[index - scheme.level_count()].first;
}

std::vector<std::string_view> level_words(const Scheme& scheme) {
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < scheme.level_count(); ++i) names.push_back(scheme.level_name(static_cast<Level>(i)));
  for (const auto& alias : scheme.aliases()) names.push_back(alias.first);
  return names;
}

// The hint scans every level and alias of the scheme, so it is given only while `hinted`.
[[noreturn]] void unknown_level(Piece text, const Scheme& scheme, const char* otherwise, bool hinted) {
  fail("unknown level " + quoted(text.text) +
           (hinted ? hint(normalize_words(text.text), level_words(scheme), otherwise) : std::string(otherwise)),
       text.offset);
}

// The level word of a foreign head, by name or alias.
void head_level_word(Piece text, Marking& marking, const Scheme& scheme, bool hinted) {
  auto index = word_index(normalize_words(text.text), scheme);
  if (!index) unknown_level(text, scheme, "; expected a level name or alias such as SECRET", hinted);
  marking.head_word = *index;
  marking.level = level_of_word(*index, scheme);
}

const CountrySet& nato_members(Piece head, const Scheme& scheme) {
  const CountrySet* members = scheme.find_group("NATO");
  if (members == nullptr) fail("the scheme has no group NATO, which a NATO marking is releasable to", head.offset);
  return *members;
}

// The head of a foreign marking, the section after its leading "//".
void parse_foreign_head(Piece head, Marking& marking, const Scheme& scheme, bool hinted) {
  const std::vector<Piece> words = words_of(head);
  if (words.empty())
    fail("expected a country code, NATO, JOINT or COSMIC TOP SECRET after the leading \"//\", got an empty head",
         head.offset);
  const std::string first = upper(words[0].text);
  const std::string all = normalize_words(head.text);
  if (all == "COSMIC TOP SECRET") {
    auto index = alias_index(all, scheme);
    if (!index) fail("the scheme has no alias \"COSMIC TOP SECRET\"", head.offset);
    marking.head = Head::nato;
    marking.head_word = *index;
    marking.level = level_of_word(*index, scheme);
    marking.head_countries = nato_members(head, scheme);
    return;
  }
  if (first == "COSMIC") fail("expected \"COSMIC TOP SECRET\", got " + quoted(head.text), head.offset);
  if (first == "NATO") {
    if (words.size() < 2) fail("expected a level word after NATO, e.g. \"//NATO SECRET\"", head.offset);
    const Piece word = join(words, 1, words.size());
    auto index = alias_index("NATO " + normalize_words(word.text), scheme);
    if (!index) {
      std::vector<std::string_view> nato_words;
      for (const auto& alias : scheme.aliases())
        if (alias.first.substr(0, 5) == "NATO ") nato_words.push_back(std::string_view(alias.first).substr(5));
      std::string expected = "; expected one of";
      for (std::size_t i = 0; i < nato_words.size(); ++i) expected += (i ? ", " : " ") + std::string(nato_words[i]);
      if (nato_words.empty()) expected = "; the scheme has no NATO aliases";
      fail("unknown NATO level " + quoted(word.text) +
               (hinted ? hint(normalize_words(word.text), nato_words, expected) : expected),
           word.offset);
    }
    marking.head = Head::nato;
    marking.head_word = *index;
    marking.level = level_of_word(*index, scheme);
    marking.head_countries = nato_members(head, scheme);
    return;
  }
  if (first == "JOINT") {
    if (words.size() < 4)
      fail("expected \"JOINT\", a level and at least two countries, e.g. \"//JOINT SECRET CAN USA\"", head.offset);
    // The longest run of words after JOINT that is a level, leaving two for countries.
    std::size_t countries_from = 0;
    for (std::size_t end = words.size() - 2; end >= 2 && countries_from == 0; --end)
      if (word_index(normalize_words(join(words, 1, end).text), scheme)) countries_from = end;
    if (countries_from == 0) {
      // Report the words before the trailing country codes as the level.
      std::size_t end = words.size();
      while (end > 2 && find_country(upper(words[end - 1].text))) --end;
      unknown_level(join(words, 1, end), scheme, "; expected a level name or alias after JOINT", hinted);
    }
    head_level_word(join(words, 1, countries_from), marking, scheme, hinted);
    for (std::size_t i = countries_from; i < words.size(); ++i)
      marking.head_countries.insert(country_word(words[i], "a JOINT marking", scheme, hinted));
    if (marking.head_countries.size() < 2)
      fail("a JOINT marking names at least two distinct co-owners", words[countries_from].offset);
    marking.head = Head::joint;
    return;
  }
  if (auto country = find_country(first)) {
    if (words.size() < 2) fail("expected a level after " + quoted(words[0].text) + ", e.g. \"//GBR SECRET\"", head.offset);
    head_level_word(join(words, 1, words.size()), marking, scheme, hinted);
    marking.head = Head::fgi;
    marking.head_countries.insert(*country);
    return;
  }
  if (scheme.find_group(first))
    fail(quoted(words[0].text) + " is a group; foreign government information names one country, e.g. \"//GBR SECRET\"",
         words[0].offset);
  constexpr const char* expected = "; expected a country code, NATO, JOINT or COSMIC TOP SECRET after \"//\"";
  std::vector<std::string_view> candidates = {"NATO", "JOINT", "COSMIC"};  // ahead of codes as near
  const std::vector<std::string_view> codes = country_codes();
  candidates.insert(candidates.end(), codes.begin(), codes.end());
  fail("unknown country " + quoted(words[0].text) + " at the head of a foreign marking" +
           (hinted ? hint(first, candidates, expected) : std::string(expected)),
       words[0].offset);
}

// Where a control that others contradict was written, for the error.
struct Seen {
  std::size_t noforn = 0;
  std::size_t display_only = 0;
};

void parse_ic_dissemination(const std::vector<Piece>& items, Marking& marking, const Scheme& scheme, Seen& seen,
                            bool hinted) {
  for (Piece item : items) {
    item = trim(item);
    if (item.text.empty()) fail("expected a dissemination control, got an empty one", item.offset);
    const std::string words = normalize_words(item.text);
    if (auto control = simple_control(words)) {
      marking.controls |= static_cast<std::uint8_t>(*control);
      if (*control == Control::noforn) seen.noforn = item.offset;
    } else if (starts_rel_to(words)) {
      marking.rel_to |= two_word_control(item, words, "REL", "TO", "REL TO", scheme, hinted);
      marking.controls |= static_cast<std::uint8_t>(Control::rel_to);
    } else if (starts_display_only(words)) {
      marking.display_only |= two_word_control(item, words, "DISPLAY", "ONLY", "DISPLAY ONLY", scheme, hinted);
      marking.controls |= static_cast<std::uint8_t>(Control::display_only);
      seen.display_only = item.offset;
    } else if (non_ic_control(words)) {
      fail("non-IC control " + quoted(item.text) +
               " among the IC dissemination controls; non-IC controls go in their own section after them, "
               "after \"//\"",
           item.offset);
    } else {
      std::vector<std::string_view> candidates = {"NOFORN", "REL TO", "ORCON", "IMCON", "PROPIN",
                                                  "RELIDO", "FOUO", "DISPLAY ONLY"};
      for (const auto& entry : non_ic_words) candidates.push_back(entry.word);
      const std::string expected =
          "; expected NOFORN (NF), REL TO, ORCON (OC), IMCON (IMC), PROPIN (PR), RELIDO, FOUO or DISPLAY ONLY";
      fail("unknown dissemination control " + quoted(item.text) + (hinted ? hint(words, candidates, expected) : expected),
           item.offset);
    }
  }
  if (marking.has(Control::noforn) && marking.has(Control::rel_to))
    fail("NOFORN and REL TO contradict each other; use one", items.front().offset);
  if (marking.has(Control::noforn) && marking.has(Control::display_only))
    fail("NOFORN and DISPLAY ONLY contradict each other; use one", std::min(seen.noforn, seen.display_only));
}

void parse_non_ic_dissemination(const std::vector<Piece>& items, Marking& marking, bool hinted) {
  for (Piece item : items) {
    item = trim(item);
    if (item.text.empty()) fail("expected a non-IC control, got an empty one", item.offset);
    const std::string words = normalize_words(item.text);
    if (auto control = non_ic_control(words)) {
      marking.non_ic_controls |= static_cast<std::uint8_t>(*control);
    } else if (is_ic_control_item(words)) {
      fail("IC dissemination control " + quoted(item.text) +
               " among the non-IC controls; IC controls go in the section before them",
           item.offset);
    } else {
      std::vector<std::string_view> candidates;
      for (const auto& entry : non_ic_words) candidates.push_back(entry.word);
      const std::string expected = "; expected LIMDIS, EXDIS, NODIS, SBU, LES or SSI";
      fail("unknown non-IC control " + quoted(item.text) + (hinted ? hint(words, candidates, expected) : expected),
           item.offset);
    }
  }
}

void parse_fgi(const std::vector<Piece>& items, Marking& marking, const Scheme& scheme, bool hinted) {
  if (items.size() > 1)
    fail("an FGI section lists countries separated by spaces and ends at \"//\"; expected \"//\" before " +
             quoted(trim(items[1]).text),
         items[1].offset);
  const Piece section = trim(items.front());
  if (section.text.find(',') != std::string_view::npos)
    fail("an FGI section lists country codes separated by spaces, not commas, e.g. \"FGI DEU GBR\"",
         section.offset + section.text.find(','));
  const std::vector<Piece> words = words_of(section);
  for (std::size_t i = 1; i < words.size(); ++i) marking.fgi.insert(country_word(words[i], "FGI", scheme, hinted));
  marking.has_fgi_section = true;
}

// A word that never names a compartment (markings-v1.1 §4), and what to say about it.
std::optional<std::string> reserved_in_compartments(const std::string& words, std::string_view raw) {
  if (is_ic_control_item(words) || non_ic_control(words))
    return "dissemination control " + quoted(raw) +
           " inside a compartment section; controls go in their own sections, after \"//\"";
  if (starts_fgi(words))
    return "reserved word " + quoted(raw) + " inside a compartment section; FGI starts its own section, after \"//\"";
  if (words == "NATO" || words == "JOINT")
    return "reserved word " + quoted(raw) + " inside a compartment section; a " + words +
           " marking starts with \"//" + words + "\"";
  return std::nullopt;
}

void parse_compartments(const std::vector<Piece>& items, Marking& marking, Scheme& scheme) {
  for (Piece item : items) {
    item = trim(item);
    const std::string token = upper(item.text);
    if (auto reserved = reserved_in_compartments(normalize_words(token), item.text)) fail(*reserved, item.offset);
    if (!detail::is_compartment_name(token))
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

const char* section_name(Section section) {
  switch (section) {
    case Section::compartments: return "the compartments";
    case Section::fgi: return "the FGI section";
    case Section::ic: return "the IC dissemination controls";
    case Section::non_ic: return "the non-IC controls";
  }
  return "";
}

}  // namespace

CountryId Marking::originator() const {
  CountryId id = 0;
  head_countries.for_each([&, found = false](std::size_t bit) mutable {
    if (!found) id = static_cast<CountryId>(bit);
    found = true;
  });
  return id;
}

namespace {

Marking parse(std::string_view text, Scheme& scheme, bool hinted) {
  Marking marking;
  const std::vector<Piece> sections = split({text, 0}, "//");

  std::size_t s = 1;
  const Piece level_text = trim(sections.front());
  if (level_text.text.empty() && sections.size() > 1) {
    parse_foreign_head(trim(sections[1]), marking, scheme, hinted);
    s = 2;
  } else {
    if (level_text.text.empty())
      fail("expected a classification level at the start of the marking", level_text.offset);
    auto level = scheme.find_level(level_text.text);
    if (!level) unknown_level(level_text, scheme, "; expected a level name or alias such as SECRET or TS", hinted);
    marking.level = *level;
  }

  // Sections come in the order of Section; each kind but compartments at most once.
  Section reached = Section::compartments;
  std::size_t reached_at = 0;  // where the section of kind `reached` starts
  bool any_after_compartments = false;
  Seen seen;
  for (; s < sections.size(); ++s) {
    const Piece section = trim(sections[s]);
    if (section.text.empty()) fail("expected a section after \"//\", got an empty one", section.offset);
    const std::vector<Piece> items = split(section, "/");
    const Section kind = section_kind(normalize_words(trim(items.front()).text));
    if (any_after_compartments && kind <= reached) {
      if (kind == Section::fgi && reached == Section::fgi)
        fail("a marking has one FGI section; list its countries together, e.g. \"FGI DEU GBR\"", section.offset);
      if (kind == reached)
        fail(std::string(section_name(kind)) + " go in one section; separate them with \"/\"", section.offset);
      fail(std::string(section_name(reached)) + " must come after " + section_name(kind) +
               " (order: compartments, FGI, IC controls, non-IC controls)",
           reached_at);
    }
    if (kind != Section::compartments) {
      reached = kind;
      reached_at = section.offset;
      any_after_compartments = true;
    }
    switch (kind) {
      case Section::compartments: parse_compartments(items, marking, scheme); break;
      case Section::fgi: parse_fgi(items, marking, scheme, hinted); break;
      case Section::ic: parse_ic_dissemination(items, marking, scheme, seen, hinted); break;
      case Section::non_ic: parse_non_ic_dissemination(items, marking, hinted); break;
    }
  }
  if (marking.has(Control::noforn) && (marking.head == Head::nato || marking.head == Head::joint))
    fail(std::string("NOFORN contradicts a ") + (marking.head == Head::nato ? "NATO" : "JOINT") +
             " marking, which is releasable to " +
             (marking.head == Head::nato ? "the members of NATO" : "its co-owners"),
         seen.noforn);
  return marking;
}

}  // namespace

Marking parse_marking(std::string_view text, Scheme& scheme) { return parse(text, scheme, true); }

CountrySet releasable_set(const Marking& marking, CountryId owner, const Scheme& scheme) {
  switch (marking.head) {
    case Head::nato:
    case Head::joint: return marking.head_countries | marking.rel_to;
    case Head::fgi: {
      CountrySet set = marking.head_countries;
      if (marking.has(Control::rel_to)) set |= marking.rel_to;
      else if (!marking.has(Control::noforn)) set.insert(scheme.default_owner());
      return set;
    }
    case Head::us: break;
  }
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

std::optional<std::string> owner_conflict(const Marking& marking, CountryId owner, std::string_view text) {
  if (marking.head == Head::fgi && owner != marking.originator())
    return "owner " + quoted(country_code(owner)) + " differs from " + quoted(country_code(marking.originator())) +
           ", the originator the marking " + quoted(text) +
           " names; foreign government information belongs to its originator (leave \"owner\" out)";
  if (marking.head == Head::joint && !marking.head_countries.contains(owner))
    return "owner " + quoted(country_code(owner)) + " is not a co-owner of the JOINT marking " + quoted(text) +
           "; expected one of the countries it names";
  return std::nullopt;
}

CountryId data_owner(const Marking& marking, std::optional<CountryId> given, const Scheme& scheme) {
  if (marking.head == Head::fgi) return marking.originator();
  return given.value_or(scheme.default_owner());
}

CountryId release_owner(const Marking& marking, CountryId owner, const Scheme& scheme) {
  switch (marking.head) {
    case Head::fgi: return marking.originator();
    case Head::nato: return scheme.default_owner();
    case Head::us:
    case Head::joint: break;
  }
  return owner;
}

namespace {

// Codes of a set in id order (which is alphabetical), joined by `separator`, `first`
// (when a member) ahead of the rest.
void append_countries(std::string& text, const CountrySet& set, std::string_view separator, int first = -1) {
  bool any = false;
  auto add = [&](std::size_t id) {
    if (any) text += separator;
    text += country_code(static_cast<CountryId>(id));
    any = true;
  };
  if (first >= 0) add(static_cast<std::size_t>(first));
  set.for_each([&](std::size_t id) {
    if (static_cast<int>(id) != first) add(id);
  });
}

}  // namespace

std::string format_marking(const Marking& marking, const Scheme& scheme, CountryId owner) {
  std::string text;
  int rel_to_first = owner;  // the country REL TO lists first; -1: none
  switch (marking.head) {
    case Head::us: text = scheme.level_name(marking.level); break;
    case Head::fgi:
      rel_to_first = marking.originator();
      text = "//";
      text += country_code(marking.originator());
      text += ' ';
      text += word_text(marking.head_word, scheme);
      break;
    case Head::nato: {
      rel_to_first = -1;
      const std::string_view word = word_text(marking.head_word, scheme);
      text = word.substr(0, 5) == "NATO " ? "//" + std::string(word) : "//COSMIC TOP SECRET";
      break;
    }
    case Head::joint:
      rel_to_first = -1;
      text = "//JOINT ";
      text += word_text(marking.head_word, scheme);
      text += ' ';
      append_countries(text, marking.head_countries, " ");
      break;
  }
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
  if (marking.has_fgi_section) {
    text += "//FGI";
    if (!marking.fgi.empty()) {
      text += ' ';
      append_countries(text, marking.fgi, " ");
    }
  }
  bool first = true;
  auto add = [&](std::string_view word) {
    text += first ? "//" : "/";
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
    append_countries(list, marking.rel_to, ", ", rel_to_first);
    add(list);
  }
  if (marking.has(Control::relido)) add("RELIDO");
  if (marking.has(Control::display_only)) {
    std::string list = "DISPLAY ONLY ";
    append_countries(list, marking.display_only, ", ");
    add(list);
  }
  first = true;
  for (const auto& entry : non_ic_words)
    if (marking.has(entry.control)) add(entry.word);
  return text;
}

std::string canonical_marking(std::string_view text) {
  Scheme scheme = Scheme::us_default();
  Marking marking = parse_marking(text, scheme);
  return format_marking(marking, scheme, scheme.default_owner());
}

}  // namespace v1
}  // namespace clearance

namespace clearance::detail {
Marking parse_marking(std::string_view text, Scheme& scheme, bool hinted) { return v1::parse(text, scheme, hinted); }
}  // namespace clearance::detail
