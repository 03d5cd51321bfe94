from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def next_publish_time():
    """When the next scheduled post is due, or None: cached pages live no longer."""
    from .models import Post

    return (
        Post.objects.scheduled().order_by("publish_at").values_list("publish_at", flat=True).first()
    )


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Posts")

    def ready(self):
        from pressroom.pagecache import register_schedule

        from . import signals  # noqa: F401 - connects the search index receivers

        register_schedule(next_publish_time)
