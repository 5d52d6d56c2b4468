import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from accounts.services import groups_ensure
from tests.factories import CohortFactory, InschrijvingFactory, OpleidingFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cohort(commercie, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = UserFactory.create(username="carla", first_name="Carla", last_name="Bakker", password="wachtwoord-voor-test")
    user.groups.add(groups_ensure()[Role.COORDINATOR.value])
    OpleidingFactory.create().coordinatoren.add(user)
    cohort = CohortFactory.create()
    for n in range(3):
        InschrijvingFactory.create(cohort=cohort, profiel=commercie.profielen.get(code="P3"), studentnummer=f"70000{n}")
    return cohort


def test_coordinator_exports_readiness_and_downloads_it(page, live_server, cohort):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("carla")
    page.get_by_label("Wachtwoord").fill("wachtwoord-voor-test")
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"{live_server.url}/diploma/cohort/{cohort.pk}/")

    expect(page.locator("#nog-niet-count")).to_have_text("3")
    page.get_by_label("Rapport").select_option("readiness_csv")
    page.get_by_role("button", name="Maken").click()

    expect(page.locator("[data-status]")).to_have_attribute("data-status", "done")
    expect(page.get_by_text("Het rapport is klaar.")).to_be_visible()
    expect(page.get_by_text("Het rapport wordt gemaakt")).to_have_count(0)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Downloaden").click()
    content = open(download_info.value.path(), "rb").read()
    assert content.startswith(b"\xef\xbb\xbf")
    assert b"700000" in content
    assert b"700002" in content
