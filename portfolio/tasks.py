from celery import shared_task
from django.db import OperationalError

from portfolio.notifications import mail_assessors_submitted


@shared_task(bind=True, acks_late=True, max_retries=5)
def notify_assessors_task(self, bewijsstuk_id: int) -> int:
    try:
        return mail_assessors_submitted(bewijsstuk_id=bewijsstuk_id)
    except (OperationalError, OSError) as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc
