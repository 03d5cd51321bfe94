"""The newsroom's own address, for links made where there is no request: e-mail, press kits."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` (as reverse() gives it) as a full address on PRESSROOM_SITE_URL."""
    return settings.PRESSROOM_SITE_URL.rstrip("/") + path
