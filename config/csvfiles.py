"""Reading an uploaded CSV file the way Dutch spreadsheets save it; shared by the CSV importers."""

import csv
import io
from typing import IO

from django.utils.translation import gettext as _


class CsvFileRejected(Exception):
    """The whole file is refused; `message` is Dutch and `line` the line it concerns (1 for the file)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def decode_upload(fileobj: IO[bytes], *, max_bytes: int) -> str:
    """The text of an uploaded CSV: UTF-8 (with or without BOM) or, as Excel on Windows saves it, cp1252."""
    too_big = _("Het bestand is groter dan %(mb)s MB; splits het in kleinere bestanden.") % {
        "mb": max_bytes // (1024 * 1024)
    }
    size = getattr(fileobj, "size", None)
    if size is not None and size > max_bytes:
        raise CsvFileRejected(too_big)
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    raw = fileobj.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise CsvFileRejected(too_big)
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    if not raw.strip():
        raise CsvFileRejected(_("Het bestand is leeg."))
    not_text = CsvFileRejected(
        _("Het bestand is geen CSV-tekstbestand. Sla het in Excel op als CSV (puntkomma- of kommagescheiden).")
    )
    # NUL bytes: a spreadsheet (.xlsx is a zip), a PDF, or UTF-16 text, none of which we read.
    if b"\x00" in raw:
        raise not_text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise not_text from None


def read_records(
    text: str, *, max_rows: int, strict: bool = False
) -> tuple[str, list[str], int, list[tuple[int, list[str]]]]:
    """The delimiter (';' when the header has at least as many as ','), the header and its line, and
    the non-blank data records with their numbers.

    Numbers count records, not physical lines, so a quoted value spanning two lines still matches the
    row number the coordinator sees in the spreadsheet.
    """
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    header: list[str] | None = None
    header_line = 1
    records: list[tuple[int, list[str]]] = []
    try:
        for line, cells in enumerate(reader, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header, header_line = cells, line
                continue
            records.append((line, cells))
            if len(records) > max_rows:
                raise CsvFileRejected(
                    _("Het bestand heeft meer dan %(max)s studenten; splits het in kleinere bestanden.")
                    % {"max": max_rows}
                )
    except csv.Error as exc:
        raise CsvFileRejected(
            _("Het bestand kan niet als CSV worden gelezen (regel %(regel)s): %(reden)s")
            % {"regel": reader.line_num, "reden": exc}
        ) from None
    if header is None:
        raise CsvFileRejected(_("Het bestand is leeg."))
    return delimiter, header, header_line, records
