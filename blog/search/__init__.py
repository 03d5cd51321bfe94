"""
Full-text search over published posts: title, lead, body, tags and topics, ranked, with
highlighted excerpts and Swedish and English stemming.

One interface, search_posts() (query), and two backends chosen by the database in use:
PostgreSQL's own full-text search (postgresql) and an FTS5 table on SQLite (sqlite), both
in the table blog_post_search. The words, stems and excerpts are in text; what the index
holds for a post in documents; writing it in index; the search page's form in forms.
"""

from pressroom.text import plain_text

from .documents import Document, documents
from .forms import SearchForm
from .index import remove_posts, update_index, write_documents
from .query import SearchResults, naive_matches, search_posts
from .sqlite import fts_query
from .text import excerpt, query_words, stem, stemmed, words

__all__ = [
    "Document",
    "SearchForm",
    "SearchResults",
    "documents",
    "excerpt",
    "fts_query",
    "naive_matches",
    "plain_text",
    "query_words",
    "remove_posts",
    "search_posts",
    "stem",
    "stemmed",
    "update_index",
    "words",
    "write_documents",
]
