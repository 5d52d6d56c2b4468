from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from dossier.keuzedeel_import import keuzedelen_parse
from dossier.models import Keuzedeel, Profiel

DEMO_CSV = Path(__file__).resolve().parents[2] / "fixtures" / "keuzedelen-demo.csv"

VALID = (
    "code;naam;sbu;crebo\nK0101;Verdieping software;240;25136\nK0102;Ondernemen;480;25136 25132\nK0103;Engels B1;240;\n"
)


@pytest.fixture
def write_csv(tmp_path):
    def write(text: str, *, encoding: str = "utf-8", bom: bool = False) -> Path:
        path = tmp_path / "keuzedelen.csv"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
        return path

    return write


def run_import(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("import_keuzedelen", str(path), *args, stdout=out)
    return out.getvalue()


def refusal(path: Path) -> str:
    with pytest.raises(CommandError) as excinfo:
        run_import(path)
    return str(excinfo.value)


def catalogue() -> list[tuple[str, str, int, list[str]]]:
    return [
        (k.code, k.naam, k.omvang, sorted(p.code for p in k.profielen.all()))
        for k in Keuzedeel.objects.prefetch_related("profielen").order_by("code")
    ]


# -- a valid file -----------------------------------------------------------------------------------------


def test_valid_file_stores_exact_rows_and_links_profielen_by_crebo(commercie, write_csv):
    output = run_import(write_csv(VALID))

    assert "Keuzedelen: 3 nieuw, 0 gewijzigd, 0 ongewijzigd" in output
    assert catalogue() == [
        ("K0101", "Verdieping software", 240, ["P3"]),
        ("K0102", "Ondernemen", 480, ["P3", "P4"]),
        ("K0103", "Engels B1", 240, []),
    ]


def test_reimport_of_the_same_file_changes_nothing(commercie, write_csv):
    path = write_csv(VALID)
    run_import(path)
    before = list(Keuzedeel.objects.order_by("pk").values_list("pk", "code", "naam", "omvang"))

    output = run_import(path)

    assert "Keuzedelen: 0 nieuw, 0 gewijzigd, 3 ongewijzigd" in output
    assert list(Keuzedeel.objects.order_by("pk").values_list("pk", "code", "naam", "omvang")) == before


def test_changed_naam_sbu_and_crebo_are_updated_in_place(commercie, write_csv):
    run_import(write_csv(VALID))
    pk = Keuzedeel.objects.get(code="K0101").pk

    output = run_import(
        write_csv(
            "code;naam;sbu;crebo\n"
            "K0101;Verdieping software (nieuw);480;25132\n"
            "K0102;Ondernemen;480;25136 25132\n"
            "K0103;Engels B1;240;\n"
        )
    )

    assert "Keuzedelen: 0 nieuw, 1 gewijzigd, 2 ongewijzigd" in output
    assert catalogue()[0] == ("K0101", "Verdieping software (nieuw)", 480, ["P4"])
    assert Keuzedeel.objects.get(code="K0101").pk == pk


def test_without_crebo_column_the_stored_profielen_stay(commercie, write_csv):
    run_import(write_csv(VALID))

    output = run_import(write_csv("code,naam,sbu\nK0101,Verdieping software,240\nK0104,Nieuw,240\n"))

    assert "Keuzedelen: 1 nieuw, 0 gewijzigd, 1 ongewijzigd" in output
    assert [row for row in catalogue() if row[0] in ("K0101", "K0104")] == [
        ("K0101", "Verdieping software", 240, ["P3"]),
        ("K0104", "Nieuw", 240, []),
    ]


def test_comma_delimiter_lower_case_code_and_quoted_crebo_list(commercie, write_csv):
    run_import(write_csv('code,naam,sbu,crebo\nk0101,"Verdieping, software",240,"25136, 25132"\n'))

    assert catalogue() == [("K0101", "Verdieping, software", 240, ["P3", "P4"])]


def test_crebo_without_profiel_is_skipped_and_listed(commercie, write_csv):
    output = run_import(write_csv("code;naam;sbu;crebo\nK0101;Verdieping;240;99999 25136\n"))

    assert "Crebo's zonder profiel in het portaal (niet gekoppeld): 99999" in output
    assert catalogue() == [("K0101", "Verdieping", 240, ["P3"])]


def test_crebo_links_every_profiel_with_that_crebo(commercie, write_csv):
    # A newer version of the dossier has its own Profiel row with the same crebo.
    other = Profiel.objects.get(code="P3")
    other.pk = None
    other.code, other.naam = "P3b", "Intercedent (nieuwe versie)"
    other.save()

    run_import(write_csv("code;naam;sbu;crebo\nK0101;Verdieping;240;25136\n"))

    assert catalogue() == [("K0101", "Verdieping", 240, ["P3", "P3b"])]


def test_cp1252_file_from_excel_keeps_the_e_trema(commercie, write_csv):
    run_import(write_csv("code;naam;sbu\nK0101;Commerciële communicatie;240\n", encoding="cp1252"))

    assert catalogue() == [("K0101", "Commerciële communicatie", 240, [])]


def test_utf8_file_with_bom_reads_the_first_column_name(commercie, write_csv):
    run_import(write_csv("code;naam;sbu\nK0101;Commerciële communicatie;240\n", bom=True))

    assert catalogue() == [("K0101", "Commerciële communicatie", 240, [])]


def test_dry_run_counts_and_stores_nothing(commercie, write_csv):
    output = run_import(write_csv(VALID), "--dry-run")

    assert "Keuzedelen: 3 nieuw, 0 gewijzigd, 0 ongewijzigd" in output
    assert "niets opgeslagen" in output
    assert Keuzedeel.objects.count() == 0


def test_dry_run_of_a_change_leaves_the_stored_row(commercie, write_csv):
    run_import(write_csv(VALID))

    output = run_import(write_csv("code;naam;sbu;crebo\nK0101;Anders;480;\n"), "--dry-run")

    assert "Keuzedelen: 0 nieuw, 1 gewijzigd, 0 ongewijzigd" in output
    assert catalogue()[0] == ("K0101", "Verdieping software", 240, ["P3"])


def test_demo_csv_imports_cleanly_and_is_marked_as_demo(commercie):
    output = run_import(DEMO_CSV)

    assert "Keuzedelen: 6 nieuw, 0 gewijzigd, 0 ongewijzigd" in output
    assert "Crebo's zonder profiel" not in output
    rows = catalogue()
    assert [row[0] for row in rows] == ["K9001", "K9002", "K9003", "K9004", "K9005", "K9006"]
    assert all(naam.startswith("Demo: ") for _, naam, _, _ in rows)
    assert {omvang for _, _, omvang, _ in rows} == {240, 480}
    assert rows[0] == ("K9001", "Demo: Verdieping commerciële communicatie", 240, ["P3"])
    assert any(profielen == [] for *_, profielen in rows)
    assert "0 nieuw, 0 gewijzigd, 6 ongewijzigd" in run_import(DEMO_CSV)


# -- refused files: the line number in Dutch, nothing stored ----------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("X0104;Naam;240", "regel 3: kolom 'code': 'X0104' is geen code van een keuzedeel"),
        ("K104;Naam;240", "regel 3: kolom 'code': 'K104' is geen code van een keuzedeel"),
        ("K01045;Naam;240", "regel 3: kolom 'code': 'K01045' is geen code van een keuzedeel"),
        (";Naam;240", "regel 3: kolom 'code' is leeg."),
        ("K0104;;240", "regel 3: kolom 'naam' is leeg."),
        ("K0104;   ;240", "regel 3: kolom 'naam' is leeg."),
        ("K0104;" + "x" * 201 + ";240", "regel 3: kolom 'naam': '" + "x" * 57 + "...' is langer dan 200 tekens."),
        ("K0104;Naam;0", "regel 3: kolom 'sbu': '0' moet groter dan 0 zijn."),
        ("K0104;Naam;veel", "regel 3: kolom 'sbu': 'veel' is geen heel getal."),
        ("K0104;Naam;-240", "regel 3: kolom 'sbu': '-240' is geen heel getal."),
        ("K0104;Naam;240,5", "regel 3: kolom 'sbu': '240,5' is geen heel getal."),
        ("K0104;Naam;10001", "regel 3: kolom 'sbu': '10001' is meer dan 10000."),
        ("K0104;Naam;99999999999999999999", "regel 3: kolom 'sbu': '99999999999999999999' is meer dan 10000."),
        ("K0104;Naam;", "regel 3: kolom 'sbu' is leeg."),
        ("K0104;Naam;240;2513", "regel 3: kolom 'crebo': '2513' is geen crebocode"),
        ("K0101;Nog een keer;240", "regel 3: kolom 'code': 'K0101' staat ook op regel 2."),
        ("k0101;Nog een keer;240", "regel 3: kolom 'code': 'K0101' staat ook op regel 2."),
        ("K0104;Naam;240;25136;extra", "regel 3: de regel heeft meer waarden dan de kopregel kolommen heeft"),
    ],
)
def test_bad_line_is_refused_with_its_line_number_and_nothing_stored(commercie, write_csv, line, expected):
    path = write_csv(f"code;naam;sbu;crebo\nK0101;Goed;240;25136\n{line}\nK0105;Ook goed;480;\n")

    message = refusal(path)

    assert message.startswith("Niet ingelezen, de database is ongewijzigd.")
    assert expected in message
    assert Keuzedeel.objects.count() == 0


