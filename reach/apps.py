from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachConfig(AppConfig):
    name = "reach"
    verbose_name = _("Reach")

    def ready(self):
        from . import signals  # noqa: F401 - queues e-mail when posts become public
