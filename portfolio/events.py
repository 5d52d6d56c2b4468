"""What the portfolio services announce, sent inside the transaction of the change; portfolio.tasks sends the mails
and starts the jobs after commit, so the services import no task."""

from django.dispatch import Signal

bewijsstuk_submitted = Signal()  # bewijsstuk_id: the assessors are told
bewijsstuk_returned = Signal()  # bewijsstuk_id: the student is told
import_queued = Signal()  # job_id: an enrolment import waits for a worker
