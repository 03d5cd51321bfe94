"""
The address of the client a request comes from, for the login limits (django-axes) and
the preview-link access log: the one place that decides which proxy headers to trust.

Behind a load balancer or CDN every request arrives from the proxy's own address; each
proxy appends the address it was connected from to ``X-Forwarded-For`` (or the header
``PRESSROOM_PROXY_HEADER`` names). With ``PRESSROOM_PROXY_COUNT`` proxies in front, the
client is the entry that many places from the end: the entries before it are whatever
the client sent, and a client can write anything there.
"""

import ipaddress

from django.conf import settings


def _address(text):
    """``text`` as a normalised IP address, or None. Accepts "1.2.3.4:5678" and "[::1]:80"."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]  # IPv4 with a port
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def proxy_header_key():
    """The request.META key of the header trusted proxies write the client's address to."""
    return "HTTP_" + settings.PRESSROOM_PROXY_HEADER.upper().replace("-", "_")


def client_ip(request):
    """
    The client's IP address: with no trusted proxies REMOTE_ADDR, else the entry the
    nearest trusted proxy wrote to the proxy header. Falls back to REMOTE_ADDR when the
    header is missing or unreadable; None when there is no usable address at all.
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    count = settings.PRESSROOM_PROXY_COUNT
    if count <= 0:
        return remote
    entries = [entry for entry in request.META.get(proxy_header_key(), "").split(",") if entry]
    if not entries:
        return remote
    # Fewer entries than proxies: the request skipped the outer ones, and the first
    # entry was written by the nearest of those it passed.
    entry = entries[-count] if len(entries) >= count else entries[0]
    return _address(entry) or remote
