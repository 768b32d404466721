"""Markings: parse, canonical form, attributes and dominance (label.hpp's lattice)."""

import pytest

import clearance
from clearance import Marking


def test_a_marking_parses_to_its_canonical_form():
    marking = Marking.parse("s//rel to usa, fvey")
    assert str(marking) == "SECRET//REL TO USA, AUS, CAN, GBR, NZL"
    assert marking.level == "SECRET"
    assert marking.compartments == []
    assert marking.controls == ["REL TO"]
    assert marking.owner == "USA"
    assert marking.releasable == ["USA", "AUS", "CAN", "GBR", "NZL"]
    assert marking.rel_to == ["USA", "AUS", "CAN", "GBR", "NZL"]
    assert repr(marking) == "Marking.parse('SECRET//REL TO USA, AUS, CAN, GBR, NZL')"
    assert clearance.canonical_marking("s//rel to usa, fvey") == str(marking)


def test_compartments_are_sorted_and_levels_resolve_aliases():
    marking = Marking.parse("ts//tk/si//noforn")
    assert str(marking) == "TOP SECRET//SI/TK//NOFORN"
    assert marking.level == "TOP SECRET"
    assert marking.compartments == ["SI", "TK"]
    assert marking.controls == ["NOFORN"]
    assert marking.releasable == ["USA"]
    assert marking.rel_to == []


def test_the_releasable_set_follows_spec_section_3():
    assert Marking.parse("UNCLASSIFIED").is_releasable_to_every_country
    assert len(Marking.parse("U").releasable) > 200
    assert Marking.parse("U").releasable[0] == "USA"
    assert Marking.parse("SECRET").releasable == ["USA"]  # not yet reviewed for release
    assert Marking.parse("CUI").releasable == ["USA"]
    assert not Marking.parse("SECRET").is_releasable_to_every_country


def test_the_owner_leads_rel_to_and_noforn_releases_to_it():
    marking = Marking.parse("secret//rel to usa", owner="GBR")
    assert str(marking) == "SECRET//REL TO GBR, USA"
    assert marking.owner == "GBR"
    assert marking.releasable == ["GBR", "USA"]
    assert Marking.parse("S//NOFORN", owner="GBR").releasable == ["GBR"]
    assert repr(marking) == "Marking.parse('SECRET//REL TO GBR, USA', owner='GBR')"
    with pytest.raises(ValueError, match="owner"):
        Marking.parse("SECRET", owner="QZX")


def test_dominance_is_the_label_lattice():
    secret = Marking.parse("SECRET")
    top_secret_si = Marking.parse("TS//SI")
    assert secret <= top_secret_si and top_secret_si >= secret
    assert secret < top_secret_si and top_secret_si > secret
    assert not top_secret_si <= secret
    assert top_secret_si.dominates(secret) and not secret.dominates(top_secret_si)
    # fewer countries dominate more
    fvey = Marking.parse("S//REL TO USA, FVEY")
    noforn = Marking.parse("S//NOFORN")
    assert fvey <= noforn and not noforn <= fvey
    # a partial order: compartments can make markings incomparable
    si, tk = Marking.parse("TS//SI"), Marking.parse("TS//TK")
    assert not si <= tk and not tk <= si and not si >= tk
    # reflexive, and equal markings are not strictly less
    assert secret <= Marking.parse("s") and not secret < Marking.parse("s")


def test_dominance_does_not_depend_on_parse_order():
    # compartments are compared by name, whatever order they were first seen in
    a = Marking.parse("TS//ZZZ/AAA")
    b = Marking.parse("TS//AAA")
    assert b <= a and not a <= b


def test_equal_markings_are_equal_and_hash_alike():
    assert Marking.parse("s//rel to usa, gbr") == Marking.parse("SECRET//REL TO GBR, USA")
    assert hash(Marking.parse("s//rel to usa, gbr")) == hash(Marking.parse("SECRET//REL TO GBR, USA"))
    assert Marking.parse("SECRET") != Marking.parse("TS")
    assert len({Marking.parse("S"), Marking.parse("secret"), Marking.parse("TS")}) == 2
    assert Marking.parse("SECRET") != "SECRET"


