from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Posts")

    def ready(self):
        from . import signals  # noqa: F401 - connects the search index receivers
