from decimal import Decimal

import factory
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.services import groups_ensure
from diploma.generiek_import import CSV_COLUMNS, GeneriekImportResult, RowError, generiek_import_csv
from diploma.models import GeneriekResultaat, Gereedheid, KeuzedeelResultaat
from diploma.services import generiek_save, keuzedeel_save
from tests.factories import CohortFactory, InschrijvingFactory, OpleidingFactory, UserFactory

GENERIEK = ("nederlands_ce", "nederlands_se", "engels_ce", "engels_se", "rekenen")
ALL_GENERIEK = (*GENERIEK, "loopbaan_burgerschap", "bpv_uren", "bpv_voldaan")
HEADER = ";".join(CSV_COLUMNS)


@pytest.fixture
def coordinator(commercie):
    user = UserFactory.create(username="coordinator")
    user.groups.add(groups_ensure()["coordinator"])
    OpleidingFactory.create().coordinatoren.add(user)
    return user


@pytest.fixture
def cohort(commercie):
    return CohortFactory.create(startjaar=2025)


@pytest.fixture
def other_cohort(commercie):
    return CohortFactory.create(startjaar=2024)


@pytest.fixture
def students(cohort) -> dict:
    return {
        nummer: InschrijvingFactory.create(studentnummer=nummer, cohort=cohort)
        for nummer in ("300001", "300002", "300003")
    }


def upload(text: str, *, encoding: str = "utf-8", bom: bool = False) -> SimpleUploadedFile:
    content = text.encode(encoding)
    if bom:
        content = b"\xef\xbb\xbf" + content
    return SimpleUploadedFile("resultaten.csv", content, content_type="text/csv")


def run(coordinator, cohort, text: str, **kwargs) -> GeneriekImportResult:
    return generiek_import_csv(by=coordinator, cohort=cohort, fileobj=upload(text, **kwargs))


def line(studentnummer: str = "300001", **cells: str) -> str:
    """A line of the full-width file: every column of CSV_COLUMNS, empty unless given."""
    return ";".join(cells.get(column, studentnummer if column == "studentnummer" else "") for column in CSV_COLUMNS)


def generiek() -> dict[str, tuple]:
    rows = GeneriekResultaat.objects.values_list("inschrijving__studentnummer", *ALL_GENERIEK)
    return {row[0]: row[1:] for row in rows}


def keuzedelen() -> list[tuple]:
    return sorted(
        KeuzedeelResultaat.objects.values_list(
            "inschrijving__studentnummer", "code", "naam", "sbu", "cijfer", "afgelegd"
        )
    )


def snapshot() -> tuple:
    return generiek(), keuzedelen()


# -- files that are written --------------------------------------------------------------------------


def test_semicolon_file_with_bom_and_decimal_commas_updates_three_students(coordinator, cohort, students):
    generiek_save(
        inschrijving=students["300002"],
        by=coordinator,
        nederlands_ce=Decimal("5.0"),
        rekenen=Decimal("7.7"),
        bpv_uren=400,
    )
    keuzedeel_save(inschrijving=students["300002"], by=coordinator, code="K0125", naam="Oud", sbu=240)
    text = "\r\n".join(
        [
            HEADER,
            line(
                "300001",
                nederlands_ce="6,5",
                nederlands_se="7.0",
                engels_ce="5,9",
                engels_se="6",
                rekenen="10,0",
                loopbaan_burgerschap="Voldaan",
                bpv_uren="960",
                bpv_voldaan="ja",
                keuzedeel1_code="K0125",
                keuzedeel1_naam="Verdieping recruitment",
                keuzedeel1_sbu="240",
                keuzedeel1_cijfer="7,4",
                keuzedeel2_code="k0780",
                keuzedeel2_naam="Ondernemend gedrag",
                keuzedeel2_sbu="480",
            ),
            # Empty cells leave 300002's stored values alone; the known keuzedeel needs only its code.
            line(
                "300002",
                nederlands_ce="6,1",
                loopbaan_burgerschap="niet  voldaan",
                bpv_voldaan="Niet voldaan",
                keuzedeel1_code="K0125",
                keuzedeel1_cijfer="1,0",
            ),
            line("300003", engels_se="8,3", loopbaan_burgerschap="NEE", bpv_voldaan="voldaan"),
        ]
    )

    result = run(coordinator, cohort, text, bom=True)

    assert result.errors == []
    assert result.ok is True
    assert result.changed == ["300001", "300002", "300003"]
    assert (result.keuzedelen_created, result.keuzedelen_updated) == (2, 1)
    d = Decimal
    assert generiek() == {
        "300001": (d("6.5"), d("7.0"), d("5.9"), d("6.0"), d("10.0"), True, 960, True),
        "300002": (d("6.1"), None, None, None, d("7.7"), False, 400, False),
        "300003": (None, None, None, d("8.3"), None, False, None, True),
    }
    assert keuzedelen() == [
        ("300001", "K0125", "Verdieping recruitment", 240, d("7.4"), True),
        ("300001", "K0780", "Ondernemend gedrag", 480, None, False),
        ("300002", "K0125", "Oud", 240, d("1.0"), True),
    ]


