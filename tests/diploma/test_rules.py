"""The pure diploma rules (art. 17): exact Dutch explanations at the boundaries that decide a diploma."""

import dataclasses
import importlib
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps

from diploma.rules import (
    CHECKS,
    CheckResult,
    Facts,
    Keuzedeel,
    Outcome,
    Readiness,
    Status,
    afgerond,
    check_bpv,
    check_entree_keuzedeel,
    check_kerntaken,
    check_keuzedelen_2020,
    check_keuzedelen_afgelegd,
    check_loopbaan_burgerschap,
    check_nl_en_rekenen_2022,
    check_nl_en_voor_2022,
    check_nl_rekenen_2022,
    check_rekenen_voldaan_entree,
    choose,
    eindcijfer,
    evaluate,
)
from tests.factories import kd, student

D = Decimal
# The rule sets exactly as the data migration stores them, as plain objects: choose needs no database.
REGELSETS = [SimpleNamespace(**spec) for spec in importlib.import_module("diploma.migrations.0002_regelsets").REGELSETS]


def marks(nederlands: str | None, engels: str | None, rekenen: str | None, **changes: object) -> Facts:
    """A student whose CE and SE are equal, so each eindcijfer is the given mark."""
    return student(
        nederlands_ce=None if nederlands is None else D(nederlands),
        nederlands_se=None if nederlands is None else D(nederlands),
        engels_ce=None if engels is None else D(engels),
        engels_se=None if engels is None else D(engels),
        rekenen=None if rekenen is None else D(rekenen),
        **changes,
    )


def keuzedelen(*cijfers: str | None, sbu: int = 240) -> Facts:
    return student(keuzedelen=tuple(kd(f"K000{i}", cijfer, sbu) for i, cijfer in enumerate(cijfers, start=1)))


# Eindcijfer and rounding


@pytest.mark.parametrize(
    ("ce", "se", "expected"),
    [
        ("5.4", "5.5", 5),  # mean 5,45: half up to whole numbers looks at the first decimal only
        ("5.5", "5.5", 6),
        ("5.4", "5.6", 6),  # mean exactly 5,5
        ("6.0", "7.0", 7),
        ("4.4", "4.5", 4),
        ("9.9", "10.0", 10),
    ],
)
def test_eindcijfer_is_the_mean_of_ce_and_se_rounded_half_up(ce: str, se: str, expected: int) -> None:
    assert eindcijfer(D(ce), D(se)) == expected


@pytest.mark.parametrize(("ce", "se"), [(None, D("6.0")), (D("6.0"), None), (None, None)])
def test_eindcijfer_is_unknown_with_only_one_exam(ce: Decimal | None, se: Decimal | None) -> None:
    assert eindcijfer(ce, se) is None


