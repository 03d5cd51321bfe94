"""
The full-text index of posts, made in each database's own way: an FTS5 table on SQLite, a
tsvector table with a GIN index on PostgreSQL (see blog/search/). Other databases get no
table, and search falls back to a plain scan there. Posts already in the database are
indexed here.
"""

import django.db.models.deletion
from django.db import migrations, models

SQLITE_TABLE = """
CREATE VIRTUAL TABLE blog_post_search USING fts5(
    title, lead, body, tags, topics,
    tokenize = 'unicode61 remove_diacritics 0'
)
"""
# The documents stay in the table's own pages (compressed) rather than in TOAST: otherwise
# the table looks tiny to the planner, which then scans it instead of using the GIN index,
# and every row is fetched from TOAST to test it (60 ms instead of 1 ms for a rare word).
POSTGRES_TABLE = """
CREATE TABLE blog_post_search (
    rowid bigint PRIMARY KEY,
    document tsvector NOT NULL
) WITH (toast_tuple_target = 8160)
"""
POSTGRES_STORAGE = "ALTER TABLE blog_post_search ALTER COLUMN document SET STORAGE MAIN"
POSTGRES_INDEX = "CREATE INDEX blog_post_search_document ON blog_post_search USING gin (document)"


def create_index(apps, schema_editor):
    from blog.search import update_index

    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TABLE)
    elif connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_TABLE)
        schema_editor.execute(POSTGRES_STORAGE)
        schema_editor.execute(POSTGRES_INDEX)
    else:
        return
    update_index(using=connection.alias, apps=apps)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor in ("sqlite", "postgresql"):
        schema_editor.execute("DROP TABLE IF EXISTS blog_post_search")


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="PostSearchIndex",
            fields=[
                (
                    "post",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_index",
                        serialize=False,
                        to="blog.post",
                    ),
                ),
            ],
            options={
                "verbose_name": "search index entry",
                "verbose_name_plural": "search index entries",
                "db_table": "blog_post_search",
                "managed": False,
            },
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
