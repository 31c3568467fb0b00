"""Facts about the HTTP request that several apps need, decided in one place."""

import ipaddress

from django.conf import settings
from django.utils.crypto import constant_time_compare


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of the client, as far as we can trust it.

    With no trusted proxy (settings.TRUSTED_PROXY_COUNT == 0) that is REMOTE_ADDR: X-Forwarded-For
    is whatever the client chose to send. Behind N proxies, each appends the address it was
    contacted from, so the Nth entry from the right is the one our outermost proxy saw; anything
    further left was written by the client and is ignored, so a forged header gains nothing.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0
    if count <= 0:
        return remote
    entries = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(entries) < count:
        # Fewer entries than proxies: the request did not come through all of them.
        return remote
    return _valid_ip(entries[-count]) or remote


# Headers a reverse proxy adds: any of them means the request came through one, whatever
# REMOTE_ADDR says (a proxy on the same host connects from 127.0.0.1 for every client).
_FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


def is_loopback_request(request) -> bool:
    """True when the request was made on this host: REMOTE_ADDR is a loopback address (127.0.0.0/8,
    ::1) and no proxy forwarded it. Used to show operational details (/healthz) to the host only."""
    if any(request.META.get(header) for header in _FORWARDING_HEADERS):
        return False
    address = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    if address is None:
        return False
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def presents_token(request, expected: str, *, header: str) -> bool:
    """True when the request carries `expected` (Authorization: Bearer …, or the `header` META key,
    e.g. HTTP_X_HEALTHZ_TOKEN). An empty `expected` opens nothing."""
    scheme, _, credentials = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    presented = credentials.strip() if scheme.lower() == "bearer" and credentials.strip() else ""
    presented = presented or request.META.get(header, "").strip()
    return bool(expected) and bool(presented) and constant_time_compare(presented, expected)


def may_see_operational_details(request) -> bool:
    """/healthz's and /readyz's details: this host (loopback, no proxy hop) or a monitor holding
    settings.HEALTHZ_TOKEN."""
    return is_loopback_request(request) or presents_token(
        request, getattr(settings, "HEALTHZ_TOKEN", ""), header="HTTP_X_HEALTHZ_TOKEN"
    )
