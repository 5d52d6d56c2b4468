"""Sessions started with an invitation: checked on every request, and kept to the invitation's enrolment.

After AuthenticationMiddleware, MessageMiddleware and config.audit.AuditMiddleware in MIDDLEWARE. A revoked or
expired invitation ends its session at the next request; an invitation-only account is never logged in any
other way (not by a password, which it can not have, not by SSO, not by an API token).
"""

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from config.audit import audit_context
from invitations import scope, selectors, services
from invitations.models import Uitnodiging

SESSION_KEY = "invitations.uitnodiging"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class InvitationRequest(HttpRequest):
    """A request past this middleware: its session's invitation, or None (an annotation, never built)."""

    uitnodiging: Uitnodiging | None


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def refusal(request: HttpRequest, message: str, *, status: int = 403, ended: bool = False) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": message}, status=status)
    context = {"message": message, "ended": ended}
    return render(request, "invitations/geweigerd.html", context, status=status)


class InvitationScopeMiddleware:
    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: InvitationRequest) -> HttpResponse:
        request.uitnodiging = None
        if _is_api(request) and _invitation_only_token(request):
            return refusal(request, _("Met een uitnodiging gebruik je de API niet."))
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        pk = request.session.get(SESSION_KEY)
        if pk is None and not user.alleen_uitnodiging:
            return self.get_response(request)
        uitnodiging = selectors.uitnodiging_for_session(pk=pk, user=user)
        if uitnodiging is None or not uitnodiging.is_valid:
            if uitnodiging is not None:
                services.uitnodiging_refused(uitnodiging=uitnodiging, where="sessie", door=user)
            logout(request)
            message = _("Je uitnodiging is ingetrokken of verlopen. Vraag de coördinator om een nieuwe uitnodiging.")
            return refusal(request, message, ended=True)
        request.uitnodiging = uitnodiging
        current = services.CURRENT.set(uitnodiging)
        try:
            if request.method in SAFE_METHODS:
                return self.get_response(request)
            # pghistory records the writes of this request with the invitation, next to the user (PostgreSQL).
            with audit_context(uitnodiging=uitnodiging.pk):
                return self.get_response(request)
        finally:
            services.CURRENT.reset(current)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        uitnodiging = getattr(request, "uitnodiging", None)
        if uitnodiging is None:
            return None
        decision = scope.decide(uitnodiging=uitnodiging, match=request.resolver_match, method=request.method)
        if decision.allowed:
            return None
        if decision.home:
            return redirect("invitations:start")
        if _is_api(request):
            return refusal(request, _("Met een uitnodiging gebruik je de API niet."))
        return refusal(request, _("Met je uitnodiging kun je alleen de beoordelingen van deze ene student openen."))


def _invitation_only_token(request: HttpRequest) -> bool:
    """An API token of an invitation-only account (only the admin could make one) is refused."""
    keyword, _sep, key = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if keyword != "Token" or not key.strip():
        return False
    return Token.objects.filter(key=key.strip(), user__alleen_uitnodiging=True).exists()
