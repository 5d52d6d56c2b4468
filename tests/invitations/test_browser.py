"""Issue 12.3 in Chromium: the coordinator invites the praktijkbeoordelaar, who opens the mailed link on a phone,
logs in with the mailed code, scores and submits the exam, settles the difference with the schoolbeoordelaar as
today, and is shut out once the coordinator revokes the invitation."""

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.roles import Role
from dossier.models import Criterium, Werkproces
from portfolio import services as portfolio_services
from portfolio.models import Beoordelaarstoewijzing
from tests.factories import (
    VIEWPORTS,
    CohortFactory,
    InschrijvingFactory,
    OpleidingFactory,
    fits,
    log_in,
    log_out,
    person,
    within_screen,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def leerbedrijf(commercie, settings, tmp_path, live_server, pdf):
    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"
    student = person("sanne", "Sanne", "de Vries", Role.STUDENT)
    school = person("samira", "Samira", "El Idrissi", Role.BEOORDELAAR)
    OpleidingFactory.create().coordinatoren.add(person("carla", "Carla", "Bakker", Role.COORDINATOR))
    inschrijving = InschrijvingFactory.create(
        student=student,
        profiel=commercie.profielen.get(code="P3"),
        cohort=CohortFactory.create(),
        leerbedrijf="Uitzend BV",
    )
    Beoordelaarstoewijzing.objects.create(inschrijving=inschrijving, beoordelaar=school, rol="school")
    werkproces = Werkproces.objects.get(code="B1-K1-W1")
    bewijsstuk = portfolio_services.bewijsstuk_create(
        inschrijving=inschrijving,
        werkproces=werkproces,
        titel="Marktonderzoek uitzendbranche",
        criteria=list(Criterium.objects.filter(werkproces=werkproces, profiel__isnull=True)[:2]),
        files=[pdf("onderzoek.pdf")],
        by=student,
    )
    portfolio_services.bewijsstuk_submit(bewijsstuk=bewijsstuk, by=student)
    return inschrijving


def from_outbox(pattern: str) -> str:
    """The newest match in the mails the live server (in this process) sent; it may take a moment."""
    for _attempt in range(50):
        for message in reversed(mail.outbox):
            if found := re.search(pattern, str(message.body)):
                return found.group(1)
        time.sleep(0.1)
    raise AssertionError(f"geen mail met {pattern}")


def new_page(browser, request, **options):
    context = browser.new_context(locale="nl-NL", **options)
    request.addfinalizer(context.close)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.on("dialog", lambda dialog: dialog.accept())
    return tab


def test_an_invited_praktijkbeoordelaar_assesses_on_a_phone_until_the_invitation_is_revoked(
    browser,  # noqa: F811
    page,  # noqa: F811
    live_server,
    leerbedrijf,
    request,
):
    inschrijving = leerbedrijf
    desk = page

    # The coordinator invites from the cohort page.
    log_in(desk, live_server, "carla")
    desk.goto(f"{live_server.url}/portfolio/beheer/cohorten/{inschrijving.cohort_id}/")
    desk.get_by_role("link", name="Praktijkbeoordelaar uitnodigen voor Sanne de Vries").click()
    desk.get_by_label("Naam van de praktijkbeoordelaar").fill("Piet Bakker")
    desk.get_by_label("E-mailadres").fill("piet@leerbedrijf.example")
    desk.get_by_role("button", name="Uitnodiging versturen").click()
    expect(desk.locator(".message").first).to_contain_text("Uitnodiging verstuurd naar piet@leerbedrijf.example")
    expect(desk.locator("#praktijkbeoordelaar")).to_contain_text("Piet Bakker")
    link = from_outbox(r"(http://\S+/uitnodiging/link/[\w-]+/)")
    assert link.startswith(live_server.url)

    # The praktijkbeoordelaar opens the mail's link on a phone and logs in with the mailed code.
    phone = new_page(browser, request, viewport=VIEWPORTS["telefoon"], is_mobile=True, has_touch=True)
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Inloggen met je uitnodiging")).to_be_visible()
    fits(phone)
    phone.get_by_role("button", name="Stuur mij de code").click()
    expect(phone.locator(".message").first).to_contain_text("We hebben een code gestuurd naar p•••@leerbedrijf.example")
    code = from_outbox(r"Je inlogcode is: (\d{6})")
    within_screen(phone, phone.get_by_label("Code uit de mail"))
    phone.get_by_label("Code uit de mail").fill(code)
    phone.get_by_role("button", name="Inloggen").click()
    expect(phone.get_by_role("heading", name="Beoordelen: Sanne de Vries")).to_be_visible()
    expect(phone.locator(".account")).to_contain_text("Piet Bakker")
    fits(phone)

    # Evidence first, then the exam beoordeling, as any assessor does.
    phone.get_by_role("link", name="Bewijs van B1-K1-W1").click()
    expect(phone.get_by_role("link", name="Marktonderzoek uitzendbranche").first).to_be_visible()
    fits(phone)
    phone.get_by_role("link", name="Marktonderzoek uitzendbranche").first.click()
    expect(phone.get_by_role("heading", name="Marktonderzoek uitzendbranche")).to_be_visible()
    expect(phone.get_by_role("button", name="Teruggeven aan de student")).to_have_count(0)
    fits(phone)
    phone.goto(f"{live_server.url}/uitnodiging/")
    phone.get_by_role("link", name="Beoordelen B1-K1-W1").click()
    phone.get_by_label("Examen (telt mee)").check()
    phone.get_by_role("button", name="Beoordeling openen").click()
    criteria = phone.locator("fieldset.criterium-score")
    expect(criteria).to_have_count(7)
    fits(phone)
    criteria.nth(0).get_by_label("Goed", exact=True).check()
    for index in range(1, 7):
        criteria.nth(index).get_by_label("Voldoende", exact=True).check()
    phone.get_by_label("Feedback voor de student").fill("Sterk in gesprekken met opdrachtgevers.")
    within_screen(phone, phone.get_by_role("button", name="Indienen"))
    phone.get_by_role("button", name="Indienen").click()
    expect(phone.locator("#beoordeling-status")).to_have_text("Ingediend")
    phone.get_by_role("link", name="Naar de examenpoging").click()
    expect(phone.locator("#waiting-other")).to_be_visible()
    fits(phone)
    poging_url = phone.url

    # The schoolbeoordelaar scores with one difference and proposes the agreed scores, as today.
    school = new_page(browser, request)
    log_in(school, live_server, "samira")
    school.goto(f"{live_server.url}/beoordelen/{inschrijving.pk}/werkproces/B1-K1-W1/")
    school.get_by_role("link", name="Poging 1").click()
    school.get_by_role("button", name="Examenbeoordeling starten").click()
    school_criteria = school.locator("fieldset.criterium-score")
    for index in range(7):
        school_criteria.nth(index).get_by_label("Voldoende", exact=True).check()
    school.get_by_label("Feedback voor de student").fill("Goed onderzoek.")
    school.get_by_role("button", name="Indienen").click()
    expect(school.locator("#beoordeling-status")).to_have_text("Ingediend")
    school.get_by_role("link", name="Naar de examenpoging").click()
    expect(school.locator("#poging-status")).to_have_text("Beoordelaars overleggen")
    expect(school.locator("tr.differs")).to_have_count(1)
    school.locator("#settle fieldset.criterium-score").nth(0).get_by_label("Voldoende", exact=True).check()
    school.get_by_role("button", name="Deze scores voorstellen").click()
    expect(school.locator(".message").first).to_contain_text("Voorstel vastgelegd")
    log_out(school)

    # The praktijkbeoordelaar agrees on the phone.
    phone.goto(poging_url)
    expect(phone.locator("tr.differs")).to_have_count(1)
    fits(phone)
    phone.get_by_role("button", name="Akkoord").click()
    expect(phone.locator("#poging-status")).to_have_text("Overeenstemming")
    fits(phone)

    # Elsewhere in the portal the invitation reaches nothing.
    phone.goto(f"{live_server.url}/portfolio/studenten/")
    expect(phone.locator("#invitation-refused")).to_contain_text("alleen de beoordelingen van deze ene student")
    fits(phone)

    # The coordinator revokes; the running session and the link are refused from then on.
    desk.goto(f"{live_server.url}/uitnodiging/inschrijving/{inschrijving.pk}/")
    desk.get_by_role("button", name="Intrekken").click()
    expect(desk.locator(".message").first).to_contain_text("is ingetrokken; de link werkt niet meer")
    expect(desk.locator(".uitnodiging-status")).to_have_text("Ingetrokken")
    phone.goto(poging_url)
    expect(phone.locator("#invitation-refused")).to_contain_text("Je uitnodiging is ingetrokken of verlopen.")
    fits(phone)
    phone.goto(link)
    expect(phone.locator("#invitation-refused")).to_contain_text("Deze uitnodiging is ingetrokken of verlopen.")
    phone.goto(poging_url)
    expect(phone.get_by_role("heading", name="Inloggen")).to_be_visible()

    # Every use is in the student's history.
    desk.goto(f"{live_server.url}/geschiedenis/inschrijving/{inschrijving.pk}/")
    history = desk.locator(".history-lines")
    for sentence in (
        "Praktijkbeoordelaar uitgenodigd: Piet Bakker",
        "Uitnodigingslink van Piet Bakker geopend",
        "Inlogcode gevraagd voor piet@leerbedrijf.example",
        "Ingelogd met de uitnodiging",
        "Beoordeling ingediend via de uitnodiging: B1-K1-W1 (examen)",
        "Ingestemd met het voorstel via de uitnodiging: B1-K1-W1, poging 1",
        "Uitnodiging van Piet Bakker ingetrokken",
        "Geweigerd: de uitnodiging van Piet Bakker is ingetrokken of verlopen (sessie)",
        "Geweigerd: de uitnodiging van Piet Bakker is ingetrokken of verlopen (link)",
    ):
        expect(history).to_contain_text(sentence)
