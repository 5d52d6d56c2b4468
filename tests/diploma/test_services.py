from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from accounts.services import groups_ensure
from config.errors import ApplicationError
from diploma.models import GeneriekResultaat, KeuzedeelResultaat, Vrijstelling
from diploma.services import (
    generiek_save,
    keuzedeel_delete,
    keuzedeel_save,
    vrijstelling_delete,
    vrijstelling_save,
)
from tests.factories import InschrijvingFactory, OpleidingFactory, UserFactory


@pytest.fixture
def coordinator(commercie):
    user = UserFactory.create(username="coordinator")
    user.groups.add(groups_ensure()["coordinator"])
    OpleidingFactory.create().coordinatoren.add(user)
    return user


@pytest.fixture
def beoordelaar(commercie):
    user = UserFactory.create(username="beoordelaar")
    user.groups.add(groups_ensure()["beoordelaar"])
    return user


@pytest.fixture
def inschrijving(commercie):
    return InschrijvingFactory.create(studentnummer="300001")


def generiek_row(inschrijving) -> tuple:
    return GeneriekResultaat.objects.values_list(
        "nederlands_ce",
        "nederlands_se",
        "engels_ce",
        "engels_se",
        "rekenen",
        "loopbaan_burgerschap",
        "bpv_uren",
        "bpv_voldaan",
    ).get(inschrijving=inschrijving)


# -- generiek_save ---------------------------------------------------------------------------------------


def test_generiek_save_creates_the_row_with_the_given_fields(coordinator, inschrijving):
    resultaat = generiek_save(
        inschrijving=inschrijving,
        by=coordinator,
        nederlands_ce=Decimal("6.5"),
        nederlands_se=Decimal("7"),
        engels_ce="5,9",
        rekenen=8,
        loopbaan_burgerschap=True,
        bpv_uren=960,
        bpv_voldaan=False,
    )

    assert resultaat.pk is not None
    assert generiek_row(inschrijving) == (
        Decimal("6.5"),
        Decimal("7.0"),
        Decimal("5.9"),
        None,
        Decimal("8.0"),
        True,
        960,
        False,
    )


def test_generiek_save_updates_only_the_fields_passed(coordinator, inschrijving):
    first = generiek_save(inschrijving=inschrijving, by=coordinator, nederlands_ce=Decimal("6.5"), bpv_uren=900)
    updated_at = first.updated_at

    second = generiek_save(inschrijving=inschrijving, by=coordinator, engels_se=Decimal("7.2"), bpv_uren=None)

    assert second.pk == first.pk
    assert GeneriekResultaat.objects.count() == 1
    assert generiek_row(inschrijving) == (Decimal("6.5"), None, None, Decimal("7.2"), None, None, None, None)
    second.refresh_from_db()
    assert second.updated_at > updated_at


@pytest.mark.parametrize("mark", [Decimal("1.0"), Decimal("10.0"), Decimal("1"), Decimal("10"), Decimal("6.50")])
def test_generiek_save_accepts_marks_from_1_0_to_10_0(coordinator, inschrijving, mark):
    generiek_save(inschrijving=inschrijving, by=coordinator, rekenen=mark)

    assert GeneriekResultaat.objects.get(inschrijving=inschrijving).rekenen == mark


