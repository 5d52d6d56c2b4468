"""The keuzedelen catalogue (`Keuzedeel`) from a CSV export of SBB: one line per keuzedeel.

The header is `code;naam;sbu` with an optional `crebo` column (the crebo codes of the kwalificaties the
keuzedeel belongs to, separated by spaces or commas); other columns are ignored. `;` or `,`, UTF-8 with or
without BOM or Excel's cp1252, read by `config.csvfiles` like the other CSV imports.

All or nothing: `keuzedelen_parse` checks every line and reports every problem with its line number;
only a file without a single error is written, by `keuzedelen_write`, in one transaction. The write is an
upsert by code, so importing the same file again changes nothing. A keuzedeel in the database but not in
the file is left alone. Crebo codes of kwalificaties the portal does not have are skipped (an SBB export
lists every kwalificatie), and reported as such.
"""

import io
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from config.csvfiles import CsvFileRejected, decode_upload, read_records
from dossier.models import Keuzedeel, Profiel

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10000
MAX_SBU = 10000
MAX_NAAM = 200
LOOKUP_CHUNK = 900
REQUIRED_COLUMNS = ["code", "naam", "sbu"]
OPTIONAL_COLUMNS = ["crebo"]

_CODE = re.compile(r"K\d{4}")
_WHOLE_NUMBER = re.compile(r"\d+")
_CREBO = re.compile(r"\d{5}")
_CREBO_SEPARATOR = re.compile(r"[\s,]+")


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


@dataclass(frozen=True)
class KeuzedeelRow:
    line: int
    code: str
    naam: str
    sbu: int
    crebos: tuple[str, ...] = ()  # only crebos of profielen in the portal, in file order


