"""The reader's pages for posts, in both interface languages."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from blog.models import Post, Redirect
from tests.factories import (
    make_category,
    make_contact,
    make_draft,
    make_post,
    make_related_link,
    make_topic,
    make_user,
    relate,
)

pytestmark = pytest.mark.django_db

LANGUAGE_PREFIXES = ["", "/en"]


class SectionHeadings(HTMLParser):
    """Collects the text of every <h2> on a page, in order."""

    def __init__(self):
        super().__init__()
        self.headings, self._in_h2 = [], False

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self._in_h2 = True
            self.headings.append("")

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data):
        if self._in_h2:
            self.headings[-1] += data.strip()


def h2_texts(response):
    parser = SectionHeadings()
    parser.feed(response.content.decode())
    return parser.headings


def url_in(prefix, url):
    return prefix + url


@pytest.fixture
def full_post():
    topic = make_topic("Data, Telekom, IT")
    category = make_category("sales")
    contact = make_contact("Mia Pääsuke")
    post = make_post(
        title="Lizas framgångsluncher",
        kind=Post.Kind.BLOG_POST,
        topics=[topic],
        categories=[category],
        tags=["sälj"],
        contacts=[contact],
        body="Första stycket.\n\n##Rubrik\n\n* ett\n* två",
    )
    make_related_link(post, title="Vår webbplats", url="https://example.com/")
    other = make_post(title="Ett annat inlägg", topics=[topic])
    relate(post, other)
    return post


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_front_page_lists_latest_published_posts(client, prefix, published_post, draft_post):
    response = client.get(prefix + "/")
    assert response.status_code == 200
    assert published_post.title in response.text
    assert draft_post.title not in response.text


def test_front_page_speaks_swedish_by_default(client, published_post):
    response = client.get("/")
    assert '<html lang="sv">' in response.text
    assert "Pressmeddelanden" in response.text


def test_front_page_speaks_english_under_en(client, published_post):
    response = client.get("/en/")
    assert '<html lang="en">' in response.text
    assert "Press releases" in response.text


def test_language_switch_links_to_the_same_page_in_the_other_language(client, published_post):
    response = client.get(published_post.get_absolute_url())
    assert f'href="/en{published_post.get_absolute_url()}"' in response.text


def test_language_switch_keeps_the_search_query(client, published_post):
    response = client.get("/search/", {"q": "vind & sol"})
    assert 'href="/en/search/?q=vind+%26+sol"' in response.text


def test_missing_page_still_has_the_language_switch(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert 'hreflang="sv">SV' in response.text


@pytest.mark.parametrize(
    "prefix,labels",
    [
        ("", ["Pressmeddelanden", "Nyheter", "Blogg", "Evenemang", "Ämnen", "Presskontakter"]),
        ("/en", ["Press releases", "News", "Blog", "Events", "Topics", "Press contacts"]),
    ],
)
def test_main_menu_speaks_the_page_language_and_links_there(client, prefix, labels):
    response = client.get(f"{prefix}/")
    menu = response.text.split('class="site-nav"')[1].split("</nav>")[0]
    for label in labels:
        assert f">{label}</a>" in menu
    assert f'href="{prefix}/kinds/press-releases/"' in menu


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_post_page_shows_sections_in_the_newsroom_order(client, prefix, full_post):
    response = client.get(url_in(prefix, full_post.get_absolute_url()))
    assert response.status_code == 200
    headings = h2_texts(response)
    expected = {
        "": [
            "Rubrik",
            "Relaterade länkar",
            "Ämnen",
            "Kategorier",
            "Taggar",
            "Kontakter",
            "Relaterat innehåll",
        ],
        "/en": [
            "Rubrik",
            "Related links",
            "Topics",
            "Categories",
            "Tags",
            "Contacts",
            "Related content",
        ],
    }[prefix]
    assert headings == expected


def test_post_page_shows_the_kind_label_in_the_interface_language(client, full_post):
    assert "Blogginlägg" in client.get(full_post.get_absolute_url()).text
    assert "Blog post" in client.get("/en" + full_post.get_absolute_url()).text


def test_post_page_links_contact_by_phone_mail_and_vcard(client, full_post):
    text = client.get(full_post.get_absolute_url()).text
    contact = full_post.contacts.get()
    assert 'href="tel:+46763147920"' in text
    assert 'href="mailto:press@example.com"' in text
    assert f'href="{contact.get_vcard_url()}"' in text


def test_post_page_leaves_out_empty_sections(client, published_post):
    headings = h2_texts(client.get(published_post.get_absolute_url()))
    assert headings == []


def test_post_page_dates_follow_the_post_language(client):
    swedish = make_post(
        language="sv", publish_at=timezone.make_aware(timezone.datetime(2013, 9, 23))
    )
    english = make_post(
        language="en", publish_at=timezone.make_aware(timezone.datetime(2013, 9, 23))
    )
    assert "23 september 2013" in client.get(swedish.get_absolute_url()).text
    assert "23 September 2013" in client.get(english.get_absolute_url()).text


def test_post_page_escapes_a_hostile_title_and_tag(client):
    post = make_post(title="<script>alert(1)</script>", tags=['"><img src=x onerror=alert(1)>'])
    text = client.get(post.get_absolute_url()).text
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<img src=x onerror" not in text


def test_post_page_body_is_the_stored_sanitized_html(client):
    post = make_post(body='Hello <script>alert(1)</script><a href="javascript:alert(1)">x</a>')
    text = client.get(post.get_absolute_url()).text
    assert "alert(1)</script>" not in text
    assert "javascript:" not in text


def test_draft_is_not_found_for_readers(client, draft_post):
    assert client.get(draft_post.get_absolute_url()).status_code == 404


def test_scheduled_post_is_not_found_before_its_time(client):
    post = make_post(publish_at=timezone.now() + timedelta(days=1))
    assert client.get(post.get_absolute_url()).status_code == 404


def test_editor_sees_a_draft_with_a_preview_banner_and_noindex(client, draft_post):
    client.force_login(make_user(superuser=True))
    response = client.get(draft_post.get_absolute_url())
    assert response.status_code == 200
    assert 'class="banner"' in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"]


def test_related_content_never_shows_drafts(client, full_post):
    draft = make_draft(title="Hemligt utkast", topics=list(full_post.topics.all()))
    relate(full_post, draft, sort_order=5)
    assert "Hemligt utkast" not in client.get(full_post.get_absolute_url()).text


def test_related_content_puts_manual_choices_before_automatic_ones():
    category = make_category("sales")
    post = make_post(title="The post", categories=[category])
    automatic = make_post(title="Automatic", categories=[category])
    manual = make_post(title="Chosen by hand", publish_at=timezone.now() - timedelta(days=30))
    relate(post, manual)
    related = Post.objects.for_detail().get(pk=post.pk).related_content()
    assert related == [manual, automatic]


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
@pytest.mark.parametrize(
    "kind_slug,kind",
    [
        ("press-releases", Post.Kind.PRESS_RELEASE),
        ("news", Post.Kind.NEWS),
        ("blog", Post.Kind.BLOG_POST),
        ("events", Post.Kind.EVENT),
    ],
)
def test_kind_list_shows_only_that_kind(client, prefix, kind_slug, kind):
    wanted = make_post(title="Wanted one", kind=kind)
    other_kind = Post.Kind.NEWS if kind != Post.Kind.NEWS else Post.Kind.EVENT
    unwanted = make_post(title="Unwanted one", kind=other_kind)
    response = client.get(prefix + reverse("blog:kind", args=[kind_slug]))
    assert response.status_code == 200
    assert wanted.title in response.text
    assert unwanted.title not in response.text


def test_unknown_kind_is_not_found(client):
    assert client.get("/kinds/podcasts/").status_code == 404


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_topic_page_lists_its_posts(client, prefix, full_post):
    topic = full_post.topics.get()
    response = client.get(prefix + topic.get_absolute_url())
    assert response.status_code == 200
    assert "Data, Telekom, IT" in response.text
    assert full_post.title in response.text


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_category_page_lists_its_posts(client, prefix, full_post):
    response = client.get(prefix + full_post.categories.get().get_absolute_url())
    assert response.status_code == 200
    assert full_post.title in response.text


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_topic_index_lists_topics(client, prefix, full_post):
    response = client.get(prefix + reverse("topic-list"))
    assert "Data, Telekom, IT" in response.text


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("tag", ["sälj", "日本語", "C++", "C#"])
def test_every_tag_has_its_own_working_page(client, prefix, tag):
    post = make_post(title=f"Tagged {tag}", tags=[tag])
    other = make_post(title="Tagged with something else", tags=["C" if tag != "C" else "D"])
    slug = post.tags.get().slug
    response = client.get(prefix + reverse("blog:tag", args=[slug]))
    assert response.status_code == 200
    assert post.title in response.text
    assert other.title not in response.text


def test_similar_tags_get_distinct_pages():
    make_post(tags=["C++", "C#"])
    from taggit.models import Tag

    slugs = set(Tag.objects.values_list("slug", flat=True))
    assert len(slugs) == 2


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_year_archive_lists_that_year(client, prefix):
    old = make_post(
        title="From 2013", publish_at=timezone.make_aware(timezone.datetime(2013, 9, 23))
    )
    new = make_post(title="From this year")
    response = client.get(prefix + reverse("blog:archive-year", args=[2013]))
    assert old.title in response.text
    assert new.title not in response.text


def test_all_posts_list_is_paginated(client, settings):
    for number in range(settings.PRESSROOM_PAGE_SIZE + 1):
        make_post(title=f"Paged post {number}")
    first = client.get(reverse("blog:post-list"))
    second = client.get(reverse("blog:post-list") + "?page=2")
    assert first.status_code == second.status_code == 200
    assert 'rel="next"' in first.text
    assert "Paged post 0" in second.text


@pytest.mark.parametrize("page", ["abc", "999", "-1", "0", "1.5", "%00", "9" * 50])
def test_bad_page_number_is_not_found_not_an_error(client, published_post, page):
    assert client.get(reverse("blog:post-list"), {"page": page}).status_code == 404


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_unknown_url_gets_the_friendly_404_page(client, prefix):
    response = client.get(prefix + "/no/such/page/")
    assert response.status_code == 404
    assert "front" in response.text.lower() or "startsida" in response.text.lower()


def test_changed_slug_redirects_permanently_from_the_old_url(client, published_post):
    old_url = published_post.get_absolute_url()
    published_post.slug = "a-new-slug"
    published_post.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/posts/a-new-slug/"


def test_old_url_redirect_keeps_the_interface_language(client, published_post):
    Redirect.remember("/2013/09/23/old-url/", published_post)
    response = client.get("/en/2013/09/23/old-url/")
    assert response.status_code == 301
    assert response["Location"] == "/en/posts/a-published-post/"


def test_redirect_never_points_a_post_at_itself(published_post):
    with translation.override("sv"):
        own = published_post.get_absolute_url()
    assert Redirect.remember(own, published_post) is None
    assert not Redirect.objects.exists()


def embargoed(**overrides):
    """A post scheduled for tomorrow: published status, publish time still to come."""
    return make_post(publish_at=timezone.now() + timedelta(days=1), **overrides)


@pytest.mark.parametrize("make_unpublished", [make_draft, embargoed])
def test_changed_slug_of_an_unpublished_post_does_not_redirect(client, make_unpublished):
    post = make_unpublished(title="Merger talks", slug="placeholder")
    post.slug = "acme-buys-globex"
    post.save()
    response = client.get("/posts/placeholder/")
    assert response.status_code == 404
    assert "acme-buys-globex" not in response.get("Location", "")


def test_editors_redirect_to_a_draft_is_a_not_found_until_it_is_published(client, draft_post):
    Redirect.remember("/old/secret-page/", draft_post)
    assert client.get("/old/secret-page/").status_code == 404
    draft_post.status = Post.Status.PUBLISHED
    draft_post.save()
    response = client.get("/old/secret-page/")
    assert response.status_code == 301
    assert response["Location"] == draft_post.get_absolute_url()


def test_redirect_to_an_embargoed_post_opens_when_its_time_comes(client, settings):
    post = embargoed(slug="quarterly-results")
    Redirect.remember("/old/results/", post)
    assert client.get("/old/results/").status_code == 404
    Post.objects.filter(pk=post.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/old/results/").status_code == 301


@pytest.mark.parametrize("make_unpublished", [make_draft, embargoed])
def test_topic_index_leaves_out_topics_only_unpublished_posts_use(client, make_unpublished):
    make_unpublished(topics=[make_topic("Project Falcon")])
    make_post(topics=[make_topic("Wind power")])
    response = client.get(reverse("topic-list"))
    assert "Wind power" in response.text
    assert "Project Falcon" not in response.text


def test_front_page_leaves_out_topics_only_unpublished_posts_use(client):
    embargoed(topics=[make_topic("Project Falcon")])
    make_post(topics=[make_topic("Wind power")])
    response = client.get(reverse("blog:front"))
    assert "Wind power" in response.text
    assert "Project Falcon" not in response.text


@pytest.mark.parametrize("make_unpublished", [make_draft, embargoed])
def test_topic_page_of_a_topic_only_unpublished_posts_use_is_not_found(client, make_unpublished):
    topic = make_topic("Project Falcon")
    make_unpublished(topics=[topic])
    assert client.get(topic.get_absolute_url()).status_code == 404


def test_topic_page_opens_when_its_first_post_is_published(client, draft_post):
    topic = make_topic("Project Falcon")
    draft_post.topics.add(topic)
    assert client.get(topic.get_absolute_url()).status_code == 404
    draft_post.status = Post.Status.PUBLISHED
    draft_post.save()
    response = client.get(topic.get_absolute_url())
    assert response.status_code == 200
    assert "Project Falcon" in response.text


@pytest.mark.parametrize("make_unpublished", [make_draft, embargoed])
def test_category_page_of_a_category_only_unpublished_posts_use_is_not_found(
    client, make_unpublished
):
    category = make_category("acquisitions")
    make_unpublished(categories=[category])
    assert client.get(category.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("make_unpublished", [make_draft, embargoed])
def test_tag_page_of_a_tag_only_unpublished_posts_use_is_not_found(client, make_unpublished):
    post = make_unpublished(tags=["globex"])
    response = client.get(reverse("blog:tag", args=[post.tags.get().slug]))
    assert response.status_code == 404
