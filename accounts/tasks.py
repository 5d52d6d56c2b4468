from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.db import OperationalError
from django.dispatch import receiver

from accounts import events
from accounts.notifications import mail_activation


@shared_task(base=DjangoTask, bind=True, acks_late=True, max_retries=5)
def send_activation_task(self, user_ids: list[int]) -> int:
    """Mails a batch of activation links; after a failure only the students not yet mailed are retried."""
    sent = 0
    for done, user_id in enumerate(user_ids):
        try:
            sent += mail_activation(user_id=user_id)
        except (OperationalError, OSError) as exc:
            raise self.retry(args=[user_ids[done:]], exc=exc, countdown=30 * 2**self.request.retries) from exc
    return sent


@receiver(events.activation_due, dispatch_uid="accounts-activation-mail")
def _activation_due(sender, *, user_ids: list[int], **kwargs) -> None:
    send_activation_task.delay_on_commit(user_ids)