@pytest.mark.parametrize(
    ("field", "mark", "message"),
    [
        ("nederlands_ce", Decimal("10.5"), "Nederlands centraal examen: 10,5 ligt niet tussen 1,0 en 10,0."),
        ("nederlands_se", Decimal("10.1"), "Nederlands instellingsexamen: 10,1 ligt niet tussen 1,0 en 10,0."),
        ("engels_ce", Decimal("0.9"), "Engels centraal examen: 0,9 ligt niet tussen 1,0 en 10,0."),
        ("engels_se", Decimal("0"), "Engels instellingsexamen: 0 ligt niet tussen 1,0 en 10,0."),
        ("rekenen", Decimal("-1.0"), "Rekenen: -1,0 ligt niet tussen 1,0 en 10,0."),
        ("rekenen", Decimal("6.55"), "Rekenen: 6,55 heeft meer dan één decimaal."),
        ("rekenen", Decimal("9.99"), "Rekenen: 9,99 heeft meer dan één decimaal."),
        ("rekenen", "zes", "Rekenen: 'zes' is geen cijfer."),
        ("rekenen", Decimal("NaN"), "Rekenen: NaN is geen cijfer."),
        ("rekenen", 6.5, "Rekenen: 6.5 is geen cijfer."),
    ],
)
def test_generiek_save_refuses_a_mark_outside_1_to_10_or_with_two_decimals(
    coordinator, inschrijving, field, mark, message
):
    with pytest.raises(ApplicationError) as exc_info:
        generiek_save(inschrijving=inschrijving, by=coordinator, **{field: mark})

    assert exc_info.value.message == message
    assert GeneriekResultaat.objects.count() == 0


def test_generiek_save_refuses_a_bad_value_and_keeps_the_stored_row(coordinator, inschrijving):
    generiek_save(inschrijving=inschrijving, by=coordinator, nederlands_ce=Decimal("6.5"))

    with pytest.raises(ApplicationError, match="Nederlands centraal examen: 10,1 ligt niet tussen 1,0 en 10,0."):
        generiek_save(inschrijving=inschrijving, by=coordinator, engels_ce=Decimal("7"), nederlands_ce=Decimal("10.1"))

    assert generiek_row(inschrijving)[:3] == (Decimal("6.5"), None, None)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"bpv_uren": -1}, "BPV-uren: -1 is negatief."),
        ({"bpv_uren": 10000}, "BPV-uren: 10000 is meer dan 9999 uur."),
        ({"bpv_uren": "900"}, "BPV-uren: '900' is geen heel getal."),
        ({"loopbaan_burgerschap": "ja"}, "Loopbaan en burgerschap voldaan: kies ja, nee of leeg."),
        ({"bpv_voldaan": 1}, "BPV voldaan: kies ja, nee of leeg."),
    ],
)
def test_generiek_save_refuses_other_bad_values(coordinator, inschrijving, values, message):
    with pytest.raises(ApplicationError) as exc_info:
        generiek_save(inschrijving=inschrijving, by=coordinator, **values)

    assert exc_info.value.message == message


def test_generiek_save_refuses_an_unknown_field(coordinator, inschrijving):
    with pytest.raises(TypeError, match="duits"):
        generiek_save(inschrijving=inschrijving, by=coordinator, duits=Decimal("7"))


@pytest.mark.parametrize("persona", ["outsider", "beoordelaar", "the_student"])
def test_only_a_coordinator_may_save_generic_results(request, inschrijving, persona):
    by = inschrijving.student if persona == "the_student" else request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied, match="Alleen een coördinator kan diplomaresultaten vastleggen."):
        generiek_save(inschrijving=inschrijving, by=by, nederlands_ce=Decimal("6.5"))

    assert GeneriekResultaat.objects.count() == 0


# -- keuzedelen ------------------------------------------------------------------------------------------


def test_keuzedeel_save_creates_and_then_replaces_by_code(coordinator, inschrijving):
    created = keuzedeel_save(
        inschrijving=inschrijving, by=coordinator, code="k0125", naam=" Verdieping recruitment ", sbu=240
    )
    updated = keuzedeel_save(
        inschrijving=inschrijving,
        by=coordinator,
        code="K0125",
        naam="Verdieping recruitment",
        sbu=480,
        cijfer=Decimal("7.4"),
        afgelegd=True,
    )

    assert updated.pk == created.pk
    assert list(KeuzedeelResultaat.objects.values_list("code", "naam", "sbu", "cijfer", "afgelegd")) == [
        ("K0125", "Verdieping recruitment", 480, Decimal("7.4"), True)
    ]


