"""Report jobs: claim a queued Report, build its file, and leave the row in a final state.

The Report row is the source of truth. A job owns a report only while the row is RUNNING with the
`started_at` it set when it claimed it; every later write is conditional on that, so a job that was
presumed dead and requeued by the reaper (or whose report was deleted) notices at its next progress
update and stops, and can never overwrite the state of the job that took over.

Jobs check no permissions: whoever queues or retries a report (diploma.services) does.
"""

import logging
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from typing import Any, cast

from django.conf import settings
from django.core.files import File
from django.db import OperationalError
from django.db.models import F, Q, QuerySet
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from assessment.selectors import exam_results
from config.errors import ApplicationError
from diploma import events
from diploma.models import Report
from diploma.reports import builders
from diploma.reports.data import cohort_grade_columns, cohort_progress_plan, cohort_progress_rows, with_grades
from diploma.selectors import cohort_conditions, cohort_readiness, cohort_readiness_with_facts, cohort_size
from portfolio.selectors import portfolio_progress

logger = logging.getLogger(__name__)

Status = Report.Status
Kind = Report.Kind

MAX_ATTEMPTS = 3
PROGRESS_STEP = 2  # percent between two progress writes at least ...
PROGRESS_INTERVAL = 1.0  # ... and seconds between them at least
HEARTBEAT_INTERVAL = 10.0  # seconds: a heartbeat even when progress stands still; far below REPORT_STALE_SECONDS

ERROR_UNEXPECTED = gettext_noop(
    "Het rapport kon niet worden gemaakt door een onverwachte fout. Probeer het opnieuw; blijft het misgaan, "
    "neem dan contact op met de beheerder."
)
ERROR_DATABASE = gettext_noop(
    "De database was niet bereikbaar tijdens het maken van dit rapport; probeer het later opnieuw."
)
ERROR_WORKER_LOST = gettext_noop("De worker is gestopt tijdens het maken van dit rapport; probeer het opnieuw.")
ERROR_NO_INSCHRIJVING = gettext_noop("Dit rapport hoort bij een student, maar er is geen inschrijving gekozen.")
ERROR_NO_COHORT = gettext_noop("Dit rapport hoort bij een cohort, maar er is geen cohort gekozen.")


class ReportLost(Exception):
    """The job no longer owns the report: it was deleted, or the reaper gave it to another worker."""


