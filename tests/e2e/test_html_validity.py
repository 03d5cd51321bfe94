"""
Every public page is valid HTML by the Nu HTML Checker (vnu.jar from npm, run on Java).

The pages are found the way a crawler finds them: from the front pages and the sitemap,
following every link that stays on the site, in both languages. The checker runs once
for all of them, since the JVM is slow to start.
"""

import io
import json
import subprocess
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from blog.models import Post, PreviewLink
from tests import factories
from tests.e2e.conftest import VNU_JAR, gradient_jpeg, java_available, require

pytestmark = pytest.mark.e2e

START = ["/", "/en/", "/sitemap.xml", "/search/?q=batterier", "/search/?q=ingenting+alls"]
# Not pages: downloads, feeds, files and the admin.
NOT_PAGES = ("/static/", "/media/", "/feeds/", f"/{settings.PRESSROOM_ADMIN_PATH}")
NOT_PAGE_ENDINGS = (".vcf", ".zip", ".xml", "/download/")
MAX_PAGES = 400


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def local_path(href, base):
    """The path (and query) of a link on this site, or None for links elsewhere."""
    url = urlsplit(urljoin(f"http://testserver{base}", href))
    if url.scheme not in {"http", "https"} or url.netloc != "testserver":
        return None
    path = unquote(url.path) + (f"?{url.query}" if url.query else "")
    if path.startswith(NOT_PAGES) or url.path.endswith(NOT_PAGE_ENDINGS):
        return None
    return path


def sitemap_paths(xml):
    """Paths listed in a sitemap (or a sitemap index, whose sitemaps are fetched too)."""
    root = ElementTree.fromstring(xml)  # noqa: S314 - the site's own sitemap
    return [
        unquote(urlsplit(loc.text.strip()).path) for loc in root.iter() if loc.tag.endswith("loc")
    ]


def crawl(client, start):
    """Fetch every page reachable from ``start``; return {path: html} for the HTML ones."""
    pages = {}
    queue = list(start)
    seen = set(queue)
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        response = client.get(path)
        content_type = response.get("Content-Type", "")
        if response.status_code in {301, 302}:
            found = [local_path(response["Location"], path)]
        elif path.endswith(".xml") and response.status_code == 200:
            found = sitemap_paths(response.content)
        elif content_type.startswith("text/html") and response.status_code == 200:
            pages[path] = response.content.decode()
            parser = LinkParser()
            parser.feed(pages[path])
            found = [local_path(href, path) for href in parser.links]
        else:
            assert response.status_code == 200, f"{path} answered {response.status_code}"
            found = []
        for link in found:
            if link and link not in seen:
                seen.add(link)
                queue.append(link)
    return pages


def run_vnu(files):
    """The Nu HTML Checker's errors for the files, as its JSON messages."""
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--exit-zero-always"]
        + [str(path) for path in files],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(result.stderr or result.stdout)["messages"]


@pytest.fixture
def newsroom_pages(db, client):
    """The demo newsroom's public pages, with a picture and a preview link among them."""
    call_command("load_demo", stdout=io.StringIO())
    image = factories.make_image(
        file=SimpleUploadedFile("wind.jpg", gradient_jpeg(), content_type="image/jpeg"),
        caption="Vindparken vid Råneå.",
    )
    post = Post.objects.published().filter(kind=Post.Kind.PRESS_RELEASE).latest("publish_at")
    post.feature_image = image
    post.save()
    draft = Post.objects.filter(status=Post.Status.DRAFT).first()
    # The date archive has no links to it; a reader gets there by its address.
    pages = crawl(client, [*START, f"/archive/{post.publish_at.year}/"])
    pages["/finns-inte/"] = client.get("/finns-inte/").content.decode()
    preview = PreviewLink.objects.create(post=draft, recipient_name="Redaktionen")
    pages["preview"] = client.get(preview.get_absolute_url()).content.decode()
    return pages


def test_public_pages_have_no_html_errors(newsroom_pages, tmp_path):
    require(java_available(), "Java is missing (apt-get install default-jre-headless)")
    require(VNU_JAR.exists(), f"{VNU_JAR} is missing (run npm ci)")
    files = {}
    for number, (path, html) in enumerate(sorted(newsroom_pages.items())):
        file = tmp_path / f"page-{number:03}.html"
        file.write_text(html, encoding="utf-8")
        files[file.name] = path

    messages = run_vnu(files)

    errors = [
        f"{files.get(m.get('url', '').rpartition('/')[2], m.get('url'))} "
        f"line {m.get('lastLine')}: {m['message']}\n    {m.get('extract', '').strip()}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)


def test_crawl_reaches_every_kind_of_public_page(newsroom_pages):
    paths = set(newsroom_pages)
    for expected in ["/", "/en/", "/posts/", "/topics/", "/contacts/", "/images/"]:
        assert expected in paths
    for prefix in ["/posts/", "/kinds/", "/topics/", "/categories/", "/tags/", "/archive/"]:
        assert any(path.startswith(prefix) and path != prefix for path in paths), prefix
    assert "/posts/?page=2" in paths
