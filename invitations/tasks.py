from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.db import OperationalError
from django.dispatch import receiver

from invitations import events
from invitations.notifications import mail_code, mail_invitation


@shared_task(base=DjangoTask, bind=True, acks_late=True, max_retries=5)
def send_invitation_task(self, uitnodiging_id: int) -> bool:
    try:
        return mail_invitation(uitnodiging_id=uitnodiging_id)
    except (OperationalError, OSError) as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task(base=DjangoTask, bind=True, acks_late=True, max_retries=3)
def send_code_task(self, toegangscode_id: int) -> bool:
    # Short retries: the code is valid for minutes only.
    try:
        return mail_code(toegangscode_id=toegangscode_id)
    except (OperationalError, OSError) as exc:
        raise self.retry(exc=exc, countdown=5 * 2**self.request.retries) from exc


# -- what the services announce, sent to a worker after commit -----------------------------------------------------


@receiver(events.uitnodiging_sent, dispatch_uid="invitations-invitation-mail")
def _uitnodiging_sent(sender, *, uitnodiging_id: int, **kwargs) -> None:
    send_invitation_task.delay_on_commit(uitnodiging_id)


@receiver(events.toegangscode_issued, dispatch_uid="invitations-code-mail")
def _toegangscode_issued(sender, *, toegangscode_id: int, **kwargs) -> None:
    send_code_task.delay_on_commit(toegangscode_id)
