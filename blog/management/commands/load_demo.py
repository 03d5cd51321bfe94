"""python manage.py load_demo — the demo newsroom, the two example documents and a first login."""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from blog.importers.frontmatter import FrontMatterError, split_front_matter
from blog.importers.newsroom_text import to_front_matter
from blog.importers.posts import ImportResult, SourceFile, import_files, import_paths
from blog.models import Post, PreviewLink
from pressroom.demo import (
    add_contact_portraits,
    add_demo_pictures,
    fill_newsroom_settings,
    write_feature_pictures,
)
from pressroom.models import Contact

PROJECT_DIR = Path(__file__).resolve().parents[3]
DEMO_POSTS_DIR = PROJECT_DIR / "demo" / "posts"
# The shared example documents sit next to the project folder, not inside it (or where
# PRESSROOM_SHARED_DIR says).
SEEDS_DIR = Path(os.environ.get("PRESSROOM_SHARED_DIR") or PROJECT_DIR.parent / "shared") / "seeds"
# The demo release written in both languages: (original, translation).
DEMO_TRANSLATION = (
    "norrsken-energi-tecknar-tioarigt-elavtal-med-kallbacka-stal",
    "norrsken-energy-signs-power-agreement-with-kallbacka-steel",
)
DEMO_EMBARGOED = "norrsken-energi-tar-vatgaslagret-i-drift"
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


def newsroom_is_new() -> bool:
    """
    True when nobody has used this newsroom yet: no posts, no contacts and nothing ever done
    in the admin. Only then does the demo fill it, so a restart never puts the demo back over
    what editors changed, nor brings back demo posts they deleted.
    """
    return not (Post.objects.exists() or Contact.objects.exists() or LogEntry.objects.exists())


class Command(BaseCommand):
    help = (
        "Fill a new, empty newsroom with the demo posts from demo/posts/ and the example "
        "documents from ../shared/seeds/, and create the login admin/admin if there is no "
        "user yet. Once the newsroom has content, it changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default="http://127.0.0.1:8000",
            help="Where the site is served, for the admin address it prints.",
        )

    def handle(self, *args, **options):
        site_url = options["site_url"].rstrip("/") + "/"
        result = ImportResult()
        if newsroom_is_new():
            with tempfile.TemporaryDirectory(prefix="pressroom-demo-") as folder:
                pictures = Path(folder)
                # The posts name their pictures, drawn here with their rights first, so
                # that the import finds them and uses these library images.
                write_feature_pictures(pictures)
                filled = fill_newsroom_settings()
                if filled:
                    self.stdout.write("Newsroom settings: Norrsken Energi")
                add_demo_pictures(pictures, logo_and_icon=filled)
                result.merge(import_paths([DEMO_POSTS_DIR], images_dir=pictures))
            result.merge(import_files(seed_files()))
            for name, reason in result.failures:
                self.stderr.write(f"{name}: {reason}")
            self.stdout.write(f"Demo posts: {result.summary()}")
            add_contact_portraits()
            self.dress_demo_posts(site_url)
        else:
            if fill_newsroom_settings():
                self.stdout.write("Newsroom settings: Norrsken Energi")
            self.stdout.write("The newsroom has content: the demo is not loaded again.")

        user_model = get_user_model()
        admin_url = site_url + settings.PRESSROOM_ADMIN_PATH
        self.stdout.write(f"The site is at   {site_url}")
        if not user_model.objects.exists():
            user_model.objects.create_superuser(DEMO_USERNAME, "", DEMO_PASSWORD)
            self.stdout.write(
                f"The admin is at  {admin_url}  (user: {DEMO_USERNAME}, "
                f"password: {DEMO_PASSWORD}; change it before anyone else can reach this site)"
            )
        else:
            self.stdout.write(f"The admin is at  {admin_url}  (log in with your user)")
        if result.failed:
            raise CommandError(f"{result.failed} demo file(s) could not be imported.")

    def dress_demo_posts(self, site_url):
        """The translated release's link and the embargoed release's preview link."""
        Post.objects.filter(slug=DEMO_TRANSLATION[1], translation_of__isnull=True).update(
            translation_of=Post.objects.filter(slug=DEMO_TRANSLATION[0]).first()
        )
        embargoed = Post.objects.scheduled().filter(slug=DEMO_EMBARGOED).first()
        if embargoed:
            link = PreviewLink.objects.create(
                post=embargoed,
                recipient_name="Demo Journalist",
                recipient_email="journalist@example.com",
            )
            self.stdout.write(
                "Preview of the embargoed release: "
                + site_url.rstrip("/")
                + link.get_absolute_url()
            )
