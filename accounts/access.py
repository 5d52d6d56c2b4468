"""What a user may do, read once per request: their permissions (own and their groups') and their role names.

Django's ModelBackend reads the two kinds of permission in two queries and accounts.roles.has_role the group
names in a third; every page asks all three. One UNION query fills the caches each of them keeps on the user.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import CharField, F, Value
from django.db.models.functions import Concat

_PERMISSION, _ROLE = "p", "r"


def _permissions(**filters):
    return (
        Permission.objects.filter(**filters)
        .annotate(
            kind=Value(_PERMISSION, output_field=CharField()),
            label=Concat("content_type__app_label", Value("."), "codename", output_field=CharField()),
        )
        .values_list("kind", "label")
        .order_by()
    )


def access_load(user) -> None:
    """Sets `_perm_cache` (as ModelBackend.get_all_permissions does) and `_role_names` (accounts.roles)."""
    roles = (
        Group.objects.filter(user=user)
        .annotate(kind=Value(_ROLE, output_field=CharField()), label=F("name"))
        .values_list("kind", "label")
        .order_by()
    )
    rows = _permissions(user=user).union(_permissions(group__user=user), roles, all=True).order_by()
    permissions: set[str] = set()
    role_names: set[str] = set()
    for kind, label in rows:
        (permissions if kind == _PERMISSION else role_names).add(label)
    user._perm_cache = permissions
    user._role_names = role_names