def test_comma_file_with_columns_in_any_order_extra_columns_and_quoted_decimal_commas(coordinator, cohort, students):
    text = (
        "Naam,Rekenen,Studentnummer,Klas,Nederlands CE,Keuzedeel1-Code,keuzedeel1_naam,keuzedeel1_sbu\r\n"
        'Renée Dupré,"5,5",300001,C1A,6.8,K0125,Verdieping recruitment,240\r\n'
        "Daan Bakker,7.1,300002,C1A,,,,\r\n"
    )

    result = run(coordinator, cohort, text, encoding="cp1252")

    assert result.errors == []
    assert result.changed == ["300001", "300002"]
    assert {nummer: values[0:5] for nummer, values in generiek().items()} == {
        "300001": (Decimal("6.8"), None, None, None, Decimal("5.5")),
        "300002": (None, None, None, None, Decimal("7.1")),
    }
    assert keuzedelen() == [("300001", "K0125", "Verdieping recruitment", 240, None, False)]


def test_a_file_with_the_values_already_stored_changes_nothing(coordinator, cohort, students):
    text = "\n".join(
        [HEADER, line("300001", rekenen="6,5", keuzedeel1_code="K0125", keuzedeel1_naam="A", keuzedeel1_sbu="240")]
    )
    run(coordinator, cohort, text)
    before = GeneriekResultaat.objects.get().updated_at

    result = run(coordinator, cohort, text)

    assert result.errors == []
    assert (result.changed, result.keuzedelen_created, result.keuzedelen_updated) == ([], 0, 0)
    assert GeneriekResultaat.objects.get().updated_at == before


# -- files that are refused --------------------------------------------------------------------------

