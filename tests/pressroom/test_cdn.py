"""A CDN in front of the site is purged when content changes, and a failing one stops nothing."""

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from blog.models import Post
from tests.factories import make_post
from tests.redis_servers import free_port

pytestmark = pytest.mark.django_db


class PurgeAPI(ThreadingHTTPServer):
    """A CDN's purge endpoint on loopback: records each request it gets."""

    def __init__(self, status=200):
        self.status = status
        self.requests = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(handler):  # noqa: N802, N805 - http.server's names
                length = int(handler.headers.get("Content-Length") or 0)
                body = handler.rfile.read(length).decode()
                self.requests.append((handler.path, dict(handler.headers), body))
                handler.send_response(self.status)
                handler.end_headers()

            def log_message(handler, *args):  # noqa: N805
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/zones/demo/purge_cache"


@pytest.fixture
def cdn(settings):
    api = PurgeAPI()
    settings.PRESSROOM_CDN_PURGE_URL = api.url
    settings.PRESSROOM_CDN_PURGE_HEADERS = {
        "Authorization": "Bearer purge-token",
        "Content-Type": "application/json",
    }
    settings.PRESSROOM_CDN_PURGE_BODY = '{"purge_everything": true}'
    yield api
    api.shutdown()
    api.server_close()


def test_unpublishing_a_post_purges_the_cdn(cdn, django_capture_on_commit_callbacks):
    post = make_post(title="Pulled release")
    with django_capture_on_commit_callbacks(execute=True):
        post.status = Post.Status.DRAFT
        post.save()
    assert len(cdn.requests) == 1
    path, headers, body = cdn.requests[0]
    assert path == "/zones/demo/purge_cache"
    assert headers["Authorization"] == "Bearer purge-token"
    assert json.loads(body) == {"purge_everything": True}


def test_one_change_of_many_rows_purges_once(cdn, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(title="With tags")
        post.tags.add("one", "two", "three")
    assert len(cdn.requests) == 1


def test_nothing_is_purged_before_the_change_commits(cdn, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_post(title="Not yet committed")
        assert cdn.requests == []
    assert callbacks


def test_a_save_stands_when_the_cdn_is_unreachable(
    settings, django_capture_on_commit_callbacks, caplog
):
    settings.PRESSROOM_CDN_PURGE_URL = f"http://127.0.0.1:{free_port()}/purge"
    with (
        caplog.at_level(logging.ERROR, logger="pressroom.cdn"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        post = make_post(title="Saved while the CDN is away")
    assert Post.objects.get(pk=post.pk).title == "Saved while the CDN is away"
    assert "CDN purge" in caplog.text


def test_a_cdn_that_refuses_the_purge_is_logged(cdn, django_capture_on_commit_callbacks, caplog):
    cdn.status = 403
    with (
        caplog.at_level(logging.ERROR, logger="pressroom.cdn"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        make_post(title="Refused purge")
    assert "403" in caplog.text


def test_without_a_purge_url_nothing_is_sent(settings, django_capture_on_commit_callbacks):
    api = PurgeAPI()
    settings.PRESSROOM_CDN_PURGE_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        make_post(title="No CDN")
    api.shutdown()
    api.server_close()
    assert api.requests == []