def test_keuzedelen_with_another_code_or_student_are_separate(coordinator, inschrijving):
    other = InschrijvingFactory.create(studentnummer="300002", cohort=inschrijving.cohort)

    keuzedeel_save(inschrijving=inschrijving, by=coordinator, code="K0125", naam="A", sbu=240)
    keuzedeel_save(inschrijving=inschrijving, by=coordinator, code="K0126", naam="B", sbu=240)
    keuzedeel_save(inschrijving=other, by=coordinator, code="K0125", naam="A", sbu=240)

    assert sorted(KeuzedeelResultaat.objects.values_list("inschrijving__studentnummer", "code")) == [
        ("300001", "K0125"),
        ("300001", "K0126"),
        ("300002", "K0125"),
    ]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"code": "K125"}, "Keuzedeelcode 'K125' is ongeldig: een K gevolgd door vier cijfers, bijvoorbeeld K0125."),
        (
            {"code": "KD0125"},
            "Keuzedeelcode 'KD0125' is ongeldig: een K gevolgd door vier cijfers, bijvoorbeeld K0125.",
        ),
        ({"code": "0125"}, "Keuzedeelcode '0125' is ongeldig: een K gevolgd door vier cijfers, bijvoorbeeld K0125."),
        ({"naam": "  "}, "Vul de naam van keuzedeel K0125 in."),
        ({"naam": "x" * 201}, "De naam van een keuzedeel heeft hoogstens 200 tekens."),
        ({"sbu": 0}, "Omvang (SBU): 0 moet groter dan 0 zijn."),
        ({"sbu": -240}, "Omvang (SBU): -240 moet groter dan 0 zijn."),
        ({"sbu": 32768}, "Omvang (SBU): 32768 is meer dan 32767."),
        ({"cijfer": Decimal("10.1")}, "Cijfer van keuzedeel K0125: 10,1 ligt niet tussen 1,0 en 10,0."),
        ({"cijfer": Decimal("0.9")}, "Cijfer van keuzedeel K0125: 0,9 ligt niet tussen 1,0 en 10,0."),
        ({"cijfer": Decimal("5.55")}, "Cijfer van keuzedeel K0125: 5,55 heeft meer dan één decimaal."),
    ],
)
def test_keuzedeel_save_refuses_bad_values(coordinator, inschrijving, values, message):
    arguments = {"code": "K0125", "naam": "Verdieping recruitment", "sbu": 240, **values}

    with pytest.raises(ApplicationError) as exc_info:
        keuzedeel_save(inschrijving=inschrijving, by=coordinator, **arguments)

    assert exc_info.value.message == message
    assert KeuzedeelResultaat.objects.count() == 0


@pytest.mark.parametrize("cijfer", [Decimal("1.0"), Decimal("10.0")])
def test_keuzedeel_save_accepts_the_boundary_marks(coordinator, inschrijving, cijfer):
    keuzedeel = keuzedeel_save(inschrijving=inschrijving, by=coordinator, code="K0125", naam="A", sbu=1, cijfer=cijfer)

    keuzedeel.refresh_from_db()
    assert (keuzedeel.sbu, keuzedeel.cijfer) == (1, cijfer)


def test_keuzedeel_delete_removes_only_that_keuzedeel(coordinator, inschrijving):
    keuzedeel_save(inschrijving=inschrijving, by=coordinator, code="K0125", naam="A", sbu=240)
    keuzedeel_save(inschrijving=inschrijving, by=coordinator, code="K0126", naam="B", sbu=240)

    keuzedeel_delete(inschrijving=inschrijving, by=coordinator, code="k0125")

    assert list(KeuzedeelResultaat.objects.values_list("code", flat=True)) == ["K0126"]


def test_keuzedeel_delete_of_a_keuzedeel_the_student_does_not_have_is_refused(coordinator, inschrijving):
    other = InschrijvingFactory.create(studentnummer="300002", cohort=inschrijving.cohort)
    keuzedeel_save(inschrijving=other, by=coordinator, code="K0125", naam="A", sbu=240)

    with pytest.raises(ApplicationError, match="Keuzedeel K0125 staat niet bij deze student."):
        keuzedeel_delete(inschrijving=inschrijving, by=coordinator, code="K0125")

    assert KeuzedeelResultaat.objects.count() == 1


