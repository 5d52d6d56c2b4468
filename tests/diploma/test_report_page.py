"""The report page: polls while the report is being made, and stops polling once it is done or failed."""

import pytest

from diploma.models import Report
from diploma.reports import report_build
from tests.factories import InschrijvingFactory

Status = Report.Status
BUSY = "Het rapport wordt gemaakt"


@pytest.fixture
def report(coordinator, cohort):
    InschrijvingFactory.create_batch(2, cohort=cohort)
    return Report.objects.create(kind=Report.Kind.READINESS_CSV, cohort=cohort, requested_by=coordinator)


def page(client, report, *, htmx: bool = False):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.get(f"/diploma/rapporten/{report.pk}/", headers=headers)


def test_a_queued_report_polls_and_says_it_is_being_made(client, coordinator, report):
    client.force_login(coordinator)

    html = page(client, report).content.decode()

    assert BUSY in html
    assert 'hx-trigger="every 1s"' in html
    assert "Downloaden" not in html


def test_a_done_report_stops_polling_and_offers_the_download(client, coordinator, report):
    client.force_login(coordinator)
    report_build(report_id=report.pk)

    for htmx in (False, True):
        response = page(client, report, htmx=htmx)
        html = response.content.decode()
        assert response.status_code == 200
        assert 'data-report-status="done"' in html
        assert "Het rapport is klaar." in html
        assert f'href="/diploma/rapporten/{report.pk}/download/"' in html
        assert BUSY not in html
        assert "hx-trigger" not in html
        assert "HX-Request" in response["Vary"]
    assert "<html" not in page(client, report, htmx=True).content.decode()  # htmx swaps in the card alone


def test_a_failed_report_stops_polling_and_offers_a_retry(client, coordinator, report):
    client.force_login(coordinator)
    Report.objects.filter(pk=report.pk).update(status=Status.FAILED, error="De worker is gestopt.")

    html = page(client, report, htmx=True).content.decode()

    assert 'role="alert">De worker is gestopt.</p>' in html
    assert f'action="/diploma/rapporten/{report.pk}/opnieuw/"' in html
    assert "Opnieuw proberen" in html
    assert "hx-trigger" not in html
    assert BUSY not in html


def test_requesting_a_report_leaves_no_message_that_it_is_still_being_made(
    client, coordinator, cohort, django_capture_on_commit_callbacks
):
    # Tasks run eagerly at commit here: the report is done by the time the page shows.
    client.force_login(coordinator)
    InschrijvingFactory.create(cohort=cohort)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/diploma/rapporten/", {"kind": "readiness_csv", "cohort": cohort.pk})
    html = client.get(response["Location"]).content.decode()

    assert response["Location"] == f"/diploma/rapporten/{Report.objects.get().pk}/"
    assert 'data-report-status="done"' in html
    assert BUSY not in html
    # Nor on the next page the coordinator opens.
    assert BUSY not in client.get("/diploma/rapporten/").content.decode()


def test_retrying_a_failed_report_builds_it_again(client, coordinator, report, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    Report.objects.filter(pk=report.pk).update(status=Status.FAILED, error="x")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/diploma/rapporten/{report.pk}/opnieuw/")
    html = client.get(response["Location"]).content.decode()

    assert len(callbacks) == 1  # one task sent, not two
    report.refresh_from_db()
    assert report.status == Status.DONE
    assert 'data-report-status="done"' in html
    assert "opnieuw gemaakt" not in html


def test_retrying_a_report_that_did_not_fail_is_refused(client, coordinator, report):
    client.force_login(coordinator)
    report_build(report_id=report.pk)

    response = client.post(f"/diploma/rapporten/{report.pk}/opnieuw/", follow=True)

    assert "Alleen een mislukt rapport kan opnieuw worden gemaakt." in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.DONE


def test_someone_elses_report_is_not_found(client, student, report):
    client.force_login(student)

    assert page(client, report).status_code == 404
    assert page(client, report, htmx=True).status_code == 404
    assert client.post(f"/diploma/rapporten/{report.pk}/opnieuw/").status_code == 404