class _Progress:
    """Writes progress and heartbeat for the report, no more often than every PROGRESS_STEP percent and
    PROGRESS_INTERVAL seconds, plus a heartbeat every HEARTBEAT_INTERVAL seconds. Percent stays below
    100 until the report is done. Raises ReportLost when the conditional update finds no row."""

    def __init__(self, owned: QuerySet[Report], *, total: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.owned = owned
        self.total = total
        self.clock = clock
        self.percent = 0
        self.last_write = clock()
        self.writes = 0

    def __call__(self, done: int) -> None:
        percent = min(99, done * 100 // self.total) if self.total > 0 else 0
        now = self.clock()
        elapsed = now - self.last_write
        advanced = percent - self.percent >= PROGRESS_STEP and elapsed >= PROGRESS_INTERVAL
        if not advanced and elapsed < HEARTBEAT_INTERVAL:
            return
        if not self.owned.update(progress=max(percent, self.percent), heartbeat_at=timezone.now()):
            raise ReportLost
        self.percent = max(percent, self.percent)
        self.last_write = now
        self.writes += 1


def _paced[T](rows: Iterable[T]) -> Iterator[T]:
    """Test hook: REPORT_TEST_DELAY_SECONDS (default 0) waits that long after each row, so that an
    integration test can stop a worker in the middle of a build. Never set it in production."""
    delay = float(getattr(settings, "REPORT_TEST_DELAY_SECONDS", 0) or 0)
    for row in rows:
        yield row
        if delay:
            time.sleep(delay)


def _filename(prefix: str, subject: str, extension: str) -> str:
    return f"{prefix}-{slugify(subject) or 'rapport'}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _build_student_progress(report: Report, out, progress: _Progress) -> str:
    inschrijving = report.inschrijving
    if inschrijving is None:
        raise ApplicationError(_(ERROR_NO_INSCHRIJVING))
    blocks = portfolio_progress(inschrijving=inschrijving)
    results = exam_results(inschrijving=inschrijving, progress=blocks)
    progress(1)
    builders.build_student_progress_pdf(
        inschrijving=inschrijving,
        progress_blocks=blocks,
        kerntaak_outcomes=results.kerntaken,
        werkproces_niveaus=results.niveaus,
        out=out,
    )
    return _filename("voortgang", inschrijving.studentnummer, "pdf")


def _build_cohort_progress(report: Report, out, progress: _Progress) -> str:
    if report.cohort is None:
        raise ApplicationError(_(ERROR_NO_COHORT))
    plan = cohort_progress_plan(cohort=report.cohort)
    progress.total = report.cohort.inschrijvingen.count()
    builders.build_cohort_progress_xlsx(
        cohort_label=str(report.cohort),
        kerntaken=plan.kerntaken,
        rows=_paced(cohort_progress_rows(cohort=report.cohort, plan=plan)),
        out=out,
        on_progress=progress,
    )
    return _filename("voortgang", str(report.cohort), "xlsx")


_READINESS: dict[str, tuple[Callable[..., int], str]] = {
    Kind.READINESS_XLSX: (builders.build_readiness_xlsx, "xlsx"),
    Kind.READINESS_CSV: (builders.build_readiness_csv, "csv"),
    Kind.READINESS_PDF: (builders.build_readiness_pdf, "pdf"),
}


def _build_readiness(report: Report, out, progress: _Progress) -> str:
    if report.cohort is None:
        raise ApplicationError(_(ERROR_NO_COHORT))
    build, extension = _READINESS[report.kind]
    progress.total = cohort_size(cohort=report.cohort)
    columns: dict[str, object] = (
        {} if report.kind == Kind.READINESS_PDF else {"conditions": cohort_conditions(cohort=report.cohort)}
    )
    rows: Iterator[object]
    if report.kind == Kind.READINESS_XLSX:
        # The spreadsheet has the marks too, for a coordinator to sort and filter on.
        columns["grades"] = cohort_grade_columns(cohort=report.cohort)
        rows = with_grades(cohort_readiness_with_facts(cohort=report.cohort))
    else:
        rows = cohort_readiness(cohort=report.cohort)
    build(
        _paced(rows),
        out,
        on_progress=progress,
        cohort_label=str(report.cohort),
        **columns,
    )
    return _filename("diplomagereedheid", str(report.cohort), extension)


_BUILDERS: dict[str, Callable[[Report, Any, "_Progress"], str]] = {
    Kind.STUDENT_PROGRESS: _build_student_progress,
    Kind.COHORT_PROGRESS: _build_cohort_progress,
    **dict.fromkeys(_READINESS, _build_readiness),
}


def report_build(*, report_id: int) -> None:
    """Build the report's file, if it is queued; safe to call twice or for a report that is gone.

    Errors end as FAILED with a message for the user (the traceback goes to the log), except a lost
    database connection: then the report goes back to the queue and OperationalError is raised for
    the task to retry, until the report has had MAX_ATTEMPTS attempts.
    """
    started = timezone.now()
    claimed = Report.objects.filter(pk=report_id, status=Status.QUEUED).update(
        status=Status.RUNNING,
        progress=0,
        error="",
        attempts=F("attempts") + 1,
        started_at=started,
        heartbeat_at=started,
        finished_at=None,
    )
    if not claimed:
        logger.info("Rapport %s niet opgepakt: niet (meer) in de wachtrij.", report_id)
        return
    owned = Report.objects.filter(pk=report_id, status=Status.RUNNING, started_at=started)
    report = owned.select_related(
        "cohort__opleiding", "inschrijving__student", "inschrijving__profiel", "inschrijving__cohort__opleiding"
    ).first()
    if report is None:
        return
    # Reports and their error messages are Dutch, whatever language the worker process runs in.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            with tempfile.TemporaryFile() as out:
                name = _BUILDERS[report.kind](report, out, _Progress(owned, total=1))
                out.seek(0)
                _finish(report, owned, out, name)
        except ReportLost:
            logger.warning("Rapport %s is tijdens het maken verwijderd of overgenomen; gestopt.", report_id)
        except OperationalError:
            logger.exception("Rapport %s: database niet bereikbaar (poging %s).", report_id, report.attempts)
            if report.attempts < MAX_ATTEMPTS:
                owned.update(status=Status.QUEUED, progress=0, heartbeat_at=None)
                raise
            _fail(owned, _(ERROR_DATABASE))
        except ApplicationError as exc:
            logger.warning("Rapport %s mislukt: %s", report_id, exc.message)
            _fail(owned, exc.message)
        except Exception:
            logger.exception("Rapport %s mislukt.", report_id)
            _fail(owned, _(ERROR_UNEXPECTED))


def _finish(report: Report, owned: QuerySet[Report], out, name: str) -> None:
    # Storage first, row second: a DONE report always has its file. If the row is no longer ours,
    # the stored file has no owner and is removed again.
    report.file.save(name, File(out, name=name), save=False)
    done = owned.update(
        file=report.file.name, status=Status.DONE, progress=100, heartbeat_at=timezone.now(), finished_at=timezone.now()
    )
    if not done:
        report.file.storage.delete(cast(str, report.file.name))  # saved just above
        raise ReportLost


def _fail(owned: QuerySet[Report], message: str) -> None:
    owned.update(status=Status.FAILED, error=message, finished_at=timezone.now())


def report_retry(*, report_id: int) -> bool:
    """Put a failed report back in the queue with a fresh set of attempts; False if it was not failed."""
    requeued = Report.objects.filter(pk=report_id, status=Status.FAILED).update(
        status=Status.QUEUED,
        progress=0,
        error="",
        attempts=0,
        started_at=None,
        heartbeat_at=None,
        finished_at=None,
    )
    if requeued:
        events.report_queued.send(sender=Report, report_id=report_id)
    return bool(requeued)


def reports_reap(*, stale_after: timedelta) -> dict[str, int]:
    """Reports RUNNING without a heartbeat for `stale_after`: their worker died (killed, out of memory,
    machine restarted). Back to the queue while attempts remain, FAILED after MAX_ATTEMPTS.

    Each change is conditional on the row still being stale, so a worker that writes a heartbeat at the
    same moment keeps its report. Returns {"requeued": n, "failed": m}.
    """
    cutoff = timezone.now() - stale_after
    stale = Q(status=Status.RUNNING) & (Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True))
    # A queued report whose message never reached a worker (a broker restarted without persistence) is
    # sent again; read before requeuing below, which sends its own. The claim makes duplicates harmless.
    lost = list(
        Report.objects.filter(status=Status.QUEUED, created_at__lt=cutoff)
        .filter(Q(started_at__isnull=True) | Q(started_at__lt=cutoff))
        .values_list("pk", flat=True)
    )
    counts = {"requeued": 0, "failed": 0, "resent": 0}
    for pk, attempts in Report.objects.filter(stale).values_list("pk", "attempts").order_by("pk"):
        row = Report.objects.filter(stale, pk=pk, attempts=attempts)
        if attempts < MAX_ATTEMPTS:
            if row.update(status=Status.QUEUED, progress=0, heartbeat_at=None):
                counts["requeued"] += 1
                logger.warning("Rapport %s: worker gestopt, opnieuw in de wachtrij (poging %s).", pk, attempts)
                events.report_queued.send(sender=Report, report_id=pk)
        elif row.update(status=Status.FAILED, error=_(ERROR_WORKER_LOST), finished_at=timezone.now()):
            counts["failed"] += 1
            logger.warning("Rapport %s: worker gestopt na %s pogingen; mislukt.", pk, attempts)
    for pk in lost:
        events.report_queued.send(sender=Report, report_id=pk)
        counts["resent"] += 1
    return counts
