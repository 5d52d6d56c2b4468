"""The pure assessment rules: no database, exact values, the boundaries that decide a student's result."""

from decimal import Decimal

import pytest

from assessment.rules import (
    NOOIT_OEFENEN,
    OVG,
    PUNTEN,
    IncompleteScores,
    KerntaakOutcome,
    Niveau,
    PassRule,
    Scale,
    WerkprocesOutcome,
    WerkprocesRule,
    get_scale,
    kerntaak_outcome,
    validate_kerntaak_cijfers,
    werkproces_outcome,
)

CIJFERS = {"onvoldoende": 4, "voldoende": 6, "goed": 8}


def judge(rule: WerkprocesRule, *codes: str) -> WerkprocesOutcome:
    """Criteria 1..n, scored with the given level codes in order."""
    return werkproces_outcome(rule=rule, scores=dict(enumerate(codes, start=1)), criteria=range(1, len(codes) + 1))


def cesuur(
    scale: Scale = OVG, percent: str = "55", goed_vanaf: str | None = None, kritisch: frozenset[int] = frozenset()
) -> WerkprocesRule:
    return WerkprocesRule(
        scale=scale,
        pass_rule=PassRule.CESUUR,
        cesuur_percent=Decimal(percent),
        goed_vanaf_percent=None if goed_vanaf is None else Decimal(goed_vanaf),
        kritisch=kritisch,
    )


# Scales


def test_the_three_scales_have_their_levels_points_and_niveaus() -> None:
    assert [(lv.code, lv.points, lv.niveau) for lv in get_scale("ovg").levels] == [
        ("onvoldoende", 0, "onvoldoende"),
        ("voldoende", 1, "voldoende"),
        ("goed", 2, "goed"),
    ]
    assert [(lv.code, lv.points, lv.niveau) for lv in get_scale("punten").levels] == [
        ("0", 0, "onvoldoende"),
        ("1", 1, "onvoldoende"),
        ("2", 2, "voldoende"),
        ("3", 3, "goed"),
    ]
    assert [(lv.code, lv.points, lv.niveau) for lv in get_scale("nooit_oefenen").levels] == [
        ("nooit", 0, "onvoldoende"),
        ("oefenen", 1, "onvoldoende"),
        ("voldoende", 2, "voldoende"),
        ("goed", 3, "goed"),
    ]
    assert (OVG.max_points, PUNTEN.max_points, NOOIT_OEFENEN.max_points) == (2, 3, 3)


def test_get_scale_defaults_to_ovg() -> None:
    assert get_scale() is OVG


def test_get_scale_with_unknown_code_raises_dutch_error() -> None:
    with pytest.raises(ValueError, match="Onbekende schaal 'cijfer'; kies uit: ovg, punten, nooit_oefenen."):
        get_scale("cijfer")


def test_scale_choices_are_code_and_dutch_label_for_forms() -> None:
    assert [(code, str(label)) for code, label in PUNTEN.choices] == [
        ("0", "0 punten"),
        ("1", "1 punten"),
        ("2", "2 punten"),
        ("3", "3 punten"),
    ]
    assert [(code, str(label)) for code, label in OVG.choices] == [
        ("onvoldoende", "Onvoldoende"),
        ("voldoende", "Voldoende"),
        ("goed", "Goed"),
    ]


def test_scale_level_finds_level_by_code() -> None:
    assert NOOIT_OEFENEN.level("oefenen").points == 1
    assert NOOIT_OEFENEN.level("oefenen").niveau == Niveau.ONVOLDOENDE


def test_scale_level_with_unknown_code_raises_dutch_error() -> None:
    with pytest.raises(ValueError, match="Onbekende score 'matig' voor schaal 'ovg'; kies uit: onvoldoende, voldoende"):
        OVG.level("matig")


# Werkproces, rule geen_onvoldoende


def test_geen_onvoldoende_all_goed_is_goed() -> None:
    outcome = judge(WerkprocesRule(scale=OVG), "goed", "goed", "goed")
    assert outcome == WerkprocesOutcome(niveau=Niveau.GOED, percent=None, reasons=("Alle 3 criteria goed",))


def test_geen_onvoldoende_is_the_default_rule_on_the_ovg_scale() -> None:
    rule = WerkprocesRule()
    assert (rule.scale, rule.pass_rule) == (OVG, PassRule.GEEN_ONVOLDOENDE)
    assert judge(rule, "goed").reasons == ("Het criterium is goed",)


