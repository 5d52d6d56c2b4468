"""Upload safety: decide by content what a student's file is, and refuse whatever is not plainly one allowed kind.

Every check reads bounded windows (head, tail, chunks of CHUNK_SIZE): uploads may be hundreds of megabytes.
"""

import codecs
import re
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from typing import Protocol

import filetype
import pikepdf
from django.utils import formats
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MB = 1024 * 1024
CHUNK_SIZE = 1 * MB
HEAD_SIZE = 64 * 1024
# A zip's end record may carry a 64 KiB comment, so the tail must hold that plus the record and the zip64 locator.
TAIL_SIZE = 128 * 1024

ZIP_MAX_MEMBERS = 10_000
ZIP_MAX_UNCOMPRESSED = 200 * MB
ZIP_MAX_RATIO = 100
# Small members may compress far better than 1:100 (empty styles, repeated XML) without being able to hurt anyone.
ZIP_RATIO_GRACE = 1 * MB
ZIP_MAX_DIRECTORY = 16 * MB
ZIP_MAX_PART = 4 * MB  # [Content_Types].xml, manifest.xml, mimetype: read whole, so bounded

# Some cameras and scanners pad a JPEG after its end marker with 0x00/0xFF up to a block boundary; those bytes carry
# nothing, so a small run of them is no second file.
JPEG_MAX_PADDING = 1024
PNG_MAX_CHUNKS = 200_000
PNG_MAX_ANCILLARY_CHUNK = 8 * MB  # Pillow reads non-image chunks whole
BMFF_MAX_BOXES = 100_000

FILENAME_MAX_LENGTH = 120
FILENAME_MAX_BYTES = 240
FILENAME_FALLBACK = "bestand"


@dataclass(frozen=True)
class DetectedFile:
    kind: str
    mime: str
    extension: str
    inline: bool


class UploadRejected(Exception):
    """An upload we refuse; `message` is Dutch and shown to the student as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SeekableFile(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...
    def seek(self, offset: int, whence: int = ..., /) -> int: ...
    def tell(self) -> int: ...


@dataclass(frozen=True)
class _Kind:
    mime: str
    extension: str
    extensions: frozenset[str]
    inline: bool
    label: str


_KINDS: dict[str, _Kind] = {
    "pdf": _Kind("application/pdf", "pdf", frozenset({"pdf"}), True, "PDF"),
    "docx": _Kind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        frozenset({"docx"}),
        False,
        "Word",
    ),
    "xlsx": _Kind(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", frozenset({"xlsx"}), False, "Excel"
    ),
    "pptx": _Kind(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
        frozenset({"pptx"}),
        False,
        "PowerPoint",
    ),
    "odt": _Kind("application/vnd.oasis.opendocument.text", "odt", frozenset({"odt"}), False, "OpenDocument-tekst"),
    "ods": _Kind(
        "application/vnd.oasis.opendocument.spreadsheet", "ods", frozenset({"ods"}), False, "OpenDocument-rekenblad"
    ),
    "odp": _Kind(
        "application/vnd.oasis.opendocument.presentation", "odp", frozenset({"odp"}), False, "OpenDocument-presentatie"
    ),
    "jpeg": _Kind("image/jpeg", "jpg", frozenset({"jpg", "jpeg"}), True, "JPEG"),
    "png": _Kind("image/png", "png", frozenset({"png"}), True, "PNG"),
    "heic": _Kind("image/heic", "heic", frozenset({"heic", "heif"}), False, "HEIC"),
    "mp3": _Kind("audio/mpeg", "mp3", frozenset({"mp3"}), False, "MP3"),
    "mp4": _Kind("video/mp4", "mp4", frozenset({"mp4", "m4v"}), False, "MP4"),
    "mov": _Kind("video/quicktime", "mov", frozenset({"mov"}), False, "MOV"),
    "txt": _Kind("text/plain; charset=utf-8", "txt", frozenset({"txt"}), False, "tekst"),
}
# Every Content-Type an evidence download can have (HEIF is stored as detected, see _detect_heic).
STORED_MIMES: tuple[str, ...] = tuple(sorted({k.mime.split(";")[0] for k in _KINDS.values()} | {"image/heif"}))


def _detected(kind: str, *, mime: str | None = None) -> DetectedFile:
    spec = _KINDS[kind]
    return DetectedFile(kind=kind, mime=mime or spec.mime, extension=spec.extension, inline=spec.inline)


# -- refusals -----------------------------------------------------------------------------------------


def _allowed_list() -> str:
    return _(
        "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument (.odt, .ods, .odp), "
        "JPEG, PNG, HEIC, MP3, MP4, MOV en tekst (.txt)"
    )


def _not_allowed(type_name: str | None = None) -> UploadRejected:
    if type_name:
        return UploadRejected(
            _("Dit bestandstype is niet toegestaan: %(type)s. Toegestaan zijn: %(toegestaan)s.")
            % {"type": type_name, "toegestaan": _allowed_list()}
        )
    return UploadRejected(
        _("Dit bestandstype is niet toegestaan. Toegestaan zijn: %(toegestaan)s.") % {"toegestaan": _allowed_list()}
    )


def _unknown(head: bytes) -> UploadRejected:
    """Name the type when filetype knows it; a damaged header of an allowed kind is called damaged, not forbidden."""
    guessed = filetype.guess(head)
    if guessed is None:
        return _not_allowed()
    for kind, spec in _KINDS.items():
        if guessed.extension in spec.extensions:
            return _corrupt(kind)
    return _not_allowed(guessed.extension.upper())


def _executable() -> UploadRejected:
    return UploadRejected(_("Programma's en scripts zijn niet toegestaan."))


def _html() -> UploadRejected:
    return UploadRejected(
        _("HTML-bestanden en bestanden met HTML-code of scripts zijn niet toegestaan. Sla een webpagina op als PDF.")
    )


def _svg() -> UploadRejected:
    return UploadRejected(_("SVG-afbeeldingen zijn niet toegestaan. Sla de afbeelding op als PNG of JPEG."))


def _archive() -> UploadRejected:
    return UploadRejected(_("Archieven (zoals .zip, .rar, .7z of .gz) zijn niet toegestaan. Upload de bestanden los."))


def _polyglot(kind: str | None = None) -> UploadRejected:
    if kind is None:
        return UploadRejected(
            _(
                "Het bestand bevat extra gegevens die er niet in horen, zoals een verborgen archief, HTML of script, "
                "en is daarom geweigerd. Sla het bestand opnieuw op en probeer het nog eens."
            )
        )
    return UploadRejected(
        _(
            "Het bestand (%(type)s) bevat extra gegevens die er niet in horen, zoals een verborgen archief, "
            "HTML of script, en is daarom geweigerd. Sla het bestand opnieuw op en probeer het nog eens."
        )
        % {"type": _KINDS[kind].label}
    )


def _corrupt(kind: str | None = None) -> UploadRejected:
    if kind is None:
        return UploadRejected(_("Het bestand is beschadigd of onvolledig."))
    return UploadRejected(_("Het bestand (%(type)s) is beschadigd of onvolledig.") % {"type": _KINDS[kind].label})


def _macros() -> UploadRejected:
    return UploadRejected(
        _(
            "Documenten met macro's zijn niet toegestaan. "
            "Sla het document op zonder macro's, bijvoorbeeld als .docx in plaats van .docm."
        )
    )


def _encrypted() -> UploadRejected:
    return UploadRejected(
        _(
            "Met een wachtwoord beveiligde of versleutelde bestanden zijn niet toegestaan. "
            "Verwijder de beveiliging en upload het bestand opnieuw."
        )
    )


def _pdf_encrypted() -> UploadRejected:
    return UploadRejected(
        _(
            "Beveiligde of versleutelde PDF-bestanden zijn niet toegestaan: de beoordelaar moet ze kunnen openen. "
            "Sla de PDF op zonder wachtwoord of beveiliging en upload hem opnieuw."
        )
    )


def _pdf_javascript() -> UploadRejected:
    return UploadRejected(
        _(
            "PDF-bestanden met JavaScript zijn niet toegestaan. "
            "Druk het document af naar een nieuwe PDF (Afdrukken > Opslaan als PDF) en upload die."
        )
    )


def _pdf_launch() -> UploadRejected:
    return UploadRejected(
        _(
            "PDF-bestanden die een programma of ander bestand starten zijn niet toegestaan. "
            "Druk het document af naar een nieuwe PDF (Afdrukken > Opslaan als PDF) en upload die."
        )
    )


def _pdf_embedded() -> UploadRejected:
    return UploadRejected(
        _("PDF-bestanden met ingesloten bestanden (bijlagen) zijn niet toegestaan. Upload de bijlagen los.")
    )


def _unsafe_path() -> UploadRejected:
    return UploadRejected(_("Het document bevat een onderdeel met een onveilige bestandsnaam en is daarom geweigerd."))


def _zip_bomb() -> UploadRejected:
    return UploadRejected(
        _(
            "Het document wordt uitgepakt te groot of bevat te veel onderdelen (mogelijk een zip-bom) "
            "en is daarom geweigerd."
        )
    )


def _legacy_office() -> UploadRejected:
    return UploadRejected(
        _(
            "Oude Office-bestanden (.doc, .xls, .ppt) zijn niet toegestaan. "
            "Sla het bestand op als .docx, .xlsx of .pptx en upload het opnieuw."
        )
    )


def _not_utf8() -> UploadRejected:
    return UploadRejected(
        _("Dit tekstbestand is niet als UTF-8 opgeslagen. Sla het op als UTF-8 en upload het opnieuw.")
    )


def _too_many_pixels() -> UploadRejected:
    return UploadRejected(_("De afbeelding heeft te veel pixels. Verklein de afbeelding en upload haar opnieuw."))


def _format_megabytes(size: int) -> str:
    megabytes = size / MB
    if megabytes.is_integer():
        return str(int(megabytes))
    return formats.number_format(max(megabytes, 0.1), decimal_pos=1)


# -- reading ------------------------------------------------------------------------------------------


def _read_at(fileobj: SeekableFile, offset: int, size: int) -> bytes:
    fileobj.seek(offset)
    parts: list[bytes] = []
    remaining = size
    while remaining > 0:
        part = fileobj.read(min(remaining, CHUNK_SIZE))
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def _chunks(fileobj: SeekableFile, offset: int, length: int):
    fileobj.seek(offset)
    remaining = length
    while remaining > 0:
        chunk = fileobj.read(min(remaining, CHUNK_SIZE))
        if not chunk:
            return
        remaining -= len(chunk)
        yield chunk


@dataclass(frozen=True)
class _Sample:
    fileobj: SeekableFile
    size: int
    head: bytes
    tail: bytes

    @property
    def tail_start(self) -> int:
        return self.size - len(self.tail)


# -- public API ---------------------------------------------------------------------------------------


def inspect_upload(fileobj: SeekableFile, *, filename: str, max_size: int) -> DetectedFile:
    """What the upload is, judged by its content; raises UploadRejected for anything we will not store.

    The file is read in bounded windows and left at position 0, also when refused.
    """
    try:
        fileobj.seek(0, 2)
        size = fileobj.tell()
        if size == 0:
            raise UploadRejected(_("Het bestand is leeg."))
        if size > max_size:
            raise UploadRejected(
                _("Het bestand is te groot. De maximale grootte is %(limiet)s MB.")
                % {"limiet": _format_megabytes(max_size)}
            )
        tail_start = max(0, size - TAIL_SIZE)
        sample = _Sample(
            fileobj=fileobj,
            size=size,
            head=_read_at(fileobj, 0, HEAD_SIZE),
            tail=_read_at(fileobj, tail_start, size - tail_start),
        )
        _refuse_dangerous_heads(sample)
        detected = _detect(sample)
        _check_extension(detected, filename)
        return detected
    finally:
        fileobj.seek(0)


# -- detection ----------------------------------------------------------------------------------------

_MACHO_MAGICS = (
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
)
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# filetype's archive matchers also cover PDF, RTF and more; these are the ones that are archives. Brotli is left out:
# its four-byte "magic" is also the UTF-8 for Greek "βρ".
_ARCHIVE_EXTENSIONS = frozenset(
    {"tar", "rar", "gz", "bz2", "7z", "xz", "Z", "lz", "lz4", "lzo", "zst", "cab", "rpm", "deb", "ar", "crx"}
)


def _refuse_dangerous_heads(sample: _Sample) -> None:
    head = sample.head
    if head.startswith((b"MZ", b"\x7fELF", b"#!", *_MACHO_MAGICS)):
        raise _executable()
    if head.startswith(_OLE2_MAGIC):
        # A password-protected docx/xlsx/pptx is an OLE2 container holding an EncryptedPackage stream.
        marker = "EncryptedPackage".encode("utf-16-le")
        if marker in head or marker in sample.tail:
            raise _encrypted()
        raise _legacy_office()
    archive = filetype.archive_match(head)
    if archive is not None and archive.extension in _ARCHIVE_EXTENSIONS:
        raise _archive()


def _detect(sample: _Sample) -> DetectedFile:
    head = sample.head
    if head.startswith(_ZIP_MAGICS):
        return _inspect_zip(sample)
    if head.startswith(b"%PDF-"):
        return _inspect_pdf(sample)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _inspect_png(sample)
    if head.startswith(b"\xff\xd8\xff"):
        return _inspect_jpeg(sample)
    if head[4:8] == b"ftyp":
        return _inspect_isobmff(sample)
    if _id3_end(head) is not None or _mpeg_frame(head[:4]) is not None:
        return _inspect_mp3(sample)
    return _inspect_text(sample)


# -- hidden content in binary files -------------------------------------------------------------------

_ZIP_KINDS = frozenset({"docx", "xlsx", "pptx", "odt", "ods", "odp"})
_DOCUMENT_KINDS = _ZIP_KINDS | {"pdf"}
# Browsers and PDF readers look for a second format's header near the start; deeper in a document, text such as
# "<html>" in a student's bookmark or code listing is ordinary content, and the end is checked structurally.
SNIFF_SIZE = 1024
_BINARY_MARKUP = (b"<script", b"<html", b"<!doctype html", b"<iframe")
_ARCHIVE_SIGNATURES = (b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c")


def _refuse_hidden_content(sample: _Sample, kind: str) -> None:
    windows = (sample.head[:SNIFF_SIZE],) if kind in _DOCUMENT_KINDS else (sample.head, sample.tail)
    if any(marker in window.lower() for window in windows for marker in _BINARY_MARKUP):
        raise _polyglot(kind)
    if kind in _ZIP_KINDS:
        return  # the zip's own end record has been checked to end the file
    if any(signature in sample.tail for signature in _ARCHIVE_SIGNATURES) or _embedded_zip_end(sample):
        raise _polyglot(kind)


def _embedded_zip_end(sample: _Sample) -> bool:
    """A zip end record with its central directory before it: zip readers would open this file as an archive."""
    tail = sample.tail
    position = tail.find(b"PK\x05\x06")
    while position >= 0:
        record = tail[position : position + 22]
        if len(record) == 22:
            directory_size, directory_offset = struct.unpack("<II", record[12:20])
            directory_start = sample.tail_start + position - directory_size
            if directory_start >= 0 and directory_offset <= directory_start:
                if directory_size == 0 or _read_at(sample.fileobj, directory_start, 4) == b"PK\x01\x02":
                    return True
        position = tail.find(b"PK\x05\x06", position + 1)
    return False


# -- PDF ----------------------------------------------------------------------------------------------


def _inspect_pdf(sample: _Sample) -> DetectedFile:
    _refuse_hidden_content(sample, "pdf")
    tail = sample.tail
    end = tail.rfind(b"%%EOF")
    if end < 0 or b"startxref" not in tail:
        raise _corrupt("pdf")
    if tail[end + len(b"%%EOF") :].strip(b" \t\r\n\f\x00"):
        raise _polyglot("pdf")
    _inspect_pdf_structure(sample.fileobj)
    return _detected("pdf")


def _inspect_pdf_structure(fileobj: SeekableFile) -> None:
    """pikepdf (qpdf) reads the objects: no encryption, no JavaScript, no launch action, no embedded file."""
    fileobj.seek(0)
    try:
        with pikepdf.open(fileobj) as pdf:  # type: ignore[arg-type]
            if pdf.is_encrypted:
                raise _pdf_encrypted()
            for obj in pdf.objects:
                _refuse_active_pdf_content(obj)
    except pikepdf.PasswordError:
        raise _pdf_encrypted() from None
    except pikepdf.PdfError:
        raise _corrupt("pdf") from None
    finally:
        fileobj.seek(0)


def _refuse_active_pdf_content(root) -> None:
    """Walks one indirect object with the dictionaries and arrays written inside it (references are visited
    as objects of their own), so an action inline in the catalog or an annotation is found too."""
    pending = [root]
    while pending:
        obj = pending.pop()
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            _refuse_active_pdf_object(obj)
            values = obj.values() if isinstance(obj, pikepdf.Dictionary) else obj.stream_dict.values()
        elif isinstance(obj, pikepdf.Array):
            values = list(obj)
        else:
            continue
        pending.extend(v for v in values if isinstance(v, pikepdf.Dictionary | pikepdf.Array) and not v.is_indirect)


def _refuse_active_pdf_object(obj) -> None:
    action = obj.get("/S")
    if action == pikepdf.Name.JavaScript or "/JS" in obj or obj.get("/Type") == pikepdf.Name.JavaScript:
        raise _pdf_javascript()
    if action == pikepdf.Name.Launch:
        raise _pdf_launch()
    if obj.get("/Type") == pikepdf.Name.EmbeddedFile or "/EmbeddedFiles" in obj or "/EF" in obj:
        raise _pdf_embedded()


# -- images -------------------------------------------------------------------------------------------


def _open_image(fileobj: SeekableFile, kind: str, pillow_format: str, *, decode: bool) -> None:
    """Let Pillow parse the header and, if asked, decode at reduced scale (JPEG draft mode keeps memory small)."""
    fileobj.seek(0)
    try:
        # Pillow reads, seeks and tells only, though its annotation asks for a whole IO[bytes]
        with Image.open(fileobj, formats=[pillow_format]) as image:  # type: ignore[arg-type]
            if decode:
                image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
    except Image.DecompressionBombError as error:
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error) as error:
        raise _corrupt(kind) from error


def _inspect_png(sample: _Sample) -> DetectedFile:
    """Walk the chunks with their CRCs: Pillow's own verify reads chunks whole and stops at IEND."""
    _refuse_hidden_content(sample, "png")
    fileobj, size = sample.fileobj, sample.size
    position = 8
    for _count in range(PNG_MAX_CHUNKS):
        header = _read_at(fileobj, position, 8)
        if len(header) < 8:
            raise _corrupt("png")
        length, chunk_type = struct.unpack(">I4s", header)
        if length > 2**31 - 1 or not chunk_type.isalpha() or position + 12 + length > size:
            raise _corrupt("png")
        if length > PNG_MAX_ANCILLARY_CHUNK and chunk_type not in (b"IDAT", b"fdAT"):
            raise _corrupt("png")
        crc = zlib.crc32(chunk_type)
        for chunk in _chunks(fileobj, position + 8, length):
            crc = zlib.crc32(chunk, crc)
        (stored_crc,) = struct.unpack(">I", _read_at(fileobj, position + 8 + length, 4))
        if crc != stored_crc:
            raise _corrupt("png")
        position += 12 + length
        if chunk_type == b"IEND":
            break
    else:
        raise _corrupt("png")
    if position != size:
        raise _polyglot("png")
    # Pillow's own verify would read each chunk whole; the walk above has checked every CRC as a stream.
    _open_image(fileobj, "png", "PNG", decode=False)
    return _detected("png")


def _inspect_jpeg(sample: _Sample) -> DetectedFile:
    _refuse_hidden_content(sample, "jpeg")
    tail = sample.tail
    content = tail.rstrip(b"\x00\xff")
    if not content.endswith(b"\xff\xd9"):
        # Outside the entropy-coded data 0xFF 0xD9 is only the end marker: present but not last means data follows.
        raise _polyglot("jpeg") if b"\xff\xd9" in tail else _corrupt("jpeg")
    if len(tail) - len(content) > JPEG_MAX_PADDING:
        raise _polyglot("jpeg")
    _open_image(sample.fileobj, "jpeg", "JPEG", decode=True)
    return _detected("jpeg")


# -- ISO base media (HEIC, MP4, MOV) ------------------------------------------------------------------

_HEIC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"})
_HEIF_BRANDS = frozenset({b"mif1", b"msf1"})
_MP4_BRANDS = frozenset(
    {
        b"isom",
        b"iso2",
        b"iso3",
        b"iso4",
        b"iso5",
        b"iso6",
        b"mp41",
        b"mp42",
        b"avc1",
        b"M4V ",
        b"M4VH",
        b"M4VP",
        b"mmp4",
        b"MSNV",
        b"dash",
    }
)
_MOV_BRANDS = frozenset({b"qt  "})


