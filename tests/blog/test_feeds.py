"""RSS, Atom and JSON feeds, read the way feed readers read them (feedparser)."""

from datetime import timedelta
from html import escape, unescape
from xml.etree import ElementTree

import feedparser
import pytest
from django.db import connection
from django.utils import timezone
from taggit.models import Tag

from blog.models import Category, Post
from pressroom.models import Topic
from tests.factories import make_category, make_draft, make_image, make_post, make_topic, make_user

pytestmark = pytest.mark.django_db

LANGUAGE_PREFIXES = ["", "/en"]
XML_FORMATS = ["rss", "atom"]
SECTION_FEEDS = ["/feeds/rss/", "/feeds/atom/", "/feeds/kinds/press-releases/rss/"]


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return feedparser.parse(response.content)


@pytest.fixture
def newsroom():
    """Published posts of several kinds and sections, plus a draft and a scheduled post."""
    topic = make_topic("Data, Telekom, IT")
    category = make_category("sales")
    posts = {
        "release": make_post(title="Kvartalsrapport", kind=Post.Kind.PRESS_RELEASE),
        "news": make_post(title="Ny kontorschef", kind=Post.Kind.NEWS, topics=[topic]),
        "blog": make_post(
            title="Lizas framgångsluncher",
            kind=Post.Kind.BLOG_POST,
            categories=[category],
            tags=["sälj", "C++"],
        ),
        "draft": make_draft(title="Hemligt utkast", topics=[topic], tags=["sälj"]),
        "scheduled": make_post(
            title="Embargo till i morgon",
            kind=Post.Kind.PRESS_RELEASE,
            publish_at=timezone.now() + timedelta(days=1),
            categories=[category],
        ),
    }
    return {"posts": posts, "topic": topic, "category": category}


def titles(feed):
    return {unescape(entry.title) for entry in feed.entries}


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("fmt", XML_FORMATS)
def test_feed_is_read_without_errors(client, newsroom, prefix, fmt):
    feed = read_feed(client, f"{prefix}/feeds/{fmt}/")
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == 3


@pytest.mark.parametrize("fmt", XML_FORMATS)
def test_feed_entries_have_id_link_date_and_author(client, newsroom, fmt):
    feed = read_feed(client, f"/feeds/{fmt}/")
    for entry in feed.entries:
        assert entry.id.startswith("tag:testserver,")
        assert entry.link.startswith("http://testserver/posts/")
        assert entry.published_parsed is not None
        assert entry.author == "Pressroom"


@pytest.mark.parametrize("fmt", XML_FORMATS)
def test_feed_leaves_out_drafts_and_scheduled_posts(client, newsroom, fmt):
    assert titles(read_feed(client, f"/feeds/{fmt}/")) == {
        "Kvartalsrapport",
        "Ny kontorschef",
        "Lizas framgångsluncher",
    }


def test_json_feed_leaves_out_drafts_and_scheduled_posts(client, newsroom):
    items = client.get("/feeds/json/").json()["items"]
    assert {item["title"] for item in items} == {
        "Kvartalsrapport",
        "Ny kontorschef",
        "Lizas framgångsluncher",
    }


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("kinds/press-releases", {"Kvartalsrapport"}),
        ("kinds/blog", {"Lizas framgångsluncher"}),
        ("topics/data-telekom-it", {"Ny kontorschef"}),
        ("categories/sales", {"Lizas framgångsluncher"}),
        ("tags/sälj", {"Lizas framgångsluncher"}),
    ],
)
@pytest.mark.parametrize("fmt", XML_FORMATS)
def test_section_feed_lists_only_its_published_posts(client, newsroom, section, expected, fmt):
    feed = read_feed(client, f"/feeds/{section}/{fmt}/")
    assert not feed.bozo
    assert titles(feed) == expected


def test_section_json_feed_lists_only_its_published_posts(client, newsroom):
    items = client.get("/feeds/topics/data-telekom-it/json/").json()["items"]
    assert [item["title"] for item in items] == ["Ny kontorschef"]


def test_similar_tags_each_have_their_own_feed(client):
    make_post(title="Om C++", tags=["C++"])
    make_post(title="Om C#", tags=["C#"])
    slugs = {tag.name: tag.slug for tag in Post.tags.all()}
    assert titles(read_feed(client, f"/feeds/tags/{slugs['C++']}/rss/")) == {"Om C++"}
    assert titles(read_feed(client, f"/feeds/tags/{slugs['C#']}/rss/")) == {"Om C#"}


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/xml/",
        "/feeds/kinds/memos/rss/",
        "/feeds/topics/no-such-topic/atom/",
        "/feeds/tags/no-such-tag/json/",
        "/feeds/authors/someone/rss/",
    ],
)
def test_unknown_feed_is_not_found(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("rss", "application/rss+xml; charset=utf-8"),
        ("atom", "application/atom+xml; charset=utf-8"),
        ("json", "application/feed+json; charset=utf-8"),
    ],
)
def test_feed_has_its_content_type(client, newsroom, fmt, content_type):
    assert client.get(f"/feeds/{fmt}/")["Content-Type"] == content_type


