from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.db import OperationalError
from django.dispatch import receiver

from assessment import events
from assessment.notifications import mail_referred, mail_settlement_proposed, mail_student_feedback


@shared_task(base=DjangoTask, bind=True, acks_late=True, max_retries=5)
def notify_student_feedback_task(self, *, beoordeling_id: int | None = None, poging_id: int | None = None) -> int:
    try:
        return mail_student_feedback(beoordeling_id=beoordeling_id, poging_id=poging_id)
    except (OperationalError, OSError) as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task(base=DjangoTask, bind=True, acks_late=True, max_retries=5)
def notify_settlement_proposed_task(self, poging_id: int) -> int:
    try:
        return mail_settlement_proposed(poging_id=poging_id)
    except (OperationalError, OSError) as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task(base=DjangoTask, bind=True, acks_late=True, max_retries=5)
def notify_referred_task(self, poging_id: int) -> int:
    try:
        return mail_referred(poging_id=poging_id)
    except (OperationalError, OSError) as exc:
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


# -- what the services announce, sent to a worker after commit -----------------------------------------------------


@receiver(events.feedback_released, dispatch_uid="assessment-feedback-mail")
def _feedback_released(sender, *, beoordeling_id: int | None = None, poging_id: int | None = None, **kwargs) -> None:
    notify_student_feedback_task.delay_on_commit(beoordeling_id=beoordeling_id, poging_id=poging_id)


@receiver(events.settlement_proposed, dispatch_uid="assessment-settlement-mail")
def _settlement_proposed(sender, *, poging_id: int, **kwargs) -> None:
    notify_settlement_proposed_task.delay_on_commit(poging_id)


@receiver(events.poging_referred, dispatch_uid="assessment-referred-mail")
def _poging_referred(sender, *, poging_id: int, **kwargs) -> None:
    notify_referred_task.delay_on_commit(poging_id)