def test_eindcijfer_refuses_floats_and_marks_outside_1_to_10() -> None:
    with pytest.raises(ValueError, match="Het centraal examen moet een Decimal van 1 tot en met 10 zijn, niet 5.4."):
        eindcijfer(5.4, D("5.5"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Het instellingsexamen moet een Decimal van 1 tot en met 10 zijn"):
        eindcijfer(D("5.5"), D("10.1"))


def test_afgerond_rounds_half_up_to_a_whole_number() -> None:
    assert (afgerond(D("5.45")), afgerond(D("5.5")), afgerond(D("5.4")), afgerond(D("7"))) == (5, 6, 5, 7)


# Facts


def test_facts_refuse_an_unknown_eindwaardering() -> None:
    with pytest.raises(ValueError, match="Onbekende eindwaardering 'matig' voor kerntaak B1-K1"):
        student(kerntaken={"B1-K1": "matig"})


def test_facts_refuse_an_unknown_vrijstelling() -> None:
    with pytest.raises(ValueError, match="Onbekende vrijstelling: duits; kies uit: nederlands, engels"):
        student(vrijstellingen={"duits"})


def test_facts_refuse_an_unknown_niveau() -> None:
    with pytest.raises(ValueError, match="Onbekend mbo-niveau 5; kies uit 1 \\(entree\\), 2, 3 of 4."):
        student(niveau=5)


def test_facts_refuse_a_float_mark() -> None:
    with pytest.raises(ValueError, match="Rekenen moet een Decimal van 1 tot en met 10 zijn, niet 6.5."):
        student(rekenen=6.5)


def test_facts_cannot_be_changed_after_creation_but_can_be_replaced() -> None:
    facts = student()
    with pytest.raises(TypeError):
        facts.kerntaken["B1-K1"] = "onvoldoende"  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        facts.rekenen = D("4")  # type: ignore[misc]
    replaced = dataclasses.replace(facts, rekenen=D("4.0"))
    assert (replaced.rekenen, facts.rekenen) == (D("4.0"), D("6.5"))
    assert dataclasses.replace(facts) == facts


# Kerntaken


def test_kerntaken_all_voldoende_or_goed_is_met() -> None:
    assert check_kerntaken(student()) == CheckResult(
        code="kerntaken",
        naam="Beroepsgericht deel (kerntaken)",
        status=Status.MET,
        uitleg="Alle 4 kerntaken voldoende of goed",
        open_items=(),
    )


def test_kerntaken_without_result_names_the_werkproces_without_final_exam() -> None:
    facts = student(
        kerntaken={"B1-K1": "voldoende", "P3-K1": None}, kerntaak_missing={"B1-K1": (), "P3-K1": ("P3-K1-W3",)}
    )
    result = check_kerntaken(facts)
    assert result.status == Status.UNKNOWN
    assert result.uitleg == "Kerntaak P3-K1 nog niet voldoende: P3-K1-W3 heeft geen vastgestelde examenbeoordeling"
    assert result.open_items == (result.uitleg,)


def test_kerntaken_with_two_open_werkprocessen_uses_the_plural() -> None:
    facts = student(kerntaken={"P3-K1": None}, kerntaak_missing={"P3-K1": ("P3-K1-W3", "P3-K1-W5")})
    assert check_kerntaken(facts).uitleg == (
        "Kerntaak P3-K1 nog niet voldoende: P3-K1-W3 en P3-K1-W5 hebben geen vastgestelde examenbeoordeling"
    )


def test_kerntaken_without_missing_werkprocessen_says_the_eindwaardering_is_open() -> None:
    result = check_kerntaken(student(kerntaken={"B1-K2": None}, kerntaak_missing={}))
    assert (result.status, result.uitleg) == (
        Status.UNKNOWN,
        "Kerntaak B1-K2 heeft nog geen vastgestelde eindwaardering",
    )


def test_kerntaken_one_onvoldoende_is_not_met_without_compensation() -> None:
    facts = student(
        kerntaken={"B1-K1": "goed", "B1-K2": "onvoldoende", "B1-K3": "goed", "P3-K1": None},
        kerntaak_missing={"P3-K1": ("P3-K1-W1",)},
    )
    result = check_kerntaken(facts)
    assert result.status == Status.NOT_MET
    assert result.open_items == (
        "Kerntaak B1-K2 is onvoldoende",
        "Kerntaak P3-K1 nog niet voldoende: P3-K1-W1 heeft geen vastgestelde examenbeoordeling",
    )
    assert result.uitleg == "; ".join(result.open_items)


def test_kerntaken_none_known_is_unknown_not_a_vacuous_pass() -> None:
    result = check_kerntaken(student(kerntaken={}, kerntaak_missing={}))
    assert (result.status, result.uitleg) == (Status.UNKNOWN, "Nog geen kerntaken bekend")


# Nederlands, Engels en rekenen (niveau 4, cohort from 2022)


def test_nl_en_rekenen_one_5_and_two_6s_is_met() -> None:
    result = check_nl_en_rekenen_2022(marks("5.0", "6.0", "6.0"))
    assert result == CheckResult(
        code="nl_en_rekenen_2022",
        naam="Nederlands, Engels en rekenen",
        status=Status.MET,
        uitleg="Nederlands (CE 5 en IE 5: eindcijfer 5), Engels (CE 6 en IE 6: eindcijfer 6) en "
        "rekenen 6: hoogstens één 5 en geen cijfer onder de 5",
        open_items=(),
    )


def test_nl_en_rekenen_two_5s_is_not_met() -> None:
    result = check_nl_en_rekenen_2022(marks("5.0", "5.0", "6.0"))
    assert result.status == Status.NOT_MET
    assert (
        result.uitleg
        == "Nederlands (CE 5 en IE 5: eindcijfer 5) en Engels (CE 5 en IE 5: eindcijfer 5): maximaal één 5 toegestaan"
    )
    assert result.open_items == (
        "Nederlands (CE 5 en IE 5: eindcijfer 5) en Engels (CE 5 en IE 5: eindcijfer 5): maximaal één 5 toegestaan",
    )


def test_nl_en_rekenen_three_5s_names_all_three() -> None:
    assert check_nl_en_rekenen_2022(marks("5.0", "5.0", "5.0")).uitleg == (
        "Nederlands (CE 5 en IE 5: eindcijfer 5), Engels (CE 5 en IE 5: eindcijfer 5) en rekenen 5: "
        "maximaal één 5 toegestaan"
    )


def test_nl_en_rekenen_a_4_is_not_met_even_with_two_high_marks() -> None:
    result = check_nl_en_rekenen_2022(marks("8.0", "4.0", "9.0"))
    assert (result.status, result.uitleg) == (
        Status.NOT_MET,
        "Engels (CE 4 en IE 4: eindcijfer 4): geen cijfer onder de 5 toegestaan",
    )


def test_nl_en_rekenen_a_rekenen_4_starts_the_sentence_with_a_capital() -> None:
    assert check_nl_en_rekenen_2022(marks("6.0", "6.0", "4.0")).uitleg == (
        "Rekenen 4: geen cijfer onder de 5 toegestaan"
    )


def test_nl_en_rekenen_counts_the_rounded_eindcijfer_5_45_as_5() -> None:
    facts = student(nederlands_ce=D("5.4"), nederlands_se=D("5.5"), engels_ce=D("5.5"), engels_se=D("5.5"))
    result = check_nl_en_rekenen_2022(dataclasses.replace(facts, rekenen=D("5.4")))
    assert result.status == Status.NOT_MET
    assert (
        result.uitleg
        == "Nederlands (CE 5,4 en IE 5,5: eindcijfer 5) en rekenen 5,4 (afgerond 5): maximaal één 5 toegestaan"
    )


def test_nl_en_rekenen_rekenen_5_5_rounds_up_to_6() -> None:
    facts = student(nederlands_ce=D("5.4"), nederlands_se=D("5.5"), rekenen=D("5.5"))
    result = check_nl_en_rekenen_2022(facts)
    assert result.status == Status.MET
    assert result.uitleg == (
        "Nederlands (CE 5,4 en IE 5,5: eindcijfer 5), Engels (CE 7 en IE 7: eindcijfer 7) en rekenen "
        "5,5 (afgerond 6): hoogstens één 5 en geen cijfer onder de 5"
    )


def test_nl_en_rekenen_vrijgesteld_counts_as_met_without_a_mark() -> None:
    result = check_nl_en_rekenen_2022(marks("5.0", None, "6.0", vrijstellingen={"engels"}))
    assert result.status == Status.MET
    assert (
        result.uitleg == "Nederlands (CE 5 en IE 5: eindcijfer 5), Engels vrijgesteld en rekenen 6: hoogstens één "
        "5 en geen cijfer onder de 5"
    )


def test_nl_en_rekenen_missing_instellingsexamen_is_unknown() -> None:
    result = check_nl_en_rekenen_2022(student(engels_se=None))
    assert result.status == Status.UNKNOWN
    assert result.uitleg == "Engels: nog geen eindcijfer (instellingsexamen ontbreekt)"


def test_nl_en_rekenen_missing_marks_are_listed_each() -> None:
    result = check_nl_en_rekenen_2022(student(nederlands_ce=None, nederlands_se=None, rekenen=None))
    assert result.status == Status.UNKNOWN
    assert result.open_items == (
        "Nederlands: nog geen eindcijfer (centraal examen en instellingsexamen ontbreken)",
        "Rekenen: nog geen cijfer",
    )


def test_nl_en_rekenen_two_5s_decide_even_while_rekenen_is_missing() -> None:
    result = check_nl_en_rekenen_2022(marks("5.0", "5.0", None))
    assert result.status == Status.NOT_MET
    assert result.open_items == (
        "Nederlands (CE 5 en IE 5: eindcijfer 5) en Engels (CE 5 en IE 5: eindcijfer 5): maximaal één 5 toegestaan",
        "Rekenen: nog geen cijfer",
    )


# Nederlands en Engels (niveau 4, cohorts before 2022)


def test_nl_en_voor_2022_rekenen_is_taken_but_does_not_count() -> None:
    result = check_nl_en_voor_2022(marks("5.0", "6.0", "3.0"))
    assert result.status == Status.MET
    assert result.uitleg == (
        "Nederlands (CE 5 en IE 5: eindcijfer 5) en Engels (CE 6 en IE 6: eindcijfer 6): hoogstens "
        "één 5 en geen cijfer onder de 5; rekenen afgelegd met 3 (telt niet mee)"
    )


def test_nl_en_voor_2022_two_5s_is_not_met() -> None:
    result = check_nl_en_voor_2022(marks("5.0", "5.0", "8.0"))
    assert (result.status, result.uitleg) == (
        Status.NOT_MET,
        "Nederlands (CE 5 en IE 5: eindcijfer 5) en Engels (CE 5 en IE 5: eindcijfer 5): maximaal één 5 toegestaan",
    )


def test_nl_en_voor_2022_a_4_is_not_met() -> None:
    result = check_nl_en_voor_2022(marks("4.0", "7.0", "8.0"))
    assert (result.status, result.uitleg) == (
        Status.NOT_MET,
        "Nederlands (CE 4 en IE 4: eindcijfer 4): geen cijfer onder de 5 toegestaan",
    )


def test_nl_en_voor_2022_rekenen_not_taken_is_unknown() -> None:
    result = check_nl_en_voor_2022(marks("6.0", "6.0", None))
    assert result.status == Status.UNKNOWN
    assert result.uitleg == "Rekenen nog niet afgelegd: het cijfer telt niet mee, maar rekenen moet wel afgelegd zijn"


def test_nl_en_voor_2022_rekenen_vrijgesteld_is_enough() -> None:
    result = check_nl_en_voor_2022(marks("6.0", "6.0", None, vrijstellingen={"rekenen"}))
    assert result.status == Status.MET
    assert result.uitleg.endswith("; rekenen vrijgesteld")


# Nederlands en rekenen (niveau 2/3, cohort from 2022)


def test_nl_rekenen_one_5_is_met_and_engels_does_not_count() -> None:
    result = check_nl_rekenen_2022(marks("5.0", "2.0", "6.0"))
    assert result.status == Status.MET
    assert (
        result.uitleg
        == "Nederlands (CE 5 en IE 5: eindcijfer 5) en rekenen 6: hoogstens één 5 en geen cijfer onder de 5"
    )


def test_nl_rekenen_two_5s_is_not_met() -> None:
    result = check_nl_rekenen_2022(marks("5.0", "9.0", "5.0"))
    assert (result.status, result.uitleg) == (
        Status.NOT_MET,
        "Nederlands (CE 5 en IE 5: eindcijfer 5) en rekenen 5: maximaal één 5 toegestaan",
    )


def test_nl_rekenen_missing_nederlands_is_unknown() -> None:
    result = check_nl_rekenen_2022(student(nederlands_ce=None))
    assert (result.status, result.uitleg) == (
        Status.UNKNOWN,
        "Nederlands: nog geen eindcijfer (centraal examen ontbreekt)",
    )


# Loopbaan en burgerschap


@pytest.mark.parametrize(
    ("voldaan", "vrijstellingen", "status", "uitleg"),
    [
        (True, set(), Status.MET, "Loopbaan en burgerschap voldaan"),
        (False, set(), Status.NOT_MET, "Loopbaan en burgerschap niet voldaan"),
        (None, set(), Status.UNKNOWN, "Loopbaan en burgerschap: nog geen besluit van de examencommissie"),
        (None, {"loopbaan_burgerschap"}, Status.MET, "Loopbaan en burgerschap vrijgesteld"),
    ],
)
def test_loopbaan_burgerschap(voldaan: bool | None, vrijstellingen: set[str], status: Status, uitleg: str) -> None:
    result = check_loopbaan_burgerschap(student(loopbaan_burgerschap=voldaan, vrijstellingen=vrijstellingen))
    assert (result.code, result.naam, result.status, result.uitleg) == (
        "loopbaan_burgerschap",
        "Loopbaan en burgerschap",
        status,
        uitleg,
    )


# Keuzedelen (cohorts from 2020)


def test_keuzedelen_one_at_6_is_met() -> None:
    result = check_keuzedelen_2020(keuzedelen("6.0"))
    assert (result.naam, result.status, result.uitleg) == ("Keuzedelen", Status.MET, "Keuzedeel K0001 Keuzedeel 1: 6")


def test_keuzedelen_one_at_5_4_is_not_met() -> None:
    result = check_keuzedelen_2020(keuzedelen("5.4"))
    assert result.status == Status.NOT_MET
    assert result.uitleg == "Keuzedeel K0001 Keuzedeel 1: 5,4 (afgerond 5), minimaal 6 vereist"


def test_keuzedelen_one_at_5_5_rounds_up_and_is_met() -> None:
    assert check_keuzedelen_2020(keuzedelen("5.5")).uitleg == "Keuzedeel K0001 Keuzedeel 1: 5,5 (afgerond 6)"


def test_keuzedelen_a_3_is_not_met_even_when_average_and_half_are_fine() -> None:
    result = check_keuzedelen_2020(keuzedelen("8", "8", "3"))
    assert result.status == Status.NOT_MET
    assert result.uitleg == "Keuzedeel K0003 Keuzedeel 3: 3, geen keuzedeel onder de 4 toegestaan"


def test_keuzedelen_a_4_is_allowed() -> None:
    result = check_keuzedelen_2020(keuzedelen("8", "8", "4"))
    assert result.status == Status.MET
    assert result.uitleg == "Gemiddelde 6,67 over 3 keuzedelen, 2 met een 6 of hoger, geen onder de 4"


def test_keuzedelen_6_and_5_meet_the_half_rule_but_average_5_5_is_below_6() -> None:
    result = check_keuzedelen_2020(keuzedelen("6", "5"))
    assert result.status == Status.NOT_MET
    assert result.uitleg == "Gemiddelde van de keuzedelen 5,5: minimaal 6 vereist"


def test_keuzedelen_average_is_of_whole_numbers_and_shown_rounded_half_up() -> None:
    # 6,4 → 6, 6 and 5,4 → 5: average 17/3 = 5,666…, rounded (DOMAIN.md §2 rounds half up), not cut.
    result = check_keuzedelen_2020(keuzedelen("6.4", "6", "5.4"))
    assert result.uitleg == "Gemiddelde van de keuzedelen 5,67: minimaal 6 vereist"


def test_keuzedelen_fewer_than_half_at_6_is_not_met_despite_a_high_average() -> None:
    result = check_keuzedelen_2020(keuzedelen("9", "5", "5"))
    assert result.status == Status.NOT_MET
    assert result.uitleg == "1 van de 3 keuzedelen met een 6 of hoger: minimaal de helft vereist"


def test_keuzedelen_exactly_half_at_6_is_enough() -> None:
    result = check_keuzedelen_2020(keuzedelen("8", "8", "5", "5"))
    assert (result.status, result.uitleg) == (
        Status.MET,
        "Gemiddelde 6,5 over 4 keuzedelen, 2 met een 6 of hoger, geen onder de 4",
    )


def test_keuzedelen_average_is_not_weighted_by_size() -> None:
    # Weighted by SBU this would be (8·240 + 5·720) / 960 = 5,75.
    facts = student(keuzedelen=(kd("K0001", "8", sbu=240), kd("K0002", "5", sbu=720)))
    assert check_keuzedelen_2020(facts).status == Status.MET


def test_keuzedelen_below_min_sbu_is_not_met() -> None:
    result = check_keuzedelen_2020(keuzedelen("7", "7"), min_sbu=720)
    assert (result.status, result.uitleg) == (Status.NOT_MET, "Keuzedelen samen 480 SBU: minimaal 720 SBU vereist")


def test_keuzedelen_at_min_sbu_is_met_and_says_so() -> None:
    result = check_keuzedelen_2020(keuzedelen("7", "6", "6"), min_sbu=720)
    assert result.status == Status.MET
    assert result.uitleg == (
        "Gemiddelde 6,33 over 3 keuzedelen, 3 met een 6 of hoger, geen onder de 4; samen 720 SBU (minimaal 720)"
    )


def test_keuzedelen_vrijgesteld_is_met() -> None:
    result = check_keuzedelen_2020(student(keuzedelen=(), vrijstellingen={"keuzedelen"}), min_sbu=720)
    assert (result.status, result.uitleg) == (Status.MET, "Keuzedelen vrijgesteld")


def test_keuzedelen_none_yet_is_unknown() -> None:
    result = check_keuzedelen_2020(student(keuzedelen=()))
    assert (result.status, result.uitleg) == (Status.UNKNOWN, "Nog geen keuzedeelresultaten")


def test_keuzedelen_missing_cijfer_is_unknown_until_all_are_known() -> None:
    result = check_keuzedelen_2020(keuzedelen("5", None))
    assert (result.status, result.uitleg) == (Status.UNKNOWN, "Keuzedeel K0002 Keuzedeel 2: nog geen cijfer")


def test_keuzedelen_a_3_decides_while_another_cijfer_is_missing() -> None:
    result = check_keuzedelen_2020(keuzedelen("3", None))
    assert result.status == Status.NOT_MET
    assert result.open_items == (
        "Keuzedeel K0001 Keuzedeel 1: 3, geen keuzedeel onder de 4 toegestaan",
        "Keuzedeel K0002 Keuzedeel 2: nog geen cijfer",
    )


def test_keuzedelen_min_sbu_must_be_a_whole_number() -> None:
    with pytest.raises(ValueError, match="De instelling min_sbu moet een heel getal van 0 of meer zijn, niet '720'."):
        check_keuzedelen_2020(student(), min_sbu="720")  # type: ignore[arg-type]


# Keuzedelen afgelegd (cohorts 2016–2019)


def test_keuzedelen_afgelegd_all_taken_whatever_the_mark_is_met() -> None:
    facts = student(keuzedelen=(Keuzedeel("K0001", "A", 240, D("3.0"), True), Keuzedeel("K0002", "B", 240, None, True)))
    result = check_keuzedelen_afgelegd(facts)
    assert (result.status, result.uitleg) == (Status.MET, "Alle keuzedelen afgelegd: K0001 en K0002")


def test_keuzedelen_afgelegd_a_cijfer_counts_as_taken() -> None:
    facts = student(keuzedelen=(Keuzedeel("K0001", "A", 240, D("5.0"), afgelegd=False),))
    assert check_keuzedelen_afgelegd(facts).status == Status.MET


def test_keuzedelen_afgelegd_one_not_taken_is_not_met() -> None:
    facts = student(keuzedelen=(Keuzedeel("K0001", "A", 240, None, True), Keuzedeel("K0002", "B", 240)))
    result = check_keuzedelen_afgelegd(facts)
    assert (result.status, result.uitleg) == (Status.NOT_MET, "Keuzedeel K0002 B: examen niet afgelegd")


def test_keuzedelen_afgelegd_none_yet_is_unknown_and_vrijgesteld_is_met() -> None:
    assert check_keuzedelen_afgelegd(student(keuzedelen=())).status == Status.UNKNOWN
    assert check_keuzedelen_afgelegd(student(keuzedelen=(), vrijstellingen={"keuzedelen"})).status == Status.MET


# Entree


def test_entree_keuzedeel_6_is_met_and_5_4_is_not() -> None:
    assert check_entree_keuzedeel(keuzedelen("6")).uitleg == "Keuzedeel K0001 Keuzedeel 1: 6"
    result = check_entree_keuzedeel(keuzedelen("5.4"))
    assert (result.status, result.uitleg) == (
        Status.NOT_MET,
        "Keuzedeel K0001 Keuzedeel 1: 5,4 (afgerond 5), minimaal 6 vereist",
    )


def test_entree_keuzedeel_without_result_is_unknown() -> None:
    assert check_entree_keuzedeel(student(keuzedelen=())).uitleg == "Nog geen keuzedeelresultaat"
    assert check_entree_keuzedeel(keuzedelen(None)).uitleg == "Keuzedeel K0001 Keuzedeel 1: nog geen cijfer"


def test_rekenen_entree_any_mark_is_voldaan() -> None:
    result = check_rekenen_voldaan_entree(student(rekenen=D("4.5")))
    assert (result.status, result.uitleg) == (Status.MET, "Rekenen voldaan (cijfer 4,5)")


def test_rekenen_entree_without_mark_is_unknown_and_vrijgesteld_is_met() -> None:
    result = check_rekenen_voldaan_entree(student(rekenen=None))
    assert (result.status, result.uitleg) == (Status.UNKNOWN, "Rekenen: nog geen resultaat")
    result = check_rekenen_voldaan_entree(student(rekenen=None, vrijstellingen={"rekenen"}))
    assert (result.status, result.uitleg) == (Status.MET, "Rekenen vrijgesteld")


# BPV


def test_bpv_voldaan_shows_the_hours() -> None:
    assert check_bpv(student()) == CheckResult(
        code="bpv",
        naam="Beroepspraktijkvorming (BPV)",
        status=Status.MET,
        uitleg="BPV voldaan (920 uur)",
        open_items=(),
    )


@pytest.mark.parametrize(
    ("voldaan", "uren", "status", "uitleg"),
    [
        (True, 900, Status.MET, "BPV voldaan (900 uur, minimaal 900)"),
        (True, 899, Status.NOT_MET, "BPV 899 uur: minimaal 900 uur vereist"),
        (True, None, Status.UNKNOWN, "BPV-uren nog niet geregistreerd: minimaal 900 uur vereist"),
        (False, 950, Status.NOT_MET, "BPV niet voldaan"),
        (None, 950, Status.UNKNOWN, "BPV nog niet beoordeeld"),
        (False, 850, Status.NOT_MET, "BPV niet voldaan; BPV 850 uur: minimaal 900 uur vereist"),
    ],
)
def test_bpv_with_min_uren(voldaan: bool | None, uren: int | None, status: Status, uitleg: str) -> None:
    result = check_bpv(student(bpv_voldaan=voldaan, bpv_uren=uren), min_uren=900)
    assert (result.status, result.uitleg) == (status, uitleg)


def test_bpv_without_min_uren_ignores_the_hours() -> None:
    assert check_bpv(student(bpv_uren=None)).uitleg == "BPV voldaan"
    assert check_bpv(student(bpv_voldaan=None, bpv_uren=10)).status == Status.UNKNOWN


# Evaluate


def test_every_check_in_the_registry_meets_the_complete_student() -> None:
    results = [CHECKS[name](student()) for name in CHECKS]
    assert [result.code for result in results] == list(CHECKS)
    assert [result.code for result in results if result.status != Status.MET] == []


def test_evaluate_gereed_when_every_check_is_met() -> None:
    readiness = evaluate([{"check": "kerntaken"}, {"check": "bpv", "min_uren": 900}], student())
    assert readiness == Readiness(
        outcome=Outcome.GEREED,
        results=(check_kerntaken(student()), check_bpv(student(), min_uren=900)),
        open_items=(),
    )
    assert readiness.gereed is True


def test_evaluate_nog_niet_lists_the_uitleg_of_every_open_check() -> None:
    facts = student(loopbaan_burgerschap=None, nederlands_ce=D("5.0"), nederlands_se=D("5.0"), rekenen=D("5.0"))
    checks = [{"check": "kerntaken"}, {"check": "nl_en_rekenen_2022"}, {"check": "loopbaan_burgerschap"}]
    readiness = evaluate(checks, facts)
    assert readiness.outcome == Outcome.NOG_NIET
    assert readiness.gereed is False
    assert [result.status for result in readiness.results] == [Status.MET, Status.NOT_MET, Status.UNKNOWN]
    assert readiness.open_items == (
        "Nederlands (CE 5 en IE 5: eindcijfer 5) en rekenen 5: maximaal één 5 toegestaan",
        "Loopbaan en burgerschap: nog geen besluit van de examencommissie",
    )


def test_evaluate_unknown_check_name_raises() -> None:
    with pytest.raises(ValueError, match="Onbekende controle 'duits'; kies uit: kerntaken, nl_en_rekenen_2022"):
        evaluate([{"check": "kerntaken"}, {"check": "duits"}], student())


def test_evaluate_unknown_setting_raises() -> None:
    with pytest.raises(ValueError, match="Onbekende instelling voor controle 'bpv': min_uur."):
        evaluate([{"check": "bpv", "min_uur": 900}], student())
    with pytest.raises(ValueError, match="Onbekende instelling voor controle 'kerntaken': min_sbu."):
        evaluate([{"check": "kerntaken", "min_sbu": 720}], student())


@pytest.mark.parametrize("checks", [[], {"check": "bpv"}, "bpv"])
def test_evaluate_needs_a_list_with_at_least_one_check(checks: object) -> None:
    with pytest.raises(ValueError, match="Een regelset heeft een lijst met minstens één controle nodig."):
        evaluate(checks, student())  # type: ignore[arg-type]


@pytest.mark.parametrize("spec", ["bpv", {"naam": "bpv"}, {"check": 3}])
def test_evaluate_refuses_a_check_without_a_name(spec: object) -> None:
    with pytest.raises(ValueError, match='Elke controle in een regelset is een object met een naam onder "check"'):
        evaluate([spec], student())  # type: ignore[list-item]


def test_evaluate_refuses_the_same_check_twice() -> None:
    with pytest.raises(ValueError, match="De controle 'bpv' staat twee keer in de regelset."):
        evaluate([{"check": "bpv"}, {"check": "bpv", "min_uren": 900}], student())


# Choosing the rule set


@pytest.mark.parametrize(
    ("niveau", "cohort", "code"),
    [
        (4, 2016, "n4-2016"),
        (4, 2019, "n4-2016"),
        (4, 2020, "n4-2020"),
        (4, 2021, "n4-2020"),
        (4, 2022, "n4-2022"),
        (4, 2030, "n4-2022"),
        (2, 2022, "n23-2022"),
        (3, 2025, "n23-2022"),
        (1, 2022, "entree-2022"),
    ],
)
def test_choose_picks_the_rule_set_of_niveau_and_cohort(niveau: int, cohort: int, code: str) -> None:
    assert choose(REGELSETS, niveau=niveau, cohort=cohort).code == code


@pytest.mark.parametrize(
    ("niveau", "cohort", "message"),
    [
        (4, 2015, "Geen regels vastgelegd voor cohort 2015-2016 niveau 4: vraag de examencommissie"),
        (3, 2021, "Geen regels vastgelegd voor cohort 2021-2022 niveau 3: vraag de examencommissie"),
        (1, 2021, "Geen regels vastgelegd voor cohort 2021-2022 entree: vraag de examencommissie"),
    ],
)
def test_choose_without_a_rule_set_raises_in_dutch(niveau: int, cohort: int, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        choose(REGELSETS, niveau=niveau, cohort=cohort)


def test_choose_with_overlapping_rule_sets_raises() -> None:
    extra = SimpleNamespace(code="n4-extra", niveaus=[4], cohort_vanaf=2021, cohort_tot=2023)
    with pytest.raises(ValueError, match="^Meer dan één regelset voor niveau 4, cohort 2022: n4-2022, n4-extra$"):
        choose([*REGELSETS, extra], niveau=4, cohort=2022)


def test_cohort_switch_at_2022_23_makes_rekenen_count() -> None:
    # Nederlands 6, Engels 6, rekenen 3: enough before 2022-23, where rekenen only had to be taken.
    for cohort, outcome in ((2021, Outcome.GEREED), (2022, Outcome.NOG_NIET)):
        facts = marks("6.0", "6.0", "3.0", cohort=cohort)
        regelset = choose(REGELSETS, niveau=facts.niveau, cohort=facts.cohort)
        readiness = evaluate(regelset.checks, facts)
        assert readiness.outcome == outcome
    assert readiness.open_items == ("Rekenen 3: geen cijfer onder de 5 toegestaan",)


def test_entree_student_is_gereed_with_a_keuzedeel_at_6_and_rekenen_taken() -> None:
    facts = student(
        niveau=1,
        engels_ce=None,
        engels_se=None,
        nederlands_ce=None,
        nederlands_se=None,
        rekenen=D("4.0"),
        keuzedelen=(kd("K0001", "6"),),
        bpv_uren=None,
    )
    readiness = evaluate(choose(REGELSETS, niveau=1, cohort=2023).checks, facts)
    assert (readiness.outcome, readiness.open_items) == (Outcome.GEREED, ())
    assert [result.code for result in readiness.results] == [
        "kerntaken",
        "entree_keuzedeel",
        "rekenen_voldaan_entree",
        "loopbaan_burgerschap",
        "bpv",
    ]


def test_n4_2022_needs_720_sbu_of_keuzedelen() -> None:
    facts = student(keuzedelen=(kd("K0001", "7"), kd("K0002", "7")))
    readiness = evaluate(choose(REGELSETS, niveau=4, cohort=2022).checks, facts)
    assert readiness.open_items == ("Keuzedelen samen 480 SBU: minimaal 720 SBU vereist",)
    assert evaluate(choose(REGELSETS, niveau=4, cohort=2021).checks, facts).gereed is True


@pytest.mark.django_db
def test_migration_stores_the_rule_sets_and_each_one_evaluates() -> None:
    Regelset = apps.get_model("diploma", "Regelset")
    stored = {r.code: r for r in Regelset.objects.filter(code__in=[spec.code for spec in REGELSETS])}
    assert sorted(stored) == ["entree-2022", "n23-2022", "n4-2016", "n4-2020", "n4-2022"]
    n4 = stored["n4-2022"]
    assert (n4.niveaus, n4.cohort_vanaf, n4.cohort_tot) == ([4], 2022, None)
    assert n4.checks == [
        {"check": "kerntaken"},
        {"check": "nl_en_rekenen_2022"},
        {"check": "loopbaan_burgerschap"},
        {"check": "keuzedelen_2020", "min_sbu": 720},
        {"check": "bpv"},
    ]
    assert n4.bron.startswith("Examen- en kwalificatiebesluit beroepsopleidingen WEB art. 17 (BWBR0027963)")
    assert choose(stored.values(), niveau=4, cohort=2021).code == "n4-2020"
    for regelset in stored.values():
        niveau = regelset.niveaus[0]
        assert evaluate(regelset.checks, student(niveau=niveau, cohort=regelset.cohort_vanaf)).gereed is True
