"""
The embedded SQLite set-up with several writers at once: no save fails with "database is
locked" (WAL, IMMEDIATE transactions and a busy timeout, in the settings).
"""

import multiprocessing
import os
import shutil
import subprocess
import sys

import pytest
from django.conf import settings

from tests import sqlite_writers
from tests.conftest import REPO_DIR

pytestmark = pytest.mark.skipif(
    "sqlite" not in settings.DATABASES["default"]["ENGINE"], reason="about SQLite"
)

processes = multiprocessing.get_context("spawn")


@pytest.fixture(scope="module")
def migrated_file(tmp_path_factory):
    """An SQLite file with every migration applied, made once for this module."""
    path = tmp_path_factory.mktemp("sqlite") / "migrated.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    env["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
        cwd=REPO_DIR,
        env=env,
        check=True,
    )
    return path


@pytest.fixture
def shared_database(migrated_file, tmp_path):
    """A fresh copy of the migrated file, with two editors and one post; (url, post pk)."""
    path = tmp_path / "db.sqlite3"
    shutil.copy(migrated_file, path)
    url = f"sqlite:///{path}"
    results = processes.Queue()
    run_all([(sqlite_writers.prepare, (url, str(tmp_path / "media"), results))])
    return url, results.get(timeout=5)


def run_all(jobs):
    """Run each (function, args) in a process of its own; wait for all of them."""
    workers = [processes.Process(target=target, args=args) for target, args in jobs]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    assert all(worker.exitcode == 0 for worker in workers)


def markdown_files(folder, count):
    folder.mkdir()
    for number in range(count):
        (folder / f"2026-01-{number + 1:02d}-imported-{number}.md").write_text(
            f"---\ntitle: Imported post {number}\ndate: 2026-01-{number + 1:02d}\n---\n\n"
            f"Body of imported post {number}.\n"
        )
    return folder


def test_editors_an_import_and_a_worker_write_at_once_and_no_save_fails(shared_database, tmp_path):
    url, post_pk = shared_database
    folder = markdown_files(tmp_path / "import", 10)
    barrier, results = processes.Barrier(4), processes.Queue()
    run_all(
        [
            (sqlite_writers.add_posts, (url, "anna", 5, barrier, results)),
            (sqlite_writers.add_posts, (url, "bertil", 5, barrier, results)),
            (sqlite_writers.import_posts, (url, str(folder), barrier, results)),
            (sqlite_writers.background_writer, (url, post_pk, 10, barrier, results)),
        ]
    )
    outcomes = dict(results.get(timeout=5) for _ in range(4))
    assert outcomes == {
        "anna": [302] * 5,
        "bertil": [302] * 5,
        "import": "ok",
        "worker": [],
    }


def test_of_two_simultaneous_saves_of_one_post_the_later_gets_the_conflict_message(
    shared_database,
):
    url, post_pk = shared_database
    barriers = (processes.Barrier(2), processes.Barrier(2))
    results = processes.Queue()
    rounds = 4
    run_all(
        [
            (sqlite_writers.save_post, (url, name, post_pk, rounds, barriers, results))
            for name in ("anna", "bertil")
        ]
    )
    outcomes = dict(results.get(timeout=5) for _ in range(2))
    for anna, bertil in zip(outcomes["anna"], outcomes["bertil"], strict=True):
        assert sorted([anna, bertil], key=str) == [302, "conflict"]
