"""Facts about the HTTP request that several apps need, decided in one place."""

import ipaddress

from django.conf import settings


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
