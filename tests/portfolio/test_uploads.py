import bz2
import gzip
import io
import lzma
import struct
import tarfile
import tracemalloc
import warnings
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from PIL import Image

from portfolio.uploads import DetectedFile, UploadRejected, inspect_upload, sanitise_filename

MAX_SIZE = 50 * 1024 * 1024

ALLOWED = (
    "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument (.odt, .ods, .odp), "
    "JPEG, PNG, HEIC, MP3, MP4, MOV en tekst (.txt)"
)
NOT_ALLOWED = f"Dit bestandstype is niet toegestaan. Toegestaan zijn: {ALLOWED}."
EXECUTABLE = "Programma's en scripts zijn niet toegestaan."
HTML = "HTML-bestanden en bestanden met HTML-code of scripts zijn niet toegestaan. Sla een webpagina op als PDF."
SVG = "SVG-afbeeldingen zijn niet toegestaan. Sla de afbeelding op als PNG of JPEG."
ARCHIVE = "Archieven (zoals .zip, .rar, .7z of .gz) zijn niet toegestaan. Upload de bestanden los."
MACROS = (
    "Documenten met macro's zijn niet toegestaan. "
    "Sla het document op zonder macro's, bijvoorbeeld als .docx in plaats van .docm."
)
ENCRYPTED = (
    "Met een wachtwoord beveiligde of versleutelde bestanden zijn niet toegestaan. "
    "Verwijder de beveiliging en upload het bestand opnieuw."
)
UNSAFE_PATH = "Het document bevat een onderdeel met een onveilige bestandsnaam en is daarom geweigerd."
ZIP_BOMB = (
    "Het document wordt uitgepakt te groot of bevat te veel onderdelen (mogelijk een zip-bom) en is daarom geweigerd."
)
LEGACY_OFFICE = (
    "Oude Office-bestanden (.doc, .xls, .ppt) zijn niet toegestaan. "
    "Sla het bestand op als .docx, .xlsx of .pptx en upload het opnieuw."
)
NOT_UTF8 = "Dit tekstbestand is niet als UTF-8 opgeslagen. Sla het op als UTF-8 en upload het opnieuw."
CORRUPT = "Het bestand is beschadigd of onvolledig."


def polyglot(label: str) -> str:
    return (
        f"Het bestand ({label}) bevat extra gegevens die er niet in horen, zoals een verborgen archief, "
        "HTML of script, en is daarom geweigerd. Sla het bestand opnieuw op en probeer het nog eens."
    )


def mismatch(extension: str, label: str, right: str) -> str:
    return f"De extensie .{extension} past niet bij de inhoud van het bestand ({label}). Gebruik .{right}."


def corrupt(label: str) -> str:
    return f"Het bestand ({label}) is beschadigd of onvolledig."


# -- real files, built here ---------------------------------------------------------------------------


def pdf_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, "PDF", title="Stageverslag")
    return buffer.getvalue()


def image_bytes(pillow_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(buffer, pillow_format, **options)
    return buffer.getvalue()


def png_bytes() -> bytes:
    return image_bytes("PNG")


def jpeg_bytes(**options) -> bytes:
    return image_bytes("JPEG", **options)


def zip_bytes(members: dict[str, bytes], *, first_stored: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if first_stored is not None:
            archive.writestr(first_stored, members[first_stored], compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            if name != first_stored:
                archive.writestr(name, data)
    return buffer.getvalue()


OOXML_MAIN = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>Stageverslag week 1</w:t></w:r></w:p></w:body></w:document>",
    ),
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets>'
        b'<sheet name="Uren" sheetId="1" r:id="rId1" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets></workbook>',
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        b'<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
    ),
}


def ooxml_members(kind: str, *, main_type: str | None = None) -> dict[str, bytes]:
    part, content_type, body = OOXML_MAIN[kind]
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{main_type or content_type}"/>'
        "</Types>"
    )
    relationships = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        f'Target="{part}"/></Relationships>'
    )
    members = {
        "[Content_Types].xml": content_types.encode(),
        "_rels/.rels": relationships.encode(),
        part: b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + body,
    }
    if kind == "xlsx":
        members["xl/worksheets/sheet1.xml"] = (
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
        )
    return members


