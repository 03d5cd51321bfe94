"""
What a post page shows beside the post: its topics, categories, tags and related
links, and related content, each kind of list in one SQL statement.

Written in SQL because they run on every post page: asked through the ORM, the same
lists take six queries that cost several times as much to build as to run. The
statements use only SQL that SQLite and PostgreSQL both accept; their orderings are
the models' own, and their rule for "published" (status published, publish time
come) is that of ``Post.objects.published()``. tests/blog/test_post_page.py holds
them to what the ORM says.
"""

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

# The editor's choice (source 0) and the newest posts sharing a topic, category or tag
# (source 1, at most ``limit``), each a semi-join so no post comes twice and the
# newest-first scan stops early. Unpublished posts never come back.
RELATED_POSTS_SQL = """
SELECT * FROM (
    SELECT p.id, p.kind, p.title, p.slug, p.publish_at, p.language,
           0 AS source, r.sort_order AS chosen_order, r.id AS chosen_id
    FROM blog_relatedpost r JOIN blog_post p ON p.id = r.to_post_id
    WHERE r.from_post_id = %(post)s AND p.status = %(published)s AND p.publish_at <= %(now)s
    UNION ALL
    SELECT * FROM (
        SELECT p.id, p.kind, p.title, p.slug, p.publish_at, p.language,
               1 AS source, 0 AS chosen_order, 0 AS chosen_id
        FROM blog_post p
        WHERE p.status = %(published)s AND p.publish_at <= %(now)s AND p.id <> %(post)s
          AND p.id NOT IN (SELECT to_post_id FROM blog_relatedpost WHERE from_post_id = %(post)s)
          AND (p.id IN (SELECT post_id FROM blog_post_topics WHERE topic_id IN ({topics}))
               OR p.id IN (SELECT post_id FROM blog_post_categories
                           WHERE category_id IN ({categories}))
               OR p.id IN (SELECT content_object_id FROM blog_taggedpost WHERE tag_id IN ({tags})))
        ORDER BY p.publish_at DESC, p.id DESC
        LIMIT %(limit)s
    ) automatic
) related
ORDER BY source, chosen_order, chosen_id, publish_at DESC, id DESC
LIMIT %(limit)s
"""


def in_list(name, values):
    """Named placeholders for an SQL ``IN (...)`` list; ``NULL`` (matching nothing) if empty."""
    names = [f"{name}_{index}" for index in range(len(values))]
    return ", ".join(f"%({key})s" for key in names) or "NULL", dict(zip(names, values, strict=True))


def related_posts(post, *, topic_ids, category_ids, tag_ids, limit=5):
    """
    Up to ``limit`` published posts related to ``post``: the editor's related posts in
    their order, then posts sharing any of the given topics, categories or tags, newest
    first. Never ``post`` itself, never a post twice.
    """
    from .models import Post

    topics, topic_params = in_list("topic", topic_ids)
    categories, category_params = in_list("category", category_ids)
    tags, tag_params = in_list("tag", tag_ids)
    # Only placeholders are put into the statement; every value goes as a parameter.
    sql = RELATED_POSTS_SQL.format(topics=topics, categories=categories, tags=tags)
    params = {
        "post": post.pk,
        "published": Post.Status.PUBLISHED,
        "now": timezone.now(),
        "limit": limit,
        **topic_params,
        **category_params,
        **tag_params,
    }
    return list(Post.objects.raw(sql, params))


# One row per topic, category, tag and link of a post: (list, id, name or title, slug
# or URL, sort order, text sort key, number sort key), in each list's model ordering.
POST_LISTS_SQL = """
SELECT 0 AS list, t.id, t.name, t.slug, 0 AS sort_order, t.name AS text_key, 0 AS number_key
FROM pressroom_topic t JOIN blog_post_topics pt ON pt.topic_id = t.id
WHERE pt.post_id = %(post)s
UNION ALL
SELECT 1, c.id, c.name, c.slug, 0, c.name, 0
FROM blog_category c JOIN blog_post_categories pc ON pc.category_id = c.id
WHERE pc.post_id = %(post)s
UNION ALL
SELECT 2, g.id, g.name, g.slug, 0, '', tp.id
FROM taggit_tag g JOIN blog_taggedpost tp ON tp.tag_id = g.id
WHERE tp.content_object_id = %(post)s
UNION ALL
SELECT 3, l.id, l.title, l.url, l.sort_order, '', l.sort_order
FROM blog_relatedlink l
WHERE l.post_id = %(post)s
ORDER BY list, text_key, number_key, id
"""


@dataclass
class PostLists:
    """A post's topics, categories, tags and related links, each in its model's order."""

    topics: list
    categories: list
    tags: list
    links: list


def loaded(model, using, **values):
    """A ``model`` instance as the ORM loads it from ``using``; fields not given are deferred."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(using, names, [values[name] for name in names])


def post_lists(post):
    """The topics, categories, tags and related links of ``post``, from one statement."""
    from taggit.models import Tag

    from pressroom.models import Topic

    from .models import Category, RelatedLink

    using = post._state.db or DEFAULT_DB_ALIAS  # where the post was read: replica or not
    lists = PostLists(topics=[], categories=[], tags=[], links=[])
    with connections[using].cursor() as cursor:
        cursor.execute(POST_LISTS_SQL, {"post": post.pk})
        rows = cursor.fetchall()
    for kind, pk, name, slug_or_url, sort_order, _text_key, _number_key in rows:
        if kind == 0:
            lists.topics.append(loaded(Topic, using, id=pk, name=name, slug=slug_or_url))
        elif kind == 1:
            lists.categories.append(loaded(Category, using, id=pk, name=name, slug=slug_or_url))
        elif kind == 2:
            lists.tags.append(loaded(Tag, using, id=pk, name=name, slug=slug_or_url))
        else:
            lists.links.append(
                loaded(
                    RelatedLink,
                    using,
                    id=pk,
                    post_id=post.pk,
                    title=name,
                    url=slug_or_url,
                    sort_order=sort_order,
                )
            )
    return lists
