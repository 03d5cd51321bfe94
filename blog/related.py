"""
Related content for a post page: the editor's own choice first, then the newest posts
that share a topic, category or tag.

Written as one SQL statement because it runs on every post page: the same question in
the ORM takes two queries that cost three times as much to build as to run. It uses
only SQL that SQLite and PostgreSQL both accept, and its rule for "published" (status
published, publish time come) is that of ``Post.objects.published()``;
tests/blog/test_related.py holds the two together.
"""

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