COLUMN_ERRORS = [
    ({"studentnummer": ""}, "studentnummer", "kolom 'studentnummer' is leeg."),
    (
        {"studentnummer": "999999"},
        "studentnummer",
        "kolom 'studentnummer': '999999' is bij geen enkel cohort ingeschreven.",
    ),
    ({"nederlands_ce": "10,5"}, "nederlands_ce", "kolom 'nederlands_ce': '10,5' ligt niet tussen 1,0 en 10,0."),
    ({"nederlands_se": "10.1"}, "nederlands_se", "kolom 'nederlands_se': '10.1' ligt niet tussen 1,0 en 10,0."),
    ({"engels_ce": "0,9"}, "engels_ce", "kolom 'engels_ce': '0,9' ligt niet tussen 1,0 en 10,0."),
    ({"engels_se": "6,55"}, "engels_se", "kolom 'engels_se': '6,55' heeft meer dan één decimaal."),
    ({"rekenen": "zes"}, "rekenen", "kolom 'rekenen': 'zes' is geen cijfer; schrijf bijvoorbeeld 6,5."),
    ({"rekenen": "6,5,1"}, "rekenen", "kolom 'rekenen': '6,5,1' is geen cijfer; schrijf bijvoorbeeld 6,5."),
    (
        {"loopbaan_burgerschap": "misschien"},
        "loopbaan_burgerschap",
        "kolom 'loopbaan_burgerschap': 'misschien' is geen geldige waarde; gebruik voldaan, niet voldaan, ja of nee.",
    ),
    (
        {"bpv_voldaan": "1"},
        "bpv_voldaan",
        "kolom 'bpv_voldaan': '1' is geen geldige waarde; gebruik voldaan, niet voldaan, ja of nee.",
    ),
    ({"bpv_uren": "960,5"}, "bpv_uren", "kolom 'bpv_uren': '960,5' is geen heel getal."),
    ({"bpv_uren": "-10"}, "bpv_uren", "kolom 'bpv_uren': '-10' is geen heel getal."),
    ({"bpv_uren": "10000"}, "bpv_uren", "kolom 'bpv_uren': '10000' is meer dan 9999 uur."),
    ({"bpv_uren": "9" * 30}, "bpv_uren", f"kolom 'bpv_uren': '{'9' * 30}' is meer dan 9999 uur."),
    (
        {"keuzedeel1_naam": "Verdieping recruitment", "keuzedeel1_sbu": "240"},
        "keuzedeel1_code",
        "kolom 'keuzedeel1_code' is leeg, maar keuzedeel1 is ingevuld.",
    ),
    (
        {"keuzedeel3_code": "K125", "keuzedeel3_naam": "Verdieping", "keuzedeel3_sbu": "240"},
        "keuzedeel3_code",
        "kolom 'keuzedeel3_code': 'K125' is geen keuzedeelcode (een K met vier cijfers, bijvoorbeeld K0125).",
    ),
    (
        {
            "keuzedeel1_code": "K0125",
            "keuzedeel1_naam": "A",
            "keuzedeel1_sbu": "240",
            "keuzedeel6_code": "k0125",
            "keuzedeel6_naam": "A",
            "keuzedeel6_sbu": "240",
        },
        "keuzedeel6_code",
        "kolom 'keuzedeel6_code': 'k0125' staat ook in kolom 'keuzedeel1_code'.",
    ),
    (
        {"keuzedeel1_code": "K0125", "keuzedeel1_naam": "n" * 201, "keuzedeel1_sbu": "240"},
        "keuzedeel1_naam",
        f"kolom 'keuzedeel1_naam': '{'n' * 57}...' is langer dan 200 tekens.",
    ),
    (
        {"keuzedeel1_code": "K0125", "keuzedeel1_sbu": "240"},
        "keuzedeel1_naam",
        "kolom 'keuzedeel1_naam' is leeg, maar keuzedeel K0125 staat nog niet bij deze student; vul naam en SBU in.",
    ),
    (
        {"keuzedeel2_code": "K0125", "keuzedeel2_naam": "A", "keuzedeel2_cijfer": "7"},
        "keuzedeel2_sbu",
        "kolom 'keuzedeel2_sbu' is leeg, maar keuzedeel K0125 staat nog niet bij deze student; vul naam en SBU in.",
    ),
    (
        {"keuzedeel1_code": "K0125", "keuzedeel1_naam": "A", "keuzedeel1_sbu": "0"},
        "keuzedeel1_sbu",
        "kolom 'keuzedeel1_sbu': '0' moet groter dan 0 zijn.",
    ),
    (
        {"keuzedeel1_code": "K0125", "keuzedeel1_naam": "A", "keuzedeel1_sbu": "240 SBU"},
        "keuzedeel1_sbu",
        "kolom 'keuzedeel1_sbu': '240 SBU' is geen heel getal.",
    ),
    (
        {"keuzedeel1_code": "K0125", "keuzedeel1_naam": "A", "keuzedeel1_sbu": "40000"},
        "keuzedeel1_sbu",
        "kolom 'keuzedeel1_sbu': '40000' is meer dan 32767.",
    ),
    (
        {"keuzedeel4_code": "K0125", "keuzedeel4_naam": "A", "keuzedeel4_sbu": "240", "keuzedeel4_cijfer": "10,1"},
        "keuzedeel4_cijfer",
        "kolom 'keuzedeel4_cijfer': '10,1' ligt niet tussen 1,0 en 10,0.",
    ),
    (
        {"keuzedeel1_code": "K0125", "keuzedeel1_naam": "A", "keuzedeel1_sbu": "240", "keuzedeel1_cijfer": "7,25"},
        "keuzedeel1_cijfer",
        "kolom 'keuzedeel1_cijfer': '7,25' heeft meer dan één decimaal.",
    ),
]


