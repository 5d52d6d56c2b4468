"""Issue 11, the exam record the examencommissie can sign: keuzedeel size per niveau, only the keuzedelen that
fill it count, a vrijstelling per keuzedeel, rule sets for earlier entree cohorts, and texts a student reads."""

import importlib
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import pytest
from django.apps import apps

from config.errors import ApplicationError
from diploma import selectors, services
from diploma.models import KeuzedeelResultaat, Vrijstelling
from diploma.rules import (
    Keuzedeel,
    Status,
    check_entree_keuzedeel,
    check_kerntaken,
    check_keuzedelen_2020,
    choose,
    evaluate,
)
from diploma.rules.facts import gemiddelde_tekst
from diploma.rules.keuzedelen import minimale_omvang
from dossier.models import Keuzedeel as CatalogusKeuzedeel
from tests.factories import CohortFactory, InschrijvingFactory, complete_student, kd, student

D = Decimal
_0002 = importlib.import_module("diploma.migrations.0002_regelsets")
_0005 = importlib.import_module("diploma.migrations.0005_vrijstelling_per_keuzedeel")
_0006 = importlib.import_module("diploma.migrations.0006_regelsets_omvang_entree")
# Every rule set as the data migrations leave them, as plain objects.
NU = [SimpleNamespace(**spec) for spec in _0006.current(_0002.REGELSETS)]


def regelset(niveau: int, cohort: int) -> list[dict]:
    return choose(NU, niveau=niveau, cohort=cohort).checks


# 1. Keuzedeel size per niveau, from cohort 2022-23


@pytest.mark.parametrize(
    ("niveau", "sbu", "status"),
    [(1, 240, Status.MET), (1, 239, Status.NOT_MET), (2, 480, Status.MET), (2, 479, Status.NOT_MET),
     (3, 720, Status.MET), (3, 719, Status.NOT_MET), (4, 720, Status.MET), (4, 719, Status.NOT_MET)],
)  # fmt: skip
def test_the_keuzedeelverplichting_of_2022_per_niveau_at_its_boundary(niveau: int, sbu: int, status: Status) -> None:
    facts = student(niveau=niveau, keuzedelen=(kd("K0001", "7", sbu=sbu),))
    result = next(r for r in evaluate(regelset(niveau, 2022), facts).results if "keuzede" in r.code)
    assert result.status == status
    if status == Status.NOT_MET:
        assert result.uitleg == f"Keuzedelen samen {sbu} SBU: minimaal {sbu + 1} SBU vereist"


def test_before_2022_niveau_4_has_no_size_check_and_niveau_3_no_rule_set() -> None:
    facts = student(cohort=2021, keuzedelen=(kd("K0001", "7", sbu=240),))
    assert evaluate(regelset(4, 2021), facts).gereed is True
    with pytest.raises(ValueError, match="^Geen regels vastgelegd voor cohort 2021-2022 niveau 3: vraag de"):
        choose(NU, niveau=3, cohort=2021)


def test_a_size_table_without_the_students_niveau_is_a_rule_set_error() -> None:
    assert minimale_omvang({"2": 480, "3": 720}, 3) == 720
    with pytest.raises(ValueError, match="De instelling min_sbu noemt geen omvang voor niveau 4."):
        minimale_omvang({"2": 480, "3": 720}, 4)


# 2. Only the keuzedelen that fill the size count


def test_an_extra_failed_keuzedeel_beyond_the_size_does_not_spoil_the_diploma() -> None:
    facts = student(keuzedelen=(kd("K0001", "7"), kd("K0002", "6"), kd("K0003", "6"), kd("K0004", "3")))
    result = check_keuzedelen_2020(facts, min_sbu=720)
    assert (result.status, result.uitleg) == (
        Status.MET,
        "Gemiddelde 6,33 over 3 keuzedelen, 3 met een 6 of hoger, geen onder de 4; samen 720 SBU (minimaal 720); "
        "telt niet mee: K0004",
    )


