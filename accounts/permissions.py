"""API permission: staff who must use MFA reach the API only once they have set it up, also by token."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from accounts.mfa import mfa_missing


class MfaRequired(BasePermission):
    message = _(
        "Stel eerst tweestapsverificatie in: log in op het portaal, klik op je naam en kies Tweestapsverificatie."
    )

    def has_permission(self, request, view) -> bool:
        return not mfa_missing(request.user)
