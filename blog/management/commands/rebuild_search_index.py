from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, transaction

from blog.search import update_index


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search index from all posts, e.g. after loading data that "
        "bypassed the models (loaddata of tags, raw SQL). Saving posts keeps it current."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        with transaction.atomic(using=database):
            count = update_index(using=database)
        self.stdout.write(f"Posts indexed: {count}")