def test_comparing_with_another_type_is_a_type_error():
    with pytest.raises(TypeError):
        Marking.parse("SECRET") <= "TOP SECRET"


@pytest.mark.parametrize(
    "text, offset",
    [
        ("SECRET//SI/NOFORN", 11),
        ("SEKRET", 0),
        ("SECRET//NOFORN//SI", 8),
        ("SECRET//NOFORN/REL TO USA", None),
        ("", 0),
    ],
)
def test_a_malformed_marking_raises_marking_error(text, offset):
    with pytest.raises(clearance.MarkingError) as caught:
        Marking.parse(text)
    error = caught.value
    assert isinstance(error, ValueError)
    if offset is not None:
        assert error.offset == offset
        assert error.column == offset + 1
    assert error.message == str(error)
    assert len(error.diagnostics) == 1


def test_a_message_keeps_a_nul_of_the_marking_as_backslash_zero():
    with pytest.raises(clearance.MarkingError) as caught:
        Marking.parse("S\0//SI")
    error = caught.value
    assert 'unknown level "S\\0"' in str(error)
    assert "\0" not in str(error)
    assert error.diagnostics[0].message == str(error)


def test_portion_mark_abbreviations_and_non_ic_controls_are_controls():
    marking = Marking.parse("s//si//oc/nf//limdis")
    assert str(marking) == "SECRET//SI//ORCON/NOFORN//LIMDIS"
    assert marking.compartments == ["SI"]
    assert marking.controls == ["ORCON", "NOFORN"]
    assert marking.non_ic_controls == ["LIMDIS"]
    assert marking.head == "US"
    assert marking.releasable == ["USA"]


def test_foreign_government_information_belongs_to_its_originator():
    marking = Marking.parse("//deu confidential//rel to usa, deu")
    assert str(marking) == "//DEU CONFIDENTIAL//REL TO DEU, USA"
    assert marking.head == "FGI"
    assert marking.owner == "DEU"
    assert marking.level == "CONFIDENTIAL"
    assert marking.rel_to == ["DEU", "USA"]
    assert marking.releasable == ["DEU", "USA"]
    assert Marking.parse("//GBR SECRET").releasable == ["GBR", "USA"]
    assert repr(Marking.parse("//GBR SECRET")) == "Marking.parse('//GBR SECRET')"
    assert Marking.parse("//GBR SECRET", owner="GBR") == Marking.parse("//GBR SECRET")
    with pytest.raises(ValueError, match="originator"):
        Marking.parse("//GBR SECRET", owner="USA")


def test_nato_and_joint_markings_are_releasable_to_their_members():
    nato = Marking.parse("//NATO SECRET//ATOMAL")
    assert str(nato) == "//NATO SECRET//ATOMAL"
    assert nato.head == "NATO"
    assert "TUR" in nato.releasable and "AUS" not in nato.releasable
    joint = Marking.parse("//JOINT SECRET USA CAN", owner="CAN")
    assert str(joint) == "//JOINT SECRET CAN USA"
    assert joint.co_owners == ["CAN", "USA"]
    assert joint.releasable == ["CAN", "USA"]
    with pytest.raises(ValueError, match="co-owner"):
        Marking.parse("//JOINT SECRET USA CAN", owner="GBR")
    with pytest.raises(clearance.MarkingError, match="NOFORN contradicts"):
        Marking.parse("//NATO SECRET//NF")


def test_fgi_sections_and_display_only_are_kept_and_change_no_releasable_set():
    marking = Marking.parse("S//FGI GBR DEU//REL TO USA, GBR/DISPLAY ONLY AUS")
    assert str(marking) == "SECRET//FGI DEU GBR//REL TO USA, GBR/DISPLAY ONLY AUS"
    assert marking.fgi == ["DEU", "GBR"]
    assert marking.display_only == ["AUS"]
    assert marking.controls == ["REL TO", "DISPLAY ONLY"]
    assert marking.releasable == ["USA", "GBR"]
    assert Marking.parse("SECRET").fgi is None
    assert Marking.parse("SECRET//FGI").fgi == []


def test_a_misspelt_control_word_gets_a_hint():
    with pytest.raises(clearance.MarkingError, match='did you mean "ORCON"') as caught:
        Marking.parse("S//NF/ORCN")
    assert caught.value.offset == 6
