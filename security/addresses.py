"""The client's address as the throttle and the log see it.

Behind a reverse proxy every request comes from the proxy, so the deployment names the header the proxy
sets (DUBAN_CLIENT_IP_HEADER, e.g. HTTP_X_REAL_IP). Unset, the socket's address is used: trusting a
header nobody strips would let anyone pick a fresh address for each guess.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    if request is None:
        return None
    header = settings.DUBAN_CLIENT_IP_HEADER
    raw = request.META.get(header, "") if header else ""
    # X-Forwarded-For lists client, proxy1, proxy2…: the proxy appends, so the last entry is the one it saw.
    raw = raw.split(",")[-1].strip() if raw else request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None