@pytest.mark.parametrize(("cells", "column", "message"), COLUMN_ERRORS)
def test_a_bad_value_is_reported_with_its_line_and_column_and_nothing_is_written(
    coordinator, cohort, students, cells, column, message
):
    generiek_save(inschrijving=students["300002"], by=coordinator, rekenen=Decimal("6.0"))
    text = "\n".join(
        [HEADER, line("300001", rekenen="8,0"), line(**{"studentnummer": "300002", "nederlands_ce": "7,0", **cells})]
    )
    before = snapshot()

    result = run(coordinator, cohort, text)

    assert result.errors == [RowError(line=3, message=message, column=column)]
    assert (result.ok, result.changed) == (False, [])
    assert snapshot() == before


def test_a_line_with_more_values_than_the_header_is_refused(coordinator, cohort, students):
    result = run(coordinator, cohort, "studentnummer;rekenen\n300001;6,5\n300002;6;5\n")

    assert result.errors == [
        RowError(
            3,
            "de regel heeft meer waarden dan de kopregel kolommen heeft; staat er een ';' in een waarde zonder "
            "aanhalingstekens?",
        )
    ]
    assert GeneriekResultaat.objects.count() == 0


def test_a_student_of_another_cohort_is_refused_naming_that_cohort(coordinator, cohort, other_cohort, students):
    InschrijvingFactory.create(studentnummer="290001", cohort=other_cohort)

    result = run(coordinator, cohort, "studentnummer;rekenen\n300001;6,5\n290001;7,0\n")

    assert result.errors == [
        RowError(
            3,
            "kolom 'studentnummer': '290001' is ingeschreven in cohort Intercedent 2024-2025, niet in "
            "Intercedent 2025-2026.",
            "studentnummer",
        )
    ]
    assert GeneriekResultaat.objects.count() == 0


def test_every_error_in_a_file_is_reported_together_in_line_and_column_order(coordinator, cohort, students):
    keuzedeel_save(inschrijving=students["300003"], by=coordinator, code="K0125", naam="A", sbu=240)
    text = "\n".join(
        [
            HEADER,
            line("300001", rekenen="7,0", keuzedeel1_code="K0126", keuzedeel1_naam='"Verdieping\nrecruitment"'),
            "",  # a blank line still counts
            line("300002", keuzedeel1_code="K0127", keuzedeel1_cijfer="12", nederlands_ce="11", bpv_voldaan="?"),
            line("300003", keuzedeel2_code="K0125", keuzedeel2_cijfer="6,0"),  # known keuzedeel: code is enough
            line("300001", engels_ce="6,0"),
            line("123456", rekenen="6,0"),
        ]
    )
    before = snapshot()

    result = run(coordinator, cohort, text)

    sbu_leeg = "is leeg, maar keuzedeel %s staat nog niet bij deze student; vul naam en SBU in."
    assert result.errors == [
        RowError(2, f"kolom 'keuzedeel1_sbu' {sbu_leeg % 'K0126'}", "keuzedeel1_sbu"),
        RowError(4, "kolom 'nederlands_ce': '11' ligt niet tussen 1,0 en 10,0.", "nederlands_ce"),
        RowError(
            4,
            "kolom 'bpv_voldaan': '?' is geen geldige waarde; gebruik voldaan, niet voldaan, ja of nee.",
            "bpv_voldaan",
        ),
        RowError(4, "kolom 'keuzedeel1_cijfer': '12' ligt niet tussen 1,0 en 10,0.", "keuzedeel1_cijfer"),
        RowError(6, "kolom 'studentnummer': '300001' staat ook op regel 2.", "studentnummer"),
        RowError(7, "kolom 'studentnummer': '123456' is bij geen enkel cohort ingeschreven.", "studentnummer"),
    ]
    assert snapshot() == before


