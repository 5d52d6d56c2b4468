from celery import shared_task
from django.db import OperationalError

from invitations.notifications import mail_code, mail_invitation


@shared_task(bind=True, acks_late=True, max_retries=5)
def send_invitation_task(self, uitnodiging_id: int) -> bool:
    try:
        return mail_invitation(uitnodiging_id=uitnodiging_id)
    except (OperationalError, OSError) as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task(bind=True, acks_late=True, max_retries=3)
def send_code_task(self, toegangscode_id: int) -> bool:
    # Short retries: the code is valid for minutes only.
    try:
        return mail_code(toegangscode_id=toegangscode_id)
    except (OperationalError, OSError) as exc:
        raise self.retry(exc=exc, countdown=5 * 2**self.request.retries) from exc