def _inspect_isobmff(sample: _Sample) -> DetectedFile:
    head = sample.head
    (ftyp_size,) = struct.unpack(">I", head[:4])
    if ftyp_size < 16 or ftyp_size > len(head):
        raise _corrupt()
    major = head[8:12]
    compatible = {head[i : i + 4] for i in range(16, ftyp_size - 3, 4)}
    mime = None
    if major in _HEIC_BRANDS:
        kind = "heic"
    elif major in _HEIF_BRANDS and not compatible & {b"avif", b"avis"}:
        kind = "heic"
        mime = None if compatible & _HEIC_BRANDS else "image/heif"
    elif major in _MP4_BRANDS:
        kind = "mp4"
    elif major in _MOV_BRANDS:
        kind = "mov"
    else:
        raise _unknown(head)

    _refuse_hidden_content(sample, kind)
    boxes = _walk_boxes(sample, kind)
    required = b"meta" if kind == "heic" else b"moov"
    if required not in boxes:
        raise _corrupt(kind)
    return _detected(kind, mime=mime)


def _walk_boxes(sample: _Sample, kind: str) -> set[bytes]:
    """Top-level boxes must tile the file exactly: anything after the last box is a second file riding along."""
    fileobj, size = sample.fileobj, sample.size
    seen: set[bytes] = set()
    position = 0
    for _count in range(BMFF_MAX_BOXES):
        if position == size:
            return seen
        header = _read_at(fileobj, position, 16)
        if len(header) < 8:
            raise _corrupt(kind)
        box_size, box_type = struct.unpack(">I4s", header[:8])
        if not all(0x20 <= byte <= 0x7E for byte in box_type):
            raise _polyglot(kind)
        if box_size == 1:
            if len(header) < 16:
                raise _corrupt(kind)
            (box_size,) = struct.unpack(">Q", header[8:16])
            if box_size < 16:
                raise _corrupt(kind)
        elif box_size == 0:
            box_size = size - position
        elif box_size < 8:
            raise _corrupt(kind)
        if position + box_size > size:
            raise _corrupt(kind)
        seen.add(box_type)
        position += box_size
    raise _corrupt(kind)


