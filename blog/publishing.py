"""
Publishing, unpublishing and copying posts, as the admin's actions and any command do
them: each change is kept in the post's history (a revision) and in the audit log.
"""

import reversion
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pressroom.history import format_time, keep_current_state
from pressroom.models import unique_slug

from .models import AuditEntry, Post, PostContact, RelatedLink, RelatedPost


def publish(post, user=None):
    """
    Publish a draft: it appears at its publish time (at once when that has come). The
    state before is kept in the history, and the audit log says who published it.
    """
    keep_current_state(post)
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(_("Published."))
        post.status = Post.Status.PUBLISHED
        post.save(update_fields=["status", "updated_at"])
    record_published(post, user)


def unpublish(post, user=None):
    """Take a published or scheduled post back to draft, in the history and the audit log."""
    keep_current_state(post)
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(_("Unpublished."))
        post.status = Post.Status.DRAFT
        post.save(update_fields=["status", "updated_at"])
    AuditEntry.record(AuditEntry.Action.UNPUBLISHED, post, user)


def duplicate(post, user=None):
    """Copy ``post`` as a new draft (see duplicate_post), its history saying where from."""
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(_("Copied from “%(title)s”.") % {"title": post.title})
        return duplicate_post(post, user=user)


def copy_title(title, max_length):
    """The title of a copy, "… (copy)", shortened so that it fits the field."""
    new_title = _("%(title)s (copy)") % {"title": title}
    overflow = len(new_title) - max_length
    if overflow > 0:
        new_title = _("%(title)s (copy)") % {"title": title[: len(title) - overflow]}
    return new_title


def duplicate_post(post, *, user=None):
    """
    Copy ``post`` as a new draft with "(copy)" after its title and a slug of its own,
    carrying the same topics, categories, tags, contacts, links and related posts.
    The import source is not copied: it belongs to the original alone.
    """
    title = copy_title(post.title, Post._meta.get_field("title").max_length)
    with transaction.atomic():
        new_post = Post.objects.get(pk=post.pk)
        new_post.pk = None
        new_post._state.adding = True
        new_post.title = title
        new_post.slug = unique_slug(Post, title)
        new_post.status = Post.Status.DRAFT
        # A copy published later should carry its own date, not the original's.
        new_post.publish_at = timezone.now()
        new_post.source = ""
        if not new_post.author_id:
            new_post.author = user
        new_post.save()
        new_post.topics.set(post.topics.all())
        new_post.categories.set(post.categories.all())
        new_post.tags.set(list(post.tags.all()))
        PostContact.objects.bulk_create(
            PostContact(post=new_post, contact_id=entry.contact_id, sort_order=entry.sort_order)
            for entry in post.post_contacts.all()
        )
        RelatedLink.objects.bulk_create(
            RelatedLink(post=new_post, title=link.title, url=link.url, sort_order=link.sort_order)
            for link in post.related_links.all()
        )
        RelatedPost.objects.bulk_create(
            RelatedPost(
                from_post=new_post, to_post_id=entry.to_post_id, sort_order=entry.sort_order
            )
            for entry in post.related_entries.all()
        )
    return new_post


def record_published(post, user):
    """Note in the audit log that ``user`` published ``post``, and when it goes live."""
    detail = ""
    if post.is_scheduled:
        detail = _("Scheduled for %(time)s") % {"time": format_time(post.publish_at)}
    AuditEntry.record(AuditEntry.Action.PUBLISHED, post, user, detail=str(detail))
