"""What each page's <head> tells search engines and social sites, in both interface languages."""

import json
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone, translation

from blog.models import Post
from tests.factories import (
    make_category,
    make_contact,
    make_draft,
    make_image,
    make_post,
    make_topic,
    make_user,
)

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
LANGUAGE_PREFIXES = ["", "/en"]
OG_LOCALES = {"": "sv_SE", "/en": "en_GB"}


class HeadParser(HTMLParser):
    """Collects the <title>, <meta>, <link> and JSON-LD of a page."""

    def __init__(self):
        super().__init__()
        self.title, self.meta, self.links, self.json_ld = "", {}, [], []
        self._in_title = self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "meta" and ("name" in attrs or "property" in attrs):
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif self._in_json_ld:
            self.json_ld[-1] += data

    def one(self, key):
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]

    def canonical(self):
        hrefs = [link["href"] for link in self.links if link.get("rel") == "canonical"]
        assert len(hrefs) == 1
        return hrefs[0]

    def hreflang(self):
        return {
            link["hreflang"]: link["href"]
            for link in self.links
            if link.get("rel") == "alternate" and "hreflang" in link
        }

    def feeds(self):
        return [
            (link["type"], link["href"])
            for link in self.links
            if link.get("rel") == "alternate" and "type" in link
        ]

    def structured_data(self):
        assert len(self.json_ld) == 1
        return json.loads(self.json_ld[0])


def head_of(client, url):
    # A request under /en/ leaves English active; keep the test's own language.
    with translation.override(translation.get_language()):
        response = client.get(url)
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_front_page_has_title_description_canonical_and_social_tags(client, prefix):
    head = head_of(client, prefix + "/")
    assert head.title == "Pressroom"
    assert head.one("description")
    assert head.canonical() == f"{BASE}{prefix}/"
    assert head.one("og:title") == "Pressroom"
    assert head.one("og:type") == "website"
    assert head.one("og:url") == f"{BASE}{prefix}/"
    assert head.one("og:site_name") == "Pressroom"
    assert head.one("og:description") == head.one("description")
    assert head.one("og:locale") == OG_LOCALES[prefix]
    assert head.one("twitter:card") == "summary"
    assert head.one("twitter:title") == "Pressroom"


def test_front_page_description_is_in_the_interface_language(client):
    assert head_of(client, "/").one("description").startswith("Pressmeddelanden")
    assert head_of(client, "/en/").one("description").startswith("Press releases")


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_front_page_json_ld_is_the_organization_with_its_press_contacts(client, prefix):
    make_contact("Mia Pääsuke", phone="+46 (0) 76 314 79 20")
    data = head_of(client, prefix + "/").structured_data()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "Pressroom"
    assert data["url"] == f"{BASE}{prefix}/"
    assert data["contactPoint"][0]["name"] == "Mia Pääsuke"
    assert data["contactPoint"][0]["telephone"] == "+46763147920"


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_every_page_links_itself_in_both_interface_languages(client, prefix):
    head = head_of(client, prefix + "/topics/")
    assert head.hreflang() == {
        "sv": f"{BASE}/topics/",
        "en": f"{BASE}/en/topics/",
        "x-default": f"{BASE}/topics/",
    }


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        (Post.Kind.PRESS_RELEASE, "NewsArticle"),
        (Post.Kind.NEWS, "NewsArticle"),
        (Post.Kind.BLOG_POST, "BlogPosting"),
    ],
)
@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_post_page_json_ld_type_follows_the_kind(client, prefix, kind, schema_type):
    post = make_post(kind=kind, title="Kvartalsrapport", language="sv")
    data = head_of(client, prefix + post.get_absolute_url()).structured_data()
    assert data["@type"] == schema_type
    assert data["headline"] == "Kvartalsrapport"
    assert data["inLanguage"] == "sv"
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "Pressroom"
    assert data["mainEntityOfPage"]["@id"] == f"{BASE}{prefix}{post.get_absolute_url()}"
    assert data["datePublished"]
    assert data["dateModified"]


