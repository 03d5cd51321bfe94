"""The rendering process (blog.markdown_worker): stopped when it overruns, replaced when gone."""

import os
import signal

import pytest

from blog.markdown_worker import RenderProcess, RenderTimeout

ENDLESS_BODY = "<a " * 40_000


@pytest.fixture
def worker():
    process = RenderProcess("blog.markdown:render_markdown_here")
    yield process
    process._stop()


def is_running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_render_process_renders_in_a_child_process(worker):
    assert worker.render("Some *Markdown*.", timeout=30) == "<p>Some <em>Markdown</em>.</p>"
    assert worker._process.pid != os.getpid()


def test_render_process_kills_a_render_that_overruns(worker):
    worker.render("warm up", timeout=30)
    pid = worker._process.pid

    with pytest.raises(RenderTimeout):
        worker.render(ENDLESS_BODY, timeout=0.3)

    assert not is_running(pid)
    assert worker.render("Next *one*.", timeout=30) == "<p>Next <em>one</em>.</p>"
    assert worker._process.pid != pid


def test_render_process_replaces_a_child_that_died(worker):
    worker.render("warm up", timeout=30)
    os.kill(worker._process.pid, signal.SIGKILL)
    worker._process.wait()

    assert worker.render("Again.", timeout=30) == "<p>Again.</p>"
