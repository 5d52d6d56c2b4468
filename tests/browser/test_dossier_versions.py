"""A new dossier version through the browser: the beheerder imports and confirms, the coordinator moves a cohort."""

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from accounts.services import groups_ensure
from dossier.models import Kwalificatiedossier
from tests.factories import CohortFactory, InschrijvingFactory, OpleidingFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "wachtwoord-voor-test"
OLD = "- De promotieactiviteiten passen bij de doelstellingen van de organisatie."
NEW = "- De promotieactiviteiten passen bij de doelstellingen en de huisstijl van de organisatie."


@pytest.fixture
def school(commercie, dossier_txt, tmp_path):
    UserFactory.create(username="beheer", first_name="Bea", last_name="Heer", password=PASSWORD, is_staff=True)
    coordinator = UserFactory.create(username="carla", first_name="Carla", last_name="Bakker", password=PASSWORD)
    coordinator.groups.add(groups_ensure()[Role.COORDINATOR.value])
    OpleidingFactory.create().coordinatoren.add(coordinator)
    cohort = CohortFactory.create()
    InschrijvingFactory.create(cohort=cohort, profiel=commercie.profielen.get(code="P3"), studentnummer="610001")
    edited = tmp_path / "commercie-2026.txt"
    text = dossier_txt.read_text(encoding="utf-8")
    assert OLD in text
    edited.write_text(text.replace(OLD, NEW, 1), encoding="utf-8")
    return {"cohort": cohort, "file": edited}


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def test_import_a_new_version_and_move_a_cohort_to_it(page, live_server, school):
    log_in(page, live_server, "beheer")
    page.goto(f"{live_server.url}/dossier/import/")
    page.get_by_label("Tekstexport van SBB (.txt)").set_input_files(str(school["file"]))
    page.get_by_label("Versie").fill("2026")
    page.get_by_role("button", name="Bekijk wat er verandert").click()

    expect(page.get_by_text("Anders verwoord:")).to_be_visible()
    expect(page.locator("ins").first).to_have_text(NEW[2:])
    assert Kwalificatiedossier.objects.count() == 1
    page.get_by_role("button", name="Bevestigen en inlezen").click()
    expect(page.locator(".message").first).to_contain_text("versie 2026")
    assert Kwalificatiedossier.objects.count() == 2
    page.get_by_role("button", name="Uitloggen").click()

    log_in(page, live_server, "carla")
    page.goto(f"{live_server.url}/portfolio/beheer/cohorten/{school['cohort'].pk}/")
    expect(page.locator("#cohort-versie")).to_contain_text("versie 1")
    page.locator("#cohort-versie").get_by_role("link").click()
    expect(page.locator("#what-changes")).to_contain_text(NEW[2:])
    page.get_by_role("button", name="Verplaatsen naar versie 2026").click()
    expect(page.locator(".message").first).to_have_text("1 student staat nu op versie 2026.")
    expect(page.locator("#cohort-versie")).to_contain_text("versie 2026")
    assert page.confirmations[-1].startswith("Naar de nieuwe versie verplaatsen?")
