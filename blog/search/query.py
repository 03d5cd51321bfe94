"""
Searching: published posts matching every word of a query, ranked, a page at a time.
Which posts may be found is decided when searching, by Post.objects.published(), so a
scheduled post turns up the moment its time comes and a draft never does.
"""

from django.conf import settings
from django.db import connections
from django.db.models import (
    Q,
    Value,
)

from pressroom.models import Topic

from ..models import Post, PostSearchIndex, TaggedPost
from . import postgresql, sqlite
from .text import excerpt, query_words


def search_posts(query, *, kind=None, topic=None, year=None, language=None, posts=None):
    """
    Published posts matching every word of ``query``, best match first, as SearchResults
    (a sequence a Paginator can page; each post carries ``rank`` and an ``excerpt`` of safe
    HTML with the matching words in <mark>). Any string is a valid query: one without words
    finds nothing. ``kind`` is a Post.Kind value, ``topic`` a Topic or a topic slug,
    ``year`` a publication year and ``language`` a post language; ``posts`` narrows the
    posts searched further.
    """
    terms = query_words(query)
    if posts is None:
        posts = Post.objects.all()
    posts = posts.published()
    if kind:
        posts = posts.of_kind(kind)
    if isinstance(topic, Topic):
        posts = posts.filter(topics=topic)
    elif topic:
        posts = posts.filter(topics__slug=topic)
    if year:
        posts = posts.filter(publish_at__year=year)
    if language:
        posts = posts.filter(language=language)
    languages = [language] if language else [code for code, _name in settings.LANGUAGES]

    # The search runs on the index table; which posts may be shown is checked against the
    # posts' indexes, and whole posts are read for one page of results only.
    vendor = connections[posts.db].vendor
    entries = PostSearchIndex.objects.using(posts.db)
    if not terms:
        matches = ranked = entries.none()
    elif vendor == "sqlite":
        matches, rank = sqlite.matches(entries, posts, terms, languages)
    elif vendor == "postgresql":
        matches, rank = postgresql.matches(entries, posts, terms, languages)
    else:
        matches, rank = naive_matches(posts, terms), Value(0.0)
    if terms:
        ranked = matches.annotate(rank=rank).order_by("-rank", "-pk").values_list("pk", "rank")
    return SearchResults(matches, ranked, posts.for_list(), terms)


def naive_matches(posts, terms):
    """
    Posts containing every term as a substring of title, lead, body, a tag or a topic:
    the unindexed scan search is measured against, and the fallback on other databases.
    """
    topic_links = posts.model.topics.through
    for term in terms:
        posts = posts.filter(
            Q(title__icontains=term)
            | Q(lead__icontains=term)
            | Q(body__icontains=term)
            | Q(
                pk__in=TaggedPost.objects.filter(tag__name__icontains=term).values(
                    "content_object_id"
                )
            )
            | Q(pk__in=topic_links.objects.filter(topic__name__icontains=term).values("post_id"))
        )
    return posts


class SearchResults:
    """
    Ranked matching posts, read a slice at a time: a paginator counts them and fetches one
    page, and only that page's posts are read and excerpted.
    """

    def __init__(self, matches, ranked, posts, terms):
        self.matches = matches  # what count() counts
        self.ranked = ranked  # (post id, rank) pairs, best first
        self.posts = posts  # where the posts of a page are read from
        self.terms = terms
        self._count = None

    def count(self):
        if self._count is None:
            self._count = self.matches.count() if self.terms else 0
        return self._count

    def __len__(self):
        return self.count()

    def __bool__(self):
        return self.count() > 0

    def __getitem__(self, index):
        if not isinstance(index, slice):
            found = self[index : index + 1]
            if not found:
                raise IndexError("search result index out of range")
            return found[0]
        if not self.terms:
            return []
        ranks = dict(self.ranked[index])
        posts = self.posts.in_bulk(list(ranks))
        page = []
        for pk, rank in ranks.items():
            if pk in posts:  # unless it was deleted a moment ago
                post = posts[pk]
                post.rank = rank
                post.excerpt = excerpt(post.lead, post.body_html, self.terms, post.language)
                page.append(post)
        return page

    def __iter__(self):
        return iter(self[:])
