"""Large enrolment imports run as a Celery job (eager in tests) that the import page hands over to."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from portfolio.csv_import import import_job_run
from portfolio.models import ImportJob, Inschrijving
from portfolio.tasks import import_inschrijvingen_task
from tests.factories import HEADER, line


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.IMPORT_BACKGROUND_ROWS = 200


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


def big_file(n: int = 250, overrides: dict[int, dict[str, str]] | None = None) -> SimpleUploadedFile:
    overrides = overrides or {}
    rows = [line(studentnummer=str(500000 + i), email=f"s{i}@example.test", **overrides.get(i, {})) for i in range(n)]
    return SimpleUploadedFile("klas.csv", "\n".join([HEADER, *rows]).encode(), content_type="text/csv")


def post(client, cohort, bestand, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/portfolio/beheer/cohorten/{cohort.pk}/inschrijvingen/import/", {"bestand": bestand})
    return response, callbacks


def test_a_file_above_the_threshold_runs_as_a_job_and_the_page_shows_it_done(
    as_coordinator, cohort, praktijk, school, coach, django_capture_on_commit_callbacks
):
    response, callbacks = post(as_coordinator, cohort, big_file(), django_capture_on_commit_callbacks)

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/portfolio/beheer/imports/{job.pk}/"
    imports = [c for c in callbacks if "import_inschrijvingen_task" in repr(c)]
    assert len(imports) == 1  # the task is sent only once the job row is committed
    assert len(callbacks) == 2  # and the worker's import sends the 250 activation mails in one batch
    assert (job.status, job.progress, job.rows, job.created_count, job.errors) == ("done", 100, 250, 250, [])
    assert bytes(job.inhoud) == b""  # the students' data does not stay in the job row
    assert Inschrijving.objects.filter(cohort=cohort).count() == 250
    assert User.objects.filter(groups__name="student").count() == 250

    page = as_coordinator.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-import-status="done"' in html
    assert "250 inschrijvingen ingelezen." in html
    assert "hx-trigger" not in html  # polling stops once the job is done


def test_a_small_file_is_still_imported_in_the_request(as_coordinator, cohort, praktijk, school, coach):
    response = as_coordinator.post(
        f"/portfolio/beheer/cohorten/{cohort.pk}/inschrijvingen/import/", {"bestand": big_file(200)}
    )

    assert response["Location"] == f"/portfolio/beheer/cohorten/{cohort.pk}/"
    assert not ImportJob.objects.exists()
    assert Inschrijving.objects.count() == 200


def test_an_invalid_big_file_stores_nothing_and_the_page_shows_every_error_with_its_line(
    as_coordinator, cohort, praktijk, school, coach, django_capture_on_commit_callbacks
):
    bestand = big_file(overrides={3: {"profiel": "P9"}, 240: {"startdatum": "31-02-2025"}})

    response, _callbacks = post(as_coordinator, cohort, bestand, django_capture_on_commit_callbacks)

    job = ImportJob.objects.get()
    assert (job.status, job.created_count) == ("failed", 0)
    assert [e["line"] for e in job.errors] == [5, 242]
    assert not Inschrijving.objects.exists()
    assert not User.objects.filter(groups__name="student").exists()
    html = as_coordinator.get(response["Location"]).content.decode()
    assert "2 fouten gevonden; er is niets ingelezen" in html
    assert "Regel 5: kolom &#x27;profiel&#x27;: &#x27;P9&#x27; is geen profiel van dit cohort" in html
    assert "Regel 242: kolom &#x27;startdatum&#x27;: &#x27;31-02-2025&#x27; is geen geldige datum" in html


def test_a_queued_job_polls_every_2s_and_htmx_gets_only_the_status_card(
    as_coordinator, cohort, coordinator, django_assert_max_num_queries
):
    job = ImportJob.objects.create(cohort=cohort, requested_by=coordinator, bestandsnaam="klas.csv", inhoud=b"x")

    # session, user, permissions (2), the job, base.html's roles, the session save (3)
    with django_assert_max_num_queries(10):
        page = as_coordinator.get(f"/portfolio/beheer/imports/{job.pk}/")
    partial = as_coordinator.get(f"/portfolio/beheer/imports/{job.pk}/", headers={"HX-Request": "true"})

    assert 'hx-trigger="every 2s"' in page.content.decode()
    assert partial.content.decode().lstrip().startswith('<div id="import-status"')
    assert "HX-Request" in partial["Vary"]


def test_the_status_page_takes_a_fixed_number_of_queries_whatever_the_number_of_errors(
    as_coordinator, cohort, coordinator, django_assert_max_num_queries
):
    errors = [{"line": n, "message": "kolom 'profiel' is leeg."} for n in range(2, 5002)]
    job = ImportJob.objects.create(
        cohort=cohort, requested_by=coordinator, bestandsnaam="klas.csv", inhoud=b"", status="failed", errors=errors
    )

    with django_assert_max_num_queries(10):
        response = as_coordinator.get(f"/portfolio/beheer/imports/{job.pk}/")

    assert response.content.decode().count("<li>Regel ") == 5000


def test_the_task_runs_a_job_once_and_skips_one_that_is_gone(cohort, coordinator, praktijk, school, coach):
    content = "\n".join([HEADER, line()]).encode()
    job = ImportJob.objects.create(cohort=cohort, requested_by=coordinator, bestandsnaam="k.csv", inhoud=content)

    assert import_inschrijvingen_task.delay(job.pk).get() == "done"
    assert import_inschrijvingen_task.delay(job.pk).get() == "skipped"  # delivered twice: no second import
    assert import_inschrijvingen_task.delay(job.pk + 1000).get() == "skipped"
    assert Inschrijving.objects.count() == 1
    assert import_inschrijvingen_task.acks_late


def test_an_unexpected_failure_marks_the_job_failed_and_writes_nothing(cohort, coordinator, monkeypatch):
    job = ImportJob.objects.create(cohort=cohort, requested_by=coordinator, bestandsnaam="k.csv", inhoud=b"x")

    def boom(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("portfolio.csv_import.inschrijvingen_import_csv", boom)

    assert import_job_run(job_id=job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.errors == [{"line": None, "message": "Het inlezen is onverwacht mislukt; er is niets ingelezen."}]


def test_others_do_not_see_an_import_job(client, cohort, coordinator, praktijk):
    job = ImportJob.objects.create(cohort=cohort, requested_by=coordinator, bestandsnaam="k.csv", inhoud=b"x")
    client.force_login(praktijk)

    assert client.get(f"/portfolio/beheer/imports/{job.pk}/").status_code == 403