def test_event_page_json_ld_is_an_event_with_time_and_place(client):
    start = timezone.now() + timedelta(days=7)
    post = make_post(
        kind=Post.Kind.EVENT,
        title="Pressfrukost",
        event_start=start,
        event_end=start + timedelta(hours=2),
        event_location="Kungsgatan 1, Stockholm",
    )
    data = head_of(client, post.get_absolute_url()).structured_data()
    assert data["@type"] == "Event"
    assert data["name"] == "Pressfrukost"
    assert data["startDate"]
    assert data["endDate"]
    assert data["location"]["name"] == "Kungsgatan 1, Stockholm"


def test_blog_post_author_is_the_byline_person(client):
    post = make_post(kind=Post.Kind.BLOG_POST, byline="Liza Larsson")
    data = head_of(client, post.get_absolute_url()).structured_data()
    assert data["author"] == {"@type": "Person", "name": "Liza Larsson"}


def test_post_without_byline_or_author_name_is_by_the_newsroom(client):
    post = make_post(author=make_user("nameless"))
    data = head_of(client, post.get_absolute_url()).structured_data()
    assert data["author"]["@type"] == "Organization"
    assert data["author"]["name"] == "Pressroom"


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_post_page_description_is_the_lead(client, prefix):
    post = make_post(title="Kvartalsrapport", lead="Vinsten steg med 5 %\noch mer.")
    head = head_of(client, prefix + post.get_absolute_url())
    assert head.title == "Kvartalsrapport · Pressroom"
    assert head.one("description") == "Vinsten steg med 5 % och mer."
    assert head.one("og:description") == "Vinsten steg med 5 % och mer."
    assert head.one("twitter:description") == "Vinsten steg med 5 % och mer."
    assert head.structured_data()["description"] == "Vinsten steg med 5 % och mer."


def test_post_page_description_prefers_the_editors_meta_description(client):
    post = make_post(lead="The lead.", meta_description="For search engines.")
    assert head_of(client, post.get_absolute_url()).one("description") == "For search engines."


def test_post_page_description_without_lead_is_the_start_of_the_body(client):
    post = make_post(lead="", body="Första **stycket** i texten.")
    head = head_of(client, post.get_absolute_url())
    assert head.one("description") == "Första stycket i texten."


def test_long_lead_is_shortened_for_the_description(client):
    post = make_post(lead=" ".join(["ord"] * 100))
    description = head_of(client, post.get_absolute_url()).one("description")
    assert len(description.split()) == 40
    assert description.endswith("…")


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_post_page_has_article_open_graph_tags(client, prefix):
    post = make_post(title="Kvartalsrapport", tags=["sälj"], language="sv")
    head = head_of(client, prefix + post.get_absolute_url())
    assert head.one("og:type") == "article"
    assert head.one("og:title") == "Kvartalsrapport"
    assert head.one("og:url") == f"{BASE}{prefix}{post.get_absolute_url()}"
    assert head.one("og:locale") == "sv_SE"
    assert head.one("article:published_time")
    assert head.one("article:tag") == "sälj"
    assert head.one("twitter:title") == "Kvartalsrapport"


def test_post_page_canonical_leaves_out_the_query_string(client, published_post):
    head = head_of(client, published_post.get_absolute_url() + "?utm_source=mail&x=1")
    assert head.canonical() == BASE + published_post.get_absolute_url()


def test_post_page_canonical_honours_the_editors_override(client):
    post = make_post(canonical_url="https://example.com/original-story/")
    head = head_of(client, post.get_absolute_url())
    assert head.canonical() == "https://example.com/original-story/"
    assert head.one("og:url") == "https://example.com/original-story/"


def test_post_page_canonical_ignores_an_override_that_is_no_web_address(client):
    post = make_post(canonical_url="javascript:alert(1)")
    head = head_of(client, post.get_absolute_url())
    assert head.canonical() == BASE + post.get_absolute_url()


def test_post_with_feature_image_gets_a_large_card_with_an_absolute_image(client, task_worker):
    post = make_post(feature_image=make_image(alt_text="A red square"))
    task_worker()
    head = head_of(client, post.get_absolute_url())
    image = head.one("og:image")
    assert image.startswith(f"{BASE}/media/renditions/")
    assert head.one("og:image:alt") == "A red square"
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("twitter:image") == image
    assert head.structured_data()["image"] == [image]


