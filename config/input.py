"""Input refused at the edge, and the last handler for database errors: a clear Dutch 4xx, never a 500.

PostgreSQL refuses NUL in text, so a NUL byte (or another control character) in a query parameter, a form
field or a JSON body is refused before any view sees it. An IntegrityError or DataError that a service did
not turn into a domain error itself is logged and answered 409/400.
"""

import json
import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import DataError, IntegrityError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from config import problems

logger = logging.getLogger("dossierportaal.input")

# C0 controls and DEL, except tab, line feed and carriage return, which text fields may hold.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
JSON_CONTROL = re.compile(rb"\\u00(0[0-8bBcCeEfF]|1[0-9a-fA-F])|\\u007[fF]")
MAX_JSON_DEPTH = 32


def has_control_characters(values) -> bool:
    return any(CONTROL.search(key) or any(CONTROL.search(v) for v in items) for key, items in values.lists())


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if problems.wants_problem(request):
        return problems.problem(status, message)
    if _is_api(request):
        return JsonResponse({"detail": message}, status=status)
    return render(request, "400.html", {"message": message}, status=status)


class InputEdgeMiddleware:
    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        message = _("Ongeldige tekens in de invoer (zoals een NUL-teken); verwijder ze en probeer het opnieuw.")
        if CONTROL.search(request.path_info) or has_control_characters(request.GET):
            return _refuse(request, 400, message)
        if request.method in ("POST", "PUT", "PATCH"):
            try:
                if _body_has_control_characters(request):
                    return _refuse(request, 400, message)
            except RequestDataTooBig:
                return _refuse(request, 413, too_big_message())
            except TooManyFieldsSent:
                return _refuse(request, 400, _("Het formulier heeft te veel velden."))
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, IntegrityError):
            logger.warning("IntegrityError at %s: %s", request.path, exception)
            return _refuse(request, 409, conflict_message())
        if isinstance(exception, DataError):
            logger.warning("DataError at %s: %s", request.path, exception)
            return _refuse(request, 400, data_message())
        return None


def _body_has_control_characters(request: HttpRequest) -> bool:
    """Reads the body (Django enforces DATA_UPLOAD_MAX_MEMORY_SIZE and the field count while reading)."""
    content_type = request.content_type or ""
    if content_type == "application/json":
        return b"\x00" in request.body or bool(JSON_CONTROL.search(request.body))
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return has_control_characters(request.POST)
    return False


def too_big_message() -> str:
    mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return _("De aanvraag is te groot (meer dan %(mb).1f MB buiten bestanden). Verstuur minder tekst.") % {"mb": mb}


def conflict_message() -> str:
    return _("Dit kon niet worden opgeslagen: iemand anders deed tegelijk hetzelfde. Laad de pagina opnieuw.")


def data_message() -> str:
    return _("Een waarde past niet in wat het portaal kan opslaan (te lang of ongeldig). Controleer de invoer.")


class LimitedJSONParser(JSONParser):
    """DRF's JSON parser with a nesting limit: too deep is a Dutch 400, never a RecursionError."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        # Depth by counting brackets before parsing: json.loads itself recurses per level.
        depth = level = 0
        in_string = escaped = False
        for byte in raw:
            if in_string:
                if escaped:
                    escaped = False
                elif byte == 0x5C:
                    escaped = True
                elif byte == 0x22:
                    in_string = False
            elif byte == 0x22:
                in_string = True
            elif byte in (0x5B, 0x7B):
                level += 1
                depth = max(depth, level)
                if depth > MAX_JSON_DEPTH:
                    raise ParseError(_("De JSON is te diep genest (meer dan %(n)d niveaus).") % {"n": MAX_JSON_DEPTH})
            elif byte in (0x5D, 0x7D):
                level -= 1
        try:
            return json.loads(raw.decode(parser_context.get("encoding", "utf-8") if parser_context else "utf-8"))
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("Ongeldige JSON: %(fout)s") % {"fout": exc}) from None
