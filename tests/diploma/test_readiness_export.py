"""The readiness exports as a coordinator opens them: the marks and filter buttons in the xlsx, and PDF
headers that wrap between words, never inside one."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from reportlab.pdfgen.textobject import PDFTextObject

from diploma.models import Report, Vrijstelling
from diploma.reports import builders, report_build
from diploma.selectors import ConditionResult, StudentReadiness
from tests.factories import InschrijvingFactory, complete_student

GRADE_HEADERS = [
    "Nederlands CE",
    "Nederlands IE",
    "Nederlands eindcijfer",
    "Engels CE",
    "Engels IE",
    "Engels eindcijfer",
    "Rekenen",
    "Loopbaan en burgerschap",
    "BPV-uren",
    "BPV voldaan",
    "Vrijstellingen",
]


def build(report: Report):
    report_build(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.error
    with report.file.open("rb") as handle:
        return load_workbook(io.BytesIO(handle.read())).active


# -- xlsx --------------------------------------------------------------------------------------------------


def test_readiness_xlsx_has_the_marks_and_a_filter_over_header_and_rows(
    coordinator, cohort, inschrijving, praktijk, school
):
    complete_student(inschrijving, praktijk=praktijk, school=school, coordinator=coordinator)
    inschrijving.refresh_from_db()
    other = InschrijvingFactory.create(cohort=cohort, studentnummer="999999")
    Vrijstelling.objects.create(inschrijving=other, onderdeel="engels", reden="Vooropleiding")
    report = Report.objects.create(kind=Report.Kind.READINESS_XLSX, cohort=cohort, requested_by=coordinator)

    sheet = build(report)

    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert header[:4] == ["Studentnummer", "Naam", "Profiel", "Uitkomst"]
    assert header[4 : 4 + len(GRADE_HEADERS)] == GRADE_HEADERS
    kerntaak_columns = [name for name in header if str(name).startswith("Kerntaak ")]
    assert kerntaak_columns, header
    assert "Keuzedelen (SBU)" in header
    assert "Keuzedeel K0001 Sales" in header
    assert "Keuzedeel K0002 Engels" in header
    assert header[-1] == "Open punten"
    # The conditions and their explanations are still there, after the marks.
    assert header.index("Nederlands eindcijfer") < header.index("Open punten")

    by_nummer = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    mine = by_nummer[inschrijving.studentnummer]
    assert mine["Uitkomst"] == "gereed"
    assert {name: mine[name] for name in GRADE_HEADERS} == {
        "Nederlands CE": 6.0,
        "Nederlands IE": 6.4,
        "Nederlands eindcijfer": 6,  # (6,0 + 6,4) / 2 = 6,2
        "Engels CE": 5.4,
        "Engels IE": 5.5,
        "Engels eindcijfer": 5,  # 5,45 rounds half up to 5, never to 6 by way of 5,5
        "Rekenen": 6.0,
        "Loopbaan en burgerschap": "voldaan",
        "BPV-uren": 1000,
        "BPV voldaan": "voldaan",
        "Vrijstellingen": None,
    }
    assert (mine["Keuzedelen (SBU)"], mine["Keuzedeel K0001 Sales"], mine["Keuzedeel K0002 Engels"]) == (720, 7, 6)
    assert {mine[name] for name in kerntaak_columns} == {"voldoende"}
    # Marks are numbers a spreadsheet sorts and filters on; the studentnummer stays text.
    mark_cell = sheet.cell(row=2 + list(by_nummer).index(inschrijving.studentnummer), column=5)
    assert mark_cell.data_type == "n"
    assert sheet["A2"].data_type == "s"

    theirs = by_nummer["999999"]
    assert theirs["Vrijstellingen"] == "Engels"
    assert theirs["Nederlands CE"] is None
    assert theirs["Keuzedeel K0001 Sales"] is None
    assert theirs["Keuzedelen (SBU)"] is None

    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(header))}{len(rows)}"
    assert sheet.freeze_panes == "C2"
    # The status colours moved along with the conditions.
    first_condition = get_column_letter(header.index("Keuzedeel K0002 Engels") + 2)
    sqrefs = {str(cf.sqref) for cf in sheet.conditional_formatting}
    assert f"{first_condition}2:{first_condition}{len(rows)}" in sqrefs


def test_readiness_xlsx_of_an_empty_cohort_has_the_header_and_its_filter(coordinator, cohort):
    report = Report.objects.create(kind=Report.Kind.READINESS_XLSX, cohort=cohort, requested_by=coordinator)

    sheet = build(report)

    header = [cell.value for cell in next(sheet.iter_rows())]
    assert header[4 : 4 + len(GRADE_HEADERS)] == GRADE_HEADERS
    assert sheet.auto_filter.ref.startswith("A1:")


def test_readiness_xlsx_queries_do_not_grow_with_the_cohort(
    coordinator, cohort, inschrijving, django_assert_max_num_queries
):
    def make_students(n: int, start: int) -> None:
        for i in range(n):
            student = InschrijvingFactory.create(cohort=cohort, studentnummer=f"{start + i}")
            student.keuzedelen.create(code="K0080", naam="Ondernemen", sbu=240, cijfer=Decimal("6.5"))

    make_students(2, 500000)
    report = Report.objects.create(kind=Report.Kind.READINESS_XLSX, cohort=cohort, requested_by=coordinator)
    with django_assert_max_num_queries(60) as small:
        build(report)
    make_students(30, 600000)
    bigger = Report.objects.create(kind=Report.Kind.READINESS_XLSX, cohort=cohort, requested_by=coordinator)

    with django_assert_max_num_queries(len(small.captured_queries)):
        sheet = build(bigger)
    assert sheet.max_row == 1 + 33


def test_readiness_csv_keeps_its_columns(coordinator, cohort, inschrijving):
    # Only the spreadsheet gains the marks; the CSV columns stay as they were.
    report = Report.objects.create(kind=Report.Kind.READINESS_CSV, cohort=cohort, requested_by=coordinator)

    report_build(report_id=report.pk)

    report.refresh_from_db()
    with report.file.open("rb") as handle:
        header = handle.read().decode("utf-8-sig").splitlines()[0].split(";")
    assert "Nederlands CE" not in header
    assert header[:4] == ["Studentnummer", "Naam", "Profiel", "Uitkomst"]


# -- PDF ---------------------------------------------------------------------------------------------------


@pytest.fixture
def drawn_text(monkeypatch):
    """Every piece of text reportlab writes into the PDF's content stream, in order: one entry per line of a
    wrapped paragraph, so a word broken over two lines shows up as two pieces."""
    pieces: list[str] = []
    original = PDFTextObject._formatText  # type: ignore[attr-defined]  # private, so not in types-reportlab

    def record(self, text):
        pieces.append(text)
        return original(self, text)

    monkeypatch.setattr(PDFTextObject, "_formatText", record)
    return pieces


def not_ready(nummer: str) -> StudentReadiness:
    condition = ConditionResult("nederlands", "Nederlands", "not_met", "CE ontbreekt")
    return StudentReadiness(
        inschrijving_id=int(nummer),
        studentnummer=nummer,
        naam="Sanne de Vries",
        profiel="P3",
        uitkomst="nog_niet",
        conditions=(condition,),
        open_items=("Nederlands: centraal examen ontbreekt",),
    )


@pytest.mark.parametrize("fonts", ["DejaVu", "Helvetica"])
def test_readiness_pdf_headers_break_between_words_only(drawn_text, monkeypatch, fonts):
    if fonts == "Helvetica":
        monkeypatch.setattr(builders, "_fonts", builders._Fonts("Helvetica", "Helvetica-Bold"))
    elif builders._pdf_fonts().regular != "DossierSans":
        pytest.skip("DejaVu Sans is not installed")
    out = io.BytesIO()

    builders.build_readiness_pdf([not_ready("700001"), not_ready("700002")], out, cohort_label="Intercedent")

    assert out.getvalue().startswith(b"%PDF-")
    words = {word for piece in drawn_text for word in piece.split()}
    for header in ("Studentnummer", "Profiel", "Naam", "Voorwaarde", "Onbekend"):
        assert header in words, drawn_text
    # "Studentnum" + "mer", "Profi" + "el": what a header broken inside a word leaves behind.
    assert not {"Studentnum", "mer", "Profi", "el", "Onbe", "kend"} & words, drawn_text
    for multi_word in ("Niet voldaan", "Eerste open punten"):
        assert all(word in words for word in multi_word.split())


def test_student_progress_pdf_headers_break_between_words_only(drawn_text, inschrijving):
    from assessment.selectors import final_niveaus, kerntaak_results, voorschrift_for
    from portfolio.selectors import portfolio_progress

    blocks = portfolio_progress(inschrijving=inschrijving)
    niveaus = final_niveaus(inschrijving=inschrijving)
    outcomes = kerntaak_results(
        inschrijving=inschrijving,
        progress=blocks,
        cijfers=voorschrift_for(inschrijving=inschrijving).kerntaak_cijfers,
        niveaus=niveaus,
    )

    builders.build_student_progress_pdf(
        inschrijving=inschrijving, progress_blocks=blocks, kerntaak_outcomes=outcomes, out=io.BytesIO()
    )

    words = {word for piece in drawn_text for word in piece.split()}
    assert {"Werkproces", "Voortgang", "Bewijsstukken", "Examenuitslag", "Criteria", "gedekt"} <= words


def test_fit_widths_gives_the_widened_column_room_from_the_flexible_one():
    style = builders._styles().head
    asked = [10.0, 200.0]

    fitted = builders._fit_widths(["Studentnummer", "Eerste open punten"], asked, style, flexible=1)

    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert fitted[0] >= stringWidth("Studentnummer", style.fontName, style.fontSize) + 12
    assert sum(fitted) == pytest.approx(sum(asked))
