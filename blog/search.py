"""
Full-text search over published posts: title, lead, body, tags and topics, ranked, with
highlighted excerpts and Swedish and English stemming.

One interface, search_posts(), and two backends chosen by the database in use:

- PostgreSQL: its own full-text search. Each post has a weighted tsvector, made with the
  post's language configuration ("swedish", "english"), in the GIN-indexed table
  blog_post_search; queries go through django.contrib.postgres.
- SQLite: an FTS5 table of the same name. Words are stemmed here with Snowball, in the
  post's language, before they are stored; a query is stemmed the same way and every word
  is quoted, so nothing a reader types is ever read as FTS5 syntax. Ranked with bm25.

The index holds every post and the signals in blog/signals.py keep it current. Which posts
may be found is decided when searching, by Post.objects.published(), so a scheduled post
turns up the moment its time comes and a draft never does.
"""

import functools
import operator
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

import snowballstemmer
from django import forms
from django.apps import apps as global_apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    BooleanField,
    Exists,
    F,
    FloatField,
    Func,
    Max,
    Min,
    OuterRef,
    Q,
    Value,
)
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

INDEX_TABLE = "blog_post_search"
# Words are runs of letters and digits; everything else, "_" included, separates them.
# FTS5's unicode61 tokenizer splits the same way, so stored words stay whole.
WORD = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 16  # a query longer than this is searched by its first words
MAX_WORD_LENGTH = 64  # longer "words" are noise, never language
EXCERPT_WORDS = 32
EXCERPT_WORDS_BEFORE = 8
EXCERPT_SCAN_CHARS = 50_000  # matches further into a long body are not excerpted
# Snowball algorithm and PostgreSQL configuration for each post language.
LANGUAGE_CONFIGS = {"sv": "swedish", "en": "english"}
# bm25 weights for the FTS5 columns: title, lead, body, tags, topics.
FTS_WEIGHTS = (10.0, 4.0, 1.0, 5.0, 5.0)

_stemmers = threading.local()  # Snowball stemmers keep state, so one per thread


@functools.lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The Snowball stem of a lower-case word in a post language; others are left as is."""
    algorithm = LANGUAGE_CONFIGS.get(language)
    if algorithm is None:
        return word
    stemmer = getattr(_stemmers, algorithm, None)
    if stemmer is None:
        stemmer = snowballstemmer.stemmer(algorithm)
        setattr(_stemmers, algorithm, stemmer)
    return stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """The lower-case words of a text."""
    return WORD.findall(text.lower())


def query_words(query: str) -> list[str]:
    """The words a query searches for: at most MAX_QUERY_WORDS, each once, in order."""
    found = []
    for word in words(query or ""):
        if len(word) <= MAX_WORD_LENGTH and word not in found:
            found.append(word)
            if len(found) == MAX_QUERY_WORDS:
                break
    return found


def stemmed(text: str, language: str) -> str:
    """A text as the SQLite index stores it: its stemmed words, separated by spaces."""
    return " ".join(stem(word, language) for word in words(text))


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        self.parts.append(" ")  # so "<p>a</p><p>b</p>" gives two words, not "ab"

    def handle_endtag(self, tag):
        self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(html: str) -> str:
    """The readable text of a post's sanitized body HTML, with single spaces."""
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    return " ".join("".join(parser.parts).split())


# Building and writing the index


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


# The index's SQL. Values only ever go in as parameters.
_DELETE_SQL = "DELETE FROM blog_post_search WHERE rowid = %s"
_SQLITE_INSERT_SQL = (
    "INSERT INTO blog_post_search (rowid, title, lead, body, tags, topics) "
    "VALUES (%s, %s, %s, %s, %s, %s)"
)
# Weights: A title, B tags and topics, C lead, D body (see _postgres_row for the order).
_POSTGRES_UPSERT_SQL = """
    INSERT INTO blog_post_search (rowid, document) VALUES (
        %s,
        setweight(to_tsvector(%s::regconfig, %s), 'A')
        || setweight(to_tsvector(%s::regconfig, %s), 'B')
        || setweight(to_tsvector(%s::regconfig, %s), 'B')
        || setweight(to_tsvector(%s::regconfig, %s), 'C')
        || setweight(to_tsvector(%s::regconfig, %s), 'D')
    )
    ON CONFLICT (rowid) DO UPDATE SET document = EXCLUDED.document
"""
_POSTGRES_PARTS = ("title", "tags", "topics", "lead", "body")


