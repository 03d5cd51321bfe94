"""
Keep the search index current as posts, their tags and their topics change, write the
audit log when the admin deletes or restores something with a history, have the task
worker build a published post's press kit when it is saved, and keep each post's list of
the library pictures its body shows.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from taggit.models import Tag

from pressroom import media
from pressroom.history import object_deleted, object_restored
from pressroom.models import Topic

from . import search
from .models import AuditEntry, Post, TaggedPost
from .press_kit import delete_press_kits
from .tasks import build_press_kit


@receiver(post_save, sender=Post, dispatch_uid="blog_search_index_post")
def index_saved_post(sender, instance, using, **kwargs):
    search.update_index([instance.pk], using=using)


@receiver(post_save, sender=Post, dispatch_uid="blog_post_body_images")
def note_body_images(sender, instance, using, update_fields=None, **kwargs):
    # Also on raw saves: restoring an older version brings back its body.
    if update_fields is not None and "body_html" not in update_fields:
        return
    images = media.images_in(instance.body_html).using(using)
    instance.body_images.set(list(images.values_list("pk", flat=True)))


@receiver(post_save, sender=Post, dispatch_uid="blog_press_kit_post")
def queue_press_kit(sender, instance, raw, **kwargs):
    """
    A published or scheduled post's kit is built by the worker once per change (the task
    does nothing when the kit of the current content is stored); a draft keeps none.
    """
    if raw:
        return
    if instance.status == Post.Status.PUBLISHED:
        build_press_kit.enqueue(instance.pk)
    else:
        delete_press_kits(instance)


@receiver(post_delete, sender=Post, dispatch_uid="blog_search_unindex_post")
def unindex_deleted_post(sender, instance, using, **kwargs):
    search.remove_posts([instance.pk], using=using)


@receiver(m2m_changed, sender=Post.topics.through, dispatch_uid="blog_search_topics_changed")
@receiver(m2m_changed, sender=TaggedPost, dispatch_uid="blog_search_tags_changed")
def index_changed_relations(sender, instance, action, reverse, pk_set, using, **kwargs):
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            search.update_index([instance.pk], using=using)
        return
    # From the other side, e.g. topic.posts.add(post): pk_set holds the posts, except on
    # clear, so the posts are noted before the links go.
    if action == "pre_clear":
        instance._search_post_ids = _post_ids(instance, using)
    elif action in ("post_add", "post_remove"):
        search.update_index(pk_set or [], using=using)
    elif action == "post_clear":
        search.update_index(getattr(instance, "_search_post_ids", []), using=using)


@receiver(post_save, sender=Topic, dispatch_uid="blog_search_topic_saved")
@receiver(post_save, sender=Tag, dispatch_uid="blog_search_tag_saved")
def index_renamed_label(sender, instance, created, using, **kwargs):
    if not created:
        search.update_index(_post_ids(instance, using), using=using)


@receiver(pre_delete, sender=Topic, dispatch_uid="blog_search_topic_deleting")
@receiver(pre_delete, sender=Tag, dispatch_uid="blog_search_tag_deleting")
def note_posts_of_deleted_label(sender, instance, using, **kwargs):
    # The links are gone by post_delete, and deleting them sends no m2m_changed.
    instance._search_post_ids = _post_ids(instance, using)


@receiver(post_delete, sender=Topic, dispatch_uid="blog_search_topic_deleted")
@receiver(post_delete, sender=Tag, dispatch_uid="blog_search_tag_deleted")
def index_posts_of_deleted_label(sender, instance, using, **kwargs):
    search.update_index(getattr(instance, "_search_post_ids", []), using=using)


def _post_ids(label, using):
    """The posts carrying a topic or a tag."""
    if isinstance(label, Topic):
        links = Post.topics.through.objects.using(using).filter(topic=label)
        return list(links.values_list("post_id", flat=True))
    links = TaggedPost.objects.using(using).filter(tag=label)
    return list(links.values_list("content_object_id", flat=True))


@receiver(object_deleted, dispatch_uid="blog_audit_deleted")
def audit_deleted(sender, instance, user, **kwargs):
    AuditEntry.record(AuditEntry.Action.DELETED, instance, user)


@receiver(object_restored, dispatch_uid="blog_audit_restored")
def audit_restored(sender, instance, user, **kwargs):
    AuditEntry.record(AuditEntry.Action.RESTORED, instance, user)
