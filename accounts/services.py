"""Writes for accounts: roles are groups, created here so every environment has the same ones."""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from accounts import events
from accounts.models import User
from accounts.roles import Role

ACTIVATION_BATCH = 500  # activation mails per task: an import of 5,000 students is ten tasks

ROLE_PERMISSIONS = {
    Role.STUDENT: [],
    Role.BEOORDELAAR: [],
    Role.COORDINATOR: ["portfolio.manage_inschrijvingen"],
    Role.BEHEERDER: ["portfolio.manage_inschrijvingen", "portfolio.coordinate_every_opleiding"],
    # Reads the exam record of the opleidingen it is linked to (Opleiding.examencommissie); never writes.
    Role.EXAMENCOMMISSIE: ["portfolio.oversee_exams"],
}


def groups_ensure() -> dict[str, Group]:
    """The role groups with their permissions; safe to run any number of times."""
    groups = {}
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        # A permission that a later migration brings does not exist yet when migrating to an earlier state;
        # the next full migrate grants it.
        wanted = Permission.objects.filter(_permission_q(codenames))
        group.permissions.add(*wanted)
        groups[role.value] = group
    return groups


def _permission_q(codenames: list[str]) -> Q:
    query = Q(pk__in=[])
    for label, codename in (name.split(".") for name in codenames):
        query |= Q(content_type__app_label=label, codename=codename)
    return query


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: Role
    description: str
    is_staff: bool = False
    is_superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("student", "Sanne", "de Vries", Role.STUDENT, "student P3 Intercedent"),
    DemoAccount("praktijk", "Pieter", "Jansen", Role.BEOORDELAAR, "praktijkbeoordelaar"),
    DemoAccount("school", "Samira", "El Idrissi", Role.BEOORDELAAR, "schoolbeoordelaar"),
    DemoAccount("coordinator", "Carla", "Bakker", Role.COORDINATOR, "coördinator"),
    DemoAccount("examencommissie", "Esther", "Visser", Role.EXAMENCOMMISSIE, "lid examencommissie"),
    DemoAccount("admin", "Ahmed", "Yilmaz", Role.BEHEERDER, "beheerder", is_staff=True, is_superuser=True),
]


@transaction.atomic
def demo_accounts_create(*, reset_passwords: bool = False) -> list[tuple[DemoAccount, str | None]]:
    """Creates the demo accounts that do not exist yet; returns each with its new password (None if unchanged)."""
    groups = groups_ensure()
    result = []
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        new_password = None
        if user is not None and reset_passwords:
            new_password = secrets.token_urlsafe(9)
            user.set_password(new_password)
            user.save(update_fields=["password"])
        if user is None:
            new_password = secrets.token_urlsafe(9)
            user = User.objects.create_user(
                username=account.username,
                password=new_password,
                first_name=account.first_name,
                last_name=account.last_name,
                email=f"{account.username}@demo.dossierportaal.local",
                is_staff=account.is_staff,
                is_superuser=account.is_superuser,
            )
        user.groups.add(groups[account.role.value])
        result.append((account, new_password))
    return result


def student_ensure(*, username: str, first_name: str, last_name: str, email: str) -> User:
    """The student account with this username; created (without a usable password) when missing.

    New students choose their password through the activation mail, so no password travels by other means.
    """
    from django.utils.translation import gettext as _

    from config.errors import ApplicationError

    user = User.objects.filter(username=username).first()
    if user is not None:
        if user.email and email and user.email.lower() != email.lower():
            raise ApplicationError(
                _("Gebruikersnaam %(naam)s bestaat al met een ander e-mailadres.") % {"naam": username}
            )
        return user
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_unusable_password()
    user.save()
    user.groups.add(groups_ensure()[Role.STUDENT.value])
    return user


def activation_send(*, users: Iterable[User]) -> int:
    """Queues an activation mail, after commit, for each account that waits for one; returns how many."""
    waiting = [user.pk for user in users if user.email and user.awaiting_activation]
    for start in range(0, len(waiting), ACTIVATION_BATCH):
        events.activation_due.send(sender=User, user_ids=waiting[start : start + ACTIVATION_BATCH])
    return len(waiting)
