"""
Fixtures for the browser tests: Pressroom served by pytest-django's live server, Debian's
Chromium driven by Playwright, the demo newsroom as content, and the npm tools (axe-core,
the Nu HTML Checker) from node_modules/.

The tests need /usr/bin/chromium, Playwright (pip), `npm ci` and Java. Without them they
are skipped, with the reason. PRESSROOM_E2E=1 makes a missing tool a failure instead (CI
sets it where the browser tests run); PRESSROOM_E2E=0 skips them all.
"""

import importlib
import io
import math
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as PILImage
from PIL import ImageDraw

from blog.models import Post
from pressroom.models import Contact, Image
from tests import factories
from tests.conftest import REPO_DIR

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # Playwright is a test extra; without it the browser tests skip.
    expect = sync_playwright = None
else:
    # As patient as the actions (below): CI machines are busy, and so is the live server.
    expect.set_options(timeout=10_000)

CHROMIUM = Path(os.environ.get("PRESSROOM_CHROMIUM", "/usr/bin/chromium"))
NODE_MODULES = REPO_DIR / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Screenshots go here; PRESSROOM_SCREENSHOTS=docs/screenshots refreshes the README's.
SCREENSHOTS_DIR = REPO_DIR / os.environ.get("PRESSROOM_SCREENSHOTS", "test-artifacts/screenshots")

# Chromium as the tests want it: headless, no sandbox (CI runs as root), and none of the
# background traffic (updates, sync, field trials) that would knock on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--metrics-recording-only",
]

VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "mobile": {"width": 390, "height": 844},
}

EDITOR_PASSWORD = "editor-pw-e2e-1"  # noqa: S105 - a user made for the test database only
PR_STAFF_PASSWORD = "pr-staff-pw-e2e-1"  # noqa: S105


def e2e_setting():
    """PRESSROOM_E2E: "1" the browser tests must run, "0" they are skipped, unset: if they can."""
    return os.environ.get("PRESSROOM_E2E", "").strip()


def require(available, reason):
    """Skip the test when a tool is missing, or fail it when PRESSROOM_E2E=1 asks for it."""
    if available:
        return
    if e2e_setting() == "1":
        pytest.fail(f"{reason} (PRESSROOM_E2E=1 requires the browser tests to run)")
    pytest.skip(reason)


def pytest_collection_modifyitems(config, items):
    """PRESSROOM_E2E=0 skips the browser tests before anything starts for them."""
    if e2e_setting() != "0":
        return
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason="PRESSROOM_E2E=0: the browser tests are switched off")
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_installed():
    """Playwright and Debian's Chromium are there (else skip, or fail under PRESSROOM_E2E=1)."""
    require(sync_playwright is not None, "Playwright is not installed (pip install playwright)")
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser(browser_installed, django_db_setup):
    """
    Debian's Chromium (never a downloaded browser), started once per test module.

    Playwright's sync API keeps an asyncio loop running in the test thread while it is
    started, and Django refuses ORM calls it takes for async code, so the tests' own
    database work is allowed for exactly as long as the browser runs. Per module, so
    that no other test module runs beside that loop; the test database is made first.
    """
    allow_before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if allow_before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = allow_before


