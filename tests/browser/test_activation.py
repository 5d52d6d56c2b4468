"""Issue 12 in Chromium: the coordinator imports students, a student activates the account on a phone."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.roles import Role
from accounts.services import groups_ensure
from portfolio.csv_import import CSV_COLUMNS
from tests.factories import CohortFactory, OpleidingFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "wachtwoord-voor-test"


def test_an_imported_student_activates_the_account_from_the_mail_and_logs_in(
    browser, live_server, commercie, settings, tmp_path, request
):
    # Closed before the live server stops, so no page keeps polling it after the test.
    request_cleanup = lambda context: request.addfinalizer(context.close)  # noqa: E731
    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path
    coordinator = UserFactory.create(username="carla", password=PASSWORD)
    coordinator.groups.add(groups_ensure()[Role.COORDINATOR.value])
    OpleidingFactory.create().coordinatoren.add(coordinator)
    cohort = CohortFactory.create()
    csv = tmp_path / "studenten.csv"
    row = dict.fromkeys(CSV_COLUMNS, "") | {
        "studentnummer": "500001", "voornaam": "Noor", "achternaam": "Bakker", "email": "noor@example.test",
        "gebruikersnaam": "noor.b", "profiel": "P3", "leerweg": "BOL", "startdatum": "2026-09-01",
    }  # fmt: skip
    csv.write_text(";".join(CSV_COLUMNS) + "\n" + ";".join(row.values()) + "\n", encoding="utf-8")

    desk_context = browser.new_context(locale="nl-NL")
    request_cleanup(desk_context)
    desk = desk_context.new_page()
    desk.goto(f"{live_server.url}/accounts/login/")
    desk.get_by_label("Gebruikersnaam").fill("carla")
    desk.get_by_label("Wachtwoord").fill(PASSWORD)
    desk.get_by_role("button", name="Inloggen").click()
    desk.goto(f"{live_server.url}/portfolio/beheer/cohorten/{cohort.pk}/inschrijvingen/import/")
    desk.locator("input[type=file]").set_input_files(str(csv))
    desk.locator("form button[type=submit]").last.click()
    expect(desk.get_by_text("Niet geactiveerd (link verstuurd")).to_be_visible()

    found = re.search(r"http://\S+/accounts/activeren/\S+/", str(mail.outbox[-1].body))
    assert found is not None, mail.outbox[-1].body
    link = found.group(0)
    phone_context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844}, is_mobile=True)
    request_cleanup(phone_context)
    phone = phone_context.new_page()
    phone.goto(link)
    expect(phone.get_by_text("Je gebruikersnaam is noor.b")).to_be_visible()
    phone.get_by_label("Nieuw wachtwoord", exact=True).fill("Zomer-Stage-2026!")
    phone.get_by_label("Nieuw wachtwoord bevestigen").fill("Zomer-Stage-2026!")
    phone.get_by_role("button", name="Account activeren").click()
    expect(phone.get_by_text("Je account is actief. Log in met je gebruikersnaam noor.b.")).to_be_visible()
    phone.get_by_label("Gebruikersnaam").fill("noor.b")
    phone.get_by_label("Wachtwoord").fill("Zomer-Stage-2026!")
    phone.get_by_role("button", name="Inloggen").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Mijn portfolio")

    desk.reload()
    expect(desk.get_by_text("Actief", exact=True)).to_be_visible()
