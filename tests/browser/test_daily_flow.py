"""The whole day of every role, in Chromium, on a phone and on a desktop.

The student uploads and submits evidence, both assessors score it (with one difference they settle), the
coordinator vaststelt from the list and exports, and the student reads the result. On the way every page is
checked for horizontal scrolling and the steps of issue 9 are asserted where a user meets them.
"""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from accounts.roles import Role
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


@pytest.fixture(params=list(VIEWPORTS))
def device(request, browser):
    phone = request.param == "telefoon"
    context = browser.new_context(locale="nl-NL", viewport=VIEWPORTS[request.param], is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.confirmations = []

    def accept(dialog) -> None:
        page.confirmations.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    yield page
    context.close()


@pytest.fixture
def school_day(commercie, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    student = person("sanne", "Sanne", "de Vries", Role.STUDENT)
    praktijk = person("pieter", "Pieter", "Jansen", Role.BEOORDELAAR)
    school = person("samira", "Samira", "El Idrissi", Role.BEOORDELAAR)
    OpleidingFactory.create().coordinatoren.add(person("carla", "Carla", "Bakker", Role.COORDINATOR))
    inschrijving = InschrijvingFactory.create(
        student=student,
        profiel=commercie.profielen.get(code="P3"),
        cohort=CohortFactory.create(),
        studentnummer="555001",
    )
    Beoordelaarstoewijzing.objects.create(inschrijving=inschrijving, beoordelaar=praktijk, rol="praktijk")
    Beoordelaarstoewijzing.objects.create(inschrijving=inschrijving, beoordelaar=school, rol="school")
    pdf = tmp_path / "onderzoek.pdf"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, "PDF")
    pdf.write_bytes(buffer.getvalue())
    return {"inschrijving": inschrijving, "pdf": pdf}


def current_nav(page):
    return page.locator('.main-nav a[aria-current="page"]')


def student_uploads_and_submits(page, live_server, pdf) -> None:
    log_in(page, live_server, "sanne")
    expect(current_nav(page)).to_have_text("Mijn portfolio")
    expect(page.locator(".main-nav").get_by_role("link", name="Rapporten")).to_be_visible()
    expect(page.locator("#awaiting")).to_contain_text("Niets: je bent bij.")
    row = page.locator('tr[data-werkproces="B1-K1-W1"]')
    within_screen(page, row.locator(".werkproces-uitslag"))
    within_screen(page, row.locator(".statuses"))
    row.get_by_role("link").click()
    fits(page)
    expect(page.locator("#coverage-summary")).to_have_text("0 van 7 criteria aangetoond met ingediend bewijs.")
    page.get_by_role("link", name="Bewijsstuk toevoegen").click()
    page.get_by_label("Titel").fill("Marktonderzoek uitzendbranche")
    page.get_by_label("Reflectie").fill("Ik heb drie vacaturesites vergeleken.")
    choices = page.locator(".criteria-choice input[type=checkbox]")
    choices.nth(0).check()
    choices.nth(1).check()
    page.get_by_label("Bestanden").set_input_files(str(pdf))
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.locator("#status")).to_have_text("Concept")
    fits(page)
    page.get_by_role("button", name="Indienen").click()
    expect(page.locator("#status")).to_have_text("Ingediend")
    assert page.confirmations[-1].startswith("Bewijsstuk indienen?")
    page.get_by_role("link", name="B1-K1-W1").click()
    expect(page.locator("#coverage-summary")).to_have_text("2 van 7 criteria aangetoond met ingediend bewijs.")
    expect(page.locator(".coverage li.is-covered")).to_have_count(2)
    expect(page.locator(".coverage li.is-covered").first).to_contain_text("Marktonderzoek uitzendbranche")
    log_out(page)


