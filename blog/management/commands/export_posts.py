"""python manage.py export_posts DIR — every post as a Markdown file with YAML front matter."""

from pathlib import Path

from django.core.management.base import BaseCommand

from blog.exporters import export_posts


class Command(BaseCommand):
    help = (
        "Write every published or scheduled post (drafts too with --all) into DIR as a "
        "Markdown file with YAML front matter, with its pictures in DIR/images/. "
        "import_posts reads the files back into the same posts."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", type=Path)
        parser.add_argument("--all", action="store_true", help="Export drafts as well.")

    def handle(self, *args, directory, **options):
        result = export_posts(directory, include_drafts=options["all"])
        self.stdout.write(
            f"Exported {result.posts} posts and {result.images} images to {directory}"
        )
