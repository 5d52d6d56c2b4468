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


def audited(action: str) -> Callable:
    """Runs a service inside an audit context naming the acting user (the `by` keyword) and the action."""

    def decorator(service: Callable) -> Callable:
        @functools.wraps(service)
        def wrapper(*args, **kwargs):
            by = kwargs.get("by")
            with audit_context(user=getattr(by, "pk", None), action=action):
                return service(*args, **kwargs)

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
