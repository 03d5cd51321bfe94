"""Sitemaps, the news sitemap and robots.txt, parsed as XML the way crawlers read them."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from blog.models import Post
from tests.factories import make_category, make_contact, make_draft, make_post, make_topic

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
BASE = "http://testserver"


def read_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)  # noqa: S314 - our own output


def locations(root):
    return [loc.text for loc in root.iterfind("sm:url/sm:loc", NS)]


def url_entry(root, location):
    """The <url> element for one location."""
    for url in root.iterfind("sm:url", NS):
        if url.findtext("sm:loc", namespaces=NS) == location:
            return url
    raise AssertionError(f"{location} is not in the sitemap")


def alternates(url):
    return {
        link.get("hreflang"): link.get("href")
        for link in url.iterfind("xhtml:link[@rel='alternate']", NS)
    }


def test_sitemap_index_names_every_section(client):
    root = read_xml(client, "/sitemap-index.xml")
    assert [loc.text for loc in root.iterfind("sm:sitemap/sm:loc", NS)] == [
        f"{BASE}/sitemap.xml",
        f"{BASE}/sitemap-topics.xml",
        f"{BASE}/sitemap-categories.xml",
        f"{BASE}/sitemap-tags.xml",
        f"{BASE}/sitemap-contacts.xml",
        f"{BASE}/sitemap-news.xml",
    ]


def test_sitemap_index_gives_the_last_change_of_each_section(client):
    topic, category = make_topic(), make_category()
    make_post(topics=[topic], publish_at=timezone.now() - timedelta(days=3))
    newest = make_post(categories=[category], tags=["sälj"])
    newest_change = max(newest.updated_at, newest.publish_at)
    root = read_xml(client, "/sitemap-index.xml")
    entries = {
        entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in root.iterfind("sm:sitemap", NS)
    }
    for section in ("sitemap.xml", "sitemap-categories.xml", "sitemap-tags.xml"):
        assert parse_datetime(entries[f"{BASE}/{section}"]) == newest_change
    # The topic's only post is older: its section's last change is that post's.
    assert parse_datetime(entries[f"{BASE}/sitemap-topics.xml"]) < newest_change


def test_every_section_of_the_index_answers(client):
    make_post(topics=[make_topic()], categories=[make_category()], tags=["sälj"])
    make_contact()
    root = read_xml(client, "/sitemap-index.xml")
    for loc in root.iterfind("sm:sitemap/sm:loc", NS):
        read_xml(client, loc.text.removeprefix(BASE))


def test_sitemap_lists_every_published_post_and_no_draft_or_scheduled_post(client):
    posts = [make_post(kind=kind) for kind in Post.Kind]
    draft = make_draft()
    scheduled = make_post(publish_at=timezone.now() + timedelta(hours=1))
    listed = locations(read_xml(client, "/sitemap.xml"))
    for post in posts:
        assert BASE + post.get_absolute_url() in listed
    assert BASE + draft.get_absolute_url() not in listed
    assert BASE + scheduled.get_absolute_url() not in listed


def test_sitemap_lists_each_post_in_both_interface_languages(client, published_post):
    listed = locations(read_xml(client, "/sitemap.xml"))
    path = published_post.get_absolute_url()
    assert sorted(listed) == sorted([BASE + path, f"{BASE}/en{path}"])


def test_sitemap_gives_every_post_a_lastmod(client):
    make_post()
    make_post(publish_at=timezone.now() - timedelta(days=30))
    root = read_xml(client, "/sitemap.xml")
    lastmods = [url.findtext("sm:lastmod", namespaces=NS) for url in root.iterfind("sm:url", NS)]
    assert len(lastmods) == 4
    assert all(lastmods)


def test_sitemap_post_has_hreflang_alternates_for_both_languages(client, published_post):
    root = read_xml(client, "/sitemap.xml")
    path = published_post.get_absolute_url()
    assert alternates(url_entry(root, BASE + path)) == {
        "sv": BASE + path,
        "en": f"{BASE}/en{path}",
        "x-default": BASE + path,
    }


def test_sitemap_post_alternates_point_at_its_translation(client):
    swedish = make_post(title="Kvartalsrapport", language="sv")
    english = make_post(title="Quarterly report", language="en", translation_of=swedish)
    root = read_xml(client, "/sitemap.xml")
    expected = {
        "sv": BASE + swedish.get_absolute_url(),
        "en": f"{BASE}/en{english.get_absolute_url()}",
        "x-default": BASE + swedish.get_absolute_url(),
    }
    assert alternates(url_entry(root, BASE + swedish.get_absolute_url())) == expected
    assert alternates(url_entry(root, f"{BASE}/en{english.get_absolute_url()}")) == expected


def test_sitemap_never_points_at_an_unpublished_translation(client):
    swedish = make_post(title="Kvartalsrapport", language="sv")
    make_draft(title="Quarterly report", language="en", translation_of=swedish)
    root = read_xml(client, "/sitemap.xml")
    links = alternates(url_entry(root, BASE + swedish.get_absolute_url()))
    assert links["en"] == f"{BASE}/en{swedish.get_absolute_url()}"


def test_sitemap_is_well_formed_with_awkward_slugs(client):
    post = make_post(title="Åäö & <co>", tags=["C++", "日本語"])
    listed = locations(read_xml(client, "/sitemap.xml"))
    assert BASE + post.get_absolute_url() in listed
    assert read_xml(client, "/sitemap-tags.xml") is not None


@pytest.mark.parametrize(
    ("section", "maker", "field"),
    [
        ("topics", make_topic, "topics"),
        ("categories", make_category, "categories"),
    ],
)
def test_section_sitemap_lists_pages_with_published_posts(client, section, maker, field):
    used, only_draft, unused = maker(), maker(), maker()
    make_post(**{field: [used]})
    make_draft(**{field: [only_draft]})
    listed = locations(read_xml(client, f"/sitemap-{section}.xml"))
    assert BASE + used.get_absolute_url() in listed
    assert f"{BASE}/en{used.get_absolute_url()}" in listed
    assert BASE + only_draft.get_absolute_url() not in listed
    assert BASE + unused.get_absolute_url() not in listed


def test_tag_sitemap_lists_tags_of_published_posts_only(client):
    make_post(tags=["sälj"])
    make_draft(tags=["hemlig"])
    listed = locations(read_xml(client, "/sitemap-tags.xml"))
    assert f"{BASE}/tags/s%C3%A4lj/" in listed
    assert not any("hemlig" in location for location in listed)


def test_section_sitemap_lastmod_is_the_newest_post_change(client):
    topic = make_topic()
    make_post(topics=[topic], publish_at=timezone.now() - timedelta(days=400))
    root = read_xml(client, "/sitemap-topics.xml")
    url = url_entry(root, BASE + topic.get_absolute_url())
    assert url.findtext("sm:lastmod", namespaces=NS) == timezone.localdate().isoformat()


def test_section_sitemap_has_hreflang_alternates(client):
    topic = make_topic()
    make_post(topics=[topic])
    root = read_xml(client, "/sitemap-topics.xml")
    path = topic.get_absolute_url()
    assert alternates(url_entry(root, BASE + path)) == {
        "sv": BASE + path,
        "en": f"{BASE}/en{path}",
        "x-default": BASE + path,
    }


def test_contact_sitemap_lists_public_contacts_only(client):
    public = make_contact("Mia Pääsuke")
    hidden = make_contact("Hidden Person", is_public=False)
    root = read_xml(client, "/sitemap-contacts.xml")
    listed = locations(root)
    assert BASE + public.get_absolute_url() in listed
    assert BASE + hidden.get_absolute_url() not in listed
    assert url_entry(root, BASE + public.get_absolute_url()).findtext("sm:lastmod", namespaces=NS)


def test_unknown_sitemap_section_is_not_found(client):
    assert client.get("/sitemap-drafts.xml").status_code == 404


def test_news_sitemap_covers_the_last_48_hours_of_press_releases_and_news(client):
    now = timezone.now()
    release = make_post(kind=Post.Kind.PRESS_RELEASE, publish_at=now - timedelta(hours=47))
    news = make_post(kind=Post.Kind.NEWS, publish_at=now - timedelta(hours=1))
    old = make_post(kind=Post.Kind.PRESS_RELEASE, publish_at=now - timedelta(hours=49))
    blog = make_post(kind=Post.Kind.BLOG_POST, publish_at=now - timedelta(hours=1))
    event = make_post(kind=Post.Kind.EVENT, publish_at=now - timedelta(hours=1))
    draft = make_draft(kind=Post.Kind.NEWS)
    scheduled = make_post(kind=Post.Kind.NEWS, publish_at=now + timedelta(hours=1))
    listed = locations(read_xml(client, "/sitemap-news.xml"))
    assert sorted(listed) == sorted(
        [BASE + release.get_absolute_url(), BASE + news.get_absolute_url()]
    )
    for left_out in (old, blog, event, draft, scheduled):
        assert BASE + left_out.get_absolute_url() not in listed


def test_news_sitemap_gives_name_language_date_and_title(client):
    post = make_post(kind=Post.Kind.NEWS, title="Nytt <kontor> & mer", language="sv")
    root = read_xml(client, "/sitemap-news.xml")
    news = url_entry(root, BASE + post.get_absolute_url()).find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Pressroom"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "sv"
    assert news.findtext("news:title", namespaces=NS) == "Nytt <kontor> & mer"
    published = news.findtext("news:publication_date", namespaces=NS)
    assert published == post.publish_at.replace(microsecond=0).isoformat()


def test_news_sitemap_shows_an_english_post_at_its_english_page(client):
    post = make_post(kind=Post.Kind.PRESS_RELEASE, language="en")
    assert locations(read_xml(client, "/sitemap-news.xml")) == [
        f"{BASE}/en{post.get_absolute_url()}"
    ]


def test_robots_txt_names_every_sitemap(client):
    lines = client.get("/robots.txt").text.splitlines()
    assert f"Sitemap: {BASE}/sitemap-index.xml" in lines
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    assert f"Sitemap: {BASE}/sitemap-news.xml" in lines


def test_news_sitemap_links_a_post_in_a_language_without_interface_to_a_working_page(client):
    from datetime import timedelta

    from django.utils import timezone

    from blog.models import Post
    from tests.factories import make_post

    post = make_post(
        kind=Post.Kind.PRESS_RELEASE,
        language="ja",
        publish_at=timezone.now() - timedelta(hours=1),
    )
    text = client.get("/sitemap-news.xml").text
    assert f"<loc>http://testserver{post.get_url_in_own_language()}</loc>" in text
    assert "/ja/" not in text
    assert client.get(post.get_url_in_own_language()).status_code == 200
