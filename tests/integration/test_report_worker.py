"""A report survives the death of its worker: a real worker is killed mid-build, the reaper requeues the
report and a second worker finishes it. Runs on the configured broker (Redis in CI, the filesystem
otherwise) and needs a test database that another process can open (PostgreSQL, or file-based SQLite)."""

import os
import signal
from datetime import timedelta

import pytest

from diploma.models import Report
from diploma.reports import reports_reap
from diploma.tasks import build_report_task
from tests.factories import FAST_SECONDS_PER_ROW, CohortFactory, InschrijvingFactory, UserFactory, first_sheet, wait_for

STUDENTS = 40
SLOW_SECONDS_PER_ROW = 0.25  # the first worker needs ~10 s: plenty of time to kill it mid-build

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_report_whose_worker_is_killed_is_requeued_and_finished_by_another(workers, commercie):
    cohort = CohortFactory.create()
    InschrijvingFactory.create_batch(STUDENTS, cohort=cohort)
    report = Report.objects.create(
        kind=Report.Kind.COHORT_PROGRESS, cohort=cohort, requested_by=UserFactory.create(username="coordinator-worker")
    )
    seen: list[str] = []

    first = workers(SLOW_SECONDS_PER_ROW)
    build_report_task.delay(report.pk)
    wait_for(report, lambda r: r.status == Report.Status.RUNNING and r.progress > 0, seen)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)

    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING
    assert report.attempts == 1
    assert not report.file

    assert reports_reap(stale_after=timedelta(0)) == {"requeued": 1, "failed": 0, "resent": 0}
    report.refresh_from_db()
    assert (report.status, report.attempts, report.progress) == (Report.Status.QUEUED, 1, 0)

    workers(FAST_SECONDS_PER_ROW)
    wait_for(report, lambda r: r.status in (Report.Status.DONE, Report.Status.FAILED), seen)

    assert report.status == Report.Status.DONE, report.error
    assert (report.attempts, report.progress, report.error) == (2, 100, "")
    with report.file.open("rb") as handle:
        sheet = first_sheet(handle)
        assert sheet.max_row == STUDENTS + 1
    # Never left RUNNING: after the kill it was requeued, then finished.
    assert seen[-1] == Report.Status.DONE
