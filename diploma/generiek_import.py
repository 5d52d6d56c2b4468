"""Generic results and keuzedelen of one cohort from a CSV file that a coordinator exports from the
student administration: one line per student, keyed by studentnummer.

An empty cell leaves the stored value as it is, so a file with only the rekenen column touches nothing
else. All or nothing, like the enrolment import: every line is checked and every problem is reported
with its line number and column; only a file without a single error is written, in one transaction.
The values are checked by the same rules as `diploma.services`; the write is a bulk write, so a file
costs a fixed number of queries whatever its length (up to the chunk size for lookups).
"""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, cast

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_coordinator
from config.audit import audited
from config.csvfiles import CsvFileRejected, decode_upload, read_records
from diploma.models import GeneriekResultaat, KeuzedeelResultaat
from diploma.services import (
    BOOLEAN_FIELDS,
    MARK_FIELDS,
    MAX_NAAM,
    bpv_uren_error,
    gereedheid_invalidate,
    keuzedeel_code_normalise,
    mark_error,
    sbu_error,
)
from portfolio.models import Cohort, Inschrijving
from portfolio.scope import coordinates_cohort

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_KEUZEDELEN = 6
KEUZEDEEL_PARTS = ("code", "naam", "sbu", "cijfer")
GENERIEK_COLUMNS = [*MARK_FIELDS, "loopbaan_burgerschap", "bpv_uren", "bpv_voldaan"]
KEUZEDEEL_COLUMNS = [f"keuzedeel{n}_{part}" for n in range(1, MAX_KEUZEDELEN + 1) for part in KEUZEDEEL_PARTS]
CSV_COLUMNS = ["studentnummer", *GENERIEK_COLUMNS, *KEUZEDEEL_COLUMNS]

# SQLite's oldest limit on query parameters is 999; larger files are looked up in chunks of this size.
LOOKUP_CHUNK = 900

BOOLEAN_VALUES = {"ja": True, "voldaan": True, "nee": False, "niet voldaan": False}
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_WHOLE_NUMBER = re.compile(r"\d+")
_KEUZEDEEL_COLUMN = re.compile(r"keuzedeel.*")


@dataclass(frozen=True)
class RowError:
    line: int
    message: str
    column: str = ""  # empty for a problem with the whole file or the whole line


@dataclass
class GeneriekImportResult:
    changed: list[str] = field(default_factory=list)  # studentnummers whose stored results changed, in file order
    keuzedelen_created: int = 0
    keuzedelen_updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Keuzedeel:
    """One filled keuzedeel group; None means the cell was empty (or its value refused, already reported)."""

    group: str  # "keuzedeel1"
    code: str
    naam: str | None
    sbu: int | None
    cijfer: Decimal | None
    naam_empty: bool
    sbu_empty: bool


@dataclass
class _Row:
    line: int
    studentnummer: str | None
    generiek: dict[str, object]  # only the filled cells
    keuzedelen: list[_Keuzedeel]
    inschrijving_id: int | None = None


class _FileRejected(Exception):
    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _RolledBack(Exception):
    pass


def generiek_import_csv(*, by: User, cohort: Cohort, fileobj: IO[bytes]) -> GeneriekImportResult:
    """Writes the generic results and keuzedelen in the file for students of `cohort`, or nothing at all."""
    if not (is_coordinator(by) and coordinates_cohort(by, cohort)):
        raise PermissionDenied(_("Alleen een coördinator kan resultaten importeren."))
    try:
        text = _decode(fileobj)
        delimiter, columns, records = _table(text)
    except _FileRejected as exc:
        return GeneriekImportResult(errors=[RowError(line=exc.line, message=exc.message)])

    errors: list[RowError] = []
    rows = [_parse_row(line, cells, columns, delimiter, errors) for line, cells in records]
    _check_studentnummers(rows, cohort, errors)
    result = _apply(by=by, rows=rows, errors=errors)
    if result.errors:
        order = {name: index for index, name in enumerate(columns)}
        result.errors.sort(key=lambda e: (e.line, order.get(e.column, -1)))
    return result


# -- reading the file ----------------------------------------------------------------------------------


def _decode(fileobj) -> str:
    try:
        return decode_upload(fileobj, max_bytes=MAX_BYTES)
    except CsvFileRejected as exc:
        raise _FileRejected(exc.message, exc.line) from None


