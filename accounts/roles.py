from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.access import access_load


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    BEOORDELAAR = "beoordelaar", _("Beoordelaar")
    COORDINATOR = "coordinator", _("Coördinator")
    BEHEERDER = "beheerder", _("Beheerder")
    EXAMENCOMMISSIE = "examencommissie", _("Examencommissie")


def has_role(user, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    # Cached on the user object, read with the permissions: pages ask several times per request.
    if not hasattr(user, "_role_names"):
        access_load(user)
    return role.value in user._role_names


def is_coordinator(user) -> bool:
    """Coordinators (and beheerders) manage opleidingen, cohorts and enrolments and see every portfolio."""
    return user.is_authenticated and user.has_perm("portfolio.manage_inschrijvingen")


def is_examencommissie(user) -> bool:
    """Members of an examencommissie read the exam record of the opleidingen they oversee (portfolio.scope)
    and change nothing; by permission, like is_coordinator, so both are read in one query."""
    return user.is_authenticated and user.has_perm("portfolio.oversee_exams")