def test_geen_onvoldoende_one_voldoende_is_voldoende() -> None:
    outcome = judge(WerkprocesRule(scale=OVG), "goed", "voldoende", "goed")
    assert outcome.niveau == "voldoende"
    assert outcome.percent is None
    assert outcome.reasons == (
        "Geen criterium onvoldoende",
        "2 van 3 criteria goed; voor goed moeten alle criteria goed zijn",
    )


def test_geen_onvoldoende_one_onvoldoende_is_onvoldoende() -> None:
    outcome = judge(WerkprocesRule(scale=OVG), "goed", "onvoldoende", "goed")
    assert outcome == WerkprocesOutcome(
        niveau=Niveau.ONVOLDOENDE, percent=None, reasons=("1 van 3 criteria onvoldoende",)
    )


def test_geen_onvoldoende_counts_every_onvoldoende_criterium() -> None:
    codes = ("onvoldoende",) * 3 + ("goed",) * 4
    assert judge(WerkprocesRule(scale=OVG), *codes).reasons == ("3 van 7 criteria onvoldoende",)


def test_nooit_oefenen_oefenen_counts_as_onvoldoende() -> None:
    outcome = judge(WerkprocesRule(scale=NOOIT_OEFENEN), "goed", "oefenen", "voldoende")
    assert outcome.niveau == Niveau.ONVOLDOENDE
    assert outcome.reasons == ("1 van 3 criteria onvoldoende",)


def test_punten_scale_one_point_counts_as_onvoldoende_under_geen_onvoldoende() -> None:
    assert judge(WerkprocesRule(scale=PUNTEN), "3", "1", "2").niveau == Niveau.ONVOLDOENDE
    assert judge(WerkprocesRule(scale=PUNTEN), "3", "2", "2").niveau == Niveau.VOLDOENDE


def test_geen_onvoldoende_kritisch_onvoldoende_fails_and_is_named() -> None:
    rule = WerkprocesRule(scale=OVG, kritisch=frozenset({2}))
    outcome = judge(rule, "goed", "onvoldoende", "goed", "goed")
    assert outcome.niveau == Niveau.ONVOLDOENDE
    assert outcome.reasons == ("Kritisch criterium niet voldoende: criterium 2", "1 van 4 criteria onvoldoende")


def test_kritisch_criterium_at_voldoende_does_not_fail() -> None:
    rule = WerkprocesRule(scale=OVG, kritisch=frozenset({1}))
    assert judge(rule, "voldoende", "goed").niveau == Niveau.VOLDOENDE


def test_kritisch_criterium_that_does_not_apply_to_the_student_is_ignored() -> None:
    rule = cesuur(kritisch=frozenset({99}))
    assert judge(rule, "goed", "goed", "onvoldoende").niveau == Niveau.VOLDOENDE


# Werkproces, rule cesuur


def test_cesuur_on_a_word_scale_counts_criteria_voldoende_or_better() -> None:
    # 20 criteria, 55% cesuur: 11 voldoende or better is exactly 55%.
    codes = ("goed",) * 5 + ("voldoende",) * 6 + ("onvoldoende",) * 9
    outcome = judge(cesuur(), *codes)
    assert outcome == WerkprocesOutcome(
        niveau=Niveau.VOLDOENDE,
        percent=Decimal("55.0"),
        reasons=("11 van 20 criteria voldoende of beter (55%): de cesuur is 55%",),
    )


def test_one_criterion_below_the_cesuur_fails_on_a_word_scale() -> None:
    codes = ("goed",) * 5 + ("voldoende",) * 5 + ("onvoldoende",) * 10
    outcome = judge(cesuur(), *codes)
    assert outcome == WerkprocesOutcome(
        niveau=Niveau.ONVOLDOENDE,
        percent=Decimal("50.0"),
        reasons=("10 van 20 criteria voldoende of beter (50%): onder de cesuur van 55%",),
    )


def test_every_criterion_voldoende_passes_a_55_percent_cesuur_on_ovg() -> None:
    # Counting points (voldoende = 1 of 2) this was 50% and failed: the bug issue 11 names.
    outcome = judge(cesuur(), *("voldoende",) * 7)
    assert (outcome.niveau, outcome.percent) == (Niveau.VOLDOENDE, Decimal("100.0"))


