import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from accounts.roles import Role
from accounts.services import groups_ensure
from dossier.models import Criterium, Werkproces
from portfolio import services as portfolio_services
from portfolio.models import Beoordelaarstoewijzing
from tests.factories import CohortFactory, InschrijvingFactory, OpleidingFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "wachtwoord-voor-test"


def person(username: str, first: str, last: str, role: Role):
    user = UserFactory.create(username=username, first_name=first, last_name=last, password=PASSWORD)
    user.groups.add(groups_ensure()[role.value])
    return user


@pytest.fixture
def people(commercie, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    student = person("sanne", "Sanne", "de Vries", Role.STUDENT)
    praktijk = person("pieter", "Pieter", "Jansen", Role.BEOORDELAAR)
    school = person("samira", "Samira", "El Idrissi", Role.BEOORDELAAR)
    OpleidingFactory.create().coordinatoren.add(person("carla", "Carla", "Bakker", Role.COORDINATOR))
    inschrijving = InschrijvingFactory.create(
        student=student, profiel=commercie.profielen.get(code="P3"), cohort=CohortFactory.create()
    )
    Beoordelaarstoewijzing.objects.create(inschrijving=inschrijving, beoordelaar=praktijk, rol="praktijk")
    Beoordelaarstoewijzing.objects.create(inschrijving=inschrijving, beoordelaar=school, rol="school")
    werkproces = Werkproces.objects.get(code="B1-K1-W1")
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, "PDF")
    bewijsstuk = portfolio_services.bewijsstuk_create(
        inschrijving=inschrijving,
        werkproces=werkproces,
        titel="Marktonderzoek uitzendbranche",
        criteria=list(Criterium.objects.filter(werkproces=werkproces, profiel__isnull=True)[:2]),
        files=[SimpleUploadedFile("onderzoek.pdf", buffer.getvalue())],
        by=student,
    )
    portfolio_services.bewijsstuk_submit(bewijsstuk=bewijsstuk, by=student)
    return inschrijving


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def log_out(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()


def score_from_queue(page, live_server, username: str, feedback: str) -> None:
    log_in(page, live_server, username)
    page.get_by_role("link", name="Te beoordelen").click()
    expect(page.locator("#queue-count")).to_have_text("1")
    page.get_by_role("link", name="Beoordelen", exact=True).click()
    page.get_by_label("Examen (telt mee)").check()
    page.get_by_role("button", name="Beoordeling openen").click()
    criteria = page.locator("fieldset.criterium-score")
    expect(criteria).to_have_count(7)
    for index in range(7):
        criteria.nth(index).get_by_label("Voldoende", exact=True).check()
    page.get_by_label("Feedback voor de student").fill(feedback)
    page.get_by_role("button", name="Indienen").click()
    expect(page.locator("#beoordeling-status")).to_have_text("Ingediend")
    log_out(page)


def test_two_assessors_agree_the_coordinator_fixes_and_the_student_reads_the_feedback(page, live_server, people):
    score_from_queue(page, live_server, "samira", "Duidelijke bronnen, werk de conclusie verder uit.")
    score_from_queue(page, live_server, "pieter", "Goed toegepast in de praktijk.")

    log_in(page, live_server, "carla")
    page.get_by_role("link", name="Vaststellen").click()
    page.get_by_role("link", name="Sanne de Vries").click()
    expect(page.locator("#poging-status")).to_have_text("Overeenstemming")
    page.get_by_role("button", name="Uitslag vaststellen").click()
    expect(page.locator("#poging-status")).to_have_text("Vastgesteld")
    expect(page.locator("#poging-uitslag")).to_have_text("Voldoende")
    log_out(page)

    log_in(page, live_server, "sanne")
    page.get_by_role("link", name="Feedback van beoordelaars").click()
    cards = page.locator('section.feedback-card[data-werkproces="B1-K1-W1"]')
    expect(cards).to_have_count(2)
    expect(page.get_by_text("Duidelijke bronnen, werk de conclusie verder uit.")).to_be_visible()
    expect(page.get_by_text("Goed toegepast in de praktijk.")).to_be_visible()