def write_documents(docs: Iterable[Document], *, using=DEFAULT_DB_ALIAS) -> int:
    """Put documents into the index, replacing what it held for those posts."""
    connection = connections[using]
    count = 0
    for batch in _batches(docs, 1000):
        count += len(batch)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.executemany(_DELETE_SQL, [(doc.post_id,) for doc in batch])
                cursor.executemany(_SQLITE_INSERT_SQL, [_sqlite_row(doc) for doc in batch])
            elif connection.vendor == "postgresql":
                cursor.executemany(_POSTGRES_UPSERT_SQL, [_postgres_row(doc) for doc in batch])
    return count


def _sqlite_row(doc):
    return (
        doc.post_id,
        *(
            stemmed(text, doc.language)
            for text in (doc.title, doc.lead, doc.body, doc.tags, doc.topics)
        ),
    )


def _postgres_row(doc):
    config = LANGUAGE_CONFIGS.get(doc.language, "simple")
    row = [doc.post_id]
    for part in _POSTGRES_PARTS:
        # PostgreSQL text cannot hold NUL characters.
        row += [config, getattr(doc, part).replace("\x00", " ")]
    return row


def _batches(items, size):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def remove_posts(post_ids: Iterable[int], *, using=DEFAULT_DB_ALIAS) -> None:
    """Take posts out of the index."""
    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    with connection.cursor() as cursor:
        cursor.executemany(_DELETE_SQL, [(pk,) for pk in post_ids])


def update_index(
    post_ids: Iterable[int] | None = None, *, using=DEFAULT_DB_ALIAS, apps=global_apps
) -> int:
    """
    Index the given posts as they are now (all posts when None) and drop deleted ones.
    Returns how many posts were indexed.
    """
    if connections[using].vendor not in ("sqlite", "postgresql"):
        return 0
    if post_ids is not None:
        post_ids = set(post_ids)
        # Posts that no longer exist leave the index.
        remove_posts(post_ids, using=using)
    else:
        with connections[using].cursor() as cursor:
            cursor.execute("DELETE FROM blog_post_search")
    return write_documents(documents(post_ids, using=using, apps=apps), using=using)


# Searching


def search_posts(query, *, kind=None, topic=None, year=None, language=None, posts=None):
    """
    Published posts matching every word of ``query``, best match first, as SearchResults
    (a sequence a Paginator can page; each post carries ``rank`` and an ``excerpt`` of safe
    HTML with the matching words in <mark>). Any string is a valid query: one without words
    finds nothing. ``kind`` is a Post.Kind value, ``topic`` a Topic or a topic slug,
    ``year`` a publication year and ``language`` a post language; ``posts`` narrows the
    posts searched further.
    """
    from .models import Post, PostSearchIndex, Topic  # this module is imported by models

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

    # The search runs on the index table and only checks which posts may be shown against
    # the posts' indexes; whole posts are read for one page of results only.
    # The search runs on the index table; which posts may be shown is checked against the
    # posts' indexes, and whole posts are read for one page of results only.
    vendor = connections[posts.db].vendor
    entries = PostSearchIndex.objects.using(posts.db)
    if not terms:
        matches = ranked = entries.none()
    elif vendor == "sqlite":
        matches, rank = _sqlite_search(entries, posts, terms, languages)
    elif vendor == "postgresql":
        matches, rank = _postgres_search(entries, posts, terms, languages)
    else:
        matches, rank = naive_matches(posts, terms), Value(0.0)
    if terms:
        ranked = matches.annotate(rank=rank).order_by("-rank", "-pk").values_list("pk", "rank")
    return SearchResults(matches, ranked, posts.for_list(), terms)


def fts_query(terms: list[str], languages: list[str]) -> str:
    """
    The FTS5 query for some query words: each word, stemmed in every language searched,
    must be there. Stems are quoted, so they are only ever words, never syntax.
    """
    clauses = []
    for term in terms:
        stems = dict.fromkeys(stem(term, language) for language in languages)
        quoted = [f'"{s.replace(chr(34), chr(34) * 2)}"' for s in stems if s]
        if quoted:
            clauses.append(quoted[0] if len(quoted) == 1 else f"({' OR '.join(quoted)})")
    return " AND ".join(clauses)


# Up to this many FTS5 hits, each hit's post is looked up on its own (about 5 µs a hit);
# past it, the ids of all posts that may be shown are listed once instead (about 60 ms at
# 100,000 posts). Measured with bench/search.py.
SQLITE_LOOKUP_LIMIT = 10_000