def test_every_error_is_listed_in_line_order(commercie, write_csv):
    message = refusal(write_csv("code;naam;sbu\nK1;;0\nK0102;Goed;240\n\nK0103;Naam;tien\n"))

    assert message.splitlines()[1:] == [
        "  regel 2: kolom 'code': 'K1' is geen code van een keuzedeel (een K en vier cijfers, zoals K0123).",
        "  regel 2: kolom 'naam' is leeg.",
        "  regel 2: kolom 'sbu': '0' moet groter dan 0 zijn.",
        "  regel 5: kolom 'sbu': 'tien' is geen heel getal.",
    ]


def test_refused_file_leaves_the_existing_catalogue_as_it_was(commercie, write_csv):
    run_import(write_csv(VALID))
    before = catalogue()

    refusal(write_csv("code;naam;sbu;crebo\nK0101;Gewijzigd;480;\nK0199;Nieuw;0;\n"))

    assert catalogue() == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("code;naam\nK0101;Naam\n", "regel 1: De kopregel mist de verplichte kolommen: 'sbu'."),
        ("K0101;Verdieping;240\n", "regel 1: De kopregel mist de verplichte kolommen: 'code', 'naam', 'sbu'."),
        ("\n\ncode;sbu\nK0101;240\n", "regel 3: De kopregel mist de verplichte kolommen: 'naam'."),
        ("code;naam;sbu;code\nK0101;Naam;240;K0101\n", "regel 1: De kolom 'code' staat meer dan eens in de kopregel."),
        ("code;naam;sbu\n", "regel 1: Het bestand bevat alleen een kopregel en geen keuzedelen."),
        ("", "regel 1: Het bestand is leeg."),
        ("  \n\n", "regel 1: Het bestand is leeg."),
        ('code;naam;sbu\nK0101;"Naam;240\nK0102;Naam;240\n', "Het bestand kan niet als CSV worden gelezen"),
    ],
)
def test_bad_file_is_refused_with_a_dutch_message(commercie, write_csv, text, expected):
    message = refusal(write_csv(text))

    assert expected in message
    assert Keuzedeel.objects.count() == 0


