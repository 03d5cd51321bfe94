"""
Writing the index: the signals in blog/signals.py and the importer keep it current through
update_index(), write_documents() and remove_posts().
"""

from collections.abc import Iterable

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, connections

from . import postgresql, sqlite
from .documents import Document, documents

# The index's SQL. Values only ever go in as parameters.
_DELETE_SQL = "DELETE FROM blog_post_search WHERE rowid = %s"


def write_documents(docs: Iterable[Document], *, using=DEFAULT_DB_ALIAS) -> int:
    """Put documents into the index, replacing what it held for those posts."""
    connection = connections[using]
    count = 0
    for batch in _batches(docs, 1000):
        count += len(batch)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.executemany(_DELETE_SQL, [(doc.post_id,) for doc in batch])
                cursor.executemany(sqlite.INSERT_SQL, [sqlite.index_row(doc) for doc in batch])
            elif connection.vendor == "postgresql":
                cursor.executemany(
                    postgresql.UPSERT_SQL, [postgresql.index_row(doc) for doc in batch]
                )
    return count


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
