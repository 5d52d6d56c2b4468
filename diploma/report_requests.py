"""Requesting report jobs: who may ask for what, and the job row the workers pick up.

A report is a read: the coordinators and the examencommissie of an opleiding may ask for its reports.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_coordinator, is_examencommissie
from config.errors import ApplicationError
from diploma import events
from diploma.models import Report
from portfolio.models import Cohort, Inschrijving
from portfolio.scope import reads, reads_cohort

COHORT_KINDS = {
    Report.Kind.COHORT_PROGRESS,
    Report.Kind.READINESS_XLSX,
    Report.Kind.READINESS_CSV,
    Report.Kind.READINESS_PDF,
}


@transaction.atomic
def report_request(
    *, by: User, kind: str, cohort: Cohort | None = None, inschrijving: Inschrijving | None = None
) -> Report:
    if kind in COHORT_KINDS:
        if not (is_coordinator(by) or is_examencommissie(by)):
            raise PermissionDenied(_("Alleen coördinatoren en de examencommissie maken cohortrapporten."))
        if cohort is None:
            raise ApplicationError(_("Kies een cohort."))
        if not reads_cohort(by, cohort):
            raise PermissionDenied(
                _("Dit cohort hoort niet bij de opleidingen die je coördineert of als examencommissie volgt.")
            )
        report = Report.objects.create(kind=kind, cohort=cohort, requested_by=by)
    elif kind == Report.Kind.STUDENT_PROGRESS:
        if inschrijving is None:
            raise ApplicationError(_("Kies een student."))
        if not (reads(by, inschrijving) or inschrijving.student_id == by.pk):
            raise PermissionDenied(_("Je kunt alleen je eigen voortgangsrapport maken."))
        report = Report.objects.create(kind=kind, inschrijving=inschrijving, requested_by=by)
    else:
        raise ApplicationError(_("Onbekende soort rapport."))
    events.report_queued.send(sender=Report, report_id=report.pk)
    return report
