"""python manage.py import_wordpress FILE.xml — posts from a WordPress export (WXR)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blog.importers.report import progress_bar, write_report
from blog.importers.wordpress import WordPressError, import_wordpress
from blog.models import Post


class Command(BaseCommand):
    help = (
        "Import the posts of a WordPress export (Tools → Export, a WXR .xml file): titles, "
        "bodies (as Markdown), dates, drafts, authors, categories, tags, excerpts and "
        "featured images; their old addresses redirect to the new posts. Importing the same "
        "export again updates the same posts. The exit status is 1 when any post failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.xml", type=Path)
        parser.add_argument("--pages", action="store_true", help="Import pages as well.")
        parser.add_argument(
            "--kind",
            choices=Post.Kind.values,
            default=Post.Kind.BLOG_POST,
            help="What the posts become (default: blog_post).",
        )
        parser.add_argument(
            "--keep-html",
            action="store_true",
            help="Keep the bodies as (sanitized) HTML instead of converting them to Markdown.",
        )
        parser.add_argument(
            "--images",
            metavar="DIR",
            type=Path,
            help="A copy of the site's wp-content/uploads/ folder: its pictures are imported.",
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

    def handle(self, *args, file, pages, kind, keep_html, images, dry_run, progress, **options):
        verbosity = options["verbosity"]
        if images is not None and not images.is_dir():
            raise CommandError(f"--images {images}: no such folder")
        try:
            result = import_wordpress(
                file,
                pages=pages,
                keep_html=keep_html,
                kind=kind,
                images_dir=images,
                dry_run=dry_run,
                progress=progress_bar(force=progress, enabled=verbosity > 0),
                # Each post's outcome is listed in a dry run and with -v 2 only.
                keep_outcomes=dry_run or verbosity >= 2,
            )
        except WordPressError as error:
            raise CommandError(f"{file}: {error}") from None
        write_report(self, result, dry_run=dry_run, verbosity=verbosity)
        if result.failed:
            raise CommandError(f"{result.failed} post(s) could not be imported.")