def test_an_extra_keuzedeel_without_a_cijfer_does_not_hold_the_diploma_back() -> None:
    facts = student(keuzedelen=(kd("K0001", "7", sbu=480), kd("K0002", "6"), kd("K0003", None)))
    assert check_keuzedelen_2020(facts, min_sbu=720).status == Status.MET


def test_the_keuzedelen_the_coordinator_marks_are_the_ones_that_count() -> None:
    marked = Keuzedeel("K0004", "Keuzedeel 4", 240, D("3"), telt_mee=True)
    facts = student(keuzedelen=(kd("K0001", "7"), kd("K0002", "6"), kd("K0003", "6"), marked))
    result = check_keuzedelen_2020(facts, min_sbu=720)
    assert result.open_items == (
        "Keuzedeel K0004 Keuzedeel 4: 3, minimaal 6 vereist",
        "Keuzedelen samen 240 SBU: minimaal 720 SBU vereist",
    )


def test_without_a_combination_that_meets_the_rule_the_best_graded_one_counts() -> None:
    facts = student(keuzedelen=(kd("K0001", "5", sbu=720), kd("K0002", "4", sbu=720)))
    result = check_keuzedelen_2020(facts, min_sbu=720)
    assert result.uitleg == "Keuzedeel K0001 Keuzedeel 1: 5, minimaal 6 vereist"


def test_entree_counts_only_the_keuzedeel_that_fills_240_sbu() -> None:
    facts = student(niveau=1, keuzedelen=(kd("K0001", "6"), kd("K0002", "4")))
    result = check_entree_keuzedeel(facts, min_sbu=240)
    assert (result.status, result.uitleg) == (
        Status.MET,
        "Keuzedeel K0001 Keuzedeel 1: 6; samen 240 SBU (minimaal 240); telt niet mee: K0002",
    )


# 3. A vrijstelling for one keuzedeel


def test_a_vrijgesteld_keuzedeel_counts_with_the_cijfer_it_was_granted_on_and_for_its_size() -> None:
    vrij = Keuzedeel("K0003", "Keuzedeel 3", 240, D("4"), vrijgesteld=True)
    result = check_keuzedelen_2020(student(keuzedelen=(kd("K0001", "7"), kd("K0002", "6"), vrij)), min_sbu=720)
    assert (result.status, result.uitleg) == (Status.NOT_MET, "Gemiddelde van de keuzedelen 5,67: minimaal 6 vereist")


def test_a_vrijgesteld_keuzedeel_without_a_cijfer_fills_the_size_and_stays_out_of_the_average() -> None:
    vrij = Keuzedeel("K0003", "Keuzedeel 3", 240, None, vrijgesteld=True)
    result = check_keuzedelen_2020(student(keuzedelen=(kd("K0001", "7"), kd("K0002", "6"), vrij)), min_sbu=720)
    assert (result.status, result.uitleg) == (
        Status.MET,
        "Gemiddelde 6,5 over 2 keuzedelen, 2 met een 6 of hoger, geen onder de 4; Keuzedeel K0003 Keuzedeel 3 "
        "vrijgesteld; samen 720 SBU (minimaal 720)",
    )


# 4. Entree before 2022-23


@pytest.mark.parametrize(("cohort", "code"), [(2020, "entree-2020"), (2021, "entree-2020"), (2022, "entree-2022")])
def test_entree_has_rule_sets_from_cohort_2020(cohort: int, code: str) -> None:
    assert choose(NU, niveau=1, cohort=cohort).code == code


def test_entree_2019_has_no_rule_set_and_says_whom_to_ask() -> None:
    with pytest.raises(
        ValueError, match="^Geen regels vastgelegd voor cohort 2019-2020 entree: vraag de examencommissie$"
    ):
        choose(NU, niveau=1, cohort=2019)


# 5. Texts a student understands


