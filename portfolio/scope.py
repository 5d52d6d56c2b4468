"""Least privilege for coordinators: each coordinates the opleidingen they are linked to; a beheerder all.

Every list a coordinator reads is filtered with `coordinated`, every action on one student or cohort is
checked with `coordinates`/`coordinates_cohort`. Lists filter in SQL (a subquery); object checks read the
user's opleidingen once per request (cached on the user).
"""

from django.db.models import Q

from accounts.roles import is_coordinator
from portfolio.models import Opleiding


def sees_every_opleiding(user) -> bool:
    """A beheerder (or superuser): by permission, so it is read with is_coordinator's, in no extra query."""
    return user.is_authenticated and user.has_perm("portfolio.coordinate_every_opleiding")


def coordinated_opleiding_ids(user) -> frozenset[int] | None:
    """The opleidingen this coordinator coordinates; None for all of them (a beheerder)."""
    if sees_every_opleiding(user):
        return None
    if not is_coordinator(user):
        return frozenset()
    if not hasattr(user, "_coordinated_opleidingen"):
        user._coordinated_opleidingen = frozenset(user.coordinator_van.values_list("pk", flat=True))
    return user._coordinated_opleidingen


def coordinated(user, opleiding_path: str) -> Q:
    """Rows whose opleiding (reached by `opleiding_path`, e.g. "cohort__opleiding") the user coordinates.

    A subquery, not a join: OR'd with other conditions a join on the coordinators would repeat rows.
    """
    if sees_every_opleiding(user):
        return Q()
    if not is_coordinator(user):
        return Q(pk__in=[])
    linked = Opleiding.coordinatoren.through.objects.filter(user=user).values("opleiding_id")
    return Q(**{f"{opleiding_path}__in": linked})


def coordinates_cohort(user, cohort) -> bool:
    ids = coordinated_opleiding_ids(user)
    return ids is None or cohort.opleiding_id in ids


def coordinates(user, inschrijving) -> bool:
    """May act as coordinator for this student: vaststellen, correct, record results, read the history."""
    return is_coordinator(user) and coordinates_cohort(user, inschrijving.cohort)
