"""The client's IP address behind a known number of reverse proxies, for django-axes and rate limits.

django-axes documents AXES_IPWARE_PROXY_COUNT and AXES_IPWARE_META_PRECEDENCE_ORDER for proxies, but reads
them only through the optional django-ipware package. This applies those same two settings without it:
every trusted proxy appends the address it saw to X-Forwarded-For, so the client is the entry that many
places from the right. Whatever a client writes into the header itself stays to the left and is ignored.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    proxies = settings.AXES_IPWARE_PROXY_COUNT or 0
    if proxies > 0 and "HTTP_X_FORWARDED_FOR" in settings.AXES_IPWARE_META_PRECEDENCE_ORDER:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")