def test_rss_feed_title_is_escaped_html(client):
    make_post(title="<script>alert(1)</script> & co")
    response = client.get("/feeds/rss/")
    assert b"<script>" not in response.content
    entry = feedparser.parse(response.content).entries[0]
    # RSS readers treat titles as HTML: the markup arrives as text, never as a tag.
    assert "<script>" not in entry.title
    assert unescape(entry.title) == "<script>alert(1)</script> & co"


@pytest.mark.parametrize("section", ["topics", "categories"])
def test_rss_section_description_is_escaped_html(client, section):
    description = "<script>alert(1)</script> & <b>fet</b>"
    if section == "topics":
        make_post(topics=[make_topic("Energi", description=description)])
    else:
        make_post(categories=[make_category("Energi", description=description)])
    url = f"/feeds/{section}/energi/rss/"

    response = client.get(url)

    assert b"<script>" not in response.content
    channel = ElementTree.fromstring(response.content).find("channel")  # noqa: S314
    # RSS readers read the description as HTML: the markup arrives as text, never as a tag.
    assert channel.findtext("description") == escape(description)


def test_atom_section_subtitle_is_plain_text(client):
    topic = make_topic("Energi", description="Sol & <vind>")
    make_post(topics=[topic])

    feed = feedparser.parse(client.get("/feeds/topics/energi/atom/").content)

    assert feed.feed.subtitle == "Sol & <vind>"


def test_atom_feed_title_is_plain_text(client):
    make_post(title="<script>alert(1)</script> & co")
    response = client.get("/feeds/atom/")
    assert b"<script>" not in response.content
    entry = feedparser.parse(response.content).entries[0]
    assert entry.title_detail.type == "text/plain"
    assert entry.title == "<script>alert(1)</script> & co"


@pytest.mark.parametrize("fmt", XML_FORMATS)
def test_feed_description_is_the_escaped_lead(client, fmt):
    make_post(lead="Vinst <b>upp</b> 5 % & mer")
    entry = read_feed(client, f"/feeds/{fmt}/").entries[0]
    assert unescape(entry.summary) == "Vinst <b>upp</b> 5 % & mer"


@pytest.mark.parametrize("fmt", XML_FORMATS)
def test_feed_description_falls_back_to_an_excerpt_of_the_body(client, fmt):
    make_post(lead="", body="Första stycket i **brödtexten**.")
    entry = read_feed(client, f"/feeds/{fmt}/").entries[0]
    assert entry.summary == "Första stycket i brödtexten."


@pytest.mark.parametrize("fmt", XML_FORMATS)
def test_feed_content_is_the_stored_sanitized_body(client, fmt):
    make_post(body="## Rubrik\n\nText <script>alert(1)</script> [länk](https://example.com/)")
    entry = read_feed(client, f"/feeds/{fmt}/").entries[0]
    html = entry.content[0].value
    assert "<h2>Rubrik</h2>" in html
    assert 'href="https://example.com/"' in html
    assert "alert(1)</script>" not in html


@pytest.mark.parametrize(
    ("byline", "full_name", "expected"),
    [
        ("Liza Larsson", "Anna Author", "Liza Larsson"),
        ("", "Anna Author", "Anna Author"),
        ("", "", "Pressroom"),
    ],
)
def test_feed_author_is_the_byline_else_the_author_else_the_newsroom(
    client, byline, full_name, expected
):
    author = make_user("writer")
    author.first_name, _space, author.last_name = full_name.partition(" ")
    author.save()
    make_post(byline=byline, author=author)
    assert read_feed(client, "/feeds/atom/").entries[0].author == expected
    assert client.get("/feeds/json/").json()["items"][0]["authors"] == [{"name": expected}]


def test_feed_entry_id_is_the_same_in_both_interface_languages(client, newsroom):
    swedish = {entry.id for entry in read_feed(client, "/feeds/atom/").entries}
    english = {entry.id for entry in read_feed(client, "/en/feeds/atom/").entries}
    assert swedish == english
    assert len(swedish) == 3


def test_feed_entry_id_survives_a_changed_slug(client):
    post = make_post()
    before = read_feed(client, "/feeds/rss/").entries[0].id
    post.slug = "a-new-slug"
    post.save()
    assert read_feed(client, "/feeds/rss/").entries[0].id == before


