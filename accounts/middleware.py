"""Password-reset mails are rate limited without telling anyone whether the address has an account; staff
who must use MFA meet its set-up first."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts import mfa, throttle


class PasswordResetThrottleMiddleware:
    """Over the limit, a reset request gets the same redirect a sent mail gets, and no mail is sent."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        if request.method != "POST" or match is None or match.url_name != "password_reset":
            return None
        email = request.POST.get("email", "")
        if throttle.password_reset_allowed(request, email):
            return None
        return HttpResponseRedirect(reverse("password_reset_done"))


class MfaRequiredMiddleware:
    """Staff who must use MFA (accounts.mfa.requires_mfa) are sent to set it up before any other page.

    After AuthenticationMiddleware. The API is left to accounts.permissions.MfaRequired, which also sees
    users authenticated by token.
    """

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith(mfa.OPEN_PATH_PREFIXES) or path.startswith("/api/"):
            return self.get_response(request)
        if mfa.mfa_missing(request.user):
            return HttpResponseRedirect(f"{reverse('mfa_activate_totp')}?verplicht=1")
        return self.get_response(request)
