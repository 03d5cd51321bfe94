"""Sharing and following a post: plain links carrying the post's address, feeds in sight."""

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from blog.models import Post
from tests.factories import make_draft, make_post

pytestmark = pytest.mark.django_db


def share_hrefs(html):
    section = re.search(r'<section class="share".*?</section>', html, re.S).group(0)
    return {
        label: href.replace("&amp;", "&")
        for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', section)
    }


def test_every_share_link_carries_the_post_address(client):
    post = make_post(kind=Post.Kind.PRESS_RELEASE, title="Battery park opens")
    address = f"http://testserver{post.get_absolute_url()}"
    links = share_hrefs(client.get(post.get_absolute_url()).content.decode())
    assert set(links) == {"Kopiera länk", "E-post", "LinkedIn", "X", "Facebook", "Bluesky"}
    assert links["Kopiera länk"] == address
    for label, href in links.items():
        assert address in unquote(href), label


def test_share_links_go_to_the_services_share_pages(client):
    post = make_post(title="Battery park opens")
    links = share_hrefs(client.get(post.get_absolute_url()).content.decode())
    assert urlsplit(links["LinkedIn"]).netloc == "www.linkedin.com"
    assert parse_qs(urlsplit(links["X"]).query)["text"] == ["Battery park opens"]
    assert urlsplit(links["Bluesky"]).netloc == "bsky.app"
    assert links["E-post"].startswith("mailto:?subject=Battery%20park%20opens&body=http")


def test_post_page_loads_no_script_from_other_hosts(client):
    post = make_post()
    html = client.get(post.get_absolute_url()).content.decode()
    assert re.findall(r"<script[^>]*src=\"([^\"]+)\"", html) == ["/static/js/share.js"]


def test_feed_links_are_visible_on_a_post(client):
    post = make_post()
    html = client.get(post.get_absolute_url()).content.decode()
    body = html.split("<body>", 1)[1]
    assert 'href="/feeds/rss/"' in body
    assert 'href="/feeds/events.ics"' in body


def test_preview_of_a_draft_has_no_share_links(admin_client):
    post = make_draft()
    html = admin_client.get(post.get_absolute_url()).content.decode()
    assert 'class="share"' not in html
