from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("portfolio:home")
    return redirect("login")


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _api_or_page(request: HttpRequest, status: int, message: str, page) -> HttpResponse:
    """Under /api/ every error is JSON with a Dutch `detail`, like DRF's own; elsewhere Django's page."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return page()


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _api_or_page(request, 400, _("Ongeldig verzoek."), lambda: defaults.bad_request(request, exception))


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _api_or_page(request, 403, _("Je mag dit niet."), lambda: defaults.permission_denied(request, exception))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _api_or_page(request, 404, _("Niet gevonden."), lambda: defaults.page_not_found(request, exception))


def server_error(request: HttpRequest) -> HttpResponse:
    return _api_or_page(
        request,
        500,
        _("Er ging iets mis aan onze kant; probeer het later opnieuw."),
        lambda: defaults.server_error(request),
    )
