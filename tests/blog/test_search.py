"""Full-text search: stemming, ranking, excerpts, filters and the page, on either database."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from taggit.models import Tag

from blog import search
from blog.models import Post, TaggedPost
from blog.search import (
    excerpt,
    fts_query,
    query_words,
    search_posts,
    update_index,
)
from tests.factories import make_draft, make_post, make_topic

pytestmark = pytest.mark.django_db

LANGUAGE_PREFIXES = ["", "/en"]

HOSTILE_QUERIES = [
    '"',
    '"unbalanced',
    "'",
    "*",
    "sälj*",
    "a AND OR NOT b",
    "NEAR(a b)",
    "NEAR(",
    "title:sälj",
    "{title lead}: x",
    "^sälj",
    "(((",
    ")",
    "- -- ---",
    "+",
    "\\",
    "%",
    "_",
    "'; DROP TABLE blog_post; --",
    "x" * 10_000,
    "sälj " * 2_000,
    "",
    "   ",
    "\x00",
    "sälj\x00organisation",
    "日本語",
    "🙂",
    "é\u0301",
    "<script>alert(1)</script>",
]


def titles(results):
    return [post.title for post in results]


def test_search_finds_swedish_words_by_their_stem():
    make_post(title="Om säljorganisation", language="sv")

    assert titles(search_posts("säljorganisationer")) == ["Om säljorganisation"]


def test_search_finds_english_words_by_their_stem():
    make_post(title="What we published", language="en")

    assert titles(search_posts("publishing")) == ["What we published"]


def test_search_stems_in_the_post_language():
    make_post(title="Nyheter om säljorganisationerna", language="sv")
    make_post(title="Publishing in English", language="en")

    assert titles(search_posts("säljorganisation")) == ["Nyheter om säljorganisationerna"]
    assert titles(search_posts("published")) == ["Publishing in English"]


def test_search_needs_every_word_of_the_query():
    make_post(title="Coaching för säljare")
    make_post(title="Coaching för chefer")

    assert titles(search_posts("coaching chefer")) == ["Coaching för chefer"]


def test_search_finds_words_in_the_lead_and_body():
    make_post(title="Ett", lead="Ingressen nämner vattenkraft.")
    make_post(title="Två", body="Brödtexten nämner *solenergi* i ett stycke.")

    assert titles(search_posts("vattenkraft")) == ["Ett"]
    assert titles(search_posts("solenergi")) == ["Två"]


def test_search_ranks_a_title_match_above_a_body_only_match():
    make_post(title="Lång text", body="Här står ordet rekrytering en gång, långt ner.")
    make_post(title="Rekrytering i fokus", body="Här står något annat.")

    assert titles(search_posts("rekrytering")) == ["Rekrytering i fokus", "Lång text"]


def test_search_results_carry_a_rank():
    make_post(title="Rekrytering")

    assert search_posts("rekrytering")[0].rank > 0


def test_search_finds_a_post_by_its_tag():
    make_post(title="Utan ord i texten", tags=["kundresor"])

    assert titles(search_posts("kundresor")) == ["Utan ord i texten"]


def test_search_finds_a_post_by_its_topic():
    make_post(title="Utan ord i texten", topics=[make_topic("Data, Telekom, IT")])

    assert titles(search_posts("telekom")) == ["Utan ord i texten"]


def test_search_never_shows_drafts():
    make_draft(title="Hemlig lansering")

    assert titles(search_posts("lansering")) == []


def test_search_never_shows_scheduled_posts_before_their_time():
    make_post(title="Kommande lansering", publish_at=timezone.now() + timedelta(days=1))

    assert titles(search_posts("lansering")) == []


def test_search_shows_a_scheduled_post_once_its_time_has_come():
    post = make_post(title="Kommande lansering", publish_at=timezone.now() + timedelta(days=1))
    # Time passes: nothing is saved, no job runs; only the clock moves past publish_at.
    Post.objects.filter(pk=post.pk).update(publish_at=timezone.now() - timedelta(minutes=1))

    assert titles(search_posts("lansering")) == ["Kommande lansering"]


def test_search_index_follows_an_edited_post():
    post = make_post(title="Gammal rubrik")
    post.title = "Ny rubrik om mässan"
    post.save()

    assert titles(search_posts("gammal")) == []
    assert titles(search_posts("mässan")) == ["Ny rubrik om mässan"]


def test_search_index_forgets_a_deleted_post():
    post = make_post(title="Borttagen nyhet")
    post.delete()

    assert titles(search_posts("borttagen")) == []


def test_search_index_follows_removed_tags():
    post = make_post(title="Märkt inlägg", tags=["kundresor"])
    post.tags.remove("kundresor")

    assert titles(search_posts("kundresor")) == []


def test_search_index_follows_a_topic_added_from_the_topic_side():
    post = make_post(title="Inlägget")
    topic = make_topic("Hållbarhet")
    topic.posts.add(post)

    assert titles(search_posts("hållbarhet")) == ["Inlägget"]


def test_search_index_follows_a_renamed_topic():
    topic = make_topic("Energi")
    make_post(title="Inlägget", topics=[topic])
    topic.name = "Kärnkraft"
    topic.save()

    assert titles(search_posts("kärnkraft")) == ["Inlägget"]
    assert titles(search_posts("energi")) == []


def test_search_index_follows_a_deleted_tag():
    make_post(title="Inlägget", tags=["kundresor"])
    Tag.objects.get(name="kundresor").delete()

    assert titles(search_posts("kundresor")) == []


def test_search_index_rebuilt_from_scratch_finds_the_same_posts():
    make_post(title="Om säljorganisation", tags=["sälj"])
    update_index()

    assert titles(search_posts("säljorganisationer")) == ["Om säljorganisation"]
    assert titles(search_posts("sälj")) == ["Om säljorganisation"]


def test_rebuild_search_index_command_indexes_tags_added_behind_the_models_back():
    post = make_post(title="Inlägget")
    tag = Tag.objects.create(name="kundresor", slug="kundresor")
    TaggedPost.objects.bulk_create([TaggedPost(content_object=post, tag=tag)])  # no signals
    output = io.StringIO()

    call_command("rebuild_search_index", stdout=output)

    assert titles(search_posts("kundresor")) == ["Inlägget"]
    assert "Posts indexed: 1" in output.getvalue()


def test_search_filters_by_kind():
    make_post(title="Pressmeddelande om mässan", kind=Post.Kind.PRESS_RELEASE)
    make_post(title="Blogg om mässan", kind=Post.Kind.BLOG_POST)

    results = search_posts("mässan", kind=Post.Kind.BLOG_POST)

    assert titles(results) == ["Blogg om mässan"]


def test_search_filters_by_topic():
    topic = make_topic("Energi")
    make_post(title="Mässan och energin", topics=[topic])
    make_post(title="Mässan utan ämne")

    assert titles(search_posts("mässan", topic=topic)) == ["Mässan och energin"]
    assert titles(search_posts("mässan", topic=topic.slug)) == ["Mässan och energin"]


def test_search_filters_by_year():
    make_post(title="Mässan 2013", publish_at=timezone.now().replace(year=2013))
    make_post(title="Mässan i år")

    assert titles(search_posts("mässan", year=2013)) == ["Mässan 2013"]


def test_search_filters_by_language():
    make_post(title="Mässan", language="sv")
    make_post(title="Mässan in English", language="en")

    assert titles(search_posts("mässan", language="en")) == ["Mässan in English"]


def test_search_with_many_hits_still_skips_unpublished_posts(monkeypatch):
    # Past sqlite.LOOKUP_LIMIT hits SQLite checks the hits against a list of shown posts.
    monkeypatch.setattr(search.sqlite, "LOOKUP_LIMIT", 0)
    make_post(title="Mässan i år", kind=Post.Kind.NEWS)
    make_post(title="Mässan som evenemang", kind=Post.Kind.EVENT)
    make_draft(title="Mässan i utkast")
    make_post(title="Mässan i morgon", publish_at=timezone.now() + timedelta(days=1))

    assert sorted(titles(search_posts("mässan"))) == ["Mässan i år", "Mässan som evenemang"]
    assert titles(search_posts("mässan", kind=Post.Kind.EVENT)) == ["Mässan som evenemang"]


def test_search_results_count_and_slice_like_a_list():
    for number in range(5):
        make_post(title=f"Mässan del {number}")

    results = search_posts("mässan")

    assert results.count() == len(results) == 5
    assert len(results[1:3]) == 2


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_search_posts_takes_any_query_string(query):
    make_post(title="Säljorganisation och sälj")

    results = search_posts(query)

    assert results.count() == len(list(results))


def test_query_words_keeps_a_long_query_short():
    assert len(query_words("ord " * 5_000 + " ".join(f"w{n}" for n in range(100)))) <= 16


def test_fts_query_quotes_every_word():
    assert fts_query(["near", "and"], ["en"]) == '"near" AND "and"'


def test_excerpt_marks_the_matching_words():
    html = excerpt("", "<p>Vi bygger om säljorganisationen i år.</p>", ["säljorganisation"], "sv")

    assert "<mark>säljorganisationen</mark>" in html


def test_excerpt_escapes_the_text():
    html = excerpt("<script>alert(1)</script> sälj", "", ["sälj"], "sv")

    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>sälj</mark>" in html


def test_excerpt_shows_the_passage_around_a_late_match():
    body = "<p>" + "fyllnad " * 200 + "solenergi och mer text.</p>"

    html = excerpt("", body, ["solenergi"], "sv")

    assert html.startswith("… ")
    assert "<mark>solenergi</mark>" in html
    assert len(html) < 400


def test_excerpt_without_a_match_in_the_text_starts_at_the_beginning():
    html = excerpt("Ingressen först.", "<p>Sedan brödtexten.</p>", ["rubrikord"], "sv")

    assert html == "Ingressen först. Sedan brödtexten."


# The search page


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_search_page_shows_highlighted_results(client, prefix):
    post = make_post(title="Om säljorganisation", body="Vi ser över säljorganisationen.")

    response = client.get(f"{prefix}/search/", {"q": "säljorganisationer"})

    content = response.content.decode()
    assert response.status_code == 200
    assert post.get_absolute_url().removeprefix("/") in content
    assert "<mark>säljorganisationen</mark>" in content


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_search_page_without_a_query_shows_the_form(client, prefix):
    response = client.get(f"{prefix}/search/")

    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_search_page_is_in_the_visitors_language(client):
    english = client.get("/en/search/").content.decode()
    swedish = client.get("/search/").content.decode()

    assert '<html lang="en">' in english
    assert 'action="/en/search/"' in english
    assert '<html lang="sv">' in swedish
    assert 'action="/search/"' in swedish


def test_search_page_is_not_indexed(client):
    response = client.get("/search/", {"q": "sälj"})

    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_search_page_labels_the_query_and_every_filter(client):
    content = client.get("/en/search/").content.decode()

    for field in ("q", "kind", "topic", "year"):
        assert f'<label for="id_{field}">' in content


def test_search_page_never_shows_markup_from_a_post_unescaped(client):
    make_post(
        title="<script>alert('title')</script> Mässan",
        lead="<script>alert('lead')</script> mässan",
        body="<script>alert('body')</script>\n\nOm mässan <img src=x onerror=alert(1)>",
    )

    content = client.get("/search/", {"q": "mässan"}).content.decode()

    assert "<mark>Mässan</mark>" in content or "<mark>mässan</mark>" in content
    assert "<script>alert" not in content
    assert "onerror=alert" not in content.replace("onerror=alert(1)&gt;", "")


def test_search_page_applies_the_filters(client):
    topic = make_topic("Energi")
    make_post(title="Mässan och energin", topics=[topic], kind=Post.Kind.NEWS)
    make_post(title="Mässan utan ämne", kind=Post.Kind.NEWS)

    response = client.get("/search/", {"q": "mässan", "topic": topic.slug, "kind": "news"})

    assert titles(response.context["results"]) == ["Mässan och energin"]


def test_search_page_offers_the_years_of_published_posts(client):
    make_post(title="Förr", publish_at=timezone.now().replace(year=2013))
    make_post(title="Nu")

    years = [
        value for value, _label in client.get("/search/").context["form"]["year"].field.choices
    ]

    assert years[0] == ""
    assert years[1] == timezone.localtime().year
    assert years[-1] == 2013


@pytest.mark.parametrize(
    "filters",
    [
        {"kind": "no-such-kind"},
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"topic": "no-such-topic"},
        {"topic": "\x00"},
        {"year": "-5"},
    ],
)
def test_search_page_ignores_bad_filters(client, filters):
    make_post(title="Mässan")

    response = client.get("/search/", {"q": "mässan", **filters})

    assert response.status_code == 200
    assert titles(response.context["results"]) == ["Mässan"]


@pytest.mark.parametrize("page", ["xyz", "0", "999", "-1", "1.5"])
def test_search_page_answers_a_bad_page_number_with_404(client, page):
    make_post(title="Mässan")

    response = client.get("/search/", {"q": "mässan", "page": page})

    assert response.status_code == 404


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_search_page_answers_any_query(client, prefix, query):
    make_post(title="Säljorganisation och sälj")

    response = client.get(f"{prefix}/search/", {"q": query})

    assert response.status_code == 200
    assert b"Traceback" not in response.content


def test_search_page_links_to_the_next_page_with_the_query(client, settings):
    for number in range(settings.PRESSROOM_PAGE_SIZE + 1):
        make_post(title=f"Mässan del {number}")

    content = client.get("/search/", {"q": "mässan", "kind": "news"}).content.decode()

    assert 'href="?q=m%C3%A4ssan&amp;kind=news&amp;page=2"' in content


def test_search_page_second_page_shows_the_rest(client, settings):
    for number in range(settings.PRESSROOM_PAGE_SIZE + 1):
        make_post(title=f"Mässan del {number}")

    response = client.get("/search/", {"q": "mässan", "page": "2"})

    assert len(response.context["results"]) == 1


def test_header_has_a_search_form_on_every_page(client):
    content = client.get("/").content.decode()

    assert 'role="search"' in content
    assert 'action="/search/"' in content
    assert '<label class="visually-hidden" for="site-search">' in content


def test_header_search_form_points_to_the_english_page_in_english(client):
    content = client.get("/en/").content.decode()

    assert 'action="/en/search/"' in content