def new_page(browser, viewport, **options):
    context = browser.new_context(
        viewport=VIEWPORTS[viewport],
        locale="sv-SE",
        timezone_id="Europe/Stockholm",
        accept_downloads=True,
        **options,
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def page(browser):
    """A fresh desktop-sized tab (1280×800) with its own cookies."""
    context, tab = new_page(browser, "desktop")
    yield tab
    context.close()


@pytest.fixture(params=list(VIEWPORTS))
def any_page(request, browser):
    """A fresh tab, once at desktop width and once at mobile width (390×844)."""
    context, tab = new_page(browser, request.param)
    yield tab
    context.close()


def gradient_jpeg(width=1200, height=675):
    """A landscape picture with some detail, made with Pillow, as JPEG bytes."""
    picture = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        # Dusk over a wind farm: dark blue above, warm near the horizon.
        share = y / height
        colour = (int(20 + 200 * share), int(40 + 90 * share), int(90 + 40 * (1 - share)))
        draw.line([(0, y), (width, y)], fill=colour)
    # Wind turbines: a tower, a hub and three blades.
    for number, x in enumerate(range(160, width, 300)):
        hub_y = height * 0.42
        draw.line([(x, hub_y), (x, height)], fill=(235, 235, 240), width=8)
        for blade in range(3):
            angle = math.radians(number * 25 + blade * 120)
            tip = (x + 120 * math.sin(angle), hub_y - 120 * math.cos(angle))
            draw.line([(x, hub_y), tip], fill=(245, 245, 250), width=6)
        draw.ellipse([x - 10, hub_y - 10, x + 10, hub_y + 10], fill="white")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@dataclass
class Newsroom:
    """The demo newsroom the browser tests read, and the people who work in it."""

    url: str
    post: Post
    contact: Contact
    image: Image

    def at(self, path):
        return self.url + path


def restore_roles():
    """
    Put back the roles that blog migration 0004 sets up: a live-server test empties the
    database afterwards, groups and all. (Django's serialized rollback would do this, but
    it keeps its copy on a connection object that the tests do not see while Playwright's
    event loop runs in their thread.)
    """
    roles = importlib.import_module("blog.migrations.0004_editorial_roles")
    for name, wanted in roles.ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in wanted
            ]
        )
    # Pressroom migration 0003 lets Editors edit the newsroom's settings.
    settings_roles = importlib.import_module("pressroom.migrations.0003_newsroom_settings")
    Group.objects.get(name="Editors").permissions.add(
        *Permission.objects.filter(
            content_type__app_label="pressroom", codename__in=settings_roles.EDITOR_PERMISSIONS
        )
    )


@pytest.fixture
def newsroom(live_server, settings):
    """
    The demo newsroom (manage.py load_demo) on the live server, with a feature image on
    its newest press release so pictures are on the pages too.
    """
    # Uploaded files are served by the live server here, as a web server would in production.
    settings.ROOT_URLCONF = "tests.e2e.urls"
    restore_roles()
    call_command("load_demo", stdout=io.StringIO())
    image = factories.make_image(
        file=SimpleUploadedFile("wind-farm.jpg", gradient_jpeg(), content_type="image/jpeg"),
        alt_text="Vindkraftverk i skymningsljus",
        caption="Vindparken vid Råneå.",
        credit="Norrsken Energi",
    )
    post = Post.objects.published().filter(kind=Post.Kind.PRESS_RELEASE).latest("publish_at")
    post.feature_image = image
    post.save()
    contact = Contact.objects.order_by("name").first()
    return Newsroom(url=live_server.url, post=post, contact=contact, image=image)


def make_role_user(username, group_name, password):
    """A staff user in one of the roles the project sets up (blog migration 0004)."""
    user = factories.make_user(username, password=password)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(newsroom):
    return make_role_user("redaktor", "Editors", EDITOR_PASSWORD)


@pytest.fixture
def pr_staff(newsroom):
    return make_role_user("presskontakt", "PR staff", PR_STAFF_PASSWORD)


def log_in(page, newsroom, username, password):
    """Log in to the admin through its login form, as a person would."""
    page.goto(newsroom.at(reverse("admin:login")))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(newsroom.at(reverse("admin:index")))


def save_screenshot(page, name):
    """
    Save a PNG of the visible part of the page as <name>-<viewport>.png, in 256 colours
    so that it is small enough to keep in the repository.
    """
    viewport = next(key for key, size in VIEWPORTS.items() if size == page.viewport_size)
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS_DIR / f"{name}-{viewport}.png"
    shot = PILImage.open(io.BytesIO(page.screenshot(animations="disabled", caret="hide")))
    small = shot.convert("RGB").quantize(
        colors=256, method=PILImage.Quantize.MEDIANCUT, dither=PILImage.Dither.NONE
    )
    small.save(path, optimize=True)
    return path


def java_available():
    return shutil.which("java") is not None
