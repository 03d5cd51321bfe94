"""
Markdown rendered in a child process that can be stopped.

Some Markdown takes Python-Markdown time by the square of its length (runs of "<a ",
"<http://", abbreviation lists; blog.markdown makes the bracket runs linear). A thread
cannot be stopped from outside, so each process that renders keeps one child process
for it, fed through a pipe: a render that overruns its time budget has its child killed,
and the next render starts a new one. Run as ``python -m blog.markdown_worker`` it is
that child, given the function it runs as ``module:function`` (blog.markdown names its own,
so this module imports nothing of the project).

The protocol is a header line, "<length>\\n" from the parent and "ok <length>\\n" or
"error <length>\\n" from the child, then that many bytes of UTF-8. The child starts by
saying "ready 0\\n".
"""

import importlib
import os
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
READ_SIZE = 65536
STARTUP_SECONDS = 60


class RenderTimeout(Exception):
    """The render did not finish within its time budget; its process was stopped."""


class RenderFailed(Exception):
    """The rendering process failed or went away."""


class RenderProcess:
    """A child process that renders Markdown, replaced when it overruns or dies."""

    def __init__(self, renderer: str):
        """``renderer`` is the function the child runs on each text, as "module:function"."""
        self._renderer = renderer
        self._lock = threading.Lock()
        self._process = None
        self._owner = None  # the pid that started it: a forked copy starts its own

    def render(self, text: str, timeout: float) -> str:
        """The HTML of ``text``; RenderTimeout after ``timeout`` seconds."""
        data = text.encode("utf-8", "replace")
        with self._lock:
            process = self._running()
            # Counted from here: starting the process is not the text's doing.
            deadline = time.monotonic() + timeout
            try:
                process.stdin.write(b"%d\n" % len(data) + data)
                process.stdin.flush()
                status, reply = _receive(process.stdout.fileno(), deadline)
            except BaseException:
                self._stop()
                raise
        if status != b"ok":
            raise RenderFailed(reply.decode("utf-8", "replace"))
        return reply.decode("utf-8")

    def _running(self):
        if self._process is None or self._owner != os.getpid() or self._process.poll() is not None:
            self._process = subprocess.Popen(  # noqa: S603 - this interpreter, this module
                [sys.executable, "-m", "blog.markdown_worker", self._renderer],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd=PROJECT_DIR,
            )
            self._owner = os.getpid()
            try:
                # It says when it has loaded Python-Markdown and is ready to render.
                _receive(self._process.stdout.fileno(), time.monotonic() + STARTUP_SECONDS)
            except BaseException:
                self._stop()
                raise
        return self._process

    def _stop(self):
        process, self._process = self._process, None
        if process is not None and self._owner == os.getpid():
            process.kill()
            process.wait()
            process.stdin.close()
            process.stdout.close()


def _read(fd: int, deadline: float) -> bytes:
    remaining = deadline - time.monotonic()
    if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
        raise RenderTimeout
    chunk = os.read(fd, READ_SIZE)
    if not chunk:
        raise RenderFailed("the rendering process stopped")
    return chunk


def _receive(fd: int, deadline: float) -> tuple[bytes, bytes]:
    buffer = bytearray()
    while b"\n" not in buffer:
        buffer += _read(fd, deadline)
    header, _newline, body = bytes(buffer).partition(b"\n")
    status, length = header.split()
    body = bytearray(body)
    while len(body) < int(length):
        body += _read(fd, deadline)
    return status, bytes(body)


def main():
    """The child: render each text it is sent with the function named on its command line."""
    module_name, _colon, function_name = sys.argv[1].partition(":")
    render = getattr(importlib.import_module(module_name), function_name)

    source, sink = sys.stdin.buffer, sys.stdout.buffer
    sink.write(b"ready 0\n")
    sink.flush()
    while header := source.readline():
        text = source.read(int(header)).decode("utf-8")
        try:
            status, reply = b"ok", render(text).encode("utf-8")
        except Exception as error:  # told to the parent, which raises it there
            status, reply = b"error", f"{type(error).__name__}: {error}".encode()
        sink.write(b"%s %d\n" % (status, len(reply)) + reply)
        sink.flush()


if __name__ == "__main__":
    main()