def test_cesuur_on_nooit_oefenen_counts_oefenen_as_not_enough() -> None:
    assert judge(cesuur(scale=NOOIT_OEFENEN, percent="75"), "voldoende", "goed", "voldoende", "oefenen").niveau == (
        Niveau.VOLDOENDE
    )
    assert judge(cesuur(scale=NOOIT_OEFENEN, percent="76"), "voldoende", "goed", "voldoende", "oefenen").niveau == (
        Niveau.ONVOLDOENDE
    )


def test_cesuur_on_punten_scale_needs_the_next_whole_point() -> None:
    # 7 criteria, max 21 points: 55% is 11.55 points, so 12 passes and 11 fails.
    passing = judge(cesuur(scale=PUNTEN), "3", "3", "2", "2", "1", "1", "0")
    failing = judge(cesuur(scale=PUNTEN), "3", "3", "2", "1", "1", "1", "0")
    assert (passing.niveau, passing.percent) == (Niveau.VOLDOENDE, Decimal("57.1"))
    assert (failing.niveau, failing.percent) == (Niveau.ONVOLDOENDE, Decimal("52.4"))
    assert failing.reasons == ("Score 52,4% (11 van 21 punten) ligt onder de cesuur van 55%",)


def test_cesuur_compares_the_exact_fraction_not_the_rounded_percent() -> None:
    # 37 criteria, max 111 points: 61 points is 54.954…%, shown rounded as 55.0 but below a 55% cesuur.
    codes = ("3",) * 20 + ("1",) + ("0",) * 16
    outcome = judge(cesuur(scale=PUNTEN), *codes)
    assert outcome.niveau == Niveau.ONVOLDOENDE
    assert outcome.percent == Decimal("55.0")
    assert outcome.reasons == ("Score 54,95% (61 van 111 punten) ligt onder de cesuur van 55%",)


def test_cesuur_with_decimal_is_met_by_exact_fraction() -> None:
    # 3 criteria, max 9 points: 5 points is 55.555…%, which meets 55.5% and not 55.6%.
    assert judge(cesuur(scale=PUNTEN, percent="55.5"), "3", "2", "0").niveau == Niveau.VOLDOENDE
    outcome = judge(cesuur(scale=PUNTEN, percent="55.6"), "3", "2", "0")
    assert (outcome.niveau, outcome.percent) == (Niveau.ONVOLDOENDE, Decimal("55.6"))
    assert outcome.reasons == ("Score 55,55% (5 van 9 punten) ligt onder de cesuur van 55,6%",)


def test_percent_is_rounded_half_up_to_one_decimal() -> None:
    # 80 criteria: 45 voldoende or better is exactly 56.25%.
    codes = ("goed",) * 20 + ("voldoende",) * 25 + ("onvoldoende",) * 35
    outcome = judge(cesuur(), *codes)
    assert outcome.percent == Decimal("56.3")
    assert outcome.reasons == ("45 van 80 criteria voldoende of beter (56,3%): de cesuur is 55%",)


def test_goed_vanaf_exactly_met_is_goed() -> None:
    # 10 criteria, goed from 80%: 8 goed and none onvoldoende.
    codes = ("goed",) * 8 + ("voldoende",) * 2
    outcome = judge(cesuur(goed_vanaf="80"), *codes)
    assert outcome == WerkprocesOutcome(
        niveau=Niveau.GOED,
        percent=Decimal("100.0"),
        reasons=(
            "10 van 10 criteria voldoende of beter (100%): de cesuur is 55%",
            "8 van 10 criteria goed (80%): de grens voor goed is 80%",
        ),
    )


def test_one_criterion_below_goed_vanaf_is_voldoende() -> None:
    codes = ("goed",) * 7 + ("voldoende",) * 3
    outcome = judge(cesuur(goed_vanaf="80"), *codes)
    assert outcome == WerkprocesOutcome(
        niveau=Niveau.VOLDOENDE,
        percent=Decimal("100.0"),
        reasons=(
            "10 van 10 criteria voldoende of beter (100%): de cesuur is 55%",
            "7 van 10 criteria goed (70%): onder de grens voor goed van 80%",
        ),
    )


def test_goed_never_goes_with_an_onvoldoende_criterion_on_a_word_scale() -> None:
    outcome = judge(cesuur(goed_vanaf="80"), *("goed",) * 9, "onvoldoende")
    assert outcome.niveau == Niveau.VOLDOENDE
    assert outcome.reasons[-1] == "Een criterium is onvoldoende, dus niet goed"