def test_empty_file_with_only_a_bom_is_refused(commercie, write_csv):
    assert "regel 1: Het bestand is leeg." in refusal(write_csv("", bom=True))


def test_bom_does_not_shift_line_numbers(commercie, write_csv):
    message = refusal(write_csv("code;naam;sbu\nK0101;Goed;240\nK0102;Fout;0\n", bom=True))

    assert "regel 3: kolom 'sbu': '0' moet groter dan 0 zijn." in message
    assert Keuzedeel.objects.count() == 0


def test_cp1252_file_with_a_bad_line_is_refused_with_its_line_number(commercie, write_csv):
    message = refusal(
        write_csv("code;naam;sbu\nK0101;Commerciële communicatie;240\nK0102;Café;nul\n", encoding="cp1252")
    )

    assert "regel 3: kolom 'sbu': 'nul' is geen heel getal." in message
    assert Keuzedeel.objects.count() == 0


def test_binary_file_is_refused(commercie, tmp_path):
    path = tmp_path / "keuzedelen.xlsx"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")

    assert "Het bestand is geen CSV-tekstbestand." in refusal(path)


def test_missing_file_and_directory_are_refused(commercie, tmp_path):
    assert "Bestand niet gevonden" in refusal(tmp_path / "bestaat-niet.csv")
    assert "is een map, geen bestand" in refusal(tmp_path)


# -- the parser on its own ---------------------------------------------------------------------------------


def test_parse_reads_no_database_and_returns_rows():
    # No db fixture: any query would fail the test.
    parsed = keuzedelen_parse(b"code;naam;sbu;crebo\nK0101;Naam;240;25136,99999\n", known_crebos={"25136"})

    assert parsed.ok
    assert parsed.has_crebo
    assert [(r.line, r.code, r.naam, r.sbu, r.crebos) for r in parsed.rows] == [(2, "K0101", "Naam", 240, ("25136",))]
    assert parsed.unknown_crebos == ["99999"]


def test_parse_with_errors_returns_no_rows():
    parsed = keuzedelen_parse(b"code;naam;sbu\nK0101;Naam;240\nK0102;;240\n", known_crebos=set())

    assert not parsed.ok
    assert parsed.rows == []
    assert [(e.line, e.message) for e in parsed.errors] == [(3, "kolom 'naam' is leeg.")]
