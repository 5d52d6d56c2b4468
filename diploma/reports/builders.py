"""File builders for reports: PDF (reportlab), xlsx (rustpy-xlsxwriter, constant memory) and CSV.

Builders do no database access: they take plain values or row iterators and write to a binary file
object. They stream: rows are consumed one at a time and never collected, so a cohort of thousands
costs the same memory as a cohort of ten. `on_progress(n)` is called with the number of rows consumed
so far; the caller decides how often that is worth writing down.

Spreadsheet cells are made safe against formula injection: a text that starts with =, +, -, @, a tab
or a carriage return gets a leading apostrophe, in CSV and xlsx alike, so a student called
"=HYPERLINK(...)" stays text when a coordinator opens the file in Excel.
"""

import codecs
import csv
import io
import json
import logging
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, NamedTuple
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, LongTable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from rustpy_xlsxwriter import Format, write_worksheet

if TYPE_CHECKING:
    from assessment.rules import KerntaakOutcome
    from diploma.selectors import StudentReadiness
    from portfolio.models import Inschrijving

logger = logging.getLogger(__name__)

type OnProgress = Callable[[int], None] | None

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_CELL = 32_767  # Excel refuses longer cells
NOT_READY_LIST_MAX = 2_000  # the PDF summary lists at most this many students by name
OPEN_ITEMS_IN_PDF = 3
SPOOL_PROGRESS_EVERY = 500  # rows between heartbeats while writing spooled rows
CELL_PADDING = 12 + 1  # points: a table cell's left and right padding (6 each, reportlab's default), and a margin

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


def _noop(_done: int) -> None:
    return None


# -- cell safety -----------------------------------------------------------------------------------------


def safe_text(value: object) -> str:
    """The value as text that no spreadsheet program will evaluate as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


# Control characters an XML 1.0 document cannot hold (tab, line feed and carriage return it can).
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx_text(value: object) -> str:
    """Text made safe, stripped of characters XML cannot hold, and cut to what Excel accepts."""
    return XML_ILLEGAL.sub("", safe_text(value))[:XLSX_MAX_CELL]


def _xlsx_cell(value: object) -> object:
    """Numbers stay numbers and an empty cell stays empty; everything else is written as _xlsx_text."""
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    return _xlsx_text(value)


# -- readiness rows ----------------------------------------------------------------------------------------

CONDITION_LABELS = {
    "met": gettext_lazy("voldaan"),
    "not_met": gettext_lazy("niet voldaan"),
    "unknown": gettext_lazy("onbekend"),
}
UITKOMST_LABELS = {"gereed": gettext_lazy("gereed"), "nog_niet": gettext_lazy("nog niet gereed")}


class GradedReadiness(NamedTuple):
    """A student's readiness with the marks behind it, keyed as GradeColumns.keys() (diploma.reports.data)."""

    readiness: "StudentReadiness"
    grades: Mapping[str, object]


@dataclass(frozen=True)
class GradeColumns:
    """The marks columns of a readiness export: the generic subjects, then a column per kerntaak and per keuzedeel
    that occurs in the cohort, known before the first row."""

    kerntaken: Sequence[str] = ()  # kerntaak codes, in dossier order
    keuzedelen: Sequence[tuple[str, str]] = ()  # (code, naam), by code

    def keys(self) -> list[str]:
        return [
            *GENERIEK_COLUMNS,
            *(f"kerntaak:{code}" for code in self.kerntaken),
            "keuzedelen_sbu",
            *(f"keuzedeel:{code}" for code, _naam in self.keuzedelen),
        ]

    def labels(self) -> list[str]:
        return [
            *(str(label) for label in GENERIEK_COLUMNS.values()),
            *(_("Kerntaak %(code)s") % {"code": code} for code in self.kerntaken),
            _("Keuzedelen (SBU)"),
            *(_("Keuzedeel %(code)s %(naam)s") % {"code": code, "naam": naam} for code, naam in self.keuzedelen),
        ]


GENERIEK_COLUMNS = {
    "nederlands_ce": gettext_lazy("Nederlands CE"),
    "nederlands_se": gettext_lazy("Nederlands IE"),
    "nederlands": gettext_lazy("Nederlands eindcijfer"),
    "engels_ce": gettext_lazy("Engels CE"),
    "engels_se": gettext_lazy("Engels IE"),
    "engels": gettext_lazy("Engels eindcijfer"),
    "rekenen": gettext_lazy("Rekenen"),
    "loopbaan_burgerschap": gettext_lazy("Loopbaan en burgerschap"),
    "bpv_uren": gettext_lazy("BPV-uren"),
    "bpv_voldaan": gettext_lazy("BPV voldaan"),
    "vrijstellingen": gettext_lazy("Vrijstellingen"),
}


