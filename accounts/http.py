"""Request types for views behind login, where request.user is a User and never AnonymousUser."""

from django.http import HttpRequest
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a page behind login_required (django-stubs' recipe): an annotation, never built."""

    user: User


def api_user(request: Request) -> User:
    """The user of an API request, which IsAuthenticated (the default permission) has let through."""
    if not isinstance(request.user, User):
        raise NotAuthenticated
    return request.user
