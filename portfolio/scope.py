"""Least privilege for coordinators and the examencommissie, per opleiding; a beheerder sees all.

A coordinator coordinates the opleidingen they are linked to: every list a coordinator reads is filtered with
`coordinated`, every action on one student or cohort is checked with `coordinates`/`coordinates_cohort`.
A member of an examencommissie oversees the opleidingen whose commissie they are in (`overseen`, `oversees`):
they read the exam record and change nothing, so no write path asks these functions. `readable`/`reads`
join both for pages that any of them may read. Lists filter in SQL (a subquery); object checks read the
user's opleidingen once per request (cached on the user).
"""

from django.db.models import Q

from accounts.roles import is_coordinator, is_examencommissie
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
    """May act as coordinator for this student: vaststellen, correct, record results, manage the enrolment."""
    return is_coordinator(user) and coordinates_cohort(user, inschrijving.cohort)


# -- the examencommissie: reads, never writes ------------------------------------------------------------


def overseen_opleiding_ids(user) -> frozenset[int] | None:
    """The opleidingen whose examencommissie this user is in; None for all of them (a beheerder)."""
    if sees_every_opleiding(user):
        return None
    if not is_examencommissie(user):
        return frozenset()
    if not hasattr(user, "_overseen_opleidingen"):
        user._overseen_opleidingen = frozenset(user.examencommissie_van.values_list("pk", flat=True))
    return user._overseen_opleidingen


def overseen(user, opleiding_path: str) -> Q:
    """Rows whose opleiding (reached by `opleiding_path`) the user oversees as examencommissie; a subquery."""
    if sees_every_opleiding(user):
        return Q()
    if not is_examencommissie(user):
        return Q(pk__in=[])
    linked = Opleiding.examencommissie.through.objects.filter(user=user).values("opleiding_id")
    return Q(**{f"{opleiding_path}__in": linked})


def oversees_cohort(user, cohort) -> bool:
    ids = overseen_opleiding_ids(user)
    return ids is None or cohort.opleiding_id in ids


def oversees(user, inschrijving) -> bool:
    """May read this student's exam record as examencommissie: never a reason to let them change it."""
    return is_examencommissie(user) and oversees_cohort(user, inschrijving.cohort)


def readable(user, opleiding_path: str) -> Q:
    """Rows of the opleidingen the user coordinates or oversees: what a coordinator and the examencommissie
    both read (students, submitted evidence, results, readiness, reports). Only for reads."""
    if sees_every_opleiding(user):
        return Q()
    return coordinated(user, opleiding_path) | overseen(user, opleiding_path)


def reads_cohort(user, cohort) -> bool:
    # Each *_cohort check is False for a user without its role (their set of opleidingen is empty).
    return coordinates_cohort(user, cohort) or oversees_cohort(user, cohort)


def reads(user, inschrijving) -> bool:
    """May read this student's whole exam record (history, readiness, reports): coordinator or examencommissie."""
    return coordinates(user, inschrijving) or oversees(user, inschrijving)