def _sqlite_search(entries, posts, terms, languages):
    """The index entries matching the terms, and their rank, on SQLite's FTS5."""
    expression = fts_query(terms, languages)
    # The raw SQL holds constants only; the query goes in as a parameter.
    match = RawSQL(  # noqa: S611
        f'"{INDEX_TABLE}" MATCH %s', [expression], output_field=BooleanField()
    )
    weights = ", ".join(str(weight) for weight in FTS_WEIGHTS)
    # bm25() is lower for better matches.
    rank = RawSQL(f'-bm25("{INDEX_TABLE}", {weights})', [], output_field=FloatField())  # noqa: S611
    entries = entries.filter(match)
    if entries.count() <= SQLITE_LOOKUP_LIMIT:
        return entries.filter(Exists(posts.filter(pk=OuterRef("pk")))), rank
    # "+rowid" keeps SQLite from feeding the listed ids into the FTS5 table one by one
    # (each a new full-text query); the match runs once, and each hit is checked instead.
    entries = entries.alias(post_key=Func(F("pk"), template="+%(expressions)s"))
    return entries.filter(post_key__in=posts.values("pk")), rank


def _postgres_search(entries, posts, terms, languages):
    """The index entries matching the terms, and their rank, on PostgreSQL."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField

    text = " ".join(terms)
    # A post is found when the query matches it as stemmed in either language.
    query = functools.reduce(
        operator.or_,
        (
            SearchQuery(text, config=LANGUAGE_CONFIGS.get(language, "simple"))
            for language in dict.fromkeys(languages)
        ),
    )
    document = RawSQL(  # noqa: S611 - a column name, no input
        f'"{INDEX_TABLE}"."document"', [], output_field=SearchVectorField()
    )
    entries = entries.filter(_Matches(document, query), post__in=posts.values("pk"))
    return entries, SearchRank(document, query)


class _Matches(Func):
    """``document @@ query``: written as a function, as Django's lookup for it cannot take
    a raw column."""

    arg_joiner = " @@ "
    template = "%(expressions)s"
    output_field = BooleanField()


def naive_matches(posts, terms):
    """
    Posts containing every term as a substring of title, lead, body, a tag or a topic:
    the unindexed scan search is measured against, and the fallback on other databases.
    """
    from .models import TaggedPost

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


def excerpt(lead: str, body_html: str, terms: list[str], language: str) -> SafeString:
    """
    A short passage of a post's lead and body around the first word matching the query,
    as HTML: the text escaped, matching words wrapped in <mark>.
    """
    text = " ".join(part for part in (lead, plain_text(body_html)) if part)[:EXCERPT_SCAN_CHARS]
    wanted = {stem(term, language) for term in terms}
    tokens, first_match = [], None
    for token in WORD.finditer(text):
        tokens.append(token)
        if first_match is None and stem(token.group().lower(), language) in wanted:
            first_match = len(tokens) - 1
        if first_match is not None and len(tokens) >= first_match + EXCERPT_WORDS:
            break
    start = max(0, (first_match or 0) - EXCERPT_WORDS_BEFORE)
    window = tokens[start : start + EXCERPT_WORDS]
    if not window:
        return mark_safe("")  # noqa: S308 - nothing to show
    parts = ["… "] if start > 0 else []
    position = window[0].start() if start > 0 else 0
    for token in window:
        parts.append(escape(text[position : token.start()]))
        word = escape(token.group())
        if stem(token.group().lower(), language) in wanted:
            word = f"<mark>{word}</mark>"
        parts.append(word)
        position = token.end()
    more = WORD.search(text, position) is not None
    parts.append(" …" if more else escape(text[position:]))
    # Every piece of text above went through escape(); the only markup is <mark>.
    return mark_safe("".join(parts))  # noqa: S308


# The search page's form


class SearchForm(forms.Form):
    """The search page's query and filters. A filter that does not validate is ignored."""

    q = forms.CharField(label=_("Search for"), required=False, strip=True)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=None, required=False, to_field_name="slug"
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        from pressroom.models import Topic

        from .models import Post, with_published_posts

        super().__init__(*args, **kwargs)
        self.fields["q"].widget = forms.TextInput(attrs={"type": "search"})
        self.fields["kind"].choices = [("", _("All kinds")), *Post.Kind.choices]
        self.fields["topic"].queryset = with_published_posts(Topic.objects.all(), "topics")
        self.fields["topic"].empty_label = _("All topics")
        # Every year from the first post to the last: two index lookups, where listing
        # only the years with posts would read every post.
        span = Post.objects.published().aggregate(first=Min("publish_at"), last=Max("publish_at"))
        years = []
        if span["first"]:
            first, last = localtime(span["first"]).year, localtime(span["last"]).year
            years = [(year, year) for year in range(last, first - 1, -1)]
        self.fields["year"].choices = [("", _("All years")), *years]

    def clean(self):
        # A bad filter (an unknown kind, year "abc", a topic that does not exist) is
        # dropped rather than shown as an error: the search still runs.
        for name in list(self.errors):
            if name != "q":
                del self.errors[name]
        return self.cleaned_data

    def search(self):
        """The results for the submitted query and the filters that validated."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return search_posts(
            data.get("q", ""),
            kind=data.get("kind") or None,
            topic=data.get("topic"),
            year=data.get("year"),
        )
