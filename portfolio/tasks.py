from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.db import OperationalError
from django.dispatch import receiver

from portfolio import events
from portfolio.csv_import import import_job_run
from portfolio.notifications import mail_assessors_submitted, mail_student_returned


@shared_task(base=DjangoTask, bind=True, acks_late=True, max_retries=5)
def notify_assessors_task(self, bewijsstuk_id: int) -> int:
    try:
        return mail_assessors_submitted(bewijsstuk_id=bewijsstuk_id)
    except (OperationalError, OSError) as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task(base=DjangoTask, bind=True, acks_late=True, max_retries=5)
def notify_student_returned_task(self, bewijsstuk_id: int) -> int:
    try:
        return mail_student_returned(bewijsstuk_id=bewijsstuk_id)
    except (OperationalError, OSError) as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task(base=DjangoTask, acks_late=True)
def import_inschrijvingen_task(job_id: int) -> str:
    """Runs a queued enrolment import; safe to deliver twice, and a deleted job is skipped."""
    return import_job_run(job_id=job_id)


# -- what the services announce, sent to a worker after commit -----------------------------------------------------


@receiver(events.bewijsstuk_submitted, dispatch_uid="portfolio-submitted-mail")
def _bewijsstuk_submitted(sender, *, bewijsstuk_id: int, **kwargs) -> None:
    notify_assessors_task.delay_on_commit(bewijsstuk_id)


@receiver(events.bewijsstuk_returned, dispatch_uid="portfolio-returned-mail")
def _bewijsstuk_returned(sender, *, bewijsstuk_id: int, **kwargs) -> None:
    notify_student_returned_task.delay_on_commit(bewijsstuk_id)


@receiver(events.import_queued, dispatch_uid="portfolio-import-run")
def _import_queued(sender, *, job_id: int, **kwargs) -> None:
    import_inschrijvingen_task.delay_on_commit(job_id)