# -- MP3 ----------------------------------------------------------------------------------------------

_MP3_BITRATES = {
    3: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),  # MPEG-1 layer III
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),  # MPEG-2 layer III
    0: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),  # MPEG-2.5 layer III
}
_MP3_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
ID3_MAX_PADDING = 64 * 1024


def _mpeg_frame(header: bytes) -> tuple[int, int, int] | None:
    """(version, sample rate index, frame length) of an MPEG layer III frame header, or None."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version = (header[1] >> 3) & 0b11
    layer = (header[1] >> 1) & 0b11
    bitrate_index = header[2] >> 4
    rate_index = (header[2] >> 2) & 0b11
    if version == 1 or layer != 0b01 or bitrate_index in (0, 15) or rate_index == 3 or header[3] & 0b11 == 2:
        return None
    bitrate = _MP3_BITRATES[version][bitrate_index] * 1000
    sample_rate = _MP3_SAMPLE_RATES[version][rate_index]
    padding = (header[2] >> 1) & 1
    samples_factor = 144 if version == 3 else 72
    return version, rate_index, samples_factor * bitrate // sample_rate + padding


def _id3_end(head: bytes) -> int | None:
    """Where an ID3v2 tag at the start ends, or None if the head is no ID3v2 tag."""
    if len(head) < 10 or not head.startswith(b"ID3") or head[3] not in (2, 3, 4) or head[4] == 0xFF:
        return None
    if any(byte >= 0x80 for byte in head[6:10]):
        return None
    tag_size = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
    return 10 + tag_size + (10 if head[5] & 0x10 else 0)


def _inspect_mp3(sample: _Sample) -> DetectedFile:
    _refuse_hidden_content(sample, "mp3")
    fileobj, size = sample.fileobj, sample.size
    position = _id3_end(sample.head)
    if position is None:
        position = 0
    else:
        # Some taggers leave zero padding outside the tag.
        window = _read_at(fileobj, position, ID3_MAX_PADDING + 4)
        position += len(window) - len(window.lstrip(b"\x00"))
    first = _mpeg_frame(_read_at(fileobj, position, 4))
    if first is None:
        raise _corrupt("mp3")
    following_position = position + first[2]
    if following_position + 4 <= size:
        following = _mpeg_frame(_read_at(fileobj, following_position, 4))
        if following is None or following[:2] != first[:2]:
            raise _corrupt("mp3")
    elif following_position > size:
        raise _corrupt("mp3")
    return _detected("mp3")


# -- zip-based documents ------------------------------------------------------------------------------

_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
_OOXML_MAIN_TYPES = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": ("docx", "word/"),
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": ("xlsx", "xl/"),
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": ("pptx", "ppt/"),
}
_ODF_MACRO_MEMBER = re.compile(r"^(Scripts/.+|Basic/[^/]+/(?!script-lb\.xml$|dialog-lb\.xml$)[^/]+\.xml)$")
_DRIVE_PATH = re.compile(r"^[A-Za-z]:")
_CONTENT_TYPE = re.compile(r"[a-z]+/[a-z0-9.+-]{1,80}")


@dataclass(frozen=True)
class _ZipEnd:
    entries: int
    directory_size: int
    directory_offset: int
    directory_end: int  # where the central directory must end: the zip64 record or the end record


def _zip_end(sample: _Sample) -> _ZipEnd:
    fileobj, size, tail, tail_start = sample.fileobj, sample.size, sample.tail, sample.tail_start
    position = tail.rfind(b"PK\x05\x06")
    while position >= 0:
        record = tail[position : position + 22]
        if len(record) == 22:
            (comment_length,) = struct.unpack("<H", record[20:22])
            if tail_start + position + 22 + comment_length == size:
                break
        position = tail.rfind(b"PK\x05\x06", 0, position)
    else:
        # An end record that does not end the file means something was appended after the archive.
        raise _polyglot() if b"PK\x05\x06" in tail else _corrupt()

    end_position = tail_start + position
    entries, directory_size, directory_offset = struct.unpack("<HII", record[10:20])
    if entries != 0xFFFF and directory_size != 0xFFFFFFFF and directory_offset != 0xFFFFFFFF:
        return _ZipEnd(entries, directory_size, directory_offset, end_position)

    locator = _read_at(fileobj, end_position - 20, 20) if end_position >= 20 else b""
    if len(locator) < 20 or not locator.startswith(b"PK\x06\x07"):
        raise _corrupt()
    (record64_position,) = struct.unpack("<Q", locator[8:16])
    record64 = _read_at(fileobj, record64_position, 56)
    if len(record64) < 56 or not record64.startswith(b"PK\x06\x06"):
        raise _corrupt()
    entries, directory_size, directory_offset = struct.unpack("<QQQ", record64[32:56])
    return _ZipEnd(entries, directory_size, directory_offset, record64_position)


def _inspect_zip(sample: _Sample) -> DetectedFile:
    fileobj = sample.fileobj
    end = _zip_end(sample)
    if end.entries > ZIP_MAX_MEMBERS or end.directory_size > ZIP_MAX_DIRECTORY:
        raise _zip_bomb()
    if end.directory_offset + end.directory_size != end.directory_end:
        raise _corrupt()

    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            _check_members(members)
            detected = _classify_zip(archive, members)
            _check_member_data(archive, members, detected.kind)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, NotImplementedError) as error:
        raise _corrupt() from error
    _refuse_hidden_content(sample, detected.kind)
    return detected


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > ZIP_MAX_MEMBERS:
        raise _zip_bomb()
    if not members or min(member.header_offset for member in members) != 0:
        raise _corrupt()
    names: set[str] = set()
    total = 0
    for member in members:
        for name in (member.orig_filename, member.filename):
            parts = re.split(r"[\\/]", name)
            if "\x00" in name or name.startswith(("/", "\\")) or _DRIVE_PATH.match(name) or ".." in parts:
                raise _unsafe_path()
        if member.filename in names:
            # Two members with one name: which one a reader picks differs per program.
            raise _corrupt()
        names.add(member.filename)
        if member.flag_bits & 0x41:  # traditional or strong encryption
            raise _encrypted()
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _corrupt()
        total += member.file_size
        if total > ZIP_MAX_UNCOMPRESSED:
            raise _zip_bomb()
        if member.file_size > ZIP_RATIO_GRACE and member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1):
            raise _zip_bomb()


def _read_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    if member.file_size > ZIP_MAX_PART:
        raise _corrupt()
    with archive.open(member) as part:
        return part.read(ZIP_MAX_PART)


def _classify_zip(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> DetectedFile:
    by_name = {member.filename: member for member in members}
    names = list(by_name)

    if members[0].filename == "mimetype":
        mimetype = _read_part(archive, members[0]).strip()
        kind = _ODF_MIMETYPES.get(mimetype)
        if kind is None:
            # The member is the uploader's text: name it only when it looks like a content type.
            named = mimetype.decode("ascii", "replace")
            raise _not_allowed(named if _CONTENT_TYPE.fullmatch(named) else None)
        if "META-INF/manifest.xml" not in by_name or "content.xml" not in by_name:
            raise _corrupt(kind)
        if b"encryption-data" in _read_part(archive, by_name["META-INF/manifest.xml"]):
            raise _encrypted()
        if any(_ODF_MACRO_MEMBER.match(name) for name in names):
            raise _macros()
        return _detected(kind)

    if "[Content_Types].xml" in by_name:
        content_types = _read_part(archive, by_name["[Content_Types].xml"])
        if b"macroenabled" in content_types.lower() or any(
            name.lower().rsplit("/", 1)[-1] in ("vbaproject.bin", "vbadata.xml") for name in names
        ):
            raise _macros()
        for main_type, (kind, folder) in _OOXML_MAIN_TYPES.items():
            if main_type in content_types:
                if "_rels/.rels" not in by_name or not any(name.startswith(folder) for name in names):
                    raise _corrupt(kind)
                return _detected(kind)
        raise _not_allowed(_("Office-bestand van een ander soort"))

    raise _archive()


def _check_member_data(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], kind: str) -> None:
    """Decompress every member as a stream: the CRC check proves the sizes we judged the bomb limits on are true."""
    try:
        for member in members:
            with archive.open(member) as part:
                while part.read(CHUNK_SIZE):
                    pass
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError) as error:
        raise _corrupt(kind) from error


# -- plain text ---------------------------------------------------------------------------------------

_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BINARY_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The tags that make a browser sniff a document as HTML (WHATWG MIME Sniffing), each followed by a space or ">".
_HTML_STARTS = (
    "<!doctype html",
    "<html",
    "<head",
    "<script",
    "<iframe",
    "<h1",
    "<div",
    "<font",
    "<table",
    "<a",
    "<style",
    "<title",
    "<b",
    "<body",
    "<br",
    "<p",
    "<!--",
)
_HTML_MARKERS = ("<script", "<html", "<!doctype html", "<iframe")
_MARKER_OVERLAP = max(len(marker) for marker in (*_HTML_MARKERS, "<svg")) - 1


def _inspect_text(sample: _Sample) -> DetectedFile:
    """Streams the whole file: text has no structure to check, so every byte must be decent UTF-8 and no markup."""
    head = sample.head
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _not_utf8()  # UTF-16, as Windows Notepad saves "Unicode"
    if _BINARY_CONTROL.search(head):
        raise _unknown(head)

    start = head.decode("utf-8", "ignore").lstrip("\ufeff \t\r\n\f").lower()
    if start.startswith("<") and "<svg" in head.lower().decode("utf-8", "ignore"):
        raise _svg()
    for tag in _HTML_STARTS:
        if start.startswith(tag) and start[len(tag) : len(tag) + 1] in (" ", ">", "\t", "\n", "\r"):
            raise _html()

    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    carry = ""
    try:
        for chunk in _chunks(sample.fileobj, 0, sample.size):
            text = decoder.decode(chunk)
            if _TEXT_CONTROL.search(text):
                raise _not_allowed()
            window = (carry + text).lower()
            if "<svg" in window:
                raise _svg()
            if any(marker in window for marker in _HTML_MARKERS):
                raise _html()
            carry = window[-_MARKER_OVERLAP:]
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise _not_utf8() from error
    return _detected("txt")


# -- extension ----------------------------------------------------------------------------------------


def _check_extension(detected: DetectedFile, filename: str) -> None:
    name = sanitise_filename(filename)
    extension = name.rsplit(".", 1)[1].lower() if "." in name else ""
    spec = _KINDS[detected.kind]
    if extension in spec.extensions:
        return
    if not extension:
        raise UploadRejected(
            _("De bestandsnaam heeft geen extensie. Voor dit bestand (%(type)s) is dat .%(juist)s.")
            % {"type": spec.label, "juist": spec.extension}
        )
    raise UploadRejected(
        _("De extensie .%(extensie)s past niet bij de inhoud van het bestand (%(type)s). Gebruik .%(juist)s.")
        % {"extensie": extension, "type": spec.label, "juist": spec.extension}
    )


# -- filenames ----------------------------------------------------------------------------------------

_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*]')
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in "0123456789\u00b9\u00b2\u00b3")}
)
_HIDDEN = frozenset({"Cc", "Cf", "Cs"})  # control, format (bidi overrides, zero-width) and lone surrogates
_EXTENSION = re.compile(r"^[A-Za-z0-9]{1,10}$")


def _visible_char(char: str) -> str:
    if char in "\t\n\r\v\f" or unicodedata.category(char) in ("Zs", "Zl", "Zp"):
        return " "
    if unicodedata.category(char) in _HIDDEN:
        return ""
    return char


def sanitise_filename(name: str) -> str:
    """A readable name that is safe to show, store and send back in Content-Disposition; never empty."""
    name = unicodedata.normalize("NFC", name)
    # Format characters include the right-to-left override that makes "fotoexe.jpg" out of "foto\u202egpj.exe".
    name = "".join(_visible_char(char) for char in name)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _WINDOWS_FORBIDDEN.sub(" ", name)
    name = re.sub(r"\s+", " ", name).strip()
    name = name.lstrip(". ").rstrip(". ")

    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or not _EXTENSION.match(extension):
        stem, extension = name, ""
    if stem.split(".", 1)[0].strip().lower() in _WINDOWS_RESERVED:
        stem = f"_{stem}"

    suffix = f".{extension}" if extension else ""
    stem = stem[: FILENAME_MAX_LENGTH - len(suffix)]
    while stem and len((stem + suffix).encode()) > FILENAME_MAX_BYTES:
        stem = stem[:-1]
    stem = stem.rstrip(". ")
    if not stem:
        return FILENAME_FALLBACK + suffix if extension else FILENAME_FALLBACK
    return stem + suffix
