"""
The index on SQLite: an FTS5 table. Words are stemmed here with Snowball, in the post's
language, before they are stored; a query is stemmed the same way and every word is
quoted, so nothing a reader types is ever read as FTS5 syntax. Ranked with bm25.
"""

from django.db.models import (
    BooleanField,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
)
from django.db.models.expressions import RawSQL

from .documents import INDEX_TABLE
from .text import stem, stemmed

# bm25 weights for the FTS5 columns: title, lead, body, tags, topics.
FTS_WEIGHTS = (10.0, 4.0, 1.0, 5.0, 5.0)

INSERT_SQL = (
    "INSERT INTO blog_post_search (rowid, title, lead, body, tags, topics) "
    "VALUES (%s, %s, %s, %s, %s, %s)"
)


def index_row(doc):
    return (
        doc.post_id,
        *(
            stemmed(text, doc.language)
            for text in (doc.title, doc.lead, doc.body, doc.tags, doc.topics)
        ),
    )


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
LOOKUP_LIMIT = 10_000


def matches(entries, posts, terms, languages):
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
    if entries.count() <= LOOKUP_LIMIT:
        return entries.filter(Exists(posts.filter(pk=OuterRef("pk")))), rank
    # "+rowid" keeps SQLite from feeding the listed ids into the FTS5 table one by one
    # (each a new full-text query); the match runs once, and each hit is checked instead.
    entries = entries.alias(post_key=Func(F("pk"), template="+%(expressions)s"))
    return entries.filter(post_key__in=posts.values("pk")), rank
