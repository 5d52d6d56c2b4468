"""One place that turns domain errors into readable JSON for the API."""

import re

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from config.errors import ApplicationError

# get_object_or_404 raises Http404("No Inschrijving matches the given query."): English whatever the
# request's language, and it names a model. Such a 404 answers DRF's translated "Niet gevonden." instead.
DJANGO_NOT_FOUND = re.compile(r"No \w+ matches the given query\.")


def exception_handler(exc: Exception, context: dict):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_not_found_message(exc))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError({"detail": exc.messages})
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, ApplicationError):
        exc = exceptions.ValidationError({"detail": exc.message})
    return drf_exception_handler(exc, context)


def _not_found_message(exc: Http404) -> str | None:
    """A message a view chose itself (translated, e.g. "Dit rapport is nog niet klaar."), else None."""
    message = str(exc)
    if not message or DJANGO_NOT_FOUND.fullmatch(message):
        return None
    return message