def open_from_queue(page, live_server, username: str) -> None:
    log_in(page, live_server, username)
    expect(page.locator("#awaiting")).to_contain_text("1 bewijsstuk wacht op je beoordeling")
    page.locator(".main-nav").get_by_role("link", name="Te beoordelen").click()
    expect(current_nav(page)).to_contain_text("Te beoordelen")
    expect(page.locator("#queue-count")).to_have_text("1")
    fits(page)
    button = page.get_by_role("link", name="Beoordelen", exact=True)
    within_screen(page, button)
    button.click()
    fits(page)


def score_exam(page, values: list[str]) -> None:
    page.get_by_label("Examen (telt mee)").check()
    page.get_by_role("button", name="Beoordeling openen").click()
    criteria = page.locator("fieldset.criterium-score")
    expect(criteria).to_have_count(len(values))
    fits(page)
    for index, value in enumerate(values):
        fieldset = criteria.nth(index)
        legend, box = fieldset.locator("legend").bounding_box(), fieldset.bounding_box()
        assert legend["y"] >= box["y"]
        assert legend["x"] + legend["width"] <= box["x"] + box["width"] + 1
        fieldset.get_by_label(value, exact=True).check()
    page.get_by_label("Feedback voor de student").fill("Goed onderbouwd.")
    page.get_by_role("button", name="Indienen").click()
    expect(page.locator("#beoordeling-status")).to_have_text("Ingediend")
    assert page.confirmations[-1].startswith("Beoordeling indienen?")
    radios = page.locator("fieldset.criterium-score input[type=radio]")
    assert radios.count() > 0
    assert all(radios.nth(i).is_disabled() for i in range(radios.count()))
    expect(page.locator("#queue-count")).to_have_text("0")


def praktijk_scores(page, live_server) -> None:
    open_from_queue(page, live_server, "pieter")
    score_exam(page, ["Voldoende"] * 7)
    page.get_by_role("link", name="Naar de examenpoging").click()
    expect(page.locator("#waiting-other")).to_be_visible()
    page.locator(".main-nav").get_by_role("link", name="Te beoordelen").click()
    expect(page.get_by_text("Niets te beoordelen")).to_be_visible()
    log_out(page)


def school_scores_and_proposes(page, live_server) -> None:
    open_from_queue(page, live_server, "samira")
    page.get_by_role("link", name="Poging 1").click()
    expect(page.get_by_role("heading", name="Examen B1-K1-W1, poging 1")).to_be_visible()
    expect(page.locator("#poging-uitslag")).to_have_count(0)
    page.get_by_role("button", name="Examenbeoordeling starten").click()
    criteria = page.locator("fieldset.criterium-score")
    expect(criteria).to_have_count(7)
    criteria.nth(0).get_by_label("Goed", exact=True).check()
    for index in range(1, 7):
        criteria.nth(index).get_by_label("Voldoende", exact=True).check()
    page.get_by_label("Feedback voor de student").fill("Sterk marktonderzoek.")
    page.get_by_role("button", name="Indienen").click()
    expect(page.locator("#beoordeling-status")).to_have_text("Ingediend")
    page.get_by_role("link", name="Naar de examenpoging").click()
    expect(page.locator("#poging-status")).to_have_text("Beoordelaars overleggen")
    fits(page)
    expect(page.locator("tr.differs")).to_have_count(1)
    settle = page.locator("#settle fieldset.criterium-score")
    expect(settle).to_have_count(7)
    # The agreed criteria start filled in, the one difference starts blank.
    expect(settle.nth(0).locator("input[type=radio]:checked")).to_have_attribute("value", "")
    for index in range(1, 7):
        expect(settle.nth(index).locator("input[type=radio]:checked")).to_have_attribute("value", "voldoende")
    page.get_by_role("button", name="Deze scores voorstellen").click()
    expect(page.locator(".message.error")).to_contain_text("Kies een score voor elk criterium. Nog niet gekozen: ‘")
    expect(page.locator(".message.error")).not_to_contain_text("Onbekende score")
    page.locator("#settle fieldset.criterium-score").nth(0).get_by_label("Voldoende", exact=True).check()
    page.get_by_role("button", name="Deze scores voorstellen").click()
    expect(page.locator(".message").first).to_contain_text("Voorstel vastgelegd")
    log_out(page)


