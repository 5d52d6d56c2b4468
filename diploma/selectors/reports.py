"""Which reports a user sees."""

from django.db.models import Q, QuerySet

from accounts.roles import is_coordinator, is_examencommissie
from diploma.models import Report
from portfolio.scope import readable, sees_every_opleiding


def report_list(*, user) -> QuerySet[Report]:
    """Coordinators and the examencommissie see the reports of their opleidingen; everyone the ones they asked for."""
    qs = Report.objects.select_related("cohort__opleiding", "inschrijving__student", "requested_by")
    if sees_every_opleiding(user):
        return qs
    if is_coordinator(user) or is_examencommissie(user):
        return qs.filter(
            Q(requested_by=user)
            | readable(user, "cohort__opleiding")
            | readable(user, "inschrijving__cohort__opleiding")
        )
    return qs.filter(requested_by=user)