def test_a_failed_kerntaak_is_named_with_its_title_and_the_werkproces_that_holds_it_back() -> None:
    facts = student(
        kerntaken={"B1-K2": "onvoldoende", "P3-K1": None},
        kerntaak_missing={"P3-K1": ("P3-K1-W3",)},
        kerntaak_onvoldoende={"B1-K2": ("B1-K2-W4",)},
        titels={"B1-K2": "Voert verkoopgesprekken", "B1-K2-W4": "Sluit de verkoop af", "P3-K1": "Werft kandidaten"},
    )
    assert check_kerntaken(facts).open_items == (
        "Kerntaak B1-K2 (Voert verkoopgesprekken) is onvoldoende: werkproces B1-K2-W4 (Sluit de verkoop af) is "
        "onvoldoende",
        "Kerntaak P3-K1 (Werft kandidaten) nog niet voldoende: P3-K1-W3 heeft geen vastgestelde examenbeoordeling",
    )


def test_nederlands_shows_ce_ie_and_the_rounding() -> None:
    facts = student(nederlands_ce=D("5.4"), nederlands_se=D("5.5"), engels_ce=D("5.0"), engels_se=D("5.0"))
    result = evaluate([{"check": "nl_en_voor_2022"}], facts).results[0]
    assert result.uitleg == (
        "Nederlands (CE 5,4 en IE 5,5: eindcijfer 5) en Engels (CE 5 en IE 5: eindcijfer 5): maximaal één 5 toegestaan"
    )


@pytest.mark.parametrize(
    ("average", "shown"), [(Fraction(17, 3), "5,67"), (Fraction(20, 3), "6,67"), (Fraction(5999, 1000), "5,99")]
)
def test_an_average_is_rounded_half_up_but_never_up_to_the_pass_mark(average: Fraction, shown: str) -> None:
    assert gemiddelde_tekst(average, drempel=6) == shown


# End to end, through the services on the real database


@pytest.mark.django_db
def test_readiness_of_a_niveau_3_cohort_2021_says_to_ask_the_examencommissie(p1):
    inschrijving = InschrijvingFactory.create(profiel=p1, cohort=CohortFactory.create(startjaar=2021))
    readiness = selectors.student_readiness(inschrijving=inschrijving)
    assert readiness.open_items == ("Geen regels vastgelegd voor cohort 2021-2022 niveau 3: vraag de examencommissie",)


@pytest.mark.django_db
def test_entree_2021_is_judged_by_its_rule_set(p1):
    p1.niveau = 1
    p1.save(update_fields=["niveau"])
    inschrijving = InschrijvingFactory.create(profiel=p1, cohort=CohortFactory.create(startjaar=2021))
    codes = [c.code for c in selectors.student_readiness(inschrijving=inschrijving).conditions]
    assert codes == ["kerntaken", "entree_keuzedeel", "rekenen_voldaan_entree", "loopbaan_burgerschap", "bpv"]


@pytest.mark.django_db
def test_an_extra_failed_keuzedeel_and_the_coordinators_mark_end_to_end(inschrijving, praktijk, school, coordinator):
    complete_student(inschrijving, praktijk=praktijk, school=school, coordinator=coordinator)
    services.keuzedeel_save(
        inschrijving=inschrijving, by=coordinator, code="K0003", naam="Extra", sbu=240, cijfer=D("2")
    )
    assert selectors.student_readiness(inschrijving=inschrijving).uitkomst == "gereed"

    services.keuzedeel_save(
        inschrijving=inschrijving, by=coordinator, code="K0003", naam="Extra", sbu=240, cijfer=D("2"), telt_mee=True
    )
    readiness = selectors.student_readiness(inschrijving=inschrijving)
    assert readiness.open_items == (
        "Keuzedeel K0003 Extra: 2, minimaal 6 vereist; Keuzedelen samen 240 SBU: minimaal 720 SBU vereist",
    )


@pytest.mark.django_db
def test_the_keuzedeel_size_of_niveau_4_cohort_2022_end_to_end(inschrijving, praktijk, school, coordinator):
    complete_student(inschrijving, praktijk=praktijk, school=school, coordinator=coordinator)
    services.keuzedeel_delete(inschrijving=inschrijving, by=coordinator, code="K0002")
    readiness = selectors.student_readiness(inschrijving=inschrijving)
    assert readiness.open_items == ("Keuzedelen samen 240 SBU: minimaal 720 SBU vereist",)


