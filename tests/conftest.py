import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from pressroom import shared_cache
from pressroom.pagecache import forget_local_state
from pressroom.settings.email_url import mail_settings

from . import factories
from .mailserver import MailServer

REPO_DIR = Path(__file__).resolve().parent.parent
# ../shared/ beside the checkout, or where PRESSROOM_SHARED_DIR says (.ci/run sets it).
SHARED_DIR = Path(os.environ.get("PRESSROOM_SHARED_DIR") or REPO_DIR.parent / "shared")
SEEDS_DIR = SHARED_DIR / "seeds"
CORPORA_DIR = SHARED_DIR / "corpora"


def shared_data(path: Path) -> Path:
    """
    ``path`` (a seed or corpus in SHARED_DIR) when it is there. A fresh clone has no
    ../shared/, so a test that reads it is skipped with the reason; where the data must be
    there (CI sets PRESSROOM_REQUIRE_SHARED=1) a missing file fails the test instead.
    """
    if path.exists():
        return path
    reason = f"{path} is not there (the shared seeds and corpora; see PRESSROOM_SHARED_DIR)"
    if os.environ.get("PRESSROOM_REQUIRE_SHARED") == "1":
        pytest.fail(f"{reason}, and PRESSROOM_REQUIRE_SHARED=1 needs it", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: with Redis it would outlive the test."""
    cache.clear()
    shared_cache.reset()
    forget_local_state()
    yield
    cache.clear()
    shared_cache.reset()
    forget_local_state()


@pytest.fixture(autouse=True)
def default_language():
    """Tests start in the newsroom's default language, whatever a previous test activated."""
    translation.activate("sv")
    yield
    translation.deactivate()


@pytest.fixture
def published_post(db):
    return factories.make_post(title="A published post")


@pytest.fixture
def draft_post(db):
    return factories.make_draft(title="A draft post")


@pytest.fixture
def superuser(db):
    return factories.make_user("admin", superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def task_worker(transactional_db):
    """
    The queue's own worker (``manage.py db_worker``) in batch mode: ``task_worker()`` does
    every task that is due, then returns. The worker commits as it goes, as in production,
    so tests that use it run outside a test transaction.
    """

    def run():
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    return run


@pytest.fixture
def mail_server(settings):
    """A real SMTP server (aiosmtpd) that the project's mail settings point at."""
    server = MailServer().start()
    for name, value in mail_settings(f"smtp://127.0.0.1:{server.port}?timeout=5").items():
        setattr(settings, name, value)
    yield server
    server.stop()