def praktijk_agrees(page, live_server) -> None:
    log_in(page, live_server, "pieter")
    page.locator("#awaiting").get_by_role("link", name=re.compile("voorstel wacht op jouw akkoord")).click()
    fits(page)
    page.get_by_role("button", name="Akkoord").click()
    expect(page.locator("#poging-status")).to_have_text("Overeenstemming")
    assert page.confirmations[-1].startswith("Instemmen met dit voorstel?")
    log_out(page)


def coordinator_vaststelt_and_exports(page, live_server, inschrijving) -> None:
    log_in(page, live_server, "carla")
    expect(current_nav(page)).to_have_text("Cohorten")
    page.locator("#awaiting").get_by_role("link", name="1 uitslag klaar om vast te stellen").click()
    expect(current_nav(page)).to_have_text("Vaststellen")
    fits(page)
    page.get_by_label("Sanne de Vries B1-K1-W1 kiezen").check()
    page.get_by_role("button", name="Gekozen uitslagen vaststellen").click()
    expect(page.locator(".message").first).to_have_text("1 uitslag vastgesteld.")
    assert page.confirmations[-1].startswith("De gekozen uitslagen vaststellen?")
    expect(page.get_by_text("Niets vast te stellen.")).to_be_visible()

    page.locator(".main-nav").get_by_role("link", name="Studenten").click()
    page.get_by_label("Student zoeken").fill("555001")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("#search-count")).to_have_text("1 student gevonden voor ‘555001’")
    fits(page)

    page.goto(f"{live_server.url}/diploma/cohort/{inschrijving.cohort_id}/")
    expect(current_nav(page)).to_have_text("Cohorten")
    fits(page)
    page.get_by_label("Rapport").select_option("readiness_csv")
    page.get_by_role("button", name="Maken").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "done")
    expect(current_nav(page)).to_have_text("Rapporten")
    fits(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden").click()
    assert b"555001" in open(download.value.path(), "rb").read()
    log_out(page)


def student_reads_the_result(page, live_server) -> None:
    log_in(page, live_server, "sanne")
    row = page.locator('tr[data-werkproces="B1-K1-W1"]')
    expect(row.locator(".werkproces-uitslag")).to_have_text("Voldoende")
    expect(row.locator(".statuses")).to_contain_text("1 beoordeeld")
    expect(row.locator(".statuses")).not_to_contain_text("ingediend")
    page.locator("#awaiting").get_by_role("link", name="Uitslag vastgesteld: B1-K1-W1 Voldoende").click()
    fits(page)
    scores = page.locator(".score-list li")
    expect(scores).to_have_count(7)
    for index in range(7):
        expect(scores.nth(index).locator(".score")).to_have_text("Voldoende")
    page.locator(".main-nav").get_by_role("link", name="Mijn portfolio").click()
    page.get_by_role("link", name="Feedback van beoordelaars").click()
    expect(page.get_by_text("Sterk marktonderzoek.")).to_be_visible()
    fits(page)
    log_out(page)


def test_a_whole_day_for_every_role(device, live_server, school_day):
    page = device
    student_uploads_and_submits(page, live_server, school_day["pdf"])
    praktijk_scores(page, live_server)
    school_scores_and_proposes(page, live_server)
    praktijk_agrees(page, live_server)
    coordinator_vaststelt_and_exports(page, live_server, school_day["inschrijving"])
    student_reads_the_result(page, live_server)

    for username in ("pieter", "samira"):
        log_in(page, live_server, username)
        expect(page.locator("#queue-count")).to_have_text("0")
        log_out(page)