@pytest.mark.django_db
def test_a_vrijstelling_for_one_keuzedeel_with_its_cijfer_end_to_end(inschrijving, praktijk, school, coordinator):
    complete_student(inschrijving, praktijk=praktijk, school=school, coordinator=coordinator)
    services.keuzedeel_delete(inschrijving=inschrijving, by=coordinator, code="K0002")
    CatalogusKeuzedeel.objects.create(code="K0125", naam="Ondernemen", omvang=480)

    services.vrijstelling_save(
        inschrijving=inschrijving,
        by=coordinator,
        onderdeel="keuzedeel",
        keuzedeel_code="k0125",
        reden="Mbo 3",
        cijfer=D("6.5"),
    )
    assert selectors.student_readiness(inschrijving=inschrijving).uitkomst == "gereed"
    assert list(Vrijstelling.objects.values_list("onderdeel", "keuzedeel_code", "cijfer")) == [
        ("keuzedeel", "K0125", D("6.5"))
    ]

    with pytest.raises(ApplicationError, match="Een vrijstelling geldt voor één keuzedeel"):
        services.vrijstelling_save(inschrijving=inschrijving, by=coordinator, onderdeel="keuzedelen", reden="Alles")
    with pytest.raises(ApplicationError, match="Keuzedeel K9999 staat niet bij deze student"):
        services.vrijstelling_save(
            inschrijving=inschrijving, by=coordinator, onderdeel="keuzedeel", keuzedeel_code="K9999", reden="x"
        )
    services.vrijstelling_delete(
        inschrijving=inschrijving, by=coordinator, onderdeel="keuzedeel", keuzedeel_code="K0125"
    )
    assert selectors.student_readiness(inschrijving=inschrijving).uitkomst == "nog_niet"


@pytest.mark.django_db
def test_the_data_migration_splits_an_all_keuzedelen_vrijstelling_and_folds_it_back(inschrijving, p3, cohort):
    KeuzedeelResultaat.objects.create(inschrijving=inschrijving, code="K0001", naam="Sales", sbu=240)
    KeuzedeelResultaat.objects.create(inschrijving=inschrijving, code="K0002", naam="Engels", sbu=480)
    zonder = InschrijvingFactory.create(profiel=p3, cohort=cohort)
    Vrijstelling.objects.create(inschrijving=inschrijving, onderdeel="keuzedelen", reden="Havo")
    Vrijstelling.objects.create(inschrijving=zonder, onderdeel="keuzedelen", reden="Vwo")

    _0005.split(apps, None)
    assert sorted(Vrijstelling.objects.values_list("inschrijving_id", "onderdeel", "keuzedeel_code", "reden")) == [
        (inschrijving.pk, "keuzedeel", "K0001", "Havo"),
        (inschrijving.pk, "keuzedeel", "K0002", "Havo"),
        (zonder.pk, "keuzedelen", "", "Vwo"),  # nothing to attach it to: kept as it was
    ]
    _0005.fold(apps, None)
    assert sorted(Vrijstelling.objects.values_list("inschrijving_id", "onderdeel", "keuzedeel_code", "reden")) == [
        (inschrijving.pk, "keuzedelen", "", "Havo"),
        (zonder.pk, "keuzedelen", "", "Vwo"),
    ]


@pytest.mark.django_db
def test_the_migrations_store_the_size_per_niveau_and_entree_2020():
    Regelset = apps.get_model("diploma", "Regelset")
    stored = {r.code: r.checks for r in Regelset.objects.all()}
    assert {"check": "keuzedelen_2020", "min_sbu": {"2": 480, "3": 720}} in stored["n23-2022"]
    assert {"check": "entree_keuzedeel", "min_sbu": 240} in stored["entree-2022"]
    assert stored["entree-2020"] == [spec["checks"] for spec in _0006.REGELSETS][0]
    assert [r.checks for r in NU if r.code in stored] == [stored[r.code] for r in NU if r.code in stored]