def docx_bytes(**extra: bytes) -> bytes:
    return zip_bytes(ooxml_members("docx") | extra)


ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}


def odf_bytes(kind: str, *, manifest_extra: bytes = b"", extra: dict[str, bytes] | None = None) -> bytes:
    manifest = (
        b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        b'<manifest:file-entry manifest:full-path="/" manifest:media-type="' + ODF_MIMETYPES[kind] + b'"/>'
        b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        + manifest_extra
        + b"</manifest:file-entry></manifest:manifest>"
    )
    members = {
        "mimetype": ODF_MIMETYPES[kind],
        "META-INF/manifest.xml": manifest,
        "content.xml": b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
    }
    return zip_bytes(members | (extra or {}), first_stored="mimetype")


def box(box_type: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I", 8 + len(payload)) + box_type + payload


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    return box(b"ftyp", major + struct.pack(">I", 0) + b"".join(compatible))


def heic_bytes(major: bytes = b"heic", *compatible: bytes) -> bytes:
    handler = box(b"hdlr", bytes(8) + b"pict" + bytes(12) + b"\x00")
    return ftyp(major, *(compatible or (b"mif1", b"heic"))) + box(b"meta", bytes(4) + handler) + box(b"mdat", bytes(64))


def mp4_bytes(major: bytes = b"isom") -> bytes:
    return ftyp(major, b"isom", b"iso2", b"avc1", b"mp41") + box(b"moov", box(b"free")) + box(b"mdat", bytes(256))


def mov_bytes() -> bytes:
    return ftyp(b"qt  ", b"qt  ") + box(b"wide") + box(b"mdat", bytes(256)) + box(b"moov", box(b"free"))


MP3_FRAME = b"\xff\xfb\x90\x64" + bytes(413)  # MPEG-1 layer III, 128 kbit/s, 44.1 kHz: 417 bytes


def id3_tag() -> bytes:
    title = b"\x03" + b"Reflectie gesprek"
    frame = b"TIT2" + struct.pack(">I", len(title)) + b"\x00\x00" + title  # sizes below 128 are syncsafe already
    return b"ID3\x04\x00\x00" + struct.pack(">I", len(frame)) + frame


def mp3_bytes(*, with_tag: bool = True) -> bytes:
    return (id3_tag() if with_tag else b"") + MP3_FRAME * 3


def text_bytes() -> bytes:
    return "Reflectie week 1\r\n\tIk heb geleerd: klantgesprek, één offerte, café ✓\n".encode()


# -- helpers ------------------------------------------------------------------------------------------


def inspect(data: bytes, filename: str, *, max_size: int = MAX_SIZE) -> tuple[DetectedFile, int]:
    upload = io.BytesIO(data)
    upload.seek(len(data) // 2)
    detected = inspect_upload(upload, filename=filename, max_size=max_size)
    return detected, upload.tell()


def refusal(data: bytes, filename: str, *, max_size: int = MAX_SIZE) -> str:
    upload = io.BytesIO(data)
    upload.seek(len(data) // 2)
    with pytest.raises(UploadRejected) as excinfo:
        inspect_upload(upload, filename=filename, max_size=max_size)
    assert upload.tell() == 0
    return excinfo.value.message


def zip_end_patched(data: bytes, *, flag_bits: int) -> bytes:
    """Set general purpose flags in every central directory entry; zipfile cannot write encrypted members."""
    patched = bytearray(data)
    position = patched.find(b"PK\x01\x02")
    while position >= 0:
        (flags,) = struct.unpack_from("<H", patched, position + 8)
        struct.pack_into("<H", patched, position + 8, flags | flag_bits)
        position = patched.find(b"PK\x01\x02", position + 4)
    return bytes(patched)


# -- accepted -----------------------------------------------------------------------------------------

OOXML_MIME = "application/vnd.openxmlformats-officedocument"


@pytest.mark.parametrize(
    ("build", "filename", "expected"),
    [
        (pdf_bytes, "verslag.pdf", DetectedFile("pdf", "application/pdf", "pdf", True)),
        (
            lambda: zip_bytes(ooxml_members("docx")),
            "verslag.docx",
            DetectedFile("docx", f"{OOXML_MIME}.wordprocessingml.document", "docx", False),
        ),
        (
            lambda: zip_bytes(ooxml_members("xlsx")),
            "uren.XLSX",
            DetectedFile("xlsx", f"{OOXML_MIME}.spreadsheetml.sheet", "xlsx", False),
        ),
        (
            lambda: zip_bytes(ooxml_members("pptx")),
            "pitch.pptx",
            DetectedFile("pptx", f"{OOXML_MIME}.presentationml.presentation", "pptx", False),
        ),
        (
            lambda: odf_bytes("odt"),
            "verslag.odt",
            DetectedFile("odt", "application/vnd.oasis.opendocument.text", "odt", False),
        ),
        (
            lambda: odf_bytes("ods"),
            "uren.ods",
            DetectedFile("ods", "application/vnd.oasis.opendocument.spreadsheet", "ods", False),
        ),
        (
            lambda: odf_bytes("odp"),
            "pitch.odp",
            DetectedFile("odp", "application/vnd.oasis.opendocument.presentation", "odp", False),
        ),
        (jpeg_bytes, "foto.jpg", DetectedFile("jpeg", "image/jpeg", "jpg", True)),
        (jpeg_bytes, "foto.JPEG", DetectedFile("jpeg", "image/jpeg", "jpg", True)),
        (lambda: jpeg_bytes() + bytes(16), "gescand.jpg", DetectedFile("jpeg", "image/jpeg", "jpg", True)),
        (png_bytes, "schermafbeelding.png", DetectedFile("png", "image/png", "png", True)),
        (heic_bytes, "IMG_0001.HEIC", DetectedFile("heic", "image/heic", "heic", False)),
        (lambda: heic_bytes(b"mif1", b"mif1"), "foto.heif", DetectedFile("heic", "image/heif", "heic", False)),
        (mp4_bytes, "presentatie.mp4", DetectedFile("mp4", "video/mp4", "mp4", False)),
        (lambda: mp4_bytes(b"M4V "), "presentatie.m4v", DetectedFile("mp4", "video/mp4", "mp4", False)),
        (mov_bytes, "IMG_0002.MOV", DetectedFile("mov", "video/quicktime", "mov", False)),
        (mp3_bytes, "gesprek.mp3", DetectedFile("mp3", "audio/mpeg", "mp3", False)),
        (lambda: mp3_bytes(with_tag=False), "gesprek.mp3", DetectedFile("mp3", "audio/mpeg", "mp3", False)),
        (text_bytes, "notities.txt", DetectedFile("txt", "text/plain; charset=utf-8", "txt", False)),
        (
            lambda: b"\xef\xbb\xbf" + text_bytes(),
            "notities.txt",
            DetectedFile("txt", "text/plain; charset=utf-8", "txt", False),
        ),
        (
            lambda: id3_tag() + bytes(300) + MP3_FRAME * 2,
            "gesprek.mp3",
            DetectedFile("mp3", "audio/mpeg", "mp3", False),
        ),
        (
            lambda: "βράδυ: <p> is een tag\n".encode(),  # starts with bytes filetype takes for Brotli
            "grieks.txt",
            DetectedFile("txt", "text/plain; charset=utf-8", "txt", False),
        ),
    ],
)
def test_accepts_allowed_file(build, filename, expected):
    assert inspect(build(), filename) == (expected, 0)


def test_accepts_pdf_with_trailing_whitespace_after_eof():
    assert inspect(pdf_bytes() + b"\r\n \n", "verslag.pdf")[0].kind == "pdf"


def test_accepts_pdf_mentioning_html_beyond_its_header():
    data = pdf_bytes()
    body = b"%" + b"x" * 2000 + b"\n1 0 obj\n<< /Title (Opdracht 3: de <html> en <script> tags) >>\nendobj\n"
    data = data[:9] + body + data[9:]
    assert inspect(data, "webdev.pdf")[0].kind == "pdf"


def test_accepts_odt_with_empty_basic_library():
    data = odf_bytes("odt", extra={"Basic/script-lc.xml": b"<library:libraries/>", "Basic/Standard/script-lb.xml": b""})
    assert inspect(data, "verslag.odt")[0].kind == "odt"


def test_accepts_django_uploaded_files():
    in_memory = SimpleUploadedFile("verslag.docx", docx_bytes())
    assert in_memory.name is not None
    assert inspect_upload(in_memory, filename=in_memory.name, max_size=MAX_SIZE).kind == "docx"
    assert in_memory.tell() == 0

    on_disk = TemporaryUploadedFile("foto.png", "image/png", 0, None)
    on_disk.write(png_bytes())
    assert on_disk.name is not None
    assert inspect_upload(on_disk, filename=on_disk.name, max_size=MAX_SIZE).kind == "png"
    assert on_disk.tell() == 0
    on_disk.close()


def test_reads_a_large_file_with_bounded_memory():
    line = b"Uur 1: klantgesprek voorbereid en offerte nagerekend.\n"
    data = line * (24 * 1024 * 1024 // len(line))
    upload = io.BytesIO(data)
    tracemalloc.start()
    try:
        detected = inspect_upload(upload, filename="logboek.txt", max_size=MAX_SIZE)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert detected.kind == "txt"
    assert peak < 8 * 1024 * 1024


# -- size ---------------------------------------------------------------------------------------------


def test_refuses_empty_file():
    upload = io.BytesIO(b"")
    with pytest.raises(UploadRejected) as excinfo:
        inspect_upload(upload, filename="leeg.txt", max_size=MAX_SIZE)
    assert excinfo.value.message == "Het bestand is leeg."
    assert upload.tell() == 0


def test_refuses_file_larger_than_the_limit():
    data = b"a" * (1024 * 1024 + 1)
    assert refusal(data, "notities.txt", max_size=1024 * 1024) == (
        "Het bestand is te groot. De maximale grootte is 1 MB."
    )


def test_names_a_fractional_limit_with_a_decimal_comma():
    assert refusal(b"a" * 600_000, "notities.txt", max_size=512 * 1024) == (
        "Het bestand is te groot. De maximale grootte is 0,5 MB."
    )


# -- refused kinds ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"MZ\x90\x00" + bytes(56) + b"\x40\x00\x00\x00PE\x00\x00" + bytes(64), "setup.exe", EXECUTABLE),
        (b"MZ\x90\x00" + bytes(124), "verslag.pdf", EXECUTABLE),
        (b"\x7fELF\x02\x01\x01" + bytes(57), "verslag.txt", EXECUTABLE),
        (b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + bytes(24), "app", EXECUTABLE),
        (b"#!/bin/sh\nrm -rf ~\n", "notities.txt", EXECUTABLE),
        (b"<!DOCTYPE html><html><body>Hoi</body></html>", "pagina.html", HTML),
        (b"\n  <!doctype HTML>\n<title>x</title>", "notities.txt", HTML),
        (b"<html><script>alert(1)</script></html>", "notities.txt", HTML),
        (b"<p>Mijn verslag</p>", "notities.txt", HTML),
        (b"Gewone notities\nmet halverwege <SCRIPT src=//x></script>\n", "notities.txt", HTML),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg", SVG),
        (b'<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg"/>', "logo.svg", SVG),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>', "logo.txt", SVG),
        (zip_bytes({"verslag.txt": b"hoi"}), "bewijs.zip", ARCHIVE),
        (zip_bytes({"verslag.txt": b"hoi"}), "bewijs.docx", ARCHIVE),
        (gzip.compress(b"hoi" * 100), "bewijs.gz", ARCHIVE),
        (bz2.compress(b"hoi" * 100), "bewijs.bz2", ARCHIVE),
        (lzma.compress(b"hoi" * 100), "bewijs.xz", ARCHIVE),
        (b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(56), "bewijs.7z", ARCHIVE),
        (b"Rar!\x1a\x07\x01\x00" + bytes(56), "bewijs.rar", ARCHIVE),
        (b"Rar!\x1a\x07\x00" + bytes(57), "bewijs.pdf", ARCHIVE),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "verslag.doc", LEGACY_OFFICE),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le"),
            "verslag.docx",
            ENCRYPTED,
        ),
        (image_bytes("GIF"), "animatie.gif", f"Dit bestandstype is niet toegestaan: GIF. Toegestaan zijn: {ALLOWED}."),
        (
            ftyp(b"M4A ", b"M4A ", b"mp42", b"isom") + box(b"moov"),
            "memo.m4a",
            f"Dit bestandstype is niet toegestaan: M4A. Toegestaan zijn: {ALLOWED}.",
        ),
        (
            ftyp(b"mif1", b"mif1", b"avif") + box(b"meta"),
            "foto.avif",
            f"Dit bestandstype is niet toegestaan: AVIF. Toegestaan zijn: {ALLOWED}.",
        ),
        (
            zip_bytes({"mimetype": b"application/epub+zip", "a.xhtml": b"x"}, first_stored="mimetype"),
            "boek.epub",
            f"Dit bestandstype is niet toegestaan: application/epub+zip. Toegestaan zijn: {ALLOWED}.",
        ),
        (bytes(range(256)) * 4, "data.bin", NOT_ALLOWED),
        (b"Verslag\x00\x01\x02", "verslag.txt", NOT_ALLOWED),
        ("Notities\n".encode("utf-16"), "notities.txt", NOT_UTF8),
        ("Café met collega's\n".encode("cp1252"), "notities.txt", NOT_UTF8),
    ],
)
def test_refuses_kind(data, filename, message):
    assert refusal(data, filename) == message


