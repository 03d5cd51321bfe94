"""The newsroom's address and name, for what is made with no request: e-mail, press kits."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` (as reverse() gives it) as a full address on PRESSROOM_SITE_URL."""
    return settings.PRESSROOM_SITE_URL.rstrip("/") + path


def newsroom_name() -> str:
    """The newsroom's name as its settings in the admin give it, for e-mail and files."""
    from .models import NewsroomSettings  # the models import the site helpers' users

    return NewsroomSettings.load().name
