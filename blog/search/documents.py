"""What the index holds for each post: its title, lead, body, tags and topics as plain text."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

from pressroom.text import plain_text

INDEX_TABLE = "blog_post_search"


@dataclass(frozen=True)
class Document:
    """What the index holds for one post, as plain text."""

    post_id: int
    language: str
    title: str
    lead: str
    body: str
    tags: str
    topics: str


def documents(post_ids: Iterable[int] | None = None, *, using=DEFAULT_DB_ALIAS, apps=global_apps):
    """
    The index documents of the given posts (all posts when None), read in batches. ``apps``
    lets a migration pass its historical models.
    """
    post_model = apps.get_model("blog", "Post")
    tagged_model = apps.get_model("blog", "TaggedPost")
    topic_links = post_model.topics.through
    posts = post_model._base_manager.using(using).order_by("pk")
    if post_ids is not None:
        posts = posts.filter(pk__in=list(post_ids))
    fields = ("pk", "language", "title", "lead", "body_html")
    last_pk, batch_size = None, 2000
    while True:
        batch = posts.filter(pk__gt=last_pk) if last_pk is not None else posts
        rows = list(batch.values_list(*fields)[:batch_size])
        if not rows:
            return
        last_pk = rows[-1][0]
        ids = [row[0] for row in rows]
        tags = _names_by_post(
            tagged_model._base_manager.using(using)
            .filter(content_object_id__in=ids)
            .values_list("content_object_id", "tag__name")
        )
        topics = _names_by_post(
            topic_links._base_manager.using(using)
            .filter(post_id__in=ids)
            .values_list("post_id", "topic__name")
        )
        for pk, language, title, lead, body_html in rows:
            yield Document(
                pk,
                language,
                title,
                lead,
                plain_text(body_html),
                " ".join(tags.get(pk, [])),
                " ".join(topics.get(pk, [])),
            )


def _names_by_post(pairs):
    names = {}
    for post_id, name in pairs:
        names.setdefault(post_id, []).append(name)
    return names
