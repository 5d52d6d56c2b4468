import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from accounts.roles import Role
from accounts.services import groups_ensure
from tests.factories import CohortFactory, InschrijvingFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def student(commercie, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = UserFactory.create(
        username="sanne", first_name="Sanne", last_name="de Vries", password="wachtwoord-voor-test"
    )
    user.groups.add(groups_ensure()[Role.STUDENT.value])
    return InschrijvingFactory.create(
        student=user, profiel=commercie.profielen.get(code="P3"), cohort=CohortFactory.create()
    )


@pytest.fixture
def pdf_file(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), "white").save(buffer, "PDF")
    path = tmp_path / "marktonderzoek.pdf"
    path.write_bytes(buffer.getvalue())
    return path


def test_student_uploads_claims_submits_and_sees_the_status(page, live_server, student, pdf_file):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Gebruikersnaam").fill("sanne")
    page.get_by_label("Wachtwoord").fill("wachtwoord-voor-test")
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", name="Mijn portfolio")).to_be_visible()
    page.get_by_role("link", name="B1-K1-W1 Verzamelt klant-, product- en marktinformatie").click()
    page.get_by_role("link", name="Bewijsstuk toevoegen").click()

    page.get_by_label("Titel").fill("Marktonderzoek uitzendbranche")
    page.get_by_label("Reflectie").fill("Ik heb drie vacaturesites vergeleken.")
    page.get_by_label("Relevante informatie (ten behoeve van een opdracht)", exact=False).check()
    page.get_by_label("Informatie over wijzigingen in relevante wet- en regelgeving is beschikbaar.").check()
    page.get_by_label("Bestanden").set_input_files(str(pdf_file))
    expect(page.locator("[data-chosen] li")).to_have_text(
        [f"marktonderzoek.pdf ({(pdf_file.stat().st_size + 1023) // 1024} kB)"]
    )
    page.get_by_role("button", name="Opslaan als concept").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Marktonderzoek uitzendbranche")
    expect(page.locator("#status")).to_have_text("Concept")
    expect(page.get_by_role("link", name="marktonderzoek.pdf")).to_be_visible()
    page.get_by_role("button", name="Indienen").click()
    expect(page.locator("#status")).to_have_text("Ingediend")

    page.get_by_role("link", name="Mijn portfolio", exact=True).first.click()
    row = page.locator('tr[data-werkproces="B1-K1-W1"]')
    expect(row).to_contain_text("1 ingediend")
    expect(row.locator(".covered")).to_have_text("2/7")


def test_a_refused_file_shows_the_reason_without_losing_the_form(page, live_server, student, tmp_path):
    exe = tmp_path / "setup.exe"
    exe.write_bytes(b"MZ\x90\x00" + b"\x00" * 512)
    page.goto(f"{live_server.url}/accounts/login/?next=/portfolio/{student.pk}/werkproces/B1-K1-W1/nieuw/")
    page.get_by_label("Gebruikersnaam").fill("sanne")
    page.get_by_label("Wachtwoord").fill("wachtwoord-voor-test")
    page.get_by_role("button", name="Inloggen").click()

    page.get_by_label("Titel").fill("Installatie")
    page.get_by_label("Bestanden").set_input_files(str(exe))
    page.get_by_role("button", name="Opslaan als concept").click()

    expect(page.locator("#form-errors")).to_contain_text("setup.exe:")
    expect(page.get_by_label("Titel")).to_have_value("Installatie")