def test_goed_vanaf_under_geen_onvoldoende_counts_the_share_goed() -> None:
    rule = WerkprocesRule(scale=OVG, goed_vanaf_percent=Decimal("80"))
    assert judge(rule, *("goed",) * 8, "voldoende", "voldoende").niveau == Niveau.GOED
    assert judge(rule, *("goed",) * 7, *("voldoende",) * 3).niveau == Niveau.VOLDOENDE
    assert judge(rule, *("goed",) * 9, "onvoldoende").niveau == Niveau.ONVOLDOENDE
    assert judge(WerkprocesRule(scale=OVG), *("goed",) * 9, "voldoende").niveau == Niveau.VOLDOENDE


def test_points_cesuur_goed_vanaf_counts_points() -> None:
    # 4 criteria, max 12 points, goed from 80%: 10 points (83.3%) is goed, 9 (75%) is not.
    assert judge(cesuur(scale=PUNTEN, goed_vanaf="80"), "3", "3", "2", "2").niveau == Niveau.GOED
    assert judge(cesuur(scale=PUNTEN, goed_vanaf="80"), "3", "2", "2", "2").niveau == Niveau.VOLDOENDE


def test_cesuur_without_goed_vanaf_is_never_goed() -> None:
    outcome = judge(cesuur(), "goed", "goed")
    assert (outcome.niveau, outcome.percent) == (Niveau.VOLDOENDE, Decimal("100.0"))


def test_cesuur_passes_despite_an_onvoldoende_criterium_that_is_not_kritisch() -> None:
    assert judge(cesuur(), "goed", "goed", "onvoldoende").niveau == Niveau.VOLDOENDE


def test_cesuur_kritisch_onvoldoende_fails_an_otherwise_perfect_werkproces() -> None:
    codes = ("goed",) * 9 + ("onvoldoende",)
    outcome = judge(cesuur(goed_vanaf="80", kritisch=frozenset({10})), *codes)
    assert outcome == WerkprocesOutcome(
        niveau=Niveau.ONVOLDOENDE,
        percent=Decimal("90.0"),
        reasons=(
            "Kritisch criterium niet voldoende: criterium 10",
            "9 van 10 criteria voldoende of beter (90%): de cesuur is 55%",
        ),
    )


def test_cesuur_of_100_percent_needs_every_criterion_voldoende() -> None:
    assert judge(cesuur(percent="100"), "goed", "voldoende").niveau == Niveau.VOLDOENDE
    assert judge(cesuur(percent="100"), "goed", "onvoldoende").niveau == Niveau.ONVOLDOENDE
    assert judge(cesuur(scale=PUNTEN, percent="100"), "3", "2").niveau == Niveau.ONVOLDOENDE


# Werkproces rule configuration


def test_cesuur_rule_without_cesuur_raises() -> None:
    with pytest.raises(ValueError, match="De slaagregel 'cesuur' heeft een cesuur in procenten nodig."):
        WerkprocesRule(scale=OVG, pass_rule=PassRule.CESUUR)


@pytest.mark.parametrize("percent", ["0", "-5", "100.01"])
def test_cesuur_outside_0_to_100_raises(percent: str) -> None:
    with pytest.raises(ValueError, match="De cesuur moet groter dan 0% en hoogstens 100% zijn"):
        cesuur(percent=percent)


def test_goed_vanaf_below_cesuur_raises() -> None:
    with pytest.raises(ValueError, match=r"De grens voor goed moet tussen de cesuur \(55%\) en 100% liggen, niet 50%."):
        cesuur(goed_vanaf="50")


def test_float_cesuur_raises() -> None:
    with pytest.raises(ValueError, match="De cesuur moet een Decimal of een geheel getal zijn, niet 54.99."):
        WerkprocesRule(scale=OVG, pass_rule=PassRule.CESUUR, cesuur_percent=54.99)  # type: ignore[arg-type]


def test_rule_accepts_plain_model_field_values() -> None:
    rule = WerkprocesRule(scale=get_scale("punten"), pass_rule="cesuur", cesuur_percent=55, kritisch={3})  # type: ignore[arg-type]
    assert (rule.pass_rule, rule.cesuur_percent, rule.kritisch) == (PassRule.CESUUR, Decimal(55), frozenset({3}))


def test_unknown_pass_rule_raises() -> None:
    with pytest.raises(ValueError, match="Onbekende slaagregel 'gemiddelde'; kies uit: geen_onvoldoende, cesuur."):
        WerkprocesRule(scale=OVG, pass_rule="gemiddelde")  # type: ignore[arg-type]


