// Tests of marking.hpp: the marking grammar of spec §3 in real-world CAPCO and NATO
// styles, its canonical form, its errors, and the releasable set of a marking.
#include <doctest/doctest.h>

#include "country_helpers.hpp"

#include <clearance/marking.hpp>

#include <string>

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

TEST_CASE("a level the US scheme does not have is an error") {
  SUBCASE("UK RESTRICTED") { CHECK(contains(error_of("RESTRICTED"), "unknown level")); }
  SUBCASE("a compartment in place of the level") { CHECK(contains(error_of("SI//TK"), "unknown level")); }
  SUBCASE("a single slash after the level") { CHECK(contains(error_of("SECRET/NOFORN"), "unknown level")); }
  SUBCASE("non-ASCII white space is not white space") {
    CHECK(contains(error_of("TOP\xC2\xA0SECRET"), "unknown level"));
  }
}

TEST_CASE("a marking without a level is an error") {
  SUBCASE("empty") { CHECK(contains(error_of(""), "expected a classification level")); }
  SUBCASE("only white space") { CHECK(contains(error_of("   "), "expected a classification level")); }
  SUBCASE("starting with //") { CHECK(contains(error_of("//SI//NOFORN"), "expected a classification level")); }
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

TEST_CASE("a dissemination section that is not the last is an error") {
  SUBCASE("controls before compartments") {
    CHECK(contains(error_of("SECRET//NOFORN//SI"), "a dissemination section must be the last section"));
  }
  SUBCASE("two control sections") {
    CHECK(contains(error_of("TOP SECRET//SI/TK//FOUO//NOFORN"), "must be the last section"));
  }
  SUBCASE("reported at the section") { CHECK(error_offset("SECRET//NOFORN//SI") == 8); }
}

TEST_CASE("a malformed REL TO is an error") {
  SUBCASE("no countries") { CHECK(contains(error_of("SECRET//REL TO"), "expected \"REL TO\" followed by countries")); }
  SUBCASE("REL alone") { CHECK(contains(error_of("SECRET//REL"), "expected \"REL TO\" followed by countries")); }
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

}  // TEST_SUITE