def test_english_feed_links_to_english_pages_and_titles(client, newsroom):
    feed = read_feed(client, "/en/feeds/kinds/press-releases/rss/")
    assert feed.feed.title == "Pressroom: Press releases"
    assert feed.feed.link == "http://testserver/en/kinds/press-releases/"
    assert feed.entries[0].link.startswith("http://testserver/en/posts/")


def test_swedish_feed_has_swedish_titles(client, newsroom):
    feed = read_feed(client, "/feeds/kinds/press-releases/atom/")
    assert feed.feed.title == "Pressroom: Pressmeddelanden"


def test_feed_lists_newest_first(client):
    make_post(title="Äldre", publish_at=timezone.now() - timedelta(days=2))
    make_post(title="Nyare", publish_at=timezone.now() - timedelta(days=1))
    feed = read_feed(client, "/feeds/rss/")
    assert [entry.title for entry in feed.entries] == ["Nyare", "Äldre"]


def test_feed_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    make_post(topics=[make_topic()], tags=["a"])
    with django_assert_max_num_queries(10) as one_post:
        client.get("/feeds/atom/")
    for number in range(5):
        make_post(topics=[make_topic()], categories=[make_category()], tags=[f"t{number}"])
    with django_assert_max_num_queries(len(one_post.captured_queries)):
        client.get("/feeds/atom/")


def test_json_feed_has_the_required_keys(client, newsroom):
    data = client.get("/feeds/json/").json()
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] == "Pressroom"
    assert data["home_page_url"] == "http://testserver/posts/"
    assert data["feed_url"] == "http://testserver/feeds/json/"
    for item in data["items"]:
        assert item["id"].startswith("tag:testserver,")
        assert item["url"].startswith("http://testserver/posts/")
        assert item["content_html"]
        assert item["date_published"]


def test_json_feed_gives_the_feature_image_as_an_absolute_url(client):
    make_post(feature_image=make_image())
    item = client.get("/feeds/json/").json()["items"][0]
    assert item["image"].startswith("http://testserver/media/images/")


def test_empty_feed_is_still_valid(client):
    feed = read_feed(client, "/feeds/rss/")
    assert not feed.bozo
    assert feed.entries == []


def store_unclean(model, pk, **values):
    """Write values as a row saved before text was cleaned on the way in would hold them."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(
        f"{connection.ops.quote_name(model._meta.get_field(name).column)} = %s" for name in values
    )
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {columns} WHERE id = %s", [*values.values(), pk])  # noqa: S608


@pytest.fixture
def unclean_rows():
    """A post, its tag, topic and category stored with control characters in their text."""
    topic, category = make_topic("Energi"), make_category("Sol")
    post = make_post(
        kind=Post.Kind.PRESS_RELEASE, topics=[topic], categories=[category], tags=["ok"]
    )
    store_unclean(
        Post, post.pk, title="Rad ett\x0bRad två", lead="In\x07gress", body_html="<p>\x0c</p>"
    )
    store_unclean(Tag, Tag.objects.get(name="ok").pk, name="pl\x07ing")
    store_unclean(Topic, topic.pk, name="Ener\x07gi", description="Om\x0b energi")
    store_unclean(Category, category.pk, description="Sol\x1b")
    return {"topic": topic, "category": category}


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/topics/energi/rss/",
        "/feeds/topics/energi/atom/",
        "/feeds/categories/sol/rss/",
        "/feeds/categories/sol/atom/",
    ],
)
def test_feed_stays_xml_with_rows_stored_before_text_was_cleaned(client, unclean_rows, url):
    response = client.get(url)

    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own output
    text = ElementTree.tostring(root, encoding="unicode")
    assert "Rad ett Rad två" in text
    assert "pling" in text


def test_news_sitemap_stays_xml_with_rows_stored_before_text_was_cleaned(client, unclean_rows):
    response = client.get("/sitemap-news.xml")

    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own output
    assert "Rad ett Rad två" in ElementTree.tostring(root, encoding="unicode")


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
@pytest.mark.parametrize("section", ["topics", "categories", "tags"])
def test_feed_of_a_section_only_an_embargoed_post_uses_is_not_found(client, section, fmt):
    make_post(
        title="Acme buys Globex",
        publish_at=timezone.now() + timedelta(days=1),
        topics=[make_topic("Project Falcon")],
        categories=[make_category("project-falcon")],
        tags=["Project Falcon"],
    )
    response = client.get(f"/feeds/{section}/project-falcon/{fmt}/")
    assert response.status_code == 404
    assert "Falcon" not in response.text
