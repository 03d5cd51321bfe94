"""
The index on PostgreSQL: each post has a weighted tsvector, made with the post's language
configuration ("swedish", "english"); queries go through django.contrib.postgres.
"""

import functools
import operator

from django.db.models import (
    BooleanField,
    Func,
)
from django.db.models.expressions import RawSQL

from .documents import INDEX_TABLE
from .text import LANGUAGE_CONFIGS

# Weights: A title, B tags and topics, C lead, D body (see index_row for the order).
UPSERT_SQL = """
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
PARTS = ("title", "tags", "topics", "lead", "body")


def index_row(doc):
    config = LANGUAGE_CONFIGS.get(doc.language, "simple")
    row = [doc.post_id]
    for part in PARTS:
        # PostgreSQL text cannot hold NUL characters.
        row += [config, getattr(doc, part).replace("\x00", " ")]
    return row


def matches(entries, posts, terms, languages):
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
