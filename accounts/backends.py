"""An authentication backend that refuses every login from an address with too many recent failures."""

from django.core.exceptions import PermissionDenied

from accounts import throttle


class IpFailureLimitBackend:
    """First in AUTHENTICATION_BACKENDS: raising PermissionDenied stops Django from asking the others.

    The request is marked the way django-axes marks its own lockouts, so AxesMiddleware answers with the
    same lockout page (429) as for a locked username. It has no get_user: it never logs anyone in.
    """

    def authenticate(self, request, **credentials):
        if request is not None and throttle.login_ip_blocked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            raise PermissionDenied
        return None