@dataclass
class KeuzedeelParse:
    rows: list[KeuzedeelRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    has_crebo: bool = False  # without a crebo column the stored profielen are left as they are
    unknown_crebos: list[str] = field(default_factory=list)  # well-formed, but no profiel has them

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class KeuzedeelWriteResult:
    nieuw: list[str] = field(default_factory=list)
    gewijzigd: list[str] = field(default_factory=list)
    ongewijzigd: list[str] = field(default_factory=list)


class KeuzedeelImportError(Exception):
    """The write was refused; nothing was stored. `errors` carry line numbers like a parse error."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(f"regel {e.line}: {e.message}" for e in errors))
        self.errors = errors


class _FileRejected(Exception):
    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _DryRun(Exception):
    pass


# -- reading -------------------------------------------------------------------------------------------


def known_crebos() -> set[str]:
    """The crebo codes of the profielen in the portal: what `keuzedelen_parse` can link to."""
    return set(Profiel.objects.exclude(crebo="").values_list("crebo", flat=True))


def keuzedelen_parse(data: bytes, *, known_crebos: Collection[str]) -> KeuzedeelParse:
    """The keuzedelen in the file, or every problem in it with its line number; reads no database."""
    try:
        text = _decode(data)
        delimiter, columns, records = _table(text)
    except _FileRejected as exc:
        return KeuzedeelParse(errors=[RowError(line=exc.line, message=exc.message)])

    result = KeuzedeelParse(has_crebo="crebo" in columns)
    unknown: dict[str, None] = {}
    first_line_of_code: dict[str, int] = {}
    for line, cells in records:
        row = _parse_row(line, cells, columns, delimiter, known_crebos, unknown, result.errors)
        if row is None:
            continue
        earlier = first_line_of_code.setdefault(row.code, line)
        if earlier != line:
            result.errors.append(
                RowError(
                    line=line,
                    message=_("kolom 'code': '%(waarde)s' staat ook op regel %(regel)s.")
                    % {"waarde": row.code, "regel": earlier},
                )
            )
            continue
        result.rows.append(row)
    result.unknown_crebos = sorted(unknown)
    if result.errors:
        result.rows = []
        result.errors.sort(key=lambda e: e.line)
    return result


def _decode(data: bytes) -> str:
    try:
        return decode_upload(io.BytesIO(data), max_bytes=MAX_BYTES)
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
        columns[name] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise _FileRejected(
            _(
                "De kopregel mist de verplichte kolommen: %(kolommen)s. De eerste regel moet de kolomnamen "
                "bevatten (code;naam;sbu, eventueel crebo), gescheiden door ';' of ','."
            )
            % {"kolommen": ", ".join(f"'{name}'" for name in missing)},
            header_line,
        )
    if not records:
        raise _FileRejected(_("Het bestand bevat alleen een kopregel en geen keuzedelen."), header_line)
    return delimiter, columns, records


def _shown(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "..."


def _parse_row(
    line: int,
    cells: list[str],
    columns: dict[str, int],
    delimiter: str,
    known: Collection[str],
    unknown: dict[str, None],
    errors: list[RowError],
) -> KeuzedeelRow | None:
    """The row, or None when any of its values was refused (the errors are recorded)."""
    count = len(errors)

    def value(column: str) -> str:
        index = columns.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def error(message: str) -> None:
        errors.append(RowError(line=line, message=message))

    if any(cell.strip() for cell in cells[max(columns.values()) + 1 :]):
        error(
            _(
                "de regel heeft meer waarden dan de kopregel kolommen heeft; staat er een '%(teken)s' in een "
                "waarde zonder aanhalingstekens?"
            )
            % {"teken": delimiter}
        )

    code = value("code").upper()
    if not code:
        error(_("kolom 'code' is leeg."))
    elif not _CODE.fullmatch(code):
        error(
            _("kolom 'code': '%(waarde)s' is geen code van een keuzedeel (een K en vier cijfers, zoals K0123).")
            % {"waarde": _shown(value("code"))}
        )

    naam = value("naam")
    if not naam:
        error(_("kolom 'naam' is leeg."))
    elif len(naam) > MAX_NAAM:
        error(_("kolom 'naam': '%(waarde)s' is langer dan %(max)s tekens.") % {"waarde": _shown(naam), "max": MAX_NAAM})

    sbu_text = value("sbu")
    sbu = 0
    if not sbu_text:
        error(_("kolom 'sbu' is leeg."))
    elif not _WHOLE_NUMBER.fullmatch(sbu_text):
        error(_("kolom 'sbu': '%(waarde)s' is geen heel getal.") % {"waarde": _shown(sbu_text)})
    else:
        sbu = int(sbu_text)
        if sbu <= 0:
            error(_("kolom 'sbu': '%(waarde)s' moet groter dan 0 zijn.") % {"waarde": sbu_text})
        elif sbu > MAX_SBU:
            error(_("kolom 'sbu': '%(waarde)s' is meer dan %(max)s.") % {"waarde": _shown(sbu_text), "max": MAX_SBU})

    crebos: list[str] = []
    for crebo in _CREBO_SEPARATOR.split(value("crebo")):
        if not crebo:
            continue
        if not _CREBO.fullmatch(crebo):
            error(
                _("kolom 'crebo': '%(waarde)s' is geen crebocode (vijf cijfers, gescheiden door spaties of komma's).")
                % {"waarde": _shown(crebo)}
            )
        elif crebo not in known:
            unknown[crebo] = None
        elif crebo not in crebos:
            crebos.append(crebo)

    if len(errors) > count:
        return None
    return KeuzedeelRow(line=line, code=code, naam=naam, sbu=sbu, crebos=tuple(crebos))


# -- writing -------------------------------------------------------------------------------------------


def keuzedelen_write(*, rows: list[KeuzedeelRow], has_crebo: bool, dry_run: bool = False) -> KeuzedeelWriteResult:
    """Upserts the rows by code in one transaction: naam, omvang and, when `has_crebo`, the profielen with
    those crebos (replacing the stored ones). With `dry_run` the counts are the same and nothing is stored.

    Raises KeuzedeelImportError when a row can not be stored (someone else stored the same code meanwhile).
    """
    try:
        with transaction.atomic():
            result = _upsert(rows=rows, has_crebo=has_crebo)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


def _upsert(*, rows: list[KeuzedeelRow], has_crebo: bool) -> KeuzedeelWriteResult:
    through = Keuzedeel.profielen.through
    # The catalogue is small (SBB has some hundreds of keuzedelen): lock and read all of it.
    existing = {k.code: k for k in Keuzedeel.objects.select_for_update().order_by("pk")}
    linked: dict[int, set[int]] = {}
    for keuzedeel_id, profiel_id in through.objects.values_list("keuzedeel_id", "profiel_id"):
        linked.setdefault(keuzedeel_id, set()).add(profiel_id)
    profielen_by_crebo: dict[str, set[int]] = {}
    if has_crebo:
        wanted = {crebo for row in rows for crebo in row.crebos}
        for pk, crebo in Profiel.objects.filter(crebo__in=wanted).values_list("pk", "crebo"):
            profielen_by_crebo.setdefault(crebo, set()).add(pk)

    def profielen_of(row: KeuzedeelRow) -> set[int]:
        return {pk for crebo in row.crebos for pk in profielen_by_crebo.get(crebo, ())}

    result = KeuzedeelWriteResult()
    new: list[Keuzedeel] = []
    changed: list[Keuzedeel] = []
    relink: dict[str, set[int]] = {}  # code → the profielen it should have, where they differ
    for row in rows:
        keuzedeel = existing.get(row.code)
        wanted_profielen = profielen_of(row) if has_crebo else set()
        if keuzedeel is None:
            new.append(Keuzedeel(code=row.code, naam=row.naam, omvang=row.sbu))
            result.nieuw.append(row.code)
            if wanted_profielen:
                relink[row.code] = wanted_profielen
            continue
        fields_differ = (keuzedeel.naam, keuzedeel.omvang) != (row.naam, row.sbu)
        links_differ = has_crebo and linked.get(keuzedeel.pk, set()) != wanted_profielen
        if fields_differ:
            keuzedeel.naam, keuzedeel.omvang = row.naam, row.sbu
            changed.append(keuzedeel)
        if links_differ:
            relink[row.code] = wanted_profielen
        (result.gewijzigd if fields_differ or links_differ else result.ongewijzigd).append(row.code)

    try:
        with transaction.atomic():
            Keuzedeel.objects.bulk_create(new)
    except IntegrityError:
        taken = set(Keuzedeel.objects.values_list("code", flat=True))
        raise KeuzedeelImportError(
            [
                RowError(
                    line=next(row.line for row in rows if row.code == keuzedeel.code),
                    message=_(
                        "kolom 'code': '%(waarde)s' is intussen door iemand anders ingelezen; importeer het bestand "
                        "opnieuw."
                    )
                    % {"waarde": keuzedeel.code},
                )
                for keuzedeel in new
                if keuzedeel.code in taken
            ]
            or [RowError(line=1, message=_("Het bestand kon niet worden opgeslagen; importeer het opnieuw."))]
        ) from None
    if changed:
        Keuzedeel.objects.bulk_update(changed, ["naam", "omvang"])
    if relink:
        ids = dict(Keuzedeel.objects.values_list("code", "pk"))
        relinked = sorted(ids[code] for code in relink)
        # SQLite's oldest limit on query parameters is 999: delete in chunks.
        for start in range(0, len(relinked), LOOKUP_CHUNK):
            through.objects.filter(keuzedeel_id__in=relinked[start : start + LOOKUP_CHUNK]).delete()
        through.objects.bulk_create(
            through(keuzedeel_id=ids[code], profiel_id=profiel_id)
            for code, profielen in relink.items()
            for profiel_id in sorted(profielen)
        )
    return result
