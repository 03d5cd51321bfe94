"""python manage.py import_posts PATH... — posts from Markdown files with YAML front matter."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blog.importers.posts import import_paths
from blog.importers.report import progress_bar, write_report


class Command(BaseCommand):
    help = (
        "Import posts from Markdown files with YAML front matter (Jekyll posts too): files, "
        "folders (a Jekyll site or its _posts/ folder) and zip files. Importing again updates "
        "the same posts. The exit status is 1 when any file could not be imported."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="A file, a folder or a zip file."
        )
        parser.add_argument(
            "--images",
            metavar="DIR",
            type=Path,
            help="A folder where the posts' pictures are (besides the posts' own folders).",
        )
        parser.add_argument(
            "--site-url",
            metavar="URL",
            default=None,
            help="What Jekyll's {{ site.url }} becomes in the posts (default: nothing, so "
            "links to the old site become paths here, which redirect to the imported posts).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read and check everything and report what would change, but save nothing.",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Show a progress bar even when the output is not a terminal.",
        )

    def handle(self, *args, paths, images, site_url, dry_run, progress, verbosity, **options):
        if images is not None and not images.is_dir():
            raise CommandError(f"--images {images}: no such folder")
        result = import_paths(
            paths,
            dry_run=dry_run,
            progress=progress_bar(force=progress, enabled=verbosity > 0),
            # Each post's outcome is listed in a dry run and with -v 2 only.
            keep_outcomes=dry_run or verbosity >= 2,
            images_dir=images,
            site_url=site_url,
        )
        write_report(self, result, dry_run=dry_run, verbosity=verbosity)
        if result.failed:
            raise CommandError(f"{result.failed} file(s) could not be imported.")