# Werkproces input errors


def test_missing_scores_raise_incomplete_scores_with_count() -> None:
    with pytest.raises(IncompleteScores, match="2 van de 3 criteria hebben nog geen score.") as excinfo:
        werkproces_outcome(rule=WerkprocesRule(scale=OVG), scores={2: "goed"}, criteria=[1, 2, 3])
    assert excinfo.value.missing == (1, 3)


def test_one_missing_score_uses_singular_and_blank_counts_as_missing() -> None:
    with pytest.raises(IncompleteScores, match="1 van de 2 criteria heeft nog geen score."):
        werkproces_outcome(rule=cesuur(), scores={1: "goed", 2: ""}, criteria=[1, 2])


def test_score_for_criterium_that_does_not_apply_raises() -> None:
    with pytest.raises(
        ValueError, match="Er zijn scores voor criteria die niet bij dit werkproces horen: 7."
    ) as excinfo:
        werkproces_outcome(rule=WerkprocesRule(scale=OVG), scores={1: "goed", 7: "goed"}, criteria=[1])
    assert not isinstance(excinfo.value, IncompleteScores)


def test_unknown_level_code_in_scores_raises() -> None:
    with pytest.raises(ValueError, match="Onbekende score '4' voor schaal 'punten'"):
        werkproces_outcome(rule=cesuur(scale=PUNTEN), scores={1: "4"}, criteria=[1])


def test_no_criteria_raises() -> None:
    with pytest.raises(ValueError, match="Er zijn geen criteria om te beoordelen."):
        werkproces_outcome(rule=WerkprocesRule(scale=OVG), scores={}, criteria=[])


# Kerntaak


def test_kerntaak_all_voldoende_is_voldoende() -> None:
    outcome = kerntaak_outcome(werkproces_niveaus={"B1-K1-W1": "voldoende", "B1-K1-W2": "voldoende"})
    assert outcome == KerntaakOutcome(
        niveau=Niveau.VOLDOENDE,
        cijfer=None,
        missing=(),
        reasons=(
            "Geen werkproces onvoldoende",
            "0 van 2 werkprocessen goed; voor goed moeten alle werkprocessen goed zijn",
        ),
    )


def test_kerntaak_all_goed_is_goed() -> None:
    outcome = kerntaak_outcome(werkproces_niveaus={"B1-K1-W1": "goed", "B1-K1-W2": "goed"})
    assert outcome == KerntaakOutcome(
        niveau=Niveau.GOED, cijfer=None, missing=(), reasons=("Alle 2 werkprocessen goed",)
    )


def test_kerntaak_mix_of_goed_and_voldoende_is_voldoende() -> None:
    outcome = kerntaak_outcome(
        werkproces_niveaus={"B1-K2-W1": "goed", "B1-K2-W2": "voldoende", "B1-K2-W3": "goed"}, cijfers=CIJFERS
    )
    assert (outcome.niveau, outcome.cijfer) == (Niveau.VOLDOENDE, 6)
    assert outcome.reasons[1] == "2 van 3 werkprocessen goed; voor goed moeten alle werkprocessen goed zijn"


def test_kerntaak_one_onvoldoende_decides_even_with_others_missing() -> None:
    outcome = kerntaak_outcome(
        werkproces_niveaus={"P3-K1-W1": "goed", "P3-K1-W2": "onvoldoende", "P3-K1-W3": None, "P3-K1-W4": None},
        cijfers=CIJFERS,
    )
    assert outcome == KerntaakOutcome(
        niveau=Niveau.ONVOLDOENDE,
        cijfer=4,
        missing=("P3-K1-W3", "P3-K1-W4"),
        reasons=("P3-K1-W2 is onvoldoende",),
    )


def test_kerntaak_with_missing_werkproces_is_not_yet_known() -> None:
    outcome = kerntaak_outcome(
        werkproces_niveaus={"P3-K1-W1": "goed", "P3-K1-W2": "voldoende", "P3-K1-W3": None}, cijfers=CIJFERS
    )
    assert outcome == KerntaakOutcome(
        niveau=None,
        cijfer=None,
        missing=("P3-K1-W3",),
        reasons=("P3-K1-W3 heeft nog geen vastgestelde examenbeoordeling",),
    )


