"""Requesting report jobs: who may ask for what, and the job row the workers pick up."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_coordinator
from config.errors import ApplicationError
from diploma.models import Report
from portfolio.models import Cohort, Inschrijving
from portfolio.scope import coordinates, coordinates_cohort

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
        if not is_coordinator(by):
            raise PermissionDenied(_("Alleen coördinatoren maken cohortrapporten."))
        if cohort is None:
            raise ApplicationError(_("Kies een cohort."))
        if not coordinates_cohort(by, cohort):
            raise PermissionDenied(_("Je coördineert de opleiding van dit cohort niet."))
        report = Report.objects.create(kind=kind, cohort=cohort, requested_by=by)
    elif kind == Report.Kind.STUDENT_PROGRESS:
        if inschrijving is None:
            raise ApplicationError(_("Kies een student."))
        if not (coordinates(by, inschrijving) or inschrijving.student_id == by.pk):
            raise PermissionDenied(_("Je kunt alleen je eigen voortgangsrapport maken."))
        report = Report.objects.create(kind=kind, inschrijving=inschrijving, requested_by=by)
    else:
        raise ApplicationError(_("Onbekende soort rapport."))
    from diploma.tasks import build_report_task

    build_report_task.delay_on_commit(report.pk)
    return report
