"""python manage.py load_demo — the demo newsroom, the two example documents and a first login."""

import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from blog.importers.frontmatter import FrontMatterError, split_front_matter
from blog.importers.newsroom_text import to_front_matter
from blog.importers.posts import ImportResult, SourceFile, import_files, import_paths
from pressroom.demo import fill_newsroom_settings

PROJECT_DIR = Path(__file__).resolve().parents[3]
DEMO_POSTS_DIR = PROJECT_DIR / "demo" / "posts"
# The shared example documents sit next to the project folder, not inside it (or where
# PRESSROOM_SHARED_DIR says).
SEEDS_DIR = Path(os.environ.get("PRESSROOM_SHARED_DIR") or PROJECT_DIR.parent / "shared") / "seeds"
DEMO_USERNAME = "admin"
DEMO_PASSWORD = "admin"  # noqa: S105 - a local demo login, made only on an empty database


def seed_files(seeds_dir: Path = SEEDS_DIR) -> list[SourceFile]:
    """
    The example documents as files to import: front-matter ones as they are, the
    newsroom plain-text one converted to front matter first.
    """
    files = []
    for path in sorted(seeds_dir.glob("*.txt")) if seeds_dir.is_dir() else []:
        text = path.read_text(encoding="utf-8-sig")
        try:
            split_front_matter(text)
        except FrontMatterError:
            text = to_front_matter(text)
        files.append(SourceFile(name=str(path), source=f"file:{path.name}", text=text))
    return files


class Command(BaseCommand):
    help = (
        "Load the demo newsroom from demo/posts/ and the example documents from "
        "../shared/seeds/, and create the login admin/admin if there is no user yet. "
        "Running it again changes nothing."
    )

    def handle(self, *args, **options):
        if fill_newsroom_settings():
            self.stdout.write("Newsroom settings: Norrsken Energi")
        result = ImportResult()
        result.merge(import_paths([DEMO_POSTS_DIR]))
        result.merge(import_files(seed_files()))
        for name, reason in result.failures:
            self.stderr.write(f"{name}: {reason}")
        self.stdout.write(f"Demo posts: {result.summary()}")

        user_model = get_user_model()
        admin_url = f"http://127.0.0.1:8000/{settings.PRESSROOM_ADMIN_PATH}"
        if not user_model.objects.exists():
            user_model.objects.create_superuser(DEMO_USERNAME, "", DEMO_PASSWORD)
            self.stdout.write(
                f"Admin: {admin_url}  (user: {DEMO_USERNAME}, password: {DEMO_PASSWORD}; "
                "change the password before anyone else can reach this site)"
            )
        else:
            self.stdout.write(f"Admin: {admin_url}  (log in with your existing user)")
        if result.failed:
            raise CommandError(f"{result.failed} demo file(s) could not be imported.")
