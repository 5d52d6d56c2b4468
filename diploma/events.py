"""What the diploma services announce, inside the transaction; diploma.tasks sends the work to a worker after
commit, so the services import no task."""

from django.dispatch import Signal

gereedheid_stale = Signal()  # inschrijving_ids: list[int], stored readiness to compute again
report_queued = Signal()  # report_id: a report waits for a worker