def test_post_without_image_gets_a_summary_card(client, published_post):
    head = head_of(client, published_post.get_absolute_url())
    assert head.one("twitter:card") == "summary"
    assert "og:image" not in head.meta


def test_hostile_title_cannot_break_out_of_the_json_ld(client):
    title = '</script><script>alert(1)</script><!-- "quoted" & more'
    post = make_post(title=title)
    response = client.get(post.get_absolute_url())
    assert "</script><script>alert(1)" not in response.text
    head = HeadParser()
    head.feed(response.text)
    assert head.structured_data()["headline"] == title
    assert head.one("og:title") == title


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_post_page_links_itself_in_both_interface_languages(client, prefix, published_post):
    path = published_post.get_absolute_url()
    assert head_of(client, prefix + path).hreflang() == {
        "sv": BASE + path,
        "en": f"{BASE}/en{path}",
        "x-default": BASE + path,
    }


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_translated_post_links_its_translation_in_that_language(client, prefix):
    swedish = make_post(title="Kvartalsrapport", language="sv")
    english = make_post(title="Quarterly report", language="en", translation_of=swedish)
    expected = {
        "sv": BASE + swedish.get_absolute_url(),
        "en": f"{BASE}/en{english.get_absolute_url()}",
        "x-default": BASE + swedish.get_absolute_url(),
    }
    assert head_of(client, prefix + swedish.get_absolute_url()).hreflang() == expected
    assert head_of(client, prefix + english.get_absolute_url()).hreflang() == expected


def test_translations_of_one_original_link_each_other(client):
    english = make_post(title="Quarterly report", language="en")
    swedish = make_post(title="Kvartalsrapport", language="sv", translation_of=english)
    links = head_of(client, swedish.get_absolute_url()).hreflang()
    assert links["en"] == f"{BASE}/en{english.get_absolute_url()}"
    assert links["sv"] == BASE + swedish.get_absolute_url()


@pytest.mark.parametrize(
    "maker",
    [
        lambda original: make_draft(language="en", translation_of=original),
        lambda original: make_post(
            language="en",
            translation_of=original,
            publish_at=timezone.now() + timedelta(days=1),
        ),
    ],
    ids=["draft", "scheduled"],
)
def test_unpublished_translation_is_never_linked(client, maker):
    swedish = make_post(title="Kvartalsrapport", language="sv")
    hidden = maker(swedish)
    response = client.get(swedish.get_absolute_url())
    assert hidden.get_absolute_url() not in response.text


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_kind_list_page_has_its_own_title_canonical_and_description(client, prefix):
    make_post(kind=Post.Kind.PRESS_RELEASE)
    head = head_of(client, prefix + "/kinds/press-releases/")
    expected = {"": "Pressmeddelanden", "/en": "Press releases"}[prefix]
    assert head.title == f"{expected} · Pressroom"
    assert head.one("og:title") == expected
    assert head.canonical() == f"{BASE}{prefix}/kinds/press-releases/"
    assert expected in head.one("description")
    assert head.structured_data()["@type"] == "CollectionPage"


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_list_page_announces_its_own_feeds_and_the_main_ones(client, prefix):
    topic = make_topic("Data, Telekom, IT")
    make_post(topics=[topic])
    head = head_of(client, prefix + topic.get_absolute_url())
    assert head.feeds() == [
        ("application/rss+xml", f"{prefix}/feeds/topics/data-telekom-it/rss/"),
        ("application/atom+xml", f"{prefix}/feeds/topics/data-telekom-it/atom/"),
        ("application/feed+json", f"{prefix}/feeds/topics/data-telekom-it/json/"),
        ("application/rss+xml", f"{prefix}/feeds/rss/"),
        ("application/atom+xml", f"{prefix}/feeds/atom/"),
        ("application/feed+json", f"{prefix}/feeds/json/"),
    ]


def test_announced_feeds_answer(client):
    make_post(tags=["sälj"])
    for _type, href in head_of(client, "/tags/s%C3%A4lj/").feeds():
        assert client.get(href).status_code == 200


def test_post_page_announces_the_main_feeds(client, published_post):
    feeds = head_of(client, published_post.get_absolute_url()).feeds()
    assert ("application/rss+xml", "/feeds/rss/") in feeds
    assert ("application/atom+xml", "/feeds/atom/") in feeds


