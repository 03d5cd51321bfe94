from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class PressroomConfig(AppConfig):
    name = "pressroom"
    verbose_name = _("Press room")

    def ready(self):
        from taggit.models import Tag

        from .pagecache import content_changed
        from .text import clean_tag_name

        pre_save.connect(clean_tag_name, sender=Tag, dispatch_uid="pressroom-clean-tag-name")

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_changed, dispatch_uid=f"pagecache-{signal!r}")
