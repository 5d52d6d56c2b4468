"""Response headers the whole site needs beyond Django's own middleware."""

import re
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# API responses, evidence files and report downloads hold personal data: no cache may keep them.
NO_STORE_PATHS = re.compile(r"^/(api/|ooapi/|portfolio/bestanden/|diploma/rapporten/\d+/download/)")


class NoStoreMiddleware:
    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if NO_STORE_PATHS.match(request.path_info):
            current = response.get("Cache-Control", "")
            if "no-store" not in current:
                response["Cache-Control"] = "private, no-store"
        return response


class ApiDocsCspMiddleware:
    """Redoc and Swagger UI (drf-spectacular's templates) need inline scripts and styles: only there.

    It does what Django's @csp_override does for a view, for the views config/urls.py takes from
    drf-spectacular; it must come after ContentSecurityPolicyMiddleware in MIDDLEWARE.
    """

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith("/api/docs/"):
            response._csp_config = settings.SECURE_CSP_API_DOCS
        return response


SESSION_REFRESHED_KEY = "_refreshed_at"


def session_mark_refreshed(session) -> None:
    session[SESSION_REFRESHED_KEY] = int(time.time())


class SlidingSessionMiddleware:
    """The idle timeout: a request renews the session (and its cookie) for SESSION_COOKIE_AGE again.

    Like SESSION_SAVE_EVERY_REQUEST, but at most once per SESSION_REFRESH_SECONDS, so a page does not cost a
    database write each time. It must come after SessionMiddleware in MIDDLEWARE.
    """

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            refreshed = session.get(SESSION_REFRESHED_KEY)
            if refreshed is None or time.time() - refreshed >= settings.SESSION_REFRESH_SECONDS:
                session_mark_refreshed(session)
        return response