def test_list_page_canonical_keeps_the_page_number_only(client, settings):
    for _number in range(settings.PRESSROOM_PAGE_SIZE + 1):
        make_post()
    head = head_of(client, "/posts/?page=2&utm_source=x")
    assert head.canonical() == f"{BASE}/posts/?page=2"
    assert head.hreflang()["en"] == f"{BASE}/en/posts/?page=2"


def test_topic_page_description_is_the_topics_own(client):
    topic = make_topic("Hållbarhet", description="Allt om vårt klimatarbete.")
    make_post(topics=[topic])
    assert head_of(client, topic.get_absolute_url()).one("description") == (
        "Allt om vårt klimatarbete."
    )


def test_topic_and_category_of_the_same_name_have_different_titles(client):
    topic, category = make_topic("sales"), make_category("sales")
    make_post(topics=[topic], categories=[category])
    topic_title = head_of(client, topic.get_absolute_url()).title
    category_title = head_of(client, category.get_absolute_url()).title
    assert topic_title != category_title
    assert "sales" in topic_title
    assert "sales" in category_title


def test_second_page_of_a_list_has_its_own_title(client, settings):
    for _number in range(settings.PRESSROOM_PAGE_SIZE + 1):
        make_post()
    assert head_of(client, "/posts/").title != head_of(client, "/posts/?page=2").title


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_contact_page_json_ld_is_a_person(client, prefix, task_worker):
    contact = make_contact(
        "Mia Pääsuke",
        title="Marketing & Communications",
        phone="+46 (0) 76 314 79 20",
        email="mia@example.com",
        photo=make_image(),
    )
    task_worker()
    head = head_of(client, prefix + contact.get_absolute_url())
    data = head.structured_data()
    assert data["@type"] == "Person"
    assert data["name"] == "Mia Pääsuke"
    assert data["jobTitle"] == "Marketing & Communications"
    assert data["telephone"] == "+46763147920"
    assert data["email"] == "mia@example.com"
    assert data["worksFor"]["name"] == "Pressroom"
    assert data["image"].startswith(f"{BASE}/media/renditions/")
    assert head.one("og:type") == "profile"
    assert head.one("og:title") == "Mia Pääsuke"
    assert head.canonical() == f"{BASE}{prefix}{contact.get_absolute_url()}"


def test_contact_page_description_names_role_and_department(client):
    contact = make_contact(role="Presskontakt", title="Marketing & Communications")
    description = head_of(client, contact.get_absolute_url()).one("description")
    assert description == "Presskontakt · Marketing & Communications"


@pytest.mark.parametrize("url", ["/contacts/", "/topics/"])
def test_index_pages_have_a_title_and_description(client, url):
    head = head_of(client, url)
    assert head.one("description")
    assert head.one("og:title") != "Pressroom"
    assert head.structured_data()["@type"] == "CollectionPage"


def test_image_page_json_ld_carries_the_credit(client):
    image = make_image(title="Huvudkontoret", credit="Anna Fotograf", is_public=True)
    head = head_of(client, image.get_absolute_url())
    data = head.structured_data()
    assert data["@type"] == "ImageObject"
    assert data["creditText"] == "Anna Fotograf"
    assert data["contentUrl"] == head.one("og:image")


def test_page_not_found_has_no_canonical(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'rel="canonical"' not in response.text


def test_post_page_translations_cost_one_query_however_many(client, django_assert_max_num_queries):
    post = make_post(tags=["a", "b"], feature_image=make_image())
    path = post.get_absolute_url()
    with django_assert_max_num_queries(50) as alone:
        client.get(path)
    make_post(language="en", translation_of=post)
    with django_assert_max_num_queries(len(alone.captured_queries) + 1) as one:
        client.get(path)
    make_post(language="de", translation_of=post)
    make_post(language="fr", translation_of=post)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(path)


def test_draft_seen_by_an_editor_has_no_canonical_or_alternates(client, draft_post):
    client.force_login(make_user(superuser=True))
    head = head_of(client, draft_post.get_absolute_url())
    assert not [link for link in head.links if link.get("rel") == "canonical"]
    assert head.hreflang() == {}
    assert head.json_ld == []
    assert head.one("og:title") == draft_post.title
