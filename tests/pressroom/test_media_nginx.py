"""
The nginx set-up docs/deploy.md gives for serving MEDIA_ROOT ("Serving media"), run for
real in front of the test server: nginx sends a picture's bytes only after Django said
yes. Needs an nginx binary (PRESSROOM_NGINX, else nginx on the PATH); skipped without one.
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from datetime import timedelta

import pytest
from django.db import connections
from django.test.testcases import LiveServerThread
from django.utils import timezone

from tests.conftest import REPO_DIR
from tests.factories import make_image, make_post

NGINX = os.environ.get("PRESSROOM_NGINX") or shutil.which("nginx")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not NGINX, reason="no nginx binary (set PRESSROOM_NGINX)"),
]


def documented_locations():
    """The nginx locations in docs/deploy.md, as an operator would copy them."""
    text = (REPO_DIR / "docs" / "deploy.md").read_text(encoding="utf-8")
    return re.search(r"```nginx\n(.*?)```", text, re.S).group(1)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def django_server():
    """
    The site on a test server of its own. (pytest-django's live_server serves MEDIA_ROOT
    itself, around the site, which is just what a deployment must not do.)
    """
    shared = [
        connection
        for connection in connections.all()
        if connection.vendor == "sqlite" and connection.is_in_memory_db()
    ]
    for connection in shared:
        connection.inc_thread_sharing()
    thread = LiveServerThread(
        "127.0.0.1",
        lambda media_handler: media_handler.application,  # the site alone
        connections_override={connection.alias: connection for connection in shared},
    )
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    for connection in shared:
        connection.dec_thread_sharing()


@pytest.fixture
def nginx(django_server, media_root, settings, tmp_path):
    """nginx with the documented locations in front of the test server; yields its URL."""
    settings.PRESSROOM_MEDIA_ACCEL_REDIRECT = "/_media/"
    media_root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    locations = (
        documented_locations()
        .replace("/srv/pressroom/media/", f"{media_root}/")
        .replace("http://127.0.0.1:8000", django_server)
    )
    temp = tmp_path / "nginx"
    temp.mkdir()
    config = temp / "nginx.conf"
    config.write_text(
        f"""
daemon off;
master_process off;
pid {temp}/nginx.pid;
error_log {temp}/error.log;
events {{}}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        {locations}
    }}
}}
"""
    )
    process = subprocess.Popen(
        [NGINX, "-c", str(config), "-p", str(temp), "-e", str(temp / "error.log")]
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def fetch(base, path):
    """(status, headers, body) of a GET of ``path`` from the server at ``base``."""
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def test_nginx_sends_a_public_picture_with_djangos_cache_headers(nginx, media_root):
    image = make_image()
    make_post(feature_image=image)
    status, headers, body = fetch(nginx, image.file.url)
    assert status == 200
    assert body == (media_root / image.file.name).read_bytes()
    assert "public" in headers["Cache-Control"]


def test_nginx_does_not_send_an_embargoed_posts_picture(nginx):
    image = make_image()
    make_post(feature_image=image, publish_at=timezone.now() + timedelta(days=1))
    status, _headers, body = fetch(nginx, image.file.url)
    assert status == 404
    assert not body.startswith(b"\xff\xd8")  # no JPEG bytes


def test_nginx_internal_location_is_closed_to_readers(nginx):
    image = make_image()
    make_post(feature_image=image, publish_at=timezone.now() + timedelta(days=1))
    status, _headers, _body = fetch(nginx, f"/_media/{image.file.name}")
    assert status == 404