def test_a_non_coordinator_may_not_import(cohort, students, outsider):
    beoordelaar = UserFactory.create(username="beoordelaar")
    beoordelaar.groups.add(groups_ensure()["beoordelaar"])
    text = "studentnummer;rekenen\n300001;6,5\n"

    for by in (outsider, beoordelaar, students["300001"].student):
        with pytest.raises(PermissionDenied, match="Alleen een coördinator kan resultaten importeren."):
            generiek_import_csv(by=by, cohort=cohort, fileobj=upload(text))

    assert GeneriekResultaat.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "naam;rekenen\nSanne;6,5\n",
            "De kopregel mist de verplichte kolom 'studentnummer'. De eerste regel moet de kolomnamen bevatten, "
            "gescheiden door ';' of ','.",
        ),
        (
            "studentnummer;naam;klas\n300001;Sanne;C1A\n",
            "De kopregel heeft geen enkele resultaatkolom; gebruik bijvoorbeeld 'nederlands_ce', 'nederlands_se', "
            "'engels_ce', 'engels_se', 'rekenen', 'loopbaan_burgerschap', 'bpv_uren', 'bpv_voldaan', "
            "'keuzedeel1_code'.",
        ),
        ("studentnummer;Rekenen;rekenen\n300001;6,5;6,5\n", "De kolom 'rekenen' staat meer dan eens in de kopregel."),
        (
            "studentnummer;keuzedeel7_code\n300001;K0125\n",
            "De kolom 'keuzedeel7_code' is onbekend; gebruik keuzedeel1_code, keuzedeel1_naam, keuzedeel1_sbu, "
            "keuzedeel1_cijfer en zo verder tot en met keuzedeel6.",
        ),
        (
            "studentnummer;keuzedeel1_omvang\n300001;240\n",
            "De kolom 'keuzedeel1_omvang' is onbekend; gebruik keuzedeel1_code, keuzedeel1_naam, keuzedeel1_sbu, "
            "keuzedeel1_cijfer en zo verder tot en met keuzedeel6.",
        ),
        (
            "studentnummer;keuzedeel2_naam;keuzedeel2_cijfer\n300001;Verdieping;7\n",
            "De kopregel heeft kolommen van keuzedeel2 maar niet de kolom 'keuzedeel2_code'.",
        ),
        ("studentnummer;rekenen\n", "Het bestand bevat alleen een kopregel en geen studenten."),
        (
            'studentnummer;rekenen\n300001;"6,5\n',
            "Het bestand kan niet als CSV worden gelezen (regel 2): unexpected end of data",
        ),
    ],
)
def test_a_bad_header_is_refused_on_line_1(coordinator, cohort, students, text, message):
    result = run(coordinator, cohort, text)

    assert result.errors == [RowError(1, message)]
    assert GeneriekResultaat.objects.count() == 0


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b" \r\n\r\n", b";;;\r\n;;;\r\n"])
def test_an_empty_file_is_refused(coordinator, cohort, content):
    result = generiek_import_csv(by=coordinator, cohort=cohort, fileobj=SimpleUploadedFile("leeg.csv", content))

    assert result.errors == [RowError(1, "Het bestand is leeg.")]


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04\x14\x00\x06\x00xl/workbook.xml", "studentnummer;rekenen".encode("utf-16"), b"\x81\x8d\x8f\x90"],
)
def test_a_file_that_is_not_text_is_refused(coordinator, cohort, content):
    result = generiek_import_csv(by=coordinator, cohort=cohort, fileobj=SimpleUploadedFile("x.csv", content))

    assert result.errors == [
        RowError(
            1, "Het bestand is geen CSV-tekstbestand. Sla het in Excel op als CSV (puntkomma- of kommagescheiden)."
        )
    ]


def test_a_file_over_5_mb_is_refused(coordinator, cohort):
    content = b"studentnummer;rekenen\n" + b"x" * (5 * 1024 * 1024)

    result = generiek_import_csv(by=coordinator, cohort=cohort, fileobj=SimpleUploadedFile("x.csv", content))

    assert result.errors == [RowError(1, "Het bestand is groter dan 5 MB; splits het in kleinere bestanden.")]


def test_a_file_with_more_than_5000_students_is_refused(coordinator, cohort):
    rows = [f"{400000 + n};6,5" for n in range(5001)]

    result = run(coordinator, cohort, "\n".join(["studentnummer;rekenen", *rows]))

    assert result.errors == [
        RowError(1, "Het bestand heeft meer dan 5000 studenten; splits het in kleinere bestanden.")
    ]


