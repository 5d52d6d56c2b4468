"""Authentication backends: one that refuses every login from an address with too many recent failures, one that
reads permissions and roles in one query."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from accounts import throttle
from accounts.access import access_load
from accounts.models import User


class IpFailureLimitBackend:
    """First in AUTHENTICATION_BACKENDS: raising PermissionDenied stops Django from asking the others.

    The request is marked the way django-axes marks its own lockouts, so AxesMiddleware answers with the
    same lockout page (429) as for a locked username. It has no get_user: it never logs anyone in.
    """

    def authenticate(self, request, **credentials):
        if request is not None and throttle.login_ip_blocked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            raise PermissionDenied
        return None


class AccessBackend(ModelBackend):
    """Before django-allauth's backend (a ModelBackend too): answers has_perm from accounts.access, one query per
    request for permissions and roles together. The other ModelBackends then find the same `_perm_cache`. It
    logs nobody in."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            access_load(user_obj)
        return user_obj._perm_cache