def test_kerntaak_grade_follows_the_schools_mapping() -> None:
    goed = kerntaak_outcome(
        werkproces_niveaus={"B1-K3-W1": "goed"}, cijfers={"onvoldoende": 3, "voldoende": 7, "goed": 9}
    )
    assert (goed.niveau, goed.cijfer) == (Niveau.GOED, 9)
    assert kerntaak_outcome(werkproces_niveaus={"B1-K3-W1": "goed"}).cijfer is None


@pytest.mark.parametrize(
    ("cijfers", "message"),
    [
        ({"onvoldoende": 4, "voldoende": 6}, "Er ontbreekt een cijfer voor: goed."),
        ({"onvoldoende": 4, "voldoende": 6, "goed": 8, "uitstekend": 10}, "Onbekend niveau in de cijfers: uitstekend"),
        ({"onvoldoende": 0, "voldoende": 6, "goed": 8}, "Het cijfer voor onvoldoende moet een heel getal van 1 tot"),
        (
            {"onvoldoende": 4, "voldoende": 6, "goed": 11},
            "Het cijfer voor goed moet een heel getal van 1 tot en met 10",
        ),
        ({"onvoldoende": 4, "voldoende": 6.5, "goed": 8}, "Het cijfer voor voldoende moet een heel getal"),
        ({"onvoldoende": 4, "voldoende": "6", "goed": 8}, "Het cijfer voor voldoende moet een heel getal"),
        ({"onvoldoende": True, "voldoende": 6, "goed": 8}, "Het cijfer voor onvoldoende moet een heel getal"),
        ({"onvoldoende": 6, "voldoende": 6, "goed": 8}, "Het cijfer voor onvoldoende moet lager dan 6 zijn, niet 6."),
        ({"onvoldoende": 4, "voldoende": 5, "goed": 8}, "Het cijfer voor voldoende moet minstens 6 zijn, niet 5."),
        ({"onvoldoende": 4, "voldoende": 7, "goed": 6}, r"Het cijfer voor goed \(6\) mag niet lager zijn dan dat voor"),
    ],
)
def test_bad_grade_mapping_raises_dutch_error(cijfers: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        validate_kerntaak_cijfers(cijfers)
    with pytest.raises(ValueError, match=message):
        # Ill-typed on purpose: what is under test is the check of a mapping that is not Mapping[str, int].
        kerntaak_outcome(werkproces_niveaus={"B1-K1-W1": None}, cijfers=cijfers)  # type: ignore[arg-type]


def test_kerntaak_unknown_niveau_raises() -> None:
    with pytest.raises(ValueError, match="Onbekend niveau 'matig' voor B1-K1-W1"):
        kerntaak_outcome(werkproces_niveaus={"B1-K1-W1": "matig"})


def test_kerntaak_without_werkprocessen_raises() -> None:
    with pytest.raises(ValueError, match="Een kerntaak heeft minstens één werkproces."):
        kerntaak_outcome(werkproces_niveaus={})


def test_kerntaak_goed_by_share_of_werkprocessen_goed() -> None:
    from assessment.rules import kerntaak_outcome

    four = {"W1": "goed", "W2": "goed", "W3": "goed", "W4": "voldoende"}
    assert kerntaak_outcome(werkproces_niveaus=four).niveau == Niveau.VOLDOENDE
    assert kerntaak_outcome(werkproces_niveaus=four, goed_vanaf_percent=Decimal("75")).niveau == Niveau.GOED
    outcome = kerntaak_outcome(werkproces_niveaus=four, goed_vanaf_percent=Decimal("75.01"))
    assert outcome.niveau == Niveau.VOLDOENDE
    assert outcome.reasons == ("3 van 4 werkprocessen goed: onder de grens voor goed van 75,01%",)
    failing = {**four, "W4": "onvoldoende"}
    assert kerntaak_outcome(werkproces_niveaus=failing, goed_vanaf_percent=Decimal("50")).niveau == Niveau.ONVOLDOENDE


def test_the_attempt_that_counts_after_a_herkansing() -> None:
    from assessment.rules import counting_uitslag

    assert counting_uitslag(["voldoende", "onvoldoende"]) == "onvoldoende"
    assert counting_uitslag(["voldoende", "onvoldoende"], telt="beste") == "voldoende"
    assert counting_uitslag(["onvoldoende", "goed", "voldoende"], telt="beste") == "goed"
    assert counting_uitslag([], telt="beste") is None
    with pytest.raises(ValueError, match="gemiddeld"):
        counting_uitslag(["goed"], telt="gemiddeld")
