"""Errors as RFC 7807 problem details, {"status": "404", "title": ..., "detail": ...}: the shape of the OOAPI
(v5 `Problem`). Paths under settings.PROBLEM_JSON_PATHS answer every error in it, also those the input edge
(config.input) refuses before a view runs."""

from http import HTTPStatus

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

CONTENT_TYPE = "application/problem+json"


def titles() -> dict[int, str]:
    return {
        400: _("Ongeldig verzoek"),
        401: _("Niet aangemeld"),
        403: _("Geen toegang"),
        404: _("Niet gevonden"),
        405: _("Methode niet toegestaan"),
        406: _("Niet aanvaardbaar"),
        409: _("Conflict"),
        413: _("Verzoek te groot"),
        415: _("Niet-ondersteund mediatype"),
        429: _("Te veel verzoeken"),
        500: _("Serverfout"),
    }


def problem_body(status: int, detail: str) -> dict:
    title = titles().get(status) or HTTPStatus(status).phrase
    return {"status": str(status), "title": title, "detail": detail}


def problem(status: int, detail: str) -> JsonResponse:
    return JsonResponse(problem_body(status, detail), status=status, content_type=CONTENT_TYPE)


def wants_problem(request: HttpRequest) -> bool:
    return request.path_info.startswith(tuple(settings.PROBLEM_JSON_PATHS))
