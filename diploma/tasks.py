import functools
from datetime import timedelta

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.conf import settings
from django.db import OperationalError, transaction
from django.dispatch import receiver

from diploma import events
from diploma.reports.jobs import report_build, reports_reap
from diploma.services import gereedheid_refresh, gereedheid_refresh_stale

DEFAULT_STALE_SECONDS = 300
STALE_BATCH = 2000  # students per refresh task: ~2 s of a worker


@shared_task(base=DjangoTask, bind=True, acks_late=True, max_retries=3)
def build_report_task(self, report_id: int) -> None:
    try:
        report_build(report_id=report_id)  # returns at once if already claimed, built or deleted
    except OperationalError as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task(acks_late=True, ignore_result=True)
def reap_reports_task(stale_seconds: int | None = None) -> dict[str, int]:
    """Every minute from beat; requeues or fails reports whose worker stopped sending heartbeats."""
    if stale_seconds is None:
        stale_seconds = int(getattr(settings, "REPORT_STALE_SECONDS", DEFAULT_STALE_SECONDS))
    return reports_reap(stale_after=timedelta(seconds=stale_seconds))


@shared_task(acks_late=True, ignore_result=True)
def refresh_gereedheid_task(inschrijving_ids: list[int]) -> int:
    """Stores the readiness of enrolments whose facts changed; ids that are gone are skipped."""
    return gereedheid_refresh(inschrijving_ids=inschrijving_ids)


@shared_task(acks_late=True, ignore_result=True)
def refresh_stale_gereedheid_task(limit: int = STALE_BATCH) -> int:
    """From beat: catches what a lost message, a new rule set, a dossier update or a deploy left stale. A full
    batch sends the task again at once, so a deploy that makes a whole school stale is caught up in one go."""
    refreshed = gereedheid_refresh_stale(limit=limit)
    if refreshed >= limit:
        refresh_stale_gereedheid_task.delay(limit)
    return refreshed


# -- what the services announce, sent to a worker after commit -----------------------------------------------------


@receiver(events.report_queued, dispatch_uid="diploma-report-build")
def _report_queued(sender, *, report_id: int, **kwargs) -> None:
    build_report_task.delay_on_commit(report_id)


@receiver(events.gereedheid_stale, dispatch_uid="diploma-gereedheid-refresh")
def _gereedheid_stale(sender, *, inschrijving_ids: list[int], **kwargs) -> None:
    # Robust: with the broker down the change is saved all the same, and beat refreshes what stayed stale.
    transaction.on_commit(functools.partial(refresh_gereedheid_task.delay, inschrijving_ids), robust=True)
