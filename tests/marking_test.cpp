// Tests of marking.hpp: the marking grammar of spec §3 and markings-v1.1 in real-world
// CAPCO, FGI, NATO and JOINT styles, its canonical form, its errors, and the releasable
// set of a marking.
#include <doctest/doctest.h>

#include "country_helpers.hpp"

#include <clearance/builder.hpp>
#include <clearance/marking.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

using namespace clearance;

namespace {

// The canonical form of `text` in the default US scheme, owner USA.
std::string canonical(const std::string& text) { return canonical_marking(text); }

// The message of the marking_error that parsing `text` throws; "" when it parses.
std::string error_of(const std::string& text) {
  try {
    canonical_marking(text);
  } catch (const marking_error& e) {
    CHECK(e.kind() == ErrorKind::input);
    return e.what();
  }
  return "";
}

// The offset of the marking_error that parsing `text` throws.
std::size_t error_offset(const std::string& text) {
  try {
    canonical_marking(text);
  } catch (const marking_error& e) {
    return e.offset();
  }
  FAIL("\"" << text << "\" parsed");
  return 0;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_SUITE("marking") {

// ---- levels -----------------------------------------------------------------------

TEST_CASE("each level of the US scheme is its own canonical form") {
  SUBCASE("UNCLASSIFIED") { CHECK(canonical("UNCLASSIFIED") == "UNCLASSIFIED"); }
  SUBCASE("CUI") { CHECK(canonical("CUI") == "CUI"); }
  SUBCASE("CONFIDENTIAL") { CHECK(canonical("CONFIDENTIAL") == "CONFIDENTIAL"); }
  SUBCASE("SECRET") { CHECK(canonical("SECRET") == "SECRET"); }
  SUBCASE("TOP SECRET") { CHECK(canonical("TOP SECRET") == "TOP SECRET"); }
}

TEST_CASE("the portion-mark abbreviations U, C, S and TS name their levels") {
  SUBCASE("U") { CHECK(canonical("U") == "UNCLASSIFIED"); }
  SUBCASE("C") { CHECK(canonical("C") == "CONFIDENTIAL"); }
  SUBCASE("S") { CHECK(canonical("S") == "SECRET"); }
  SUBCASE("TS") { CHECK(canonical("TS") == "TOP SECRET"); }
}

TEST_CASE("NATO and UK markings map to the US levels of spec 2.1") {
  SUBCASE("NATO UNCLASSIFIED") { CHECK(canonical("NATO UNCLASSIFIED") == "UNCLASSIFIED"); }
  SUBCASE("NATO RESTRICTED is CUI") { CHECK(canonical("NATO RESTRICTED") == "CUI"); }
  SUBCASE("NATO CONFIDENTIAL") { CHECK(canonical("NATO CONFIDENTIAL") == "CONFIDENTIAL"); }
  SUBCASE("NATO SECRET") { CHECK(canonical("NATO SECRET") == "SECRET"); }
  SUBCASE("COSMIC TOP SECRET") { CHECK(canonical("COSMIC TOP SECRET") == "TOP SECRET"); }
  SUBCASE("OFFICIAL") { CHECK(canonical("OFFICIAL") == "CUI"); }
  SUBCASE("OFFICIAL-SENSITIVE") { CHECK(canonical("OFFICIAL-SENSITIVE") == "CUI"); }
}

TEST_CASE("levels and aliases match in any case") {
  SUBCASE("lower case") { CHECK(canonical("top secret") == "TOP SECRET"); }
  SUBCASE("mixed case") { CHECK(canonical("Secret") == "SECRET"); }
  SUBCASE("lower-case alias") { CHECK(canonical("ts") == "TOP SECRET"); }
  SUBCASE("lower-case NATO alias") { CHECK(canonical("cosmic top secret") == "TOP SECRET"); }
  SUBCASE("lower-case UK alias") { CHECK(canonical("official-sensitive") == "CUI"); }
}

TEST_CASE("runs of white space count as one space and the ends are trimmed") {
  SUBCASE("inside the level") { CHECK(canonical("TOP    SECRET") == "TOP SECRET"); }
  SUBCASE("tabs and new lines") { CHECK(canonical("\tTOP\t\nSECRET\r\n") == "TOP SECRET"); }
  SUBCASE("around the separators") {
    CHECK(canonical("  top   secret //  tk / si  //  noforn ") == "TOP SECRET//SI/TK//NOFORN");
  }
  SUBCASE("inside REL TO") {
    CHECK(canonical("SECRET// REL \t TO  GBR ,AUS ") == "SECRET//REL TO USA, AUS, GBR");
  }
  SUBCASE("inside a NATO alias") { CHECK(canonical("NATO \t SECRET") == "SECRET"); }
}

TEST_CASE("an unknown level is an error with the nearest level suggested") {
  const std::string message = error_of("SECRT//NOFORN");
  CHECK(contains(message, "unknown level \"SECRT\""));
  CHECK(contains(message, "did you mean \"SECRET\"?"));
  CHECK(error_offset("SECRT//NOFORN") == 0);
}

TEST_CASE("a message keeps a NUL of the marking as \\0 and the text after it") {
  const std::string message = error_of(std::string("S\0//SI", 6));
  CHECK(contains(message, "unknown level \"S\\0\""));
  CHECK(contains(message, "(at character 1)"));
  CHECK(message.find('\0') == std::string::npos);
}

TEST_CASE("a message spells out the control characters of the marking it quotes") {
  const std::string message = error_of("SECRET//REL TO \x1b[2J\r\nfake");
  CHECK(contains(message, "\"\\x1b[2J\\x0d\\x0afake\""));
  CHECK(message.find('\x1b') == std::string::npos);
}

TEST_CASE("a level the US scheme does not have is an error") {
  SUBCASE("German VS-VERTRAULICH without its alias") { CHECK(contains(error_of("VS-VERTRAULICH"), "unknown level")); }
  SUBCASE("a compartment in place of the level") { CHECK(contains(error_of("SI//TK"), "unknown level")); }
  SUBCASE("a single slash after the level") { CHECK(contains(error_of("SECRET/NOFORN"), "unknown level")); }
  SUBCASE("non-ASCII white space is not white space") {
    CHECK(contains(error_of("TOP\xC2\xA0SECRET"), "unknown level"));
  }
}

TEST_CASE("a marking without a level is an error") {
  SUBCASE("empty") { CHECK(contains(error_of(""), "expected a classification level")); }
  SUBCASE("only white space") { CHECK(contains(error_of("   "), "expected a classification level")); }
  SUBCASE("only a separator") { CHECK(contains(error_of("//"), "expected a country code, NATO, JOINT")); }
}

// ---- compartments -----------------------------------------------------------------

TEST_CASE("SCI compartments are printed upper case, sorted and once each") {
  SUBCASE("already canonical") { CHECK(canonical("TOP SECRET//SI/TK") == "TOP SECRET//SI/TK"); }
  SUBCASE("unsorted") { CHECK(canonical("TOP SECRET//TK/SI") == "TOP SECRET//SI/TK"); }
  SUBCASE("lower case") { CHECK(canonical("ts//tk/hcs/si") == "TOP SECRET//HCS/SI/TK"); }
  SUBCASE("repeated") { CHECK(canonical("SECRET//SI/SI/TK/SI") == "SECRET//SI/TK"); }
}

TEST_CASE("sub-compartments with a dash are atomic names") {
  SUBCASE("SI-G is kept whole") { CHECK(canonical("TOP SECRET//SI-G/TK//NOFORN") == "TOP SECRET//SI-G/TK//NOFORN"); }
  SUBCASE("SI and SI-G are two compartments") { CHECK(canonical("TS//SI-G/SI") == "TOP SECRET//SI/SI-G"); }
  SUBCASE("several dashes and digits") { CHECK(canonical("ts//hcs-p-1234/si-g") == "TOP SECRET//HCS-P-1234/SI-G"); }
}

TEST_CASE("several compartment sections are united into one") {
  SUBCASE("two sections") { CHECK(canonical("SECRET//TK//SI") == "SECRET//SI/TK"); }
  SUBCASE("overlapping sections, then controls") {
    CHECK(canonical("TS//SI/TK//TK/HCS//NOFORN") == "TOP SECRET//HCS/SI/TK//NOFORN");
  }
}

TEST_CASE("a malformed compartment token is an error") {
  SUBCASE("trailing dash") { CHECK(contains(error_of("SECRET//SI-"), "got \"SI-\"")); }
  SUBCASE("leading dash") { CHECK(contains(error_of("SECRET//-SI"), "got \"-SI\"")); }
  SUBCASE("double dash") { CHECK(contains(error_of("SECRET//SI--G"), "got \"SI--G\"")); }
  SUBCASE("underscore") { CHECK(contains(error_of("SECRET//SI_G"), "expected a compartment")); }
  SUBCASE("inner space") { CHECK(contains(error_of("SECRET//SI G"), "expected a compartment")); }
  SUBCASE("empty item after a slash") { CHECK(contains(error_of("SECRET//SI/"), "expected a compartment")); }
  SUBCASE("empty item before a slash") { CHECK(contains(error_of("SECRET///SI"), "expected a compartment")); }
  SUBCASE("punctuation") { CHECK(contains(error_of("SECRET//SI.G"), "expected a compartment")); }
}

TEST_CASE("a malformed compartment is reported at its offset") {
  CHECK(error_offset("SECRET//SI-") == 8);
  CHECK(error_offset("TOP SECRET//SI/T K") == 15);
}

TEST_CASE("an empty section is an error") {
  SUBCASE("two separators in a row") { CHECK(contains(error_of("SECRET////SI"), "got an empty one")); }
  SUBCASE("a trailing separator") { CHECK(contains(error_of("SECRET//"), "got an empty one")); }
  SUBCASE("a separator and white space") { CHECK(contains(error_of("SECRET//  "), "got an empty one")); }
}

TEST_CASE("more than 128 distinct compartments in one scheme is an error, not a crash") {
  Scheme scheme = Scheme::us_default();
  std::string text = "SECRET";
  for (int i = 0; i < 128; ++i) text += (i == 0 ? "//C" : "/C") + std::to_string(i);
  CHECK(parse_marking(text, scheme).compartments.size() == 128);
  CHECK_THROWS_WITH_AS(parse_marking("SECRET//ONE-TOO-MANY", scheme), doctest::Contains("too many distinct compartments"),
                       marking_error);
  CHECK(parse_marking("SECRET//C7", scheme).compartments.size() == 1);  // known names still parse
}

// ---- dissemination controls -----------------------------------------------------------

TEST_CASE("NOFORN is kept and printed last") {
  SUBCASE("alone") { CHECK(canonical("SECRET//NOFORN") == "SECRET//NOFORN"); }
  SUBCASE("after compartments") { CHECK(canonical("TS//SI/TK//NOFORN") == "TOP SECRET//SI/TK//NOFORN"); }
  SUBCASE("lower case") { CHECK(canonical("s//noforn") == "SECRET//NOFORN"); }
  SUBCASE("NATO level") { CHECK(canonical("NATO SECRET//NOFORN") == "SECRET//NOFORN"); }
}

TEST_CASE("REL TO lists the owner first and the other countries sorted") {
  SUBCASE("CAPCO style") { CHECK(canonical("SECRET//REL TO USA, GBR") == "SECRET//REL TO USA, GBR"); }
  SUBCASE("portion style without spaces") { CHECK(canonical("S//REL TO USA,GBR") == "SECRET//REL TO USA, GBR"); }
  SUBCASE("unsorted") { CHECK(canonical("S//REL TO NZL, AUS, USA, CAN") == "SECRET//REL TO USA, AUS, CAN, NZL"); }
  SUBCASE("owner missing is added") { CHECK(canonical("SECRET//REL TO GBR") == "SECRET//REL TO USA, GBR"); }
  SUBCASE("owner alone") { CHECK(canonical("SECRET//REL TO USA") == "SECRET//REL TO USA"); }
  SUBCASE("lower-case countries") { CHECK(canonical("secret//rel to usa, gbr") == "SECRET//REL TO USA, GBR"); }
  SUBCASE("a country listed twice") { CHECK(canonical("S//REL TO GBR, GBR, USA") == "SECRET//REL TO USA, GBR"); }
}

TEST_CASE("groups in REL TO are expanded") {
  SUBCASE("FVEY") { CHECK(canonical("SECRET//REL TO USA, FVEY") == "SECRET//REL TO USA, AUS, CAN, GBR, NZL"); }
  SUBCASE("ACGU") { CHECK(canonical("SECRET//REL TO ACGU") == "SECRET//REL TO USA, AUS, CAN, GBR"); }
  SUBCASE("lower-case group") { CHECK(canonical("s//rel to fvey") == "SECRET//REL TO USA, AUS, CAN, GBR, NZL"); }
  SUBCASE("a group and a member") { CHECK(canonical("S//REL TO GBR, FVEY") == "SECRET//REL TO USA, AUS, CAN, GBR, NZL"); }
  SUBCASE("NATO") {
    CHECK(canonical("COSMIC TOP SECRET//REL TO NATO") ==
          "TOP SECRET//REL TO USA, ALB, BEL, BGR, CAN, CZE, DEU, DNK, ESP, EST, FIN, FRA, GBR, GRC, HRV, HUN, "
          "ISL, ITA, LTU, LUX, LVA, MKD, MNE, NLD, NOR, POL, PRT, ROU, SVK, SVN, SWE, TUR");
  }
}

TEST_CASE("several REL TO in one section are united") {
  SUBCASE("two lists") { CHECK(canonical("SECRET//REL TO GBR/REL TO CAN") == "SECRET//REL TO USA, CAN, GBR"); }
  SUBCASE("overlapping lists") {
    CHECK(canonical("S//REL TO USA, AUS/REL TO FVEY") == "SECRET//REL TO USA, AUS, CAN, GBR, NZL");
  }
  SUBCASE("around another control") {
    CHECK(canonical("S//REL TO GBR/ORCON/REL TO AUS") == "SECRET//ORCON/REL TO USA, AUS, GBR");
  }
}

TEST_CASE("controls are printed in the CAPCO register's order") {
  SUBCASE("all of them reversed") {
    CHECK(canonical("S//relido/rel to gbr/propin/imcon/orcon/fouo") ==
          "SECRET//FOUO/ORCON/IMCON/PROPIN/REL TO USA, GBR/RELIDO");
  }
  SUBCASE("NOFORN between IMCON and PROPIN") {
    CHECK(canonical("TS//SI//PROPIN/NOFORN/IMCON/ORCON") == "TOP SECRET//SI//ORCON/IMCON/NOFORN/PROPIN");
  }
  SUBCASE("FOUO first") { CHECK(canonical("CUI//ORCON/FOUO") == "CUI//FOUO/ORCON"); }
  SUBCASE("RELIDO after REL TO") { CHECK(canonical("S//RELIDO/REL TO AUS") == "SECRET//REL TO USA, AUS/RELIDO"); }
  SUBCASE("a control repeated") { CHECK(canonical("S//ORCON/ORCON") == "SECRET//ORCON"); }
}

TEST_CASE("NOFORN together with REL TO is an error") {
  SUBCASE("NOFORN first") { CHECK(contains(error_of("SECRET//NOFORN/REL TO GBR"), "NOFORN and REL TO contradict")); }
  SUBCASE("REL TO first") { CHECK(contains(error_of("SECRET//REL TO USA, GBR/NOFORN"), "NOFORN and REL TO contradict")); }
  SUBCASE("among other controls") {
    CHECK(contains(error_of("S//RELIDO/REL TO GBR/PROPIN/NOFORN"), "NOFORN and REL TO contradict"));
  }
}

TEST_CASE("an unknown dissemination control is an error") {
  SUBCASE("misspelt") { CHECK(contains(error_of("SECRET//NOFORN/ORCN"), "unknown dissemination control \"ORCN\"")); }
  SUBCASE("a compartment after a control") {
    CHECK(contains(error_of("SECRET//NOFORN/SI"), "unknown dissemination control \"SI\""));
  }
  SUBCASE("an empty control") { CHECK(contains(error_of("SECRET//NOFORN/"), "got an empty one")); }
  SUBCASE("reported at the control") { CHECK(error_offset("SECRET//NOFORN/ORCN") == 15); }
}

TEST_CASE("a control word inside a compartment section is an error") {
  SUBCASE("NOFORN after a compartment") {
    CHECK(contains(error_of("SECRET//SI/NOFORN"), "dissemination control \"NOFORN\" inside a compartment section"));
  }
  SUBCASE("REL TO after a compartment") {
    CHECK(contains(error_of("TS//SI/REL TO USA, GBR"), "inside a compartment section"));
  }
  SUBCASE("ORCON after compartments") { CHECK(contains(error_of("TS//SI/TK/orcon"), "inside a compartment section")); }
  SUBCASE("reported at the control") { CHECK(error_offset("SECRET//SI/NOFORN") == 11); }
}

TEST_CASE("a dissemination section before compartments, or split in two, is an error") {
  SUBCASE("controls before compartments") {
    CHECK(contains(error_of("SECRET//NOFORN//SI"),
                   "the IC dissemination controls must come after the compartments"));
  }
  SUBCASE("two control sections") {
    CHECK(contains(error_of("TOP SECRET//SI/TK//FOUO//NOFORN"), "the IC dissemination controls go in one section"));
  }
  SUBCASE("reported at the section") { CHECK(error_offset("SECRET//NOFORN//SI") == 8); }
}

TEST_CASE("a malformed REL TO is an error") {
  SUBCASE("no countries") { CHECK(contains(error_of("SECRET//REL TO"), "expected \"REL TO\" followed by countries")); }
  SUBCASE("REL and TO without countries") {
    CHECK(contains(error_of("SECRET//NOFORN/REL TO "), "expected \"REL TO\" followed by countries"));
  }
  SUBCASE("REL without TO") { CHECK(contains(error_of("SECRET//REL GBR"), "expected \"REL TO\"")); }
  SUBCASE("an empty country") { CHECK(contains(error_of("SECRET//REL TO USA,,GBR"), "expected a country or group")); }
  SUBCASE("a trailing comma") { CHECK(contains(error_of("SECRET//REL TO USA, GBR,"), "expected a country or group")); }
  SUBCASE("REL TO glued together") { CHECK(!error_of("SECRET//RELTO GBR").empty()); }
}

TEST_CASE("an unknown country in REL TO is an error") {
  SUBCASE("not a code") {
    CHECK(contains(error_of("SECRET//REL TO USA, QZX"), "unknown country or group \"QZX\" in REL TO"));
  }
  SUBCASE("an alpha-2 code") { CHECK(contains(error_of("SECRET//REL TO USA, GB"), "unknown country or group \"GB\"")); }
  SUBCASE("a misspelt group") { CHECK(contains(error_of("SECRET//REL TO FVYE"), "did you mean \"FVEY\"?")); }
  SUBCASE("reported at the country") { CHECK(error_offset("SECRET//REL TO USA, QZX") == 20); }
}

TEST_CASE("a marking error is an input error of the clearance hierarchy") {
  CHECK_THROWS_AS(canonical_marking("SECRET//SI/NOFORN"), marking_error);
  CHECK_THROWS_AS(canonical_marking("SECRET//SI/NOFORN"), clearance::error);
  try {
    canonical_marking("SECRET//SI/NOFORN");
  } catch (const clearance::error& e) {
    CHECK(e.kind() == ErrorKind::input);
    CHECK(contains(e.what(), "(at character 12)"));
  }
}

// ---- parsed values ----------------------------------------------------------------

TEST_CASE("parsing records the level, compartments and controls") {
  Scheme scheme = Scheme::us_default();
  const Marking marking = parse_marking("TS//SI-G/TK//ORCON/REL TO GBR", scheme);
  CHECK(scheme.level_name(marking.level) == "TOP SECRET");
  CHECK(marking.compartments.size() == 2);
  REQUIRE(scheme.compartments().find("SI-G").has_value());
  CHECK(marking.compartments.contains(*scheme.compartments().find("SI-G")));
  CHECK(marking.has(Control::orcon));
  CHECK(marking.has(Control::rel_to));
  CHECK_FALSE(marking.has(Control::noforn));
  CHECK(marking.rel_to == countries({"GBR"}));  // the owner is not added
}

TEST_CASE("the canonical form of a canonical marking is itself") {
  for (const char* text : {"TOP SECRET//SI-G/TK//NOFORN", "SECRET//REL TO USA, AUS, CAN, GBR, NZL", "CUI//FOUO",
                           "SECRET//FOUO/ORCON/IMCON/PROPIN/REL TO USA, GBR/RELIDO", "UNCLASSIFIED"}) {
    CAPTURE(text);
    CHECK(canonical(text) == text);
    CHECK(canonical(canonical(text)) == canonical(text));
  }
}

TEST_CASE("REL TO lists the given owner first") {
  Scheme scheme = Scheme::us_default();
  const Marking marking = parse_marking("SECRET//REL TO USA, FVEY", scheme);
  CHECK(format_marking(marking, scheme, country("GBR")) == "SECRET//REL TO GBR, AUS, CAN, NZL, USA");
  CHECK(format_marking(parse_marking("SECRET//REL TO AUS", scheme), scheme, country("GBR")) ==
        "SECRET//REL TO GBR, AUS");
}

// ---- releasable set ---------------------------------------------------------------

TEST_CASE("NOFORN data is releasable to its owner only") {
  Scheme scheme = Scheme::us_default();
  SUBCASE("owner USA") {
    CHECK(releasable_set(parse_marking("SECRET//NOFORN", scheme), country("USA"), scheme) == countries({"USA"}));
  }
  SUBCASE("owner GBR") {
    CHECK(releasable_set(parse_marking("TS//SI//NOFORN", scheme), country("GBR"), scheme) == countries({"GBR"}));
  }
  SUBCASE("even below controlled_from") {
    CHECK(releasable_set(parse_marking("UNCLASSIFIED//NOFORN", scheme), country("USA"), scheme) ==
          countries({"USA"}));
  }
}

TEST_CASE("REL TO data is releasable to its owner and the listed countries") {
  Scheme scheme = Scheme::us_default();
  SUBCASE("owner added") {
    CHECK(releasable_set(parse_marking("SECRET//REL TO GBR", scheme), country("USA"), scheme) ==
          countries({"USA", "GBR"}));
  }
  SUBCASE("group expanded") {
    CHECK(releasable_set(parse_marking("SECRET//REL TO FVEY", scheme), country("USA"), scheme) ==
          countries({"USA", "AUS", "CAN", "GBR", "NZL"}));
  }
  SUBCASE("foreign owner") {
    CHECK(releasable_set(parse_marking("SECRET//REL TO USA", scheme), country("AUS"), scheme) ==
          countries({"AUS", "USA"}));
  }
}

TEST_CASE("data below controlled_from without controls is releasable to every country") {
  Scheme scheme = Scheme::us_default();
  SUBCASE("UNCLASSIFIED") {
    CHECK(releasable_set(parse_marking("UNCLASSIFIED", scheme), country("USA"), scheme) == every_country());
  }
  SUBCASE("with a control that changes nothing") {
    CHECK(releasable_set(parse_marking("U//FOUO", scheme), country("USA"), scheme) == every_country());
  }
  CHECK(every_country().size() == country_count());
}

TEST_CASE("controlled data without NOFORN or REL TO is releasable to its owner only") {
  Scheme scheme = Scheme::us_default();
  SUBCASE("CUI") { CHECK(releasable_set(parse_marking("CUI", scheme), country("USA"), scheme) == countries({"USA"})); }
  SUBCASE("SECRET") {
    CHECK(releasable_set(parse_marking("SECRET", scheme), country("GBR"), scheme) == countries({"GBR"}));
  }
  SUBCASE("ORCON") {
    CHECK(releasable_set(parse_marking("TS//SI//ORCON", scheme), country("USA"), scheme) == countries({"USA"}));
  }
}

TEST_CASE("the label of a marking carries its level, compartments and releasable set") {
  Scheme scheme = Scheme::us_default();
  const Marking marking = parse_marking("TS//SI//REL TO GBR", scheme);
  const Label label = label_of(marking, country("USA"), scheme);
  CHECK(label.level == marking.level);
  CHECK(label.compartments == marking.compartments);
  CHECK(label.releasable == countries({"USA", "GBR"}));
}

// ---- markings-v1.1 -----------------------------------------------------------------

namespace {

// The releasable set of `text` parsed in the default US scheme with the default owner.
CountrySet releasable(const std::string& text) {
  Scheme scheme = Scheme::us_default();
  const Marking marking = parse_marking(text, scheme);
  return releasable_set(marking, scheme.default_owner(), scheme);
}

CountrySet nato_members() { return *Scheme::us_default().find_group("NATO"); }

}  // namespace

TEST_CASE("every example of the markings-v1.1 table has its canonical form and releasable set") {
  struct Row {
    const char* written;
    const char* canonical;
    CountrySet releasable;
  };
  const Row rows[] = {
      {"s//nf", "SECRET//NOFORN", countries({"USA"})},
      {"S//SI//OC/NF", "SECRET//SI//ORCON/NOFORN", countries({"USA"})},
      {"C//LIMDIS", "CONFIDENTIAL//LIMDIS", countries({"USA"})},
      {"S//REL TO USA, GBR/DISPLAY ONLY AUS", "SECRET//REL TO USA, GBR/DISPLAY ONLY AUS", countries({"USA", "GBR"})},
      {"S//FGI GBR DEU//REL TO USA, GBR, DEU", "SECRET//FGI DEU GBR//REL TO USA, DEU, GBR",
       countries({"USA", "DEU", "GBR"})},
      {"//GBR SECRET", "//GBR SECRET", countries({"GBR", "USA"})},
      {"//DEU CONFIDENTIAL//REL TO USA, DEU", "//DEU CONFIDENTIAL//REL TO DEU, USA", countries({"DEU", "USA"})},
      {"//NATO SECRET//ATOMAL", "//NATO SECRET//ATOMAL", nato_members()},
      {"//JOINT SECRET USA CAN", "//JOINT SECRET CAN USA", countries({"CAN", "USA"})},
  };
  for (const Row& row : rows) {
    CAPTURE(row.written);
    CHECK(canonical(row.written) == row.canonical);
    CHECK(releasable(row.written) == row.releasable);
    CHECK(canonical(row.canonical) == row.canonical);
  }
}

TEST_CASE("the portion-mark abbreviations NF, OC, IMC and PR are the controls they abbreviate") {
  SUBCASE("NF") { CHECK(canonical("S//NF") == "SECRET//NOFORN"); }
  SUBCASE("OC") { CHECK(canonical("S//OC") == "SECRET//ORCON"); }
  SUBCASE("IMC") { CHECK(canonical("S//IMC") == "SECRET//IMCON"); }
  SUBCASE("PR") { CHECK(canonical("S//PR") == "SECRET//PROPIN"); }
  SUBCASE("mixed with long forms") { CHECK(canonical("TS//SI//pr/oc/nf/IMCON") == "TOP SECRET//SI//ORCON/IMCON/NOFORN/PROPIN"); }
  SUBCASE("NF is NOFORN for the releasable set") { CHECK(releasable("TS//NF") == countries({"USA"})); }
  SUBCASE("NF with REL TO contradicts") { CHECK(contains(error_of("S//NF/REL TO GBR"), "NOFORN and REL TO contradict")); }
}

TEST_CASE("NF and LIMDIS are never read as compartments") {
  Scheme scheme = Scheme::us_default();
  CHECK(parse_marking("SECRET//NF", scheme).compartments.empty());
  CHECK(parse_marking("CONFIDENTIAL//LIMDIS", scheme).compartments.empty());
  CHECK(scheme.compartments().size() == 0);
}

TEST_CASE("non-IC controls follow the IC controls in their own section, in canonical order") {
  SUBCASE("all of them reversed") {
    CHECK(canonical("U//ssi/les/sbu/nodis/exdis/limdis") == "UNCLASSIFIED//LIMDIS/EXDIS/NODIS/SBU/LES/SSI");
  }
  SUBCASE("after IC controls") { CHECK(canonical("S//SI//NF//LES/SBU") == "SECRET//SI//NOFORN//SBU/LES"); }
  SUBCASE("repeated once") { CHECK(canonical("C//LIMDIS/LIMDIS") == "CONFIDENTIAL//LIMDIS"); }
  SUBCASE("they change no releasable set") {
    CHECK(releasable("U//SBU") == every_country());
    CHECK(releasable("S//LIMDIS") == countries({"USA"}));
  }
}

TEST_CASE("IC and non-IC controls in the wrong section are errors") {
  SUBCASE("non-IC among IC controls") {
    CHECK(contains(error_of("S//NF/LIMDIS"), "non-IC control \"LIMDIS\" among the IC dissemination controls"));
  }
  SUBCASE("IC among non-IC controls") {
    CHECK(contains(error_of("S//LIMDIS/NF"), "IC dissemination control \"NF\" among the non-IC controls"));
  }
  SUBCASE("non-IC before IC") {
    CHECK(contains(error_of("S//LIMDIS//NF"), "the non-IC controls must come after the IC dissemination controls"));
  }
  SUBCASE("two non-IC sections") {
    CHECK(contains(error_of("S//LIMDIS//SBU"), "the non-IC controls go in one section"));
  }
  SUBCASE("a misspelt non-IC control") {
    CHECK(contains(error_of("S//EXDIS/LIMDS"), "unknown non-IC control \"LIMDS\"; did you mean \"LIMDIS\"?"));
  }
  SUBCASE("a misspelt IC control") {
    CHECK(contains(error_of("S//NOFORN/RELIDOO"), "unknown dissemination control \"RELIDOO\"; did you mean \"RELIDO\"?"));
  }
  SUBCASE("reported at the control") { CHECK(error_offset("S//NF/LIMDIS") == 6); }
}

TEST_CASE("an FGI section lists its countries sorted, once each, before the dissemination controls") {
  SUBCASE("sorted") { CHECK(canonical("S//FGI GBR DEU AUS") == "SECRET//FGI AUS DEU GBR"); }
  SUBCASE("repeated code") { CHECK(canonical("S//fgi gbr  gbr") == "SECRET//FGI GBR"); }
  SUBCASE("without countries") { CHECK(canonical("TS//SI//FGI//NF") == "TOP SECRET//SI//FGI//NOFORN"); }
  SUBCASE("after compartments") { CHECK(canonical("S//TK//SI//FGI CAN") == "SECRET//SI/TK//FGI CAN"); }
  SUBCASE("it changes no releasable set") {
    CHECK(releasable("S//FGI GBR") == countries({"USA"}));
    CHECK(releasable("U//FGI GBR") == every_country());
  }
}

TEST_CASE("a malformed FGI section is an error") {
  SUBCASE("a group") { CHECK(contains(error_of("S//FGI FVEY"), "\"FVEY\" is a group; FGI lists country codes")); }
  SUBCASE("commas") { CHECK(contains(error_of("S//FGI GBR, DEU"), "not commas")); }
  SUBCASE("an unknown code") { CHECK(contains(error_of("S//FGI GBR DUE"), "unknown country \"DUE\" in FGI")); }
  SUBCASE("controls in the same section") { CHECK(contains(error_of("S//FGI GBR/NF"), "expected \"//\" before \"NF\"")); }
  SUBCASE("two FGI sections") { CHECK(contains(error_of("S//FGI GBR//FGI DEU"), "a marking has one FGI section")); }
  SUBCASE("after the controls") {
    CHECK(contains(error_of("S//NF//FGI GBR"), "the IC dissemination controls must come after the FGI section"));
  }
  SUBCASE("before compartments") {
    CHECK(contains(error_of("S//FGI CAN//SI"), "the FGI section must come after the compartments"));
  }
  SUBCASE("reported at the country") { CHECK(error_offset("S//FGI GBR DUE") == 11); }
}

TEST_CASE("DISPLAY ONLY lists countries sorted with groups expanded and changes no releasable set") {
  SUBCASE("sorted") { CHECK(canonical("S//DISPLAY ONLY NZL, AUS") == "SECRET//DISPLAY ONLY AUS, NZL"); }
  SUBCASE("a group") { CHECK(canonical("S//display only acgu") == "SECRET//DISPLAY ONLY AUS, CAN, GBR, USA"); }
  SUBCASE("several united") {
    CHECK(canonical("S//DISPLAY ONLY AUS/RELIDO/DISPLAY ONLY CAN") == "SECRET//RELIDO/DISPLAY ONLY AUS, CAN");
  }
  SUBCASE("last of the IC controls") {
    CHECK(canonical("S//DISPLAY ONLY AUS/REL TO GBR/FOUO") == "SECRET//FOUO/REL TO USA, GBR/DISPLAY ONLY AUS");
  }
  SUBCASE("releasable set unchanged") { CHECK(releasable("S//DISPLAY ONLY AUS") == countries({"USA"})); }
}

TEST_CASE("a malformed DISPLAY ONLY is an error") {
  SUBCASE("with NOFORN") { CHECK(contains(error_of("S//NF/DISPLAY ONLY AUS"), "NOFORN and DISPLAY ONLY contradict")); }
  SUBCASE("without countries") {
    CHECK(contains(error_of("S//NF/DISPLAY ONLY"), "expected \"DISPLAY ONLY\" followed by countries"));
    CHECK(contains(error_of("S//DISPLAY ONLY "), "expected \"DISPLAY ONLY\" followed by countries"));
  }
  SUBCASE("DISPLAY without ONLY") { CHECK(contains(error_of("S//DISPLAY AUS"), "expected \"DISPLAY ONLY\" followed by countries")); }
  SUBCASE("an unknown country") { CHECK(contains(error_of("S//DISPLAY ONLY AUS, QZX"), "unknown country or group \"QZX\" in DISPLAY ONLY")); }
}

TEST_CASE("foreign government information is releasable to its originator and the default owner") {
  SUBCASE("no controls") { CHECK(releasable("//GBR SECRET") == countries({"GBR", "USA"})); }
  SUBCASE("NOFORN: the originator only") { CHECK(releasable("//GBR SECRET//NOFORN") == countries({"GBR"})); }
  SUBCASE("REL TO: the originator and the list") {
    CHECK(releasable("//GBR SECRET//REL TO AUS") == countries({"GBR", "AUS"}));
  }
  SUBCASE("at every level, also below controlled_from") {
    CHECK(releasable("//GBR UNCLASSIFIED") == countries({"GBR", "USA"}));
  }
  SUBCASE("the default owner as originator") { CHECK(releasable("//USA SECRET") == countries({"USA"})); }
  SUBCASE("the owner passed is not used") {
    Scheme scheme = Scheme::us_default();
    CHECK(releasable_set(parse_marking("//DEU SECRET", scheme), country("FRA"), scheme) == countries({"DEU", "USA"}));
  }
}

TEST_CASE("an FGI head keeps its level word as written, upper case") {
  SUBCASE("an alias") { CHECK(canonical("//gbr s") == "//GBR S"); }
  SUBCASE("spaces folded") { CHECK(canonical("  //  gbr   top \t secret // si ") == "//GBR TOP SECRET//SI"); }
  SUBCASE("a UK alias") { CHECK(canonical("//GBR OFFICIAL-SENSITIVE") == "//GBR OFFICIAL-SENSITIVE"); }
  SUBCASE("the level is the word's") {
    Scheme scheme = Scheme::us_default();
    CHECK(scheme.level_name(parse_marking("//GBR OFFICIAL-SENSITIVE", scheme).level) == "CUI");
  }
  SUBCASE("REL TO lists the originator first") {
    CHECK(canonical("//AUS SECRET//REL TO USA, GBR") == "//AUS SECRET//REL TO AUS, GBR, USA");
  }
  SUBCASE("whatever owner is passed") {
    Scheme scheme = Scheme::us_default();
    CHECK(format_marking(parse_marking("//AUS S//REL TO GBR", scheme), scheme, country("USA")) ==
          "//AUS S//REL TO AUS, GBR");
  }
}

TEST_CASE("a malformed FGI head is an error") {
  SUBCASE("an unknown country") { CHECK(contains(error_of("//QZX SECRET"), "unknown country \"QZX\" at the head")); }
  SUBCASE("a group") { CHECK(contains(error_of("//FVEY SECRET"), "\"FVEY\" is a group")); }
  SUBCASE("no level") { CHECK(contains(error_of("//GBR"), "expected a level after \"GBR\"")); }
  SUBCASE("an unknown level") { CHECK(contains(error_of("//GBR SEKRET"), "unknown level \"SEKRET\"; did you mean \"SECRET\"?")); }
  SUBCASE("reported at the level") { CHECK(error_offset("//GBR SEKRET") == 6); }
  SUBCASE("a misspelt NATO") { CHECK(contains(error_of("//NATA SECRET"), "did you mean \"NATO\"?")); }
}

TEST_CASE("NATO information is releasable to the members of NATO and what REL TO adds") {
  SUBCASE("NATO SECRET") { CHECK(releasable("//NATO SECRET") == nato_members()); }
  SUBCASE("COSMIC TOP SECRET") { CHECK(releasable("//COSMIC TOP SECRET") == nato_members()); }
  SUBCASE("at every level") { CHECK(releasable("//NATO UNCLASSIFIED") == nato_members()); }
  SUBCASE("REL TO adds") { CHECK(releasable("//NATO SECRET//REL TO AUS") == (nato_members() | countries({"AUS"}))); }
  SUBCASE("the level") {
    Scheme scheme = Scheme::us_default();
    CHECK(scheme.level_name(parse_marking("//COSMIC TOP SECRET", scheme).level) == "TOP SECRET");
    CHECK(scheme.level_name(parse_marking("//NATO RESTRICTED", scheme).level) == "CUI");
  }
}

TEST_CASE("NATO heads print their word, and REL TO sorted without an owner") {
  SUBCASE("lower case") { CHECK(canonical("//nato  confidential") == "//NATO CONFIDENTIAL"); }
  SUBCASE("COSMIC") { CHECK(canonical("//cosmic top secret//atomal//rel to aus") == "//COSMIC TOP SECRET//ATOMAL//REL TO AUS"); }
  SUBCASE("REL TO without the owner") { CHECK(canonical("//NATO SECRET//REL TO SWE, AUS") == "//NATO SECRET//REL TO AUS, SWE"); }
  SUBCASE("a NATO alias without // is still a US marking") { CHECK(canonical("NATO SECRET//REL TO GBR") == "SECRET//REL TO USA, GBR"); }
}

TEST_CASE("a malformed NATO head is an error") {
  SUBCASE("NOFORN") { CHECK(contains(error_of("//NATO SECRET//NOFORN"), "NOFORN contradicts a NATO marking")); }
  SUBCASE("NF on COSMIC") { CHECK(contains(error_of("//COSMIC TOP SECRET//NF"), "NOFORN contradicts a NATO marking")); }
  SUBCASE("an abbreviation is no NATO level") { CHECK(contains(error_of("//NATO S"), "unknown NATO level \"S\"")); }
  SUBCASE("a misspelt NATO level") { CHECK(contains(error_of("//NATO SECRT"), "did you mean \"SECRET\"?")); }
  SUBCASE("no level") { CHECK(contains(error_of("//NATO"), "expected a level word after NATO")); }
  SUBCASE("COSMIC alone") { CHECK(contains(error_of("//COSMIC SECRET"), "expected \"COSMIC TOP SECRET\"")); }
  SUBCASE("reported at the NOFORN") { CHECK(error_offset("//NATO SECRET//NOFORN") == 15); }
}

TEST_CASE("JOINT information is co-owned: releasable to its co-owners and what REL TO adds") {
  SUBCASE("two") { CHECK(releasable("//JOINT SECRET CAN USA") == countries({"CAN", "USA"})); }
  SUBCASE("three, USA absent") { CHECK(releasable("//JOINT SECRET GBR CAN AUS") == countries({"AUS", "CAN", "GBR"})); }
  SUBCASE("REL TO adds") { CHECK(releasable("//JOINT S CAN USA//REL TO NZL") == countries({"CAN", "NZL", "USA"})); }
  SUBCASE("at every level") { CHECK(releasable("//JOINT U CAN USA") == countries({"CAN", "USA"})); }
}

TEST_CASE("JOINT heads print their word and co-owners sorted, once each") {
  SUBCASE("a two-word level") { CHECK(canonical("//joint top secret usa gbr") == "//JOINT TOP SECRET GBR USA"); }
  SUBCASE("repeated co-owner") { CHECK(canonical("//JOINT S USA CAN USA") == "//JOINT S CAN USA"); }
  SUBCASE("with everything") {
    CHECK(canonical("//JOINT SECRET USA GBR//TK/SI//FGI DEU//REL TO AUS/OC//LES") ==
          "//JOINT SECRET GBR USA//SI/TK//FGI DEU//ORCON/REL TO AUS//LES");
  }
}

TEST_CASE("a malformed JOINT head is an error") {
  SUBCASE("one co-owner") { CHECK(contains(error_of("//JOINT SECRET USA USA"), "at least two distinct co-owners")); }
  SUBCASE("too few words") { CHECK(contains(error_of("//JOINT SECRET USA"), "at least two countries")); }
  SUBCASE("NOFORN") { CHECK(contains(error_of("//JOINT SECRET CAN USA//NF"), "NOFORN contradicts a JOINT marking")); }
  SUBCASE("a group") { CHECK(contains(error_of("//JOINT SECRET USA FVEY"), "\"FVEY\" is a group")); }
  SUBCASE("an unknown level") { CHECK(contains(error_of("//JOINT SEKRET CAN USA"), "unknown level \"SEKRET\"")); }
}

TEST_CASE("reserved words inside a compartment section are errors, and REL, TO, DISPLAY, ONLY, COSMIC are not") {
  SUBCASE("NF") { CHECK(contains(error_of("SECRET//SI/NF"), "dissemination control \"NF\" inside a compartment section")); }
  SUBCASE("LIMDIS") { CHECK(contains(error_of("SECRET//SI/LIMDIS"), "inside a compartment section")); }
  SUBCASE("OC") { CHECK(contains(error_of("SECRET//SI/oc"), "inside a compartment section")); }
  SUBCASE("FGI") { CHECK(contains(error_of("SECRET//SI/FGI"), "reserved word \"FGI\" inside a compartment section")); }
  SUBCASE("NATO") { CHECK(contains(error_of("SECRET//NATO"), "reserved word \"NATO\"")); }
  SUBCASE("JOINT") { CHECK(contains(error_of("SECRET//SI/JOINT"), "reserved word \"JOINT\"")); }
  SUBCASE("reported at the word") { CHECK(error_offset("SECRET//SI/NF") == 11); }
  SUBCASE("the others are compartments") {
    CHECK(canonical("SECRET//REL/TO/DISPLAY/ONLY/COSMIC") == "SECRET//COSMIC/DISPLAY/ONLY/REL/TO");
  }
}

TEST_CASE("RESTRICTED is a default alias of the level of NATO RESTRICTED") {
  SUBCASE("in the US scheme") { CHECK(canonical("RESTRICTED") == "CUI"); }
  SUBCASE("as an FGI word") { CHECK(canonical("//GBR RESTRICTED") == "//GBR RESTRICTED"); }
  SUBCASE("a default: a model's NATO RESTRICTED does not move it") {
    std::vector<Diagnostic> diagnostics;
    SchemeSpec spec;
    spec.aliases = {{"NATO RESTRICTED", "CONFIDENTIAL"}};
    const Scheme scheme = build_scheme(spec, diagnostics);
    CHECK(diagnostics.empty());
    CHECK(scheme.find_level("RESTRICTED") == scheme.find_level("CUI"));
  }
  SUBCASE("a model's RESTRICTED wins") {
    std::vector<Diagnostic> diagnostics;
    SchemeSpec spec;
    spec.aliases = {{"RESTRICTED", "SECRET"}, {"VS-NFD", "RESTRICTED"}};
    const Scheme scheme = build_scheme(spec, diagnostics);
    CHECK(diagnostics.empty());
    CHECK(scheme.find_level("RESTRICTED") == scheme.find_level("SECRET"));
    CHECK(scheme.find_level("VS-NFD") == scheme.find_level("SECRET"));
  }
  SUBCASE("an alias may name it") {
    std::vector<Diagnostic> diagnostics;
    SchemeSpec spec;
    spec.aliases = {{"VS-NFD", "RESTRICTED"}};
    const Scheme scheme = build_scheme(spec, diagnostics);
    CHECK(diagnostics.empty());
    CHECK(scheme.find_level("VS-NFD") == scheme.find_level("CUI"));
  }
  SUBCASE("dropped with NATO RESTRICTED") {
    std::vector<Diagnostic> diagnostics;
    SchemeSpec spec;
    spec.levels = std::vector<std::string>{"UNCLASSIFIED", "CONFIDENTIAL", "SECRET"};
    spec.controlled_from = "CONFIDENTIAL";
    const Scheme scheme = build_scheme(spec, diagnostics);
    CHECK(diagnostics.empty());
    CHECK_FALSE(scheme.find_level("RESTRICTED").has_value());
  }
  SUBCASE("dropped when a level has the name") {
    std::vector<Diagnostic> diagnostics;
    SchemeSpec spec;
    spec.levels = std::vector<std::string>{"UNCLASSIFIED", "RESTRICTED", "CUI", "CONFIDENTIAL", "SECRET"};
    const Scheme scheme = build_scheme(spec, diagnostics);
    CHECK(diagnostics.empty());
    CHECK(scheme.find_level("RESTRICTED") == Level{1});
    for (const auto& alias : scheme.aliases()) CHECK(alias.first != "RESTRICTED");
  }
}

TEST_CASE("a guard release with a US head keeps the owner the data's head gives") {
  Scheme scheme = Scheme::us_default();
  SUBCASE("FGI: the originator") {
    CHECK(release_owner(parse_marking("//GBR SECRET", scheme), country("GBR"), scheme) == country("GBR"));
  }
  SUBCASE("NATO: the default owner, whatever owner is shown") {
    CHECK(release_owner(parse_marking("//NATO SECRET", scheme), country("FRA"), scheme) == country("USA"));
  }
  SUBCASE("JOINT: the data's owner") {
    CHECK(release_owner(parse_marking("//JOINT SECRET CAN USA", scheme), country("CAN"), scheme) == country("CAN"));
  }
  SUBCASE("US: the data's owner") {
    CHECK(release_owner(parse_marking("SECRET", scheme), country("AUS"), scheme) == country("AUS"));
  }
}

TEST_CASE("a foreign marking in a scheme of other levels uses that scheme's words") {
  std::vector<Diagnostic> diagnostics;
  SchemeSpec spec;
  spec.aliases = {{"VS-VERTRAULICH", "CONFIDENTIAL"}, {"GEHEIM", "SECRET"}};
  Scheme scheme = build_scheme(spec, diagnostics);
  REQUIRE(diagnostics.empty());
  const Marking marking = parse_marking("//deu vs-vertraulich//rel to usa", scheme);
  CHECK(format_marking(marking, scheme, scheme.default_owner()) == "//DEU VS-VERTRAULICH//REL TO DEU, USA");
  CHECK(scheme.level_name(marking.level) == "CONFIDENTIAL");
}

// A random marking of the whole v1.1 grammar, in random case and spacing.
std::string random_marking(std::mt19937& random) {
  auto below = [&](unsigned n) { return static_cast<unsigned>(random() % n); };
  auto pick = [&](std::initializer_list<const char*> words) {
    std::vector<const char*> list(words);
    return std::string(list[below(static_cast<unsigned>(list.size()))]);
  };
  auto chance = [&](unsigned percent) { return below(100) < percent; };
  auto space = [&]() { return chance(70) ? std::string() : pick({" ", "  ", "\t"}); };
  auto countries_list = [&](bool groups) {
    std::string list;
    const unsigned n = 1 + below(3);
    for (unsigned i = 0; i < n; ++i) {
      if (i) list += "," + space() + (chance(50) ? " " : "");
      list += groups && chance(20) ? pick({"FVEY", "ACGU", "NATO"}) : pick({"USA", "GBR", "AUS", "CAN", "DEU", "FRA", "NZL"});
    }
    return list;
  };
  std::string text;
  const unsigned head = below(5);
  const std::string level = pick({"SECRET", "S", "TOP SECRET", "TS", "CONFIDENTIAL", "C", "UNCLASSIFIED", "U", "CUI",
                                  "OFFICIAL-SENSITIVE", "RESTRICTED"});
  if (head == 0) text = level;
  if (head == 1) text = "//" + space() + pick({"GBR", "DEU", "USA", "FRA"}) + " " + level;
  if (head == 2) text = "//NATO " + pick({"SECRET", "CONFIDENTIAL", "RESTRICTED", "UNCLASSIFIED"});
  if (head == 3) text = "//COSMIC TOP SECRET";
  if (head == 4) text = "//JOINT " + level + " " + pick({"GBR", "NZL"}) + " " + pick({"CAN", "AUS", "USA"}) + (chance(30) ? " DEU" : "");
  const unsigned compartment_sections = below(3);
  for (unsigned c = 0; c < compartment_sections; ++c) {
    text += space() + "//" + space() + pick({"SI", "TK", "HCS", "SI-G", "ATOMAL", "REL", "COSMIC"});
    if (chance(40)) text += "/" + pick({"SI", "TK", "KDK"});
  }
  if (chance(25)) {
    text += "//FGI";
    const unsigned n = below(3);
    for (unsigned i = 0; i < n; ++i) text += " " + pick({"GBR", "DEU", "CAN"});
  }
  const bool nato_or_joint = head >= 2;
  if (chance(60)) {
    std::vector<std::string> controls;
    const bool rel_to = chance(40), noforn = !rel_to && !nato_or_joint && chance(40);
    const bool display = !noforn && chance(20);
    if (rel_to) controls.push_back(pick({"REL TO ", "rel to ", "REL  TO "}) + countries_list(true));
    if (noforn) controls.push_back(pick({"NOFORN", "NF"}));
    if (display) controls.push_back("DISPLAY ONLY " + countries_list(true));
    for (unsigned i = below(3); i > 0; --i) controls.push_back(pick({"ORCON", "OC", "IMCON", "IMC", "PROPIN", "PR", "RELIDO", "FOUO"}));
    if (!controls.empty()) {
      std::shuffle(controls.begin(), controls.end(), random);
      text += "//";
      for (std::size_t i = 0; i < controls.size(); ++i) text += (i ? "/" : "") + space() + controls[i] + space();
    }
  }
  if (chance(30)) {
    text += "//" + pick({"LIMDIS", "EXDIS", "NODIS", "SBU", "LES", "SSI"});
    if (chance(50)) text += "/" + pick({"LIMDIS", "SSI", "LES"});
  }
  for (char& c : text)
    if (chance(20) && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

TEST_CASE("canonical forms of random markings parse back to themselves") {
  std::mt19937 random(20240611);
  for (int i = 0; i < 3000; ++i) {
    const std::string text = random_marking(random);
    CAPTURE(text);
    Scheme scheme = Scheme::us_default();
    const Marking marking = parse_marking(text, scheme);
    const std::string once = format_marking(marking, scheme, scheme.default_owner());
    Scheme again = Scheme::us_default();
    const Marking reparsed = parse_marking(once, again);
    CHECK(format_marking(reparsed, again, again.default_owner()) == once);
    CHECK(label_of(reparsed, again.default_owner(), again).releasable ==
          label_of(marking, scheme.default_owner(), scheme).releasable);
    CHECK(reparsed.level == marking.level);
  }
}

}  // TEST_SUITE
