"""What the assessment services announce, sent inside the transaction of the change; the services import no task
and no app above them. Receivers: assessment.tasks (mails, sent after commit) and diploma.receivers (the stored
readiness, marked stale in the same transaction)."""

from django.dispatch import Signal

# inschrijving_ids: list[int]. A fact the diploma decision rests on changed: a vastgestelde or corrected result, the
# voorschrift that says which attempt counts, the dossier version of the enrolments.
results_changed = Signal()
# beoordeling_id or poging_id: the student may read feedback (formative feedback given, or an exam vastgesteld).
feedback_released = Signal()
# poging_id: one assessor proposed the agreed scores; the other is asked to agree.
settlement_proposed = Signal()
# poging_id: the assessors could not agree; the coordinator decides.
poging_referred = Signal()
