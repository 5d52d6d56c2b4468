from celery import shared_task
from django.db import OperationalError

from portfolio.notifications import mail_assessors_submitted, mail_student_returned


@shared_task(bind=True, acks_late=True, max_retries=5)
def notify_assessors_task(self, bewijsstuk_id: int) -> int:
    try:
        return mail_assessors_submitted(bewijsstuk_id=bewijsstuk_id)
    except (OperationalError, OSError) as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task(bind=True, acks_late=True, max_retries=5)
def notify_student_returned_task(self, bewijsstuk_id: int) -> int:
    try:
        return mail_student_returned(bewijsstuk_id=bewijsstuk_id)
    except (OperationalError, OSError) as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task(acks_late=True)
def import_inschrijvingen_task(job_id: int) -> str:
    """Runs a queued enrolment import; safe to deliver twice, and a deleted job is skipped."""
    # Imported here: csv_import uses portfolio.services, which imports this module for its own task.
    from portfolio.csv_import import import_job_run

    return import_job_run(job_id=job_id)
