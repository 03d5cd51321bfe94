"""
bin/start, run as a newcomer runs it: on a new database it fills the demo newsroom and says
where the site and the admin are; started again, it keeps what editors changed.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import REPO_DIR

START_TIMEOUT = 600  # seconds at most; migrate and the demo import on a busy machine


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def start_env(tmp_path):
    """bin/start's environment: its own SQLite file, media folder and port, no Redis."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PORT=str(free_port()),
        PYTHONUNBUFFERED="1",
    )
    return env


def run_start(env) -> str:
    """Run bin/start until the site answers, stop it as Ctrl+C would; return what it printed."""
    process = subprocess.Popen(
        [str(REPO_DIR / "bin" / "start")],
        cwd=REPO_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    url = f"http://127.0.0.1:{env['PORT']}/healthz"
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            assert process.poll() is None, "bin/start ended:\n" + "".join(lines)
            assert time.monotonic() < deadline, "bin/start did not serve:\n" + "".join(lines)
            try:
                with urllib.request.urlopen(url, timeout=5):  # noqa: S310
                    break
            except urllib.error.HTTPError:  # it answers, if not with 200
                break
            except OSError:  # not listening yet: wait for it (or for bin/start to end)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=0.5)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        reader.join(timeout=10)
    return "".join(lines)


def manage_shell(env, code) -> str:
    """Run Python in ``manage.py shell`` against bin/start's database; return its output."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=REPO_DIR,
        env=dict(env, DEBUG="1", DJANGO_SETTINGS_MODULE="pressroom.settings"),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


EDIT = """
from blog.models import Post
from pressroom.models import Contact
post = Post.objects.get(source="file:2026-03-05-anna-berg-blir-ny-driftchef.md")
post.title = "Anna Berg är ny driftchef (rättad)"
post.save()
contact = Contact.objects.get(name="Sara Lindqvist")
contact.title = "Kommunikationsdirektör"
contact.phone = "070-123 45 67"
contact.save()
"""
READ = """
from blog.models import Post
from pressroom.models import Contact
print(Post.objects.get(source="file:2026-03-05-anna-berg-blir-ny-driftchef.md").title)
contact = Contact.objects.get(name="Sara Lindqvist")
print(contact.title, contact.phone, sep="|")
"""


def test_start_again_keeps_the_edits_to_a_demo_post_and_contact(start_env):
    run_start(start_env)
    manage_shell(start_env, EDIT)
    output = run_start(start_env)
    assert "the demo is not loaded again" in output
    assert manage_shell(start_env, READ).splitlines() == [
        "Anna Berg är ny driftchef (rättad)",
        "Kommunikationsdirektör|070-123 45 67",
    ]


def test_start_says_where_the_site_and_admin_are_and_nothing_a_newcomer_does_not_need(
    start_env,
):
    output = run_start(start_env)
    site = f"http://127.0.0.1:{start_env['PORT']}/"
    assert f"The site is at   {site}\n" in output
    assert f"The admin is at  {site}admin/  (user: admin, password: admin;" in output
    assert "Quit the server with CONTROL-C." in output
    for noise in ["AXES", "editable", "!!", "Watching for file changes", "system checks"]:
        assert noise not in output, output