def _normalise_column(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def _table(text: str) -> tuple[str, dict[str, int], list[tuple[int, list[str]]]]:
    """The delimiter, column name → index, and the non-blank data lines with their record numbers."""
    # Strict: an unclosed quote would otherwise swallow every following line into one cell.
    try:
        delimiter, header, header_line, records = read_records(text, max_rows=MAX_ROWS, strict=True)
    except CsvFileRejected as exc:
        raise _FileRejected(exc.message, exc.line) from None

    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        name = _normalise_column(name)
        if not name:
            continue
        if name in columns:
            raise _FileRejected(
                _("De kolom '%(kolom)s' staat meer dan eens in de kopregel.") % {"kolom": name}, header_line
            )
        # Other columns (naam, klas …) are ignored, but a misspelt keuzedeel column would silently drop data.
        if _KEUZEDEEL_COLUMN.fullmatch(name) and name not in KEUZEDEEL_COLUMNS:
            raise _FileRejected(
                _(
                    "De kolom '%(kolom)s' is onbekend; gebruik keuzedeel1_code, keuzedeel1_naam, keuzedeel1_sbu, "
                    "keuzedeel1_cijfer en zo verder tot en met keuzedeel%(max)s."
                )
                % {"kolom": name, "max": MAX_KEUZEDELEN},
                header_line,
            )
        columns[name] = index
    if "studentnummer" not in columns:
        raise _FileRejected(
            _(
                "De kopregel mist de verplichte kolom 'studentnummer'. De eerste regel moet de kolomnamen "
                "bevatten, gescheiden door ';' of ','."
            ),
            header_line,
        )
    for group in _groups(columns):
        if f"{group}_code" not in columns:
            raise _FileRejected(
                _("De kopregel heeft kolommen van %(groep)s maar niet de kolom '%(groep)s_code'.") % {"groep": group},
                header_line,
            )
    if not any(name in columns for name in CSV_COLUMNS[1:]):
        raise _FileRejected(
            _("De kopregel heeft geen enkele resultaatkolom; gebruik bijvoorbeeld %(voorbeeld)s.")
            % {"voorbeeld": ", ".join(f"'{name}'" for name in [*GENERIEK_COLUMNS, "keuzedeel1_code"])},
            header_line,
        )
    if not records:
        raise _FileRejected(_("Het bestand bevat alleen een kopregel en geen studenten."), header_line)
    return delimiter, columns, records


def _groups(columns: dict[str, int]) -> list[str]:
    """The keuzedeel groups the header has at least one column of, in number order."""
    return [
        f"keuzedeel{n}"
        for n in range(1, MAX_KEUZEDELEN + 1)
        if any(f"keuzedeel{n}_{part}" in columns for part in KEUZEDEEL_PARTS)
    ]


# -- checking one row ----------------------------------------------------------------------------------


def _shown(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "..."


def _parse_row(line: int, cells: list[str], columns: dict[str, int], delimiter: str, errors: list[RowError]) -> _Row:
    def value(column: str) -> str:
        index = columns.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def error(column: str, message: str) -> None:
        errors.append(RowError(line=line, message=message, column=column))

    def refused(column: str, reason: str) -> None:
        error(
            column,
            _("kolom '%(kolom)s': '%(waarde)s' %(reden)s.")
            % {"kolom": column, "waarde": _shown(value(column)), "reden": reason},
        )

    def mark(column: str) -> Decimal | None:
        raw = value(column)
        if not _NUMBER.fullmatch(raw):
            refused(column, _("is geen cijfer; schrijf bijvoorbeeld 6,5"))
            return None
        number = Decimal(raw.replace(",", "."))
        if reason := mark_error(number):
            refused(column, reason)
            return None
        return number.quantize(Decimal("0.1"))

    def whole_number(column: str, check: Callable[[int], str | None]) -> int | None:
        raw = value(column)
        if not _WHOLE_NUMBER.fullmatch(raw):
            refused(column, _("is geen heel getal"))
            return None
        # Python refuses to convert very long digit strings; anything this long is too large anyway.
        number = int(raw) if len(raw) <= 9 else 10**9
        if reason := check(number):
            refused(column, reason)
            return None
        return number

    if any(cell.strip() for cell in cells[max(columns.values()) + 1 :]):
        error(
            "",
            _(
                "de regel heeft meer waarden dan de kopregel kolommen heeft; staat er een '%(teken)s' in een "
                "waarde zonder aanhalingstekens?"
            )
            % {"teken": delimiter},
        )

    studentnummer = value("studentnummer") or None
    if studentnummer is None:
        error("studentnummer", _("kolom 'studentnummer' is leeg."))

    generiek: dict[str, object] = {}
    for column in GENERIEK_COLUMNS:
        if not value(column):
            continue
        parsed: Decimal | bool | int | None
        if column in MARK_FIELDS:
            parsed = mark(column)
        elif column in BOOLEAN_FIELDS:
            parsed = BOOLEAN_VALUES.get(" ".join(value(column).lower().split()))
            if parsed is None:
                refused(column, _("is geen geldige waarde; gebruik voldaan, niet voldaan, ja of nee"))
        else:
            parsed = whole_number(column, bpv_uren_error)
        if parsed is not None:
            generiek[column] = parsed

    keuzedelen: list[_Keuzedeel] = []
    first_group_of_code: dict[str, str] = {}
    for group in _groups(columns):
        code_column, naam_column, sbu_column, cijfer_column = (f"{group}_{part}" for part in KEUZEDEEL_PARTS)
        if not any(value(f"{group}_{part}") for part in KEUZEDEEL_PARTS):
            continue
        ok = True
        code = keuzedeel_code_normalise(value(code_column))
        if not value(code_column):
            error(
                code_column,
                _("kolom '%(kolom)s' is leeg, maar %(groep)s is ingevuld.") % {"kolom": code_column, "groep": group},
            )
            ok = False
        elif code is None:
            refused(code_column, _("is geen keuzedeelcode (een K met vier cijfers, bijvoorbeeld K0125)"))
            ok = False
        elif code in first_group_of_code:
            refused(code_column, _("staat ook in kolom '%(kolom)s'") % {"kolom": f"{first_group_of_code[code]}_code"})
            ok = False
        else:
            first_group_of_code[code] = group
        naam = value(naam_column) or None
        if naam is not None and len(naam) > MAX_NAAM:
            refused(naam_column, _("is langer dan %(max)s tekens") % {"max": MAX_NAAM})
            ok = False
        sbu = whole_number(sbu_column, sbu_error) if value(sbu_column) else None
        cijfer = mark(cijfer_column) if value(cijfer_column) else None
        ok = ok and (sbu is not None or not value(sbu_column)) and (cijfer is not None or not value(cijfer_column))
        if ok and code is not None:  # ok means the code was read
            keuzedelen.append(
                _Keuzedeel(
                    group=group,
                    code=code,
                    naam=naam,
                    sbu=sbu,
                    cijfer=cijfer,
                    naam_empty=not value(naam_column),
                    sbu_empty=not value(sbu_column),
                )
            )

    return _Row(line=line, studentnummer=studentnummer, generiek=generiek, keuzedelen=keuzedelen)


# -- checking rows against each other and the database -------------------------------------------------


def _chunks(values: Iterable) -> Iterable[list]:
    values = sorted(set(values))
    for start in range(0, len(values), LOOKUP_CHUNK):
        yield values[start : start + LOOKUP_CHUNK]


def _check_studentnummers(rows: list[_Row], cohort: Cohort, errors: list[RowError]) -> None:
    """Each studentnummer once in the file, and an enrolment of this cohort; sets row.inschrijving_id."""
    enrolments: dict[str, tuple[int, int, str]] = {}
    for chunk in _chunks(row.studentnummer for row in rows if row.studentnummer):
        for studentnummer, pk, cohort_id, opleiding, startjaar in Inschrijving.objects.filter(
            studentnummer__in=chunk
        ).values_list("studentnummer", "pk", "cohort_id", "cohort__opleiding__naam", "cohort__startjaar"):
            enrolments[studentnummer] = (pk, cohort_id, f"{opleiding} {startjaar}-{startjaar + 1}")

    first_line_of_number: dict[str, int] = {}
    for row in rows:
        if row.studentnummer is None:
            continue
        shown = _shown(row.studentnummer)
        earlier = first_line_of_number.setdefault(row.studentnummer, row.line)
        enrolment = enrolments.get(row.studentnummer)
        if earlier != row.line:
            message = _("kolom 'studentnummer': '%(waarde)s' staat ook op regel %(regel)s.") % {
                "waarde": shown,
                "regel": earlier,
            }
        elif enrolment is None:
            message = _("kolom 'studentnummer': '%(waarde)s' is bij geen enkel cohort ingeschreven.") % {
                "waarde": shown
            }
        elif enrolment[1] != cohort.pk:
            message = _(
                "kolom 'studentnummer': '%(waarde)s' is ingeschreven in cohort %(ander)s, niet in %(cohort)s."
            ) % {"waarde": shown, "ander": enrolment[2], "cohort": cohort}
        else:
            row.inschrijving_id = enrolment[0]
            continue
        errors.append(RowError(line=row.line, message=message, column="studentnummer"))


# -- writing -------------------------------------------------------------------------------------------


@audited("generiek_import")
def _apply(*, by: User, rows: list[_Row], errors: list[RowError]) -> GeneriekImportResult:
    """Locks the stored results of the students in the file, finishes the checks and writes, or rolls back."""
    result = GeneriekImportResult()
    try:
        with transaction.atomic():
            ids = [row.inschrijving_id for row in rows if row.inschrijving_id is not None]
            generiek: dict[int, GeneriekResultaat] = {}
            keuzedelen: dict[tuple[int, str], KeuzedeelResultaat] = {}
            for chunk in _chunks(ids):
                for stored in GeneriekResultaat.objects.select_for_update().filter(inschrijving_id__in=chunk):
                    generiek[stored.inschrijving_id] = stored
                for stored_keuzedeel in KeuzedeelResultaat.objects.select_for_update().filter(
                    inschrijving_id__in=chunk
                ):
                    keuzedelen[stored_keuzedeel.inschrijving_id, stored_keuzedeel.code] = stored_keuzedeel
            _check_new_keuzedelen(rows, keuzedelen, errors)
            if errors:
                raise _RolledBack

            now = timezone.now()
            new_generiek: list[GeneriekResultaat] = []
            changed_generiek: list[GeneriekResultaat] = []
            changed_fields: set[str] = set()
            new_keuzedelen: list[KeuzedeelResultaat] = []
            changed_keuzedelen: list[KeuzedeelResultaat] = []
            changed_ids: list[int] = []
            for row in rows:
                # A row without an enrolment or studentnummer had an error, and errors rolled back above.
                inschrijving_id, studentnummer = cast(int, row.inschrijving_id), cast(str, row.studentnummer)
                changed = False
                if row.generiek:
                    resultaat = generiek.get(inschrijving_id)
                    if resultaat is None:
                        new_generiek.append(GeneriekResultaat(inschrijving_id=inschrijving_id, **row.generiek))
                        changed = True
                    elif fields := _assign(resultaat, row.generiek):
                        resultaat.updated_at = now  # bulk_update skips auto_now
                        changed_generiek.append(resultaat)
                        changed_fields.update(fields)
                        changed = True
                for k in row.keuzedelen:
                    keuzedeel = keuzedelen.get((inschrijving_id, k.code))
                    if keuzedeel is None:
                        # a new keuzedeel without naam or sbu is an error (_check_new_keuzedelen)
                        new_keuzedelen.append(
                            KeuzedeelResultaat(
                                inschrijving_id=inschrijving_id,
                                code=k.code,
                                naam=cast(str, k.naam),
                                sbu=cast(int, k.sbu),
                                cijfer=k.cijfer,
                                afgelegd=k.cijfer is not None,
                            )
                        )
                        changed = True
                    else:
                        values = {"naam": k.naam, "sbu": k.sbu, "cijfer": k.cijfer}
                        values = {name: v for name, v in values.items() if v is not None}
                        if k.cijfer is not None:
                            values["afgelegd"] = True  # a mark means the exam was taken
                        if _assign(keuzedeel, values):
                            changed_keuzedelen.append(keuzedeel)
                            changed = True
                if changed:
                    result.changed.append(studentnummer)
                    changed_ids.append(inschrijving_id)

            try:
                with transaction.atomic():
                    GeneriekResultaat.objects.bulk_create(new_generiek)
                    KeuzedeelResultaat.objects.bulk_create(new_keuzedelen)
            except IntegrityError:
                # Rows we found missing under lock were created since by someone else (a new row has no lock).
                errors.append(
                    RowError(
                        line=1,
                        message=_(
                            "Iemand anders heeft intussen resultaten van deze studenten vastgelegd; importeer het "
                            "bestand opnieuw."
                        ),
                    )
                )
                raise _RolledBack from None
            if changed_generiek:
                GeneriekResultaat.objects.bulk_update(changed_generiek, [*sorted(changed_fields), "updated_at"])
            if changed_keuzedelen:
                KeuzedeelResultaat.objects.bulk_update(changed_keuzedelen, ["naam", "sbu", "cijfer", "afgelegd"])
            gereedheid_invalidate(inschrijving_ids=changed_ids)
    except _RolledBack:
        return GeneriekImportResult(errors=errors)
    result.keuzedelen_created = len(new_keuzedelen)
    result.keuzedelen_updated = len(changed_keuzedelen)
    return result


def _assign(instance: Model, values: Mapping[str, object]) -> list[str]:
    """Sets the values that differ from the stored ones; returns the names of those fields."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return changed


def _check_new_keuzedelen(
    rows: list[_Row], keuzedelen: dict[tuple[int, str], KeuzedeelResultaat], errors: list[RowError]
) -> None:
    """A keuzedeel the student does not have yet needs its naam and sbu; a known one keeps what is empty."""
    for row in rows:
        if row.inschrijving_id is None:
            continue
        for k in row.keuzedelen:
            if (row.inschrijving_id, k.code) in keuzedelen:
                continue
            for column, empty in ((f"{k.group}_naam", k.naam_empty), (f"{k.group}_sbu", k.sbu_empty)):
                if empty:
                    errors.append(
                        RowError(
                            line=row.line,
                            column=column,
                            message=_(
                                "kolom '%(kolom)s' is leeg, maar keuzedeel %(code)s staat nog niet bij deze "
                                "student; vul naam en SBU in."
                            )
                            % {"kolom": column, "code": k.code},
                        )
                    )
