"""The report page follows a report to its end without a reload: done with its download, or failed with a retry."""

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from accounts.services import groups_ensure
from diploma.models import Report
from diploma.reports import jobs, report_build
from diploma.tasks import build_report_task
from tests.factories import CohortFactory, InschrijvingFactory, OpleidingFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUSY = "Het rapport wordt gemaakt"


@pytest.fixture
def cohort(commercie, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = UserFactory.create(username="carla", first_name="Carla", last_name="Bakker", password="wachtwoord-voor-test")
    user.groups.add(groups_ensure()[Role.COORDINATOR.value])
    OpleidingFactory.create().coordinatoren.add(user)
    cohort = CohortFactory.create()
    for n in range(2):
        InschrijvingFactory.create(cohort=cohort, profiel=commercie.profielen.get(code="P3"), studentnummer=f"71000{n}")
    return cohort


@pytest.fixture
def no_worker(monkeypatch):
    """Requested reports stay in the queue until the test builds them, as with a worker that is busy: tasks
    would otherwise run eagerly inside the request, and the page would never see the report being made."""
    monkeypatch.setattr(build_report_task, "delay_on_commit", lambda *args, **kwargs: None)
    return monkeypatch


def request_report(page, live_server, cohort) -> Report:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("carla")
    page.get_by_label("Wachtwoord").fill("wachtwoord-voor-test")
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"{live_server.url}/diploma/cohort/{cohort.pk}/")
    page.get_by_label("Rapport").select_option("readiness_csv")
    page.get_by_role("button", name="Maken").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "queued")
    expect(page.locator("#report-status")).to_contain_text(BUSY)
    page.evaluate("window.__notReloaded = true")
    return Report.objects.get()


def polls_of(page, report: Report) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if r.url.endswith(f"/rapporten/{report.pk}/") else None)
    return seen


def test_the_page_shows_the_done_report_without_a_reload_and_stops_polling(page, live_server, cohort, no_worker):
    report = request_report(page, live_server, cohort)
    polls = polls_of(page, report)

    report_build(report_id=report.pk)  # the worker finishes

    expect(page.locator("[data-status]")).to_have_attribute("data-status", "done")
    expect(page.locator("#report-status")).to_contain_text("Het rapport is klaar.")
    expect(page.get_by_text(BUSY)).to_have_count(0)
    assert page.evaluate("window.__notReloaded") is True
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Downloaden").click()
    assert b"710001" in open(download_info.value.path(), "rb").read()
    # Polling stopped with the done state: no further requests for the status card.
    settled = len(polls)
    page.wait_for_timeout(2_500)
    assert len(polls) == settled


def test_a_failed_report_shows_why_and_its_retry_builds_it(page, live_server, cohort, no_worker):
    report = request_report(page, live_server, cohort)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    no_worker.setitem(jobs._READINESS, Report.Kind.READINESS_CSV, (broken, "csv"))
    report_build(report_id=report.pk)

    expect(page.locator("[data-status]")).to_have_attribute("data-status", "failed")
    expect(page.get_by_role("alert")).to_contain_text("Het rapport kon niet worden gemaakt")
    expect(page.get_by_text(BUSY)).to_have_count(0)
    assert page.evaluate("window.__notReloaded") is True

    no_worker.undo()  # the builder works again, and tasks run at commit as usual
    page.get_by_role("button", name="Opnieuw proberen").click()

    expect(page.locator("[data-status]")).to_have_attribute("data-status", "done")
    expect(page.get_by_role("link", name="Downloaden")).to_be_visible()
    expect(page.get_by_text("opnieuw gemaakt")).to_have_count(0)
