from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachConfig(AppConfig):
    name = "reach"
    verbose_name = _("Reach")

    def ready(self):
        from . import signals  # noqa: F401 - queues e-mail when posts become public

        try:  # a provider's bounce and complaint webhooks, where django-anymail is installed
            from anymail.signals import tracking
        except ImportError:
            return
        from .tracking import anymail_tracking

        tracking.connect(anymail_tracking, dispatch_uid="reach_anymail_tracking")
