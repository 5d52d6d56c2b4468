"""`Authorization: Bearer <token>` of a system client, and only that: no session and no user token opens the
OOAPI, and a system token opens nothing else (the rest of the API knows only sessions and `Token` headers)."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission

from ooapi import selectors, services
from ooapi.models import Systeemkoppeling


class SysteemkoppelingAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != self.keyword:
            return None
        if len(words) != 2:
            raise AuthenticationFailed(_("Geef precies één sleutel na Bearer."))
        try:
            token = words[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("Onbekende of ingetrokken sleutel.")) from None
        koppeling = selectors.systeemkoppeling_for_token(token_hash=services.token_hash(token))
        if koppeling is None:
            raise AuthenticationFailed(_("Onbekende of ingetrokken sleutel."))
        services.systeemkoppeling_touch(koppeling=koppeling)
        # No user: a system client has no permissions of a person, anywhere.
        return AnonymousUser(), koppeling

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="ooapi"'


class IsSysteemkoppeling(BasePermission):
    message = _("Meld je aan met de sleutel van een systeemkoppeling (Authorization: Bearer …).")

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, Systeemkoppeling)
