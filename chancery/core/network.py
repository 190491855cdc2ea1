"""Where a request comes from, as far as this deployment can tell."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the header a trusted proxy sets
    (CLIENT_IP_HEADER, e.g. HTTP_X_REAL_IP behind nginx).

    X-Forwarded-For is never read unless the deployment names it: a client can write anything
    there. Used by the embargo-link log and by the login throttle (django-axes).
    """
    header = getattr(settings, "CLIENT_IP_HEADER", "") or "REMOTE_ADDR"
    value = request.META.get(header, "").split(",")[0].strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