def test_refuses_tar_archive():
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("verslag.txt")
        info.size = 3
        archive.addfile(info, io.BytesIO(b"hoi"))
    assert refusal(buffer.getvalue(), "bewijs.tar") == ARCHIVE


def test_refuses_html_marker_across_chunk_boundary():
    data = b"a" * (1024 * 1024 - 3) + b"<script>alert(1)</script>"
    assert refusal(data, "notities.txt") == HTML


def test_refuses_control_characters_deep_in_text():
    assert refusal(b"net tekst\n" * 20_000 + b"\x1b[31m", "notities.txt") == NOT_ALLOWED


# -- polyglots ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "label"),
    [
        (png_bytes() + b"<html><script>alert(1)</script></html>", "foto.png", "PNG"),
        (png_bytes() + b"\x00\x00", "foto.png", "PNG"),
        (png_bytes() + zip_bytes({"a.txt": b"hoi"}), "foto.png", "PNG"),
        (jpeg_bytes() + zip_bytes({"a.txt": b"hoi"}), "foto.jpg", "JPEG"),
        (jpeg_bytes() + b"verborgen gegevens", "foto.jpg", "JPEG"),
        (jpeg_bytes() + bytes(2048), "foto.jpg", "JPEG"),
        (jpeg_bytes(comment=b"<script>alert(1)</script>"), "foto.jpg", "JPEG"),
        (pdf_bytes() + zip_bytes({"a.txt": b"hoi"}), "verslag.pdf", "PDF"),
        (pdf_bytes() + b"\n<html><body>Hoi</body></html>\n", "verslag.pdf", "PDF"),
        (pdf_bytes() + zip_bytes({"a.txt": b"hoi"}) + b"\n%%EOF\n", "verslag.pdf", "PDF"),
        (pdf_bytes()[:9] + b"%<script>alert(1)</script>\n" + pdf_bytes()[9:], "verslag.pdf", "PDF"),
        (mp3_bytes() + zip_bytes({"a.txt": b"hoi"}), "gesprek.mp3", "MP3"),
        (mp3_bytes() + b"Rar!\x1a\x07\x00" + bytes(32), "gesprek.mp3", "MP3"),
        (mp4_bytes() + zip_bytes({"a.txt": b"hoi"}), "film.mp4", "MP4"),
        (mp4_bytes() + b"\x00\x00\x00\x10\x00\x01\x02\x03" + bytes(8), "film.mp4", "MP4"),
        (heic_bytes() + b"<html>", "foto.heic", "HEIC"),
    ],
)
def test_refuses_polyglot(data, filename, label):
    assert refusal(data, filename) == polyglot(label)