def test_only_a_coordinator_may_save_or_delete_keuzedelen(coordinator, beoordelaar, outsider, inschrijving):
    keuzedeel_save(inschrijving=inschrijving, by=coordinator, code="K0125", naam="A", sbu=240)

    for by in (beoordelaar, outsider, inschrijving.student):
        with pytest.raises(PermissionDenied, match="Alleen een coördinator kan diplomaresultaten vastleggen."):
            keuzedeel_save(inschrijving=inschrijving, by=by, code="K0125", naam="B", sbu=480, cijfer=Decimal("9"))
        with pytest.raises(PermissionDenied):
            keuzedeel_delete(inschrijving=inschrijving, by=by, code="K0125")

    assert list(KeuzedeelResultaat.objects.values_list("code", "naam", "sbu", "cijfer")) == [("K0125", "A", 240, None)]


# -- vrijstellingen --------------------------------------------------------------------------------------


def test_vrijstelling_save_creates_and_then_changes_the_reason(coordinator, inschrijving):
    created = vrijstelling_save(
        inschrijving=inschrijving, by=coordinator, onderdeel="engels", reden="Cambridge C1 behaald"
    )
    updated = vrijstelling_save(inschrijving=inschrijving, by=coordinator, onderdeel="engels", reden=" Havo-diploma ")

    assert updated.pk == created.pk
    assert list(Vrijstelling.objects.values_list("onderdeel", "reden")) == [("engels", "Havo-diploma")]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"onderdeel": "duits"},
            "'duits' is geen onderdeel; kies uit nederlands, engels, rekenen, loopbaan_burgerschap, keuzedeel.",
        ),
        ({"reden": " "}, "Vul de reden van de vrijstelling in."),
        ({"reden": "r" * 201}, "De reden heeft hoogstens 200 tekens."),
    ],
)
def test_vrijstelling_save_refuses_bad_values(coordinator, inschrijving, values, message):
    arguments = {"onderdeel": "rekenen", "reden": "Havo-diploma", **values}

    with pytest.raises(ApplicationError) as exc_info:
        vrijstelling_save(inschrijving=inschrijving, by=coordinator, **arguments)

    assert exc_info.value.message == message
    assert Vrijstelling.objects.count() == 0


def test_vrijstelling_delete_removes_it_and_refuses_a_second_time(coordinator, inschrijving):
    vrijstelling_save(inschrijving=inschrijving, by=coordinator, onderdeel="rekenen", reden="Havo-diploma")
    vrijstelling_save(inschrijving=inschrijving, by=coordinator, onderdeel="engels", reden="Havo-diploma")

    vrijstelling_delete(inschrijving=inschrijving, by=coordinator, onderdeel="rekenen")

    assert list(Vrijstelling.objects.values_list("onderdeel", flat=True)) == ["engels"]
    with pytest.raises(ApplicationError, match="Deze student heeft geen vrijstelling voor Rekenen."):
        vrijstelling_delete(inschrijving=inschrijving, by=coordinator, onderdeel="rekenen")


def test_only_a_coordinator_may_save_or_delete_vrijstellingen(coordinator, beoordelaar, outsider, inschrijving):
    vrijstelling_save(inschrijving=inschrijving, by=coordinator, onderdeel="rekenen", reden="Havo-diploma")

    for by in (beoordelaar, outsider, inschrijving.student):
        with pytest.raises(PermissionDenied, match="Alleen een coördinator kan diplomaresultaten vastleggen."):
            vrijstelling_save(inschrijving=inschrijving, by=by, onderdeel="engels", reden="Zelf bedacht")
        with pytest.raises(PermissionDenied):
            vrijstelling_delete(inschrijving=inschrijving, by=by, onderdeel="rekenen")

    assert list(Vrijstelling.objects.values_list("onderdeel", "reden")) == [("rekenen", "Havo-diploma")]
