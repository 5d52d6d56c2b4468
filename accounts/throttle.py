"""Limits on login failures per address and on password-reset mails, on top of django-axes.

django-axes locks a username from one address after AXES_FAILURE_LIMIT failures, but it compares every
lockout parameter combination with that one limit, so it cannot also lock an address that tries many
usernames after a higher limit. That counter lives here, in Django's cache.
"""

import datetime

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import HttpRequest

from config import ratelimit

LOGIN_FAILURES = "login-failures-ip"
RESET_PER_ADDRESS = "password-reset-email"
RESET_PER_IP = "password-reset-ip"


def client_ip(request: HttpRequest) -> str:
    return get_client_ip_address(request) or ""


def login_ip_blocked(request: HttpRequest) -> bool:
    return ratelimit.count(LOGIN_FAILURES, client_ip(request)) >= settings.LOGIN_IP_FAILURE_LIMIT


def login_failure_record(request: HttpRequest) -> None:
    ratelimit.hit(LOGIN_FAILURES, client_ip(request), settings.LOGIN_IP_FAILURE_WINDOW)


def password_reset_allowed(request: HttpRequest, email: str) -> bool:
    """Counts one reset request; False once the address or the client IP is over its limit."""
    per_address = ratelimit.hit(
        RESET_PER_ADDRESS, email.strip().casefold(), datetime.timedelta(minutes=settings.PASSWORD_RESET_ADDRESS_MINUTES)
    )
    per_ip = ratelimit.hit(RESET_PER_IP, client_ip(request), datetime.timedelta(hours=1))
    return per_address <= settings.PASSWORD_RESET_ADDRESS_LIMIT and per_ip <= settings.PASSWORD_RESET_IP_LIMIT
