"""Audit history of grading through django-pghistory: database triggers record every insert, update
(also QuerySet.update and bulk_update) and delete of tracked models, with who and why as context.

Triggers exist on PostgreSQL only. pghistory's own context manager and middleware fail on SQLite, so
they are wrapped: on the embedded SQLite default nothing is recorded (see README).
"""

import contextlib
import functools
from collections.abc import Callable

import pghistory
from django.db import connection


def audit_context(**metadata) -> contextlib.AbstractContextManager:
    if connection.vendor == "postgresql":
        return pghistory.context(**metadata)
    return contextlib.nullcontext()


# Called with (action, the service's keyword arguments, its result) after an audited service succeeded: how the
# invitations app records what an invited assessor did, on SQLite too. Audit bookkeeping only, never a rule.
AFTER_AUDITED: list[Callable[[str, dict, object], None]] = []


def audited(action: str) -> Callable:
    """Runs a service inside an audit context naming the acting user (the `by` keyword) and the action."""

    def decorator(service: Callable) -> Callable:
        @functools.wraps(service)
        def wrapper(*args, **kwargs):
            by = kwargs.get("by")
            with audit_context(user=getattr(by, "pk", None), action=action):
                result = service(*args, **kwargs)
            for listener in AFTER_AUDITED:
                listener(action, kwargs, result)
            return result

        return wrapper

    return decorator


class AuditMiddleware:
    """pghistory's request context (user and URL) on PostgreSQL only."""

    def __init__(self, get_response: Callable) -> None:
        from pghistory.middleware import HistoryMiddleware

        self.get_response = get_response
        self.history = HistoryMiddleware(get_response)

    def __call__(self, request):
        if connection.vendor == "postgresql":
            return self.history(request)
        return self.get_response(request)