def test_refuses_docx_with_data_appended():
    message = (
        "Het bestand bevat extra gegevens die er niet in horen, zoals een verborgen archief, HTML of script, "
        "en is daarom geweigerd. Sla het bestand opnieuw op en probeer het nog eens."
    )
    assert refusal(docx_bytes() + b"<html><script>alert(1)</script></html>", "verslag.docx") == message
    assert refusal(docx_bytes() + zip_bytes({"a.txt": b"hoi"})[:-22], "verslag.docx") == message


def test_refuses_docx_with_html_first_member():
    data = zip_bytes(
        ooxml_members("docx") | {"a.html": b"<html><script>alert(1)</script></html>"}, first_stored="a.html"
    )
    assert refusal(data, "verslag.docx") == polyglot("Word")


# -- structure and corruption -------------------------------------------------------------------------


def test_refuses_png_with_bad_checksum():
    data = bytearray(png_bytes())
    data[-20] ^= 0xFF  # inside the IDAT chunk
    assert refusal(bytes(data), "foto.png") == corrupt("PNG")


def test_refuses_truncated_jpeg():
    data = jpeg_bytes()
    assert refusal(data[: len(data) // 2], "foto.jpg") == corrupt("JPEG")


def test_refuses_pdf_without_end_marker():
    assert refusal(b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n", "verslag.pdf") == corrupt("PDF")


def test_refuses_truncated_mp4():
    assert refusal(mp4_bytes()[:-10], "film.mp4") == corrupt("MP4")


def test_refuses_heic_without_meta_box():
    assert refusal(ftyp(b"heic", b"mif1", b"heic") + box(b"mdat", bytes(8)), "foto.heic") == corrupt("HEIC")


def test_refuses_image_with_too_many_pixels():
    def chunk(chunk_type: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(chunk_type + payload)
        return struct.pack(">I", len(payload)) + chunk_type + payload + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 30_000, 30_000, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"\x78\x9c\x03\x00") + chunk(b"IEND", b"")
    assert refusal(data, "poster.png") == (
        "De afbeelding heeft te veel pixels. Verklein de afbeelding en upload haar opnieuw."
    )


def test_refuses_docx_with_bad_member_checksum():
    data = bytearray(zip_bytes(ooxml_members("docx") | {"word/media/foto.bin": b"pixels" * 100}))
    position = data.find(b"word/media/foto.bin") + len("word/media/foto.bin")
    data[position + 5] ^= 0xFF  # inside the compressed data of that member
    assert refusal(bytes(data), "verslag.docx") == corrupt("Word")


def test_refuses_docx_with_duplicate_member_names():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        for name, data in ooxml_members("docx").items():
            archive.writestr(name, data)
        archive.writestr("word/document.xml", b"<w:document/>")
    assert refusal(buffer.getvalue(), "verslag.docx") == CORRUPT


def test_refuses_mp3_with_broken_second_frame():
    assert refusal(id3_tag() + MP3_FRAME + b"\x00" * 417, "gesprek.mp3") == corrupt("MP3")


# -- office documents as zips -------------------------------------------------------------------------


def test_refuses_docx_with_macros():
    assert refusal(docx_bytes(**{"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}), "verslag.docx") == MACROS


def test_refuses_docm_content_type_even_when_renamed():
    members = ooxml_members("docx", main_type="application/vnd.ms-word.document.macroEnabled.main+xml")
    assert refusal(zip_bytes(members), "verslag.docx") == MACROS


def test_refuses_odt_with_basic_macro():
    data = odf_bytes("odt", extra={"Basic/Standard/Module1.xml": b"<script:module/>"})
    assert refusal(data, "verslag.odt") == MACROS


@pytest.mark.parametrize("name", ["../evil", "word/../../evil.xml", "/etc/passwd", "C:/Windows/evil.dll", "a\\..\\b"])
def test_refuses_docx_member_with_unsafe_path(name):
    assert refusal(zip_bytes(ooxml_members("docx") | {name: b"x"}), "verslag.docx") == UNSAFE_PATH


def test_refuses_zip_bomb_by_total_size():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in ooxml_members("docx").items():
            archive.writestr(name, data)
        zeros = bytes(1024 * 1024)
        with archive.open("word/media/image1.bmp", "w") as member:
            for _megabyte in range(300):
                member.write(zeros)
    assert len(buffer.getvalue()) < 1024 * 1024
    assert refusal(buffer.getvalue(), "verslag.docx") == ZIP_BOMB


def test_refuses_zip_bomb_by_compression_ratio():
    data = zip_bytes(ooxml_members("docx") | {"word/media/image1.bmp": bytes(5 * 1024 * 1024)})
    assert refusal(data, "verslag.docx") == ZIP_BOMB


def test_accepts_small_members_that_compress_well():
    data = zip_bytes(ooxml_members("docx") | {"word/styles.xml": b"<w:style/>" * 50_000})
    assert inspect(data, "verslag.docx")[0].kind == "docx"


def test_refuses_zip_with_too_many_members():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in ooxml_members("docx").items():
            archive.writestr(name, data)
        for number in range(10_000):
            archive.writestr(f"word/media/{number}.xml", b"")
    assert refusal(buffer.getvalue(), "verslag.docx") == ZIP_BOMB


def test_accepts_docx_with_zip64_end_records():
    data = docx_bytes()
    end = data.rfind(b"PK\x05\x06")
    entries, directory_size, directory_offset = struct.unpack_from("<HII", data, end + 10)
    record = struct.pack(
        "<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, entries, entries, directory_size, directory_offset
    )
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, end, 1)
    end_record = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    assert inspect(data[:end] + record + locator + end_record, "verslag.docx")[0].kind == "docx"


def test_refuses_encrypted_zip_member():
    assert refusal(zip_end_patched(docx_bytes(), flag_bits=0x1), "verslag.docx") == ENCRYPTED


def test_refuses_password_protected_odt():
    encryption = b'<manifest:encryption-data manifest:checksum-type="SHA1/1K"/>'
    assert refusal(odf_bytes("odt", manifest_extra=encryption), "verslag.odt") == ENCRYPTED


# -- extension ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "filename", "message"),
    [
        (pdf_bytes, "verslag.docx", mismatch("docx", "PDF", "pdf")),
        (png_bytes, "foto.jpg", mismatch("jpg", "PNG", "png")),
        (mov_bytes, "film.mp4", mismatch("mp4", "MOV", "mov")),
        (docx_bytes, "verslag.xlsx", mismatch("xlsx", "Word", "docx")),
        (text_bytes, "notities.html", mismatch("html", "tekst", "txt")),
        (jpeg_bytes, "foto", "De bestandsnaam heeft geen extensie. Voor dit bestand (JPEG) is dat .jpg."),
    ],
)
def test_refuses_extension_that_does_not_match_content(build, filename, message):
    assert refusal(build(), filename) == message


# -- filenames ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("verslag.pdf", "verslag.pdf"),
        ("C:\\Users\\Ali\\Documents\\Stage verslag.docx", "Stage verslag.docx"),
        ("../../etc/passwd", "passwd"),
        (".htaccess", "htaccess"),
        ("verslag.pdf. . ", "verslag.pdf"),
        ("  week   1\t\nverslag .pdf", "week 1 verslag.pdf"),
        ("rapport: versie 2?.pdf", "rapport versie 2.pdf"),
        ("CON.txt", "_CON.txt"),
        ("lpt1", "_lpt1"),
        ("console.txt", "console.txt"),
        ("foto\u202egpj.exe", "fotogpj.exe"),
        ("regel\x00\x1f\x7fnaam.txt", "regelnaam.txt"),
        ("cafe\u0301.txt", "caf\u00e9.txt"),
        ("a.tar.gz", "a.tar.gz"),
        ("", "bestand"),
        ("...", "bestand"),
        ("///", "bestand"),
        ("\x00\x01", "bestand"),
    ],
)
def test_sanitise_filename(name, expected):
    assert sanitise_filename(name) == expected


def test_sanitise_filename_limits_length_and_keeps_extension():
    assert sanitise_filename("a" * 300 + ".pdf") == "a" * 116 + ".pdf"
    assert sanitise_filename("😀" * 100 + ".pdf") == "😀" * 59 + ".pdf"
    assert len(sanitise_filename("😀" * 100 + ".pdf").encode()) == 240
