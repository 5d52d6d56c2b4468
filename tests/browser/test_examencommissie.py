"""The examencommissie in Chromium: finds a student of its opleiding, reads the vastgestelde result and the
history, exports the readiness of the cohort, and finds nothing of another opleiding's student."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from accounts.services import groups_ensure
from assessment import services as assessment_services
from dossier.models import Werkproces
from portfolio.models import Beoordelaarstoewijzing
from tests.factories import CohortFactory, InschrijvingFactory, OpleidingFactory, UserFactory, score_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "wachtwoord-voor-test"


def person(username: str, first: str, last: str, role: Role):
    user = UserFactory.create(username=username, first_name=first, last_name=last, password=PASSWORD)
    user.groups.add(groups_ensure()[role.value])
    return user


@pytest.fixture
def record(commercie, settings, tmp_path):
    """Sanne (Intercedent) with B1-K1-W1 vastgesteld, Esther on Intercedent's commissie, Rosa in Retail."""
    settings.MEDIA_ROOT = tmp_path / "media"
    intercedent = OpleidingFactory.create()
    carla = person("carla", "Carla", "Bakker", Role.COORDINATOR)
    intercedent.coordinatoren.add(carla)
    esther = person("esther", "Esther", "Visser", Role.EXAMENCOMMISSIE)
    intercedent.examencommissie.add(esther)
    sanne = InschrijvingFactory.create(
        student=person("sanne", "Sanne", "de Vries", Role.STUDENT),
        profiel=commercie.profielen.get(code="P3"),
        cohort=CohortFactory.create(opleiding=intercedent),
        studentnummer="555001",
    )
    werkproces = Werkproces.objects.get(kerntaak__dossier=commercie, code="B1-K1-W1")
    for username, rol in (("pieter", "praktijk"), ("samira", "school")):
        assessor = person(username, username.capitalize(), "Beoordelaar", Role.BEOORDELAAR)
        Beoordelaarstoewijzing.objects.create(inschrijving=sanne, beoordelaar=assessor, rol=rol)
        beoordeling = assessment_services.beoordeling_start(
            inschrijving=sanne, werkproces=werkproces, by=assessor, soort="examen"
        )
        score_all(beoordeling, assessor)
    assessment_services.poging_vaststellen(poging=sanne.pogingen.get(), by=carla)
    retail = OpleidingFactory.create(naam="Retail")
    rosa = InschrijvingFactory.create(
        student=person("rosa", "Rosa", "Retail", Role.STUDENT),
        profiel=commercie.profielen.get(code="P1"),
        cohort=CohortFactory.create(opleiding=retail),
        studentnummer="666001",
    )
    return {"sanne": sanne, "rosa": rosa, "esther": esther}


def log_in(context, live_server, user) -> None:
    """A session made by the test client, handed to the browser: what is tested here is what the member reads,
    not how they log in (the login form has its own tests)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])


def test_the_examencommissie_reads_a_result_and_its_history_exports_readiness_and_sees_no_other_opleiding(
    browser, live_server, record, request
):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    request.addfinalizer(context.close)
    page = context.new_page()
    page.set_default_timeout(15_000)
    menu = page.get_by_role("navigation", name="Hoofdmenu")

    log_in(context, live_server, record["esther"])
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/diploma/examencommissie/$"))
    expect(page.locator("#awaiting")).to_contain_text("1 uitslag vastgesteld in de afgelopen 14 dagen")
    expect(menu.get_by_role("link", name="Cohorten")).to_have_count(0)
    expect(menu.get_by_role("link", name="Vaststellen")).to_have_count(0)

    # Finds the student of the opleiding and reads the vastgestelde result.
    menu.get_by_role("link", name="Studenten").click()
    page.get_by_label("Student zoeken").fill("Sanne")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("#search-count")).to_have_text("1 student gevonden voor ‘Sanne’")
    page.get_by_role("link", name="Sanne de Vries").click()
    expect(page.locator('tr[data-werkproces="B1-K1-W1"] .werkproces-uitslag')).to_have_text("Voldoende")
    page.locator('tr[data-werkproces="B1-K1-W1"]').get_by_role("link").click()
    page.get_by_role("link", name="Beoordelingen en examenpogingen").click()
    page.get_by_role("link", name="Poging 1").click()
    expect(page.locator("#poging-status")).to_have_text("Vastgesteld")
    expect(page.locator("#poging-uitslag")).to_have_text("Voldoende")
    expect(page.get_by_text("Revisie 1: Voldoende")).to_be_visible()
    expect(page.locator("table.compare tbody tr")).to_have_count(7)
    expect(page.get_by_role("button")).to_have_text(["Uitloggen"])  # no vaststellen, correction or herkansing

    # Reads the history.
    page.goto(f"{live_server.url}/portfolio/{record['sanne'].pk}/")
    page.get_by_role("link", name="Geschiedenis").click()
    expect(page.get_by_role("heading", name="Geschiedenis van Sanne de Vries")).to_be_visible()

    # Exports the readiness of the cohort.
    menu.get_by_role("link", name="Examencommissie").click()
    page.locator("#cohorten").get_by_role("link", name="Intercedent").click()
    expect(page.locator('[data-studentnummer="555001"]')).to_be_visible()
    expect(page.get_by_role("link", name="Resultaten inlezen (CSV)")).to_have_count(0)
    page.get_by_label("Rapport").select_option("readiness_csv")
    page.get_by_role("button", name="Maken").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "done")
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden").click()
    assert b"555001" in open(download.value.path(), "rb").read()

    # Another opleiding's student does not exist for them.
    menu.get_by_role("link", name="Studenten").click()
    page.get_by_label("Student zoeken").fill("Rosa")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("#search-count")).to_have_text("0 studenten gevonden voor ‘Rosa’")
    response = page.goto(f"{live_server.url}/portfolio/{record['rosa'].pk}/")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/geschiedenis/inschrijving/{record['rosa'].pk}/")
    assert response.status == 404


def test_the_examencommissie_pages_fit_a_phone(browser, live_server, record, request):
    from tests.factories import OVERFLOW

    context = browser.new_context(
        locale="nl-NL", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    request.addfinalizer(context.close)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(context, live_server, record["esther"])
    sanne = record["sanne"]

    for url in (
        "/diploma/examencommissie/",
        f"/diploma/cohort/{sanne.cohort_id}/",
        f"/beoordelen/poging/{sanne.pogingen.get().pk}/",
        f"/geschiedenis/inschrijving/{sanne.pk}/",
    ):
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("load")
        assert page.evaluate(OVERFLOW) == [], url