def _grade_cell(value: object, labels: Mapping[bool, str]) -> object:
    """A mark as a number (so a spreadsheet sorts and filters it as one), a yes/no as its label, else text."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return labels[value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, int | float):
        return value
    return str(value)


def _grade_cells(grades: Mapping[str, object], keys: Sequence[str], labels: Mapping[bool, str]) -> list[object]:
    return [_grade_cell(grades.get(key), labels) for key in keys]


def _yes_no_labels() -> dict[bool, str]:
    return {True: _condition_label("met"), False: _condition_label("not_met")}


def _split(item: "StudentReadiness | GradedReadiness") -> tuple["StudentReadiness", Mapping[str, object]]:
    if isinstance(item, GradedReadiness):
        return item.readiness, item.grades
    return item, {}


def _condition_label(status: str) -> str:
    return str(CONDITION_LABELS.get(status, status))


def _uitkomst_label(uitkomst: str) -> str:
    return str(UITKOMST_LABELS.get(uitkomst, uitkomst))


@dataclass
class _ReadinessSpool:
    """Readiness rows written to a temporary file in one pass, while the condition columns are collected.

    A cohort can mix profielen whose rule sets check different conditions, and the header of a CSV or
    write-only sheet must come first; so the rows go to disk, and the file is written in a second pass
    once every column is known. Memory holds only the list of conditions.
    """

    conditions: dict[str, str] = field(default_factory=dict)  # code -> naam, in first-seen order
    grades: GradeColumns | None = None
    count: int = 0
    _file: IO[str] = field(default_factory=lambda: tempfile.TemporaryFile("w+", encoding="utf-8"))

    def fill(self, rows: Iterable["StudentReadiness | GradedReadiness"], on_progress: Callable[[int], None]) -> None:
        keys = self.grades.keys() if self.grades else []
        yes_no = _yes_no_labels()
        for item in rows:
            row, grades = _split(item)
            per_condition = {}
            for condition in row.conditions:
                self.conditions.setdefault(condition.code, condition.naam)
                per_condition[condition.code] = [condition.status, condition.uitleg]
            record = [
                row.studentnummer,
                row.naam,
                row.profiel,
                row.uitkomst,
                list(row.open_items),
                per_condition,
                _grade_cells(grades, keys, yes_no),
            ]
            self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.count += 1
            on_progress(self.count)

    def header(self) -> list[str]:
        return _readiness_header(self.conditions, self.grades)

    def records(self, on_progress: Callable[[int], None]) -> Iterator[list[str]]:
        """Rows in header order; a condition a student was not checked on is left empty."""
        self._file.seek(0)
        # Translated once per file, not once per cell.
        status_labels = {status: _condition_label(status) for status in CONDITION_LABELS} | {"": ""}
        uitkomst_labels = {uitkomst: _uitkomst_label(uitkomst) for uitkomst in UITKOMST_LABELS}
        empty = ["", ""]
        for index, line in enumerate(self._file, start=1):
            studentnummer, naam, profiel, uitkomst, open_items, per_condition, grade_cells = json.loads(line)
            cells = [studentnummer, naam, profiel, uitkomst_labels.get(uitkomst) or _uitkomst_label(uitkomst)]
            cells += grade_cells
            for code in self.conditions:
                status, uitleg = per_condition.get(code, empty)
                cells += [status_labels.get(status) or _condition_label(status), uitleg]
            cells.append(" | ".join(open_items))
            if index % SPOOL_PROGRESS_EVERY == 0:
                on_progress(self.count)
            yield cells

    def close(self) -> None:
        self._file.close()


def _readiness_header(conditions: Mapping[str, str], grades: GradeColumns | None = None) -> list[str]:
    columns = [_("Studentnummer"), _("Naam"), _("Profiel"), _("Uitkomst")]
    if grades is not None:
        columns += grades.labels()
    for naam in conditions.values():
        columns += [naam, _("%(naam)s: toelichting") % {"naam": naam}]
    columns.append(_("Open punten"))
    return columns


@dataclass
class _ReadinessStream:
    """Readiness rows in one pass, for a caller that knows the condition columns in advance."""

    rows: Iterable["StudentReadiness | GradedReadiness"]
    conditions: dict[str, str]  # code -> naam
    grades: GradeColumns | None = None
    count: int = 0

    def header(self) -> list[str]:
        return _readiness_header(self.conditions, self.grades)

    def records(self, on_progress: Callable[[int], None]) -> Iterator[list[object]]:
        status_labels = {status: _condition_label(status) for status in CONDITION_LABELS}
        uitkomst_labels = {uitkomst: _uitkomst_label(uitkomst) for uitkomst in UITKOMST_LABELS}
        codes = list(self.conditions)
        keys = self.grades.keys() if self.grades else []
        yes_no = _yes_no_labels()
        for item in self.rows:
            row, grades = _split(item)
            per_condition = {condition.code: condition for condition in row.conditions}
            if len(per_condition.keys() & self.conditions.keys()) != len(per_condition):
                unknown = ", ".join(sorted(per_condition.keys() - self.conditions.keys()))
                raise ValueError(_("Onverwachte voorwaarde in de gereedheid: %(codes)s") % {"codes": unknown})
            cells: list[object] = [
                row.studentnummer,
                row.naam,
                row.profiel,
                uitkomst_labels.get(row.uitkomst, row.uitkomst),
            ]
            cells += _grade_cells(grades, keys, yes_no)
            for code in codes:
                condition = per_condition.get(code)
                if condition is None:
                    cells += ["", ""]
                else:
                    cells += [status_labels.get(condition.status) or condition.status, condition.uitleg]
            cells.append(" | ".join(row.open_items))
            self.count += 1
            on_progress(self.count)
            yield cells

    def close(self) -> None:
        return None


def _readiness_table(
    rows: Iterable["StudentReadiness | GradedReadiness"],
    conditions: Sequence[tuple[str, str]] | None,
    notify: Callable[[int], None],
    grades: GradeColumns | None = None,
) -> "_ReadinessStream | _ReadinessSpool":
    """The rows in column order: streamed when the conditions are known, else spooled to find them."""
    if conditions is not None:
        return _ReadinessStream(rows, dict(conditions), grades)
    spool = _ReadinessSpool(grades=grades)
    try:
        spool.fill(rows, notify)
    except BaseException:
        spool.close()
        raise
    return spool


def build_readiness_csv(
    rows: Iterable["StudentReadiness"],
    out: BinaryIO,
    *,
    conditions: Sequence[tuple[str, str]] | None = None,
    on_progress: OnProgress = None,
    cohort_label: str = "",
) -> int:
    """CSV for Dutch Excel: UTF-8 with BOM, `;` between fields. Returns the number of students.

    `conditions` are the (code, naam) columns when the caller knows them (`diploma.selectors.
    cohort_conditions`); without them the rows are spooled to a temporary file first to find them."""
    notify = on_progress or _noop
    table = _readiness_table(rows, conditions, notify)
    try:
        out.write(codecs.BOM_UTF8)
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        try:
            writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
            writer.writerow([safe_text(column) for column in table.header()])
            for cells in table.records(notify):
                writer.writerow([safe_text(cell) for cell in cells])
            text.flush()
        finally:
            # Hand `out` back open: the caller owns it.
            text.detach()
        return table.count
    finally:
        table.close()


_HEADER_COLOUR = "#DDE4EE"
_STATUS_COLOURS = {"met": "#D8F0D8", "not_met": "#F6D5D5", "unknown": "#EEEEEE"}


def _unique(names: Sequence[str]) -> list[str]:
    # The writer takes rows as dicts keyed by column name: two conditions with the same name must not merge.
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result


def _write_sheet(
    out: BinaryIO,
    *,
    name: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int],
    colours: Mapping[int, Mapping[str, str]] | None = None,
    autofilter: bool = False,
) -> None:
    """One worksheet, written by rust_xlsxwriter in constant memory as `rows` are consumed: a bold header,
    the header row and first two columns frozen, text always as text (pass it through _xlsx_text).
    `colours` colours cells by the text they begin with: {column index: {text: "#RRGGBB"}}; `autofilter` puts
    filter buttons on the header row, over every data row."""
    keys = _unique([_xlsx_text(column) for column in header])

    def records() -> Iterator[dict[str, object]]:
        written = False
        for cells in rows:
            written = True
            yield dict(zip(keys, cells, strict=True))
        if not written:
            yield dict.fromkeys(keys)  # the header alone

    rules: dict[str, dict[str, Any] | list[dict[str, Any]]] = {
        keys[index]: [
            {"type": "text", "criteria": "begins_with", "value": text, "format": Format().set_background_color(colour)}
            for text, colour in by_text.items()
        ]
        for index, by_text in (colours or {}).items()
    }
    write_worksheet(
        records(),
        out,
        sheet_name=_sheet_title(name),
        freeze_row=1,
        freeze_col=2,
        header_format=Format().set_bold().set_background_color(_HEADER_COLOUR).set_text_wrap(),
        column_widths=list(widths),
        conditional_formats=rules or None,
        autofilter=autofilter,
    )


def _sheet_title(text: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in text).strip()
    return cleaned[:31] or "Blad1"


def build_readiness_xlsx(
    rows: Iterable["StudentReadiness | GradedReadiness"],
    out: BinaryIO,
    *,
    conditions: Sequence[tuple[str, str]] | None = None,
    grades: GradeColumns | None = None,
    on_progress: OnProgress = None,
    cohort_label: str = "",
) -> int:
    """A write-only workbook with one row per student, filter buttons on the header. Returns the number of
    students; `conditions` as for build_readiness_csv. With `grades`, the rows are GradedReadiness and the
    marks follow the outcome, as numbers; the conditions and their explanations come after them."""
    notify = on_progress or _noop
    table = _readiness_table(rows, conditions, notify, grades)
    try:
        header = table.header()
        first_condition = 4 + (len(grades.keys()) if grades else 0)
        # "voldaan", "niet voldaan", "onbekend": no label begins with another, so begins-with rules are exact.
        labels = {_condition_label(status): colour for status, colour in _STATUS_COLOURS.items()}
        _write_sheet(
            out,
            name=_("Diplomagereedheid"),
            header=header,
            rows=([_xlsx_cell(cell) for cell in cells] for cells in table.records(notify)),
            widths=[14, 28, 10, 16] + [11] * (first_condition - 4) + [16] * (len(header) - first_condition - 1) + [60],
            colours=dict.fromkeys(range(first_condition, first_condition + 2 * len(table.conditions), 2), labels),
            autofilter=True,
        )
        return table.count
    finally:
        table.close()


# -- cohort progress ---------------------------------------------------------------------------------------


def build_cohort_progress_xlsx(
    *,
    cohort_label: str,
    kerntaken: Sequence[tuple[str, str]],
    rows: Iterable[Mapping[str, Any]],
    out: BinaryIO,
    on_progress: OnProgress = None,
) -> int:
    """One row per student: progress in percent per kerntaak (empty where it does not apply to the
    student's profiel) and in total. `kerntaken` are the (code, titel) columns, in dossier order.
    Returns the number of students."""
    notify = on_progress or _noop
    header = [_("Studentnummer"), _("Naam"), _("Profiel"), _("Leerweg")]
    header += [_("%(code)s %(titel)s (%%)") % {"code": code, "titel": titel} for code, titel in kerntaken]
    header.append(_("Totaal (%)"))
    count = 0

    def records() -> Iterator[list[object]]:
        nonlocal count
        for row in rows:
            percents = row["kerntaken"]
            values = [row["studentnummer"], row["naam"], row["profiel"], row.get("leerweg", "")]
            yield (
                [_xlsx_text(value) for value in values]
                + [percents.get(code) for code, _titel in kerntaken]
                + [row["totaal"]]
            )
            count += 1
            notify(count)

    _write_sheet(
        out, name=_("Voortgang"), header=header, rows=records(), widths=[14, 28, 10, 9] + [18] * (len(header) - 4)
    )
    return count


# -- PDF -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fonts:
    regular: str
    bold: str


_fonts: _Fonts | None = None


def _pdf_fonts() -> _Fonts:
    """DejaVu Sans where the system has it, so names such as Şahin or Łukasz print; Helvetica otherwise,
    which covers Western European text only."""
    global _fonts
    if _fonts is not None:
        return _fonts
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("DossierSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DossierSans-Bold", str(bold)))
            pdfmetrics.registerFontFamily("DossierSans", normal="DossierSans", bold="DossierSans-Bold")
            _fonts = _Fonts("DossierSans", "DossierSans-Bold")
            return _fonts
    logger.warning("DejaVu Sans niet gevonden; rapporten gebruiken Helvetica (alleen West-Europese tekens).")
    _fonts = _Fonts("Helvetica", "Helvetica-Bold")
    return _fonts


@dataclass(frozen=True)
class _Styles:
    title: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    head: ParagraphStyle


def _styles() -> _Styles:
    fonts = _pdf_fonts()
    base = getSampleStyleSheet()
    return _Styles(
        title=ParagraphStyle("rTitle", parent=base["Title"], fontName=fonts.bold, fontSize=18, alignment=TA_LEFT),
        h2=ParagraphStyle("rH2", parent=base["Heading2"], fontName=fonts.bold, fontSize=12.5, spaceBefore=10),
        body=ParagraphStyle("rBody", parent=base["BodyText"], fontName=fonts.regular, fontSize=10, leading=13),
        small=ParagraphStyle("rSmall", parent=base["BodyText"], fontName=fonts.regular, fontSize=8, leading=10),
        cell=ParagraphStyle("rCell", parent=base["BodyText"], fontName=fonts.regular, fontSize=8.5, leading=10.5),
        cell_bold=ParagraphStyle("rCellB", parent=base["BodyText"], fontName=fonts.bold, fontSize=8.5, leading=10.5),
        head=ParagraphStyle(
            "rHead", parent=base["BodyText"], fontName=fonts.bold, fontSize=8.5, leading=10.5, splitLongWords=0
        ),
    )


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    # Paragraph parses markup: user data is always escaped.
    return Paragraph(escape("" if text is None else str(text)), style)


def _header_row(labels: Sequence[str], styles: "_Styles") -> list[Paragraph]:
    # Paragraphs, so a long column name wraps between its words instead of running into the next column; never
    # inside a word (splitLongWords off): _fit_widths makes every column as wide as its longest header word.
    return [_p(label, styles.head) for label in labels]


def _fit_widths(labels: Sequence[str], widths: Sequence[float], style: ParagraphStyle, *, flexible: int) -> list[float]:
    """Column widths at least as wide as the longest word of their header plus the cell padding, so "Studentnummer"
    never breaks into "Studentnum mer", in any language. What the widened columns take comes off the `flexible`
    column, which keeps room for its own longest word; the table is only wider than asked if nothing else fits."""
    needed = [
        max((pdfmetrics.stringWidth(word, style.fontName, style.fontSize) for word in str(label).split()), default=0)
        + CELL_PADDING
        for label in labels
    ]
    fitted = [max(width, need) for width, need in zip(widths, needed, strict=True)]
    extra = sum(fitted) - sum(widths)
    fitted[flexible] = max(needed[flexible], fitted[flexible] - extra)
    return fitted


def _table_style(fonts: _Fonts, *, numeric: tuple[int, int] | None = None) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, 0), fonts.bold),
        ("FONTNAME", (0, 1), (-1, -1), fonts.regular),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE4EE")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9AA5B1")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F5F7FA")]),
    ]
    if numeric is not None:
        commands.append(("ALIGN", (numeric[0], 1), (numeric[1], -1), "RIGHT"))
    return TableStyle(commands)


def _doc(out: BinaryIO, *, title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        out,
        pagesize=A4,
        title=title,
        author="Dossierportaal",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )


def _footer(label: str) -> Callable:
    fonts = _pdf_fonts()

    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(fonts.regular, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(doc.leftMargin, 10 * mm, label)
        canvas.drawRightString(A4[0] - doc.rightMargin, 10 * mm, _("Pagina %(n)d") % {"n": doc.page})
        canvas.restoreState()

    return draw


def _today() -> str:
    return date_format(timezone.localdate(), "j F Y")


def progress_chart(items: Sequence[tuple[str, int]], *, width: float = 170 * mm) -> Drawing:
    """A horizontal bar per kerntaak: criteria covered in percent, 0–100."""
    fonts = _pdf_fonts()
    bar_height = 16
    height = 30 + bar_height * max(len(items), 1)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 60, 20
    # reportlab takes any number; types-reportlab declares PlotArea's sizes int
    chart.width, chart.height = width - 90, height - 30  # type: ignore[assignment]
    # Horizontal bars are drawn bottom-up: reverse so the first kerntaak is on top.
    ordered = list(reversed(items))
    chart.data = [[percent for _code, percent in ordered] or [0]]
    chart.categoryAxis.categoryNames = [code for code, _percent in ordered] or [""]
    chart.categoryAxis.labels.fontName = fonts.regular
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 20
    chart.valueAxis.labels.fontName = fonts.regular
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.bars[0].fillColor = colors.HexColor("#2F6DB5")
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d%%"
    chart.barLabels.fontName = fonts.regular
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _outcome_text(outcome: "KerntaakOutcome | None") -> str:
    if outcome is None or outcome.niveau is None:
        text = _("nog niet bekend")
        if outcome is not None and outcome.missing:
            text += " " + _("(nog open: %(codes)s)") % {"codes": ", ".join(outcome.missing)}
        return text
    text = str(outcome.niveau)
    if outcome.cijfer is not None:
        text += " " + _("(cijfer %(cijfer)s)") % {"cijfer": outcome.cijfer}
    return text


def build_student_progress_pdf(
    *,
    inschrijving: "Inschrijving",
    progress_blocks: Sequence[Mapping[str, Any]],
    kerntaak_outcomes: Mapping[int, "KerntaakOutcome"],
    out: BinaryIO,
    werkproces_niveaus: Mapping[str, str] | None = None,
) -> None:
    """A student's progress: per kerntaak the werkprocessen with criteria covered and the exam result.

    `progress_blocks` is what `portfolio.selectors.portfolio_progress` returns, `kerntaak_outcomes`
    what `assessment.selectors.kerntaak_results` returns, `werkproces_niveaus` what `final_niveaus`
    returns (werkproces code -> vastgesteld niveau)."""
    fonts = _pdf_fonts()
    styles = _styles()
    niveaus = werkproces_niveaus or {}
    student = inschrijving.student
    naam = student.get_full_name() or student.get_username()
    profiel = inschrijving.profiel
    story: list = [_p(_("Voortgangsrapport"), styles.title)]
    facts = [
        (_("Student"), naam),
        (_("Studentnummer"), inschrijving.studentnummer),
        (_("Profiel"), f"{profiel.code} {profiel.naam}" + (f" (niveau {profiel.niveau})" if profiel.niveau else "")),
        (_("Cohort"), str(inschrijving.cohort)),
        (_("Leerweg"), inschrijving.get_leerweg_display()),
        (_("Datum"), _today()),
    ]
    facts_table = Table(
        [[_p(label, styles.cell_bold), _p(value, styles.cell)] for label, value in facts],
        colWidths=[35 * mm, 135 * mm],
        hAlign="LEFT",
    )
    facts_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story += [facts_table, Spacer(1, 4 * mm)]

    story.append(_p(_("Voortgang per kerntaak"), styles.h2))
    story.append(_p(_("Het deel van de criteria dat gedekt is door ingediend of beoordeeld bewijs."), styles.small))
    story.append(progress_chart([(block["kerntaak"].code, int(block["percent"])) for block in progress_blocks]))

    for block in progress_blocks:
        kerntaak = block["kerntaak"]
        heading = _p(f"{kerntaak.code} {kerntaak.titel}", styles.h2)
        summary = _p(
            _("Criteria gedekt: %(covered)s van %(criteria)s (%(percent)s%%). Uitslag kerntaak: %(uitslag)s.")
            % {
                "covered": block["covered"],
                "criteria": block["criteria"],
                "percent": block["percent"],
                "uitslag": _outcome_text(kerntaak_outcomes.get(kerntaak.pk)),
            },
            styles.body,
        )
        labels = [_("Werkproces"), _("Criteria gedekt"), _("Voortgang"), _("Bewijsstukken"), _("Examenuitslag")]
        data: list[list] = [_header_row(labels, styles)]
        for row in block["werkprocessen"]:
            werkproces = row["werkproces"]
            data.append(
                [
                    _p(f"{werkproces.code} {werkproces.titel}", styles.cell),
                    _("%(covered)s van %(criteria)s") % {"covered": row["covered"], "criteria": row["criteria"]},
                    f"{row['percent']}%",
                    str(row.get("bewijsstukken", 0)),
                    niveaus.get(werkproces.code) or "—",
                ]
            )
        if len(data) == 1:
            data.append([_p(_("Geen werkprocessen."), styles.cell), "", "", "", ""])
        widths = _fit_widths(labels, [59 * mm, 22 * mm, 25 * mm, 30 * mm, 34 * mm], styles.head, flexible=0)
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(_table_style(fonts, numeric=(1, 3)))
        story.append(KeepTogether([heading, summary, Spacer(1, 2 * mm), table]))

    label = _("Voortgangsrapport %(studentnummer)s") % {"studentnummer": inschrijving.studentnummer}
    doc = _doc(out, title=label)
    doc.build(story, onFirstPage=_footer(label), onLaterPages=_footer(label))


@dataclass
class _ConditionCount:
    naam: str
    not_met: int = 0
    unknown: int = 0


def build_readiness_pdf(
    rows: Iterable["StudentReadiness"], out: BinaryIO, *, on_progress: OnProgress = None, cohort_label: str = ""
) -> int:
    """A summary of the cohort: how many are ready, how often each condition holds a student back, and
    which students are not ready yet with their first open items. Only counters and at most
    NOT_READY_LIST_MAX names are kept. Returns the number of students."""
    notify = on_progress or _noop
    fonts = _pdf_fonts()
    styles = _styles()
    total = gereed = 0
    per_condition: dict[str, _ConditionCount] = {}
    not_ready: list[list] = []
    not_ready_more = 0
    for row in rows:
        total += 1
        if row.uitkomst == "gereed":
            gereed += 1
        for condition in row.conditions:
            count = per_condition.setdefault(condition.code, _ConditionCount(condition.naam))
            if condition.status == "not_met":
                count.not_met += 1
            elif condition.status == "unknown":
                count.unknown += 1
        if row.uitkomst != "gereed":
            if len(not_ready) < NOT_READY_LIST_MAX:
                items = list(row.open_items[:OPEN_ITEMS_IN_PDF])
                extra = len(row.open_items) - len(items)
                text = "; ".join(items) + (_(" (en nog %(n)d)") % {"n": extra} if extra > 0 else "")
                not_ready.append(
                    [
                        _p(row.studentnummer, styles.cell),
                        _p(row.naam, styles.cell),
                        _p(row.profiel, styles.cell),
                        _p(text, styles.cell),
                    ]
                )
            else:
                not_ready_more += 1
        notify(total)

    title = _("Diplomagereedheid")
    if cohort_label:
        title += f" {cohort_label}"
    story: list = [
        _p(title, styles.title),
        _p(_("Samenvatting, gemaakt op %(datum)s") % {"datum": _today()}, styles.body),
    ]
    counts = Table(
        [
            [_("Studenten"), str(total)],
            [_("Gereed voor diplomering"), str(gereed)],
            [_("Nog niet gereed"), str(total - gereed)],
        ],
        colWidths=[60 * mm, 25 * mm],
        hAlign="LEFT",
    )
    counts.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
                ("FONTSIZE", (0, 0), (-1, -1), 10),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#9AA5B1")),
            ]
        )
    )
    story += [Spacer(1, 4 * mm), counts]

    story.append(_p(_("Voorwaarden"), styles.h2))
    if per_condition:
        labels = [_("Voorwaarde"), _("Niet voldaan"), _("Onbekend")]
        data: list[list] = [_header_row(labels, styles)]
        data += [[_p(c.naam, styles.cell), str(c.not_met), str(c.unknown)] for c in per_condition.values()]
        widths = _fit_widths(labels, [110 * mm, 28 * mm, 28 * mm], styles.head, flexible=0)
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(_table_style(fonts, numeric=(1, 2)))
        story.append(table)
    elif total:
        story.append(_p(_("Er zijn geen voorwaarden gecontroleerd."), styles.body))
    else:
        story.append(_p(_("Geen studenten in dit cohort."), styles.body))

    story.append(_p(_("Studenten die nog niet gereed zijn"), styles.h2))
    if not_ready:
        labels = [_("Studentnummer"), _("Naam"), _("Profiel"), _("Eerste open punten")]
        widths = _fit_widths(labels, [28 * mm, 44 * mm, 14 * mm, 88 * mm], styles.head, flexible=3)
        # LongTable: lays out thousands of rows without the quadratic cost of Table.
        table = LongTable([_header_row(labels, styles), *not_ready], colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(_table_style(fonts))
        story.append(table)
        if not_ready_more:
            story.append(Spacer(1, 2 * mm))
            story.append(_p(_("en %(n)d meer") % {"n": not_ready_more}, styles.body))
    else:
        story.append(_p(_("Alle studenten zijn gereed."), styles.body) if total else _p("—", styles.body))

    doc = _doc(out, title=title)
    doc.build(story, onFirstPage=_footer(title), onLaterPages=_footer(title))
    return total
