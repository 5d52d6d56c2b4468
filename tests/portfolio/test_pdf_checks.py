"""Issue 12: PDFs are read by pikepdf; encrypted ones and ones with JavaScript, a launch action or an embedded
file are refused with a Dutch message, on the page and in the API, and nothing is saved.

Each file is a real PDF written by pikepdf (qpdf), with the feature put where PDF writers put it.
"""

import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portfolio.models import Bewijsstuk
from portfolio.uploads import UploadRejected, inspect_upload
from tests.factories import pdf_bytes

ENCRYPTED = "Beveiligde of versleutelde PDF-bestanden zijn niet toegestaan"
JAVASCRIPT = "PDF-bestanden met JavaScript zijn niet toegestaan."
LAUNCH = "PDF-bestanden die een programma of ander bestand starten zijn niet toegestaan."
EMBEDDED = "PDF-bestanden met ingesloten bestanden (bijlagen) zijn niet toegestaan. Upload de bijlagen los."


def one_page() -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    return pdf


def saved(pdf: pikepdf.Pdf, **options) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, **options)
    return buffer.getvalue()


def encrypted(*, user: str) -> bytes:
    return saved(one_page(), encryption=pikepdf.Encryption(owner="eigenaar", user=user))


def with_open_action(action: pikepdf.Dictionary) -> bytes:
    pdf = one_page()
    pdf.Root.OpenAction = action
    return saved(pdf)


def with_link_annotation_running_javascript() -> bytes:
    pdf = one_page()
    action = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
    link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 100, 100], A=action)
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([link]))
    return saved(pdf)


def with_document_javascript() -> bytes:
    pdf = one_page()
    script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("this.print()"))
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=[pikepdf.String("start"), script]))
    return saved(pdf)


def with_attachment() -> bytes:
    pdf = one_page()
    pdf.attachments["notities.txt"] = pikepdf.AttachedFileSpec(pdf, b"geheime notities")
    return saved(pdf)


FILES = {
    "a user password": (lambda: encrypted(user="geheim"), ENCRYPTED),
    "an owner password only": (lambda: encrypted(user=""), ENCRYPTED),
    "javascript on opening": (
        lambda: with_open_action(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))),
        JAVASCRIPT,
    ),
    "javascript behind a link": (with_link_annotation_running_javascript, JAVASCRIPT),
    "document-level javascript": (with_document_javascript, JAVASCRIPT),
    "a launch action": (
        lambda: with_open_action(pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))), LAUNCH
    ),
    "an embedded file": (with_attachment, EMBEDDED),
}  # fmt: skip


def inspect(data: bytes):
    return inspect_upload(SimpleUploadedFile("verslag.pdf", data), filename="verslag.pdf", max_size=10_000_000)


@pytest.mark.parametrize("case", list(FILES))
def test_a_pdf_with_something_active_or_locked_is_refused_saying_what(case):
    make, message = FILES[case]

    with pytest.raises(UploadRejected) as refused:
        inspect(make())

    assert str(refused.value).startswith(message)


@pytest.mark.parametrize("data", [saved(one_page()), pdf_bytes()], ids=["pikepdf", "pillow"])
def test_an_ordinary_pdf_is_accepted_and_left_readable_from_the_start(data):
    upload = SimpleUploadedFile("verslag.pdf", data)

    detected = inspect_upload(upload, filename="verslag.pdf", max_size=10_000_000)

    assert detected.kind == "pdf"
    assert upload.read(5) == b"%PDF-"


def test_a_pdf_whose_objects_are_damaged_is_called_damaged():
    data = saved(one_page()).replace(b"/Type /Pages", b"/Type /Pages /Kids [ 99 0 R <<")

    with pytest.raises(UploadRejected) as refused:
        inspect(data)

    assert str(refused.value) == "Het bestand (PDF) is beschadigd of onvolledig."


def test_the_api_and_the_page_refuse_a_pdf_with_javascript_and_save_nothing(api_client, client, student, inschrijving):
    data = with_document_javascript()
    api_client.force_authenticate(student)
    client.force_login(student)

    api = api_client.post(
        "/api/v1/bewijsstukken/",
        {
            "inschrijving": inschrijving.pk,
            "werkproces": "B1-K1-W1",
            "titel": "Verslag",
            "files": [SimpleUploadedFile("verslag.pdf", data, content_type="application/pdf")],
        },
        format="multipart",
    )
    page = client.post(
        f"/portfolio/{inschrijving.pk}/werkproces/B1-K1-W1/nieuw/",
        {"titel": "Verslag", "files": [SimpleUploadedFile("verslag.pdf", data, content_type="application/pdf")]},
    )

    assert api.status_code == 400
    assert api.json()["detail"] == f"verslag.pdf: {JAVASCRIPT} " + (
        "Druk het document af naar een nieuwe PDF (Afdrukken > Opslaan als PDF) en upload die."
    )
    assert page.status_code == 400
    assert JAVASCRIPT in page.content.decode()
    assert not Bewijsstuk.objects.exists()