# -- query counts ------------------------------------------------------------------------------------


@pytest.fixture
def cohort_of_200(cohort, coordinator) -> list[str]:
    numbers = [str(400000 + n) for n in range(200)]
    inschrijvingen = InschrijvingFactory.create_batch(200, cohort=cohort, studentnummer=factory.Iterator(numbers))
    # Half of them have results already, so the import both creates and updates.
    GeneriekResultaat.objects.bulk_create(
        GeneriekResultaat(inschrijving=i, rekenen=Decimal("5.0")) for i in inschrijvingen[:100]
    )
    KeuzedeelResultaat.objects.bulk_create(
        KeuzedeelResultaat(inschrijving=i, code="K0125", naam="A", sbu=240) for i in inschrijvingen[:100]
    )
    return numbers


def full_line(nummer: str) -> str:
    return line(
        nummer,
        nederlands_ce="6,5",
        nederlands_se="7,0",
        engels_ce="6,1",
        engels_se="5,8",
        rekenen="7,2",
        loopbaan_burgerschap="voldaan",
        bpv_uren="960",
        bpv_voldaan="ja",
        **{
            f"keuzedeel{n}_{part}": value
            for n in range(1, 7)
            for part, value in (("code", f"K012{n}"), ("naam", f"Keuzedeel {n}"), ("sbu", "240"), ("cijfer", "6,8"))
        },
    )


def test_importing_200_full_rows_takes_a_fixed_number_of_queries(
    coordinator, cohort, cohort_of_200, django_assert_max_num_queries
):
    text = "\n".join([HEADER, *(full_line(nummer) for nummer in cohort_of_200)])
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)  # no cached permissions

    # Permissions (2), the coordinator's opleidingen, enrolments, savepoint, the stored results (2), savepoint,
    # two inserts, release, two updates, marking the stored readiness stale (2), release: whatever the number
    # of rows (up to the lookup chunk and the database's batch size).
    with django_assert_max_num_queries(16):
        result = run(coordinator, cohort, text)

    assert result.errors == []
    assert len(result.changed) == 200
    assert (result.keuzedelen_created, result.keuzedelen_updated) == (1100, 100)
    assert GeneriekResultaat.objects.filter(rekenen=Decimal("7.2"), bpv_uren=960).count() == 200
    assert KeuzedeelResultaat.objects.filter(cijfer=Decimal("6.8"), afgelegd=True).count() == 1200
    assert Gereedheid.objects.filter(inschrijving__cohort=cohort, versie=1, berekend_versie=None).count() == 200


def test_checking_200_rows_with_errors_takes_a_fixed_number_of_queries(
    coordinator, cohort, cohort_of_200, other_cohort, django_assert_max_num_queries
):
    InschrijvingFactory.create(studentnummer="290001", cohort=other_cohort)
    rows = [line(nummer, rekenen="11", keuzedeel1_code="K0999") for nummer in cohort_of_200]
    text = "\n".join([HEADER, *rows, line("290001", rekenen="6,0"), line("999999", rekenen="6,0")])
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)
    before = snapshot()

    # As above, up to the check: permissions (2), the coordinator's opleidingen, enrolments, ...
    with django_assert_max_num_queries(9):
        result = run(coordinator, cohort, text)

    assert len(result.errors) == 200 * 3 + 2
    assert result.errors[:3] == [
        RowError(2, "kolom 'rekenen': '11' ligt niet tussen 1,0 en 10,0.", "rekenen"),
        RowError(
            2,
            "kolom 'keuzedeel1_naam' is leeg, maar keuzedeel K0999 staat nog niet bij deze student; "
            "vul naam en SBU in.",
            "keuzedeel1_naam",
        ),
        RowError(
            2,
            "kolom 'keuzedeel1_sbu' is leeg, maar keuzedeel K0999 staat nog niet bij deze student; vul naam en SBU in.",
            "keuzedeel1_sbu",
        ),
    ]
    assert result.errors[-1] == RowError(
        203, "kolom 'studentnummer': '999999' is bij geen enkel cohort ingeschreven.", "studentnummer"
    )
    assert snapshot() == before
