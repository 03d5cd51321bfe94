"""python manage.py import_posts PATH... — posts from Markdown files with YAML front matter."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from blog.importers.posts import collect_files, import_files

# Below this many files an import is over before a progress bar would help.
PROGRESS_THRESHOLD = 50


class Command(BaseCommand):
    help = (
        "Import posts from Markdown files with YAML front matter (Jekyll posts too). "
        "Folders are searched for Markdown (.md, .markdown, ...) and .html files. Importing again "
        "updates the same posts."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="A file or a folder.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read and check everything and report what would change, but save nothing.",
        )

    def handle(self, *args, paths, dry_run, verbosity, **options):
        files, missing = collect_files(paths)
        progress = None
        if len(files) > PROGRESS_THRESHOLD and sys.stderr.isatty():

            def progress(items):
                return tqdm(items, desc="Importing", unit="file", file=sys.stderr)

        result = import_files(files, dry_run=dry_run, progress=progress)
        result.failures[:0] = missing

        for name, reason in result.failures:
            self.stderr.write(f"{name}: {reason}")
        if verbosity >= 1:
            for name, warning in result.warnings:
                self.stderr.write(f"{name}: warning: {warning}", style_func=self.style.WARNING)
        if (dry_run and verbosity >= 1) or verbosity >= 2:
            verb = "would be " if dry_run else ""
            for name, outcome in result.outcomes:
                if outcome != "unchanged" or verbosity >= 2:
                    self.stdout.write(f"{name}: {verb}{outcome}")
        prefix = "Dry run, nothing saved: " if dry_run else ""
        self.stdout.write(prefix + result.summary())
        if result.failed:
            raise CommandError(f"{result.failed} file(s) could not be imported.")
