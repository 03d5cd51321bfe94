"""import_posts: Markdown files with YAML front matter (and Jekyll posts) become posts."""

import datetime as dt
import io
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from taggit.models import Tag

from blog.importers.frontmatter import FrontMatterError, parse_date, split_front_matter
from blog.importers.newsroom_text import to_front_matter
from blog.models import Category, Post, Redirect, RelatedLink
from pressroom.models import Contact, Topic
from tests import factories
from tests.conftest import SEEDS_DIR, shared_data

pytestmark = pytest.mark.django_db

SEED_000 = SEEDS_DIR / "000_3730d6c605a682a0.txt"
SEED_002 = SEEDS_DIR / "002_9b99007ef4e1b0bb.txt"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def write(folder, name, text):
    """Write a UTF-8 file (creating sub-folders) and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def post_file(title="A title", body="Some text.", **front):
    """A front-matter document with the title and the given keys as YAML lines."""
    lines = [f"title: {title!r}" if title is not None else "", *front.values()]
    return "---\n" + "\n".join(line for line in lines if line) + "\n---\n" + body + "\n"


def run_import(*paths, dry_run=False):
    """Run the command; return (stdout, stderr). Raises CommandError if a file failed."""
    out, err = io.StringIO(), io.StringIO()
    args = [str(path) for path in paths] + (["--dry-run"] if dry_run else [])
    call_command("import_posts", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing_import(*paths):
    """Run the command where a file must fail; return (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_posts", *[str(path) for path in paths], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# The two example documents ---------------------------------------------------------------


@pytest.fixture
def seed_000(tmp_path):
    """Seed 000 converted to front matter, written to a temporary file and imported."""
    text = to_front_matter(shared_data(SEED_000).read_text(encoding="utf-8"))
    run_import(write(tmp_path, "000_3730d6c605a682a0.md", text))
    return Post.objects.get()


@pytest.fixture
def seed_002():
    """Seed 002, a Jekyll post, imported as it is."""
    run_import(shared_data(SEED_002))
    return Post.objects.get()


def test_import_seed_000_is_a_swedish_blog_post_with_its_title(seed_000):
    assert seed_000.kind == Post.Kind.BLOG_POST
    assert seed_000.language == "sv"
    assert seed_000.title == "Lizas framgångsluncher #3, Jesper Svensson"


def test_import_seed_000_has_one_topic_with_commas(seed_000):
    assert [topic.name for topic in seed_000.topics.all()] == ["Data, Telekom, IT"]
    assert Topic.objects.count() == 1


def test_import_seed_000_has_both_categories_as_written(seed_000):
    assert sorted(category.name for category in seed_000.categories.all()) == [
        "sales",
        "sucessfactors",
    ]


def test_import_seed_000_has_the_press_contact_with_a_dialable_phone(seed_000):
    contact = seed_000.contacts.get()
    assert contact.name == "Mia Pääsuke"
    assert contact.role == "Presskontakt"
    assert contact.is_press_contact
    assert contact.title == "Marketing & Communications"
    assert contact.phone == "+46 (0) 76 314 79 20"
    assert contact.phone_normalized == "+46763147920"


def test_import_seed_000_keeps_paragraphs_bullets_and_text_as_written(seed_000):
    html = seed_000.body_html
    assert html.count("<li>") == 7
    assert html.count("<p>") == 9
    # Characters Markdown would otherwise eat are kept as the author wrote them.
    assert "vilken j*vla stjärna" in html
    assert "#TakeMassiveAction" in html
    assert "”krängarbolag”" in html
    assert "Framgångsfaktor #1: Bygg relationer, våga vara personlig.<br>" in html


def test_import_seed_000_page_shows_topic_categories_and_tel_link(seed_000, client):
    response = client.get(seed_000.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Data, Telekom, IT" in page
    assert "sucessfactors" in page
    assert 'href="tel:+46763147920"' in page


def test_import_seed_002_takes_the_date_from_slashed_front_matter(seed_002):
    assert timezone.localtime(seed_002.publish_at, STOCKHOLM).date() == dt.date(2013, 9, 23)


def test_import_seed_002_renders_headings_written_without_a_space(seed_002):
    html = seed_002.body_html
    assert "<h2>Följ upp, följ upp, följ upp</h2>" in html
    assert "<h2>17:03 coaching</h2>" in html
    assert "<h2>Falkenberg Strandbad</h2>" in html


def test_import_seed_002_makes_the_youtube_embed_https(seed_002):
    html = seed_002.body_html
    assert "https://www.youtube-nocookie.com/embed/iHo5v2Tw4mQ" in html
    assert 'src="//' not in html


def test_import_seed_002_keeps_links_and_the_bold_link(seed_002):
    html = seed_002.body_html
    assert 'href="http://www.revenuefactory.se/"' in html
    assert "<strong>ProspectEye</strong></a>" in html


def test_import_seed_002_has_its_tags_and_a_slug_from_the_title(seed_002):
    assert sorted(tag.name for tag in seed_002.tags.all()) == [
        "coaching",
        "sälj",
        "säljorganisation",
    ]
    assert seed_002.slug == "hur-du-lyckas-med-din-säljorganisation"
    assert seed_002.status == Post.Status.PUBLISHED
    assert seed_002.kind == Post.Kind.BLOG_POST


def test_import_seed_002_page_shows_the_date_in_swedish(seed_002, client):
    response = client.get(seed_002.get_absolute_url())
    assert response.status_code == 200
    assert "23 september 2013" in response.content.decode()


# Idempotency -----------------------------------------------------------------------------


@pytest.fixture
def newsroom(tmp_path):
    """A small folder of posts that use every kind of link between things."""
    folder = tmp_path / "_posts"
    write(
        folder,
        "2024-01-10-first.md",
        post_file(
            "First",
            topics='topics: ["Data, Telekom, IT"]',
            categories="categories: sales coaching",
            tags="tags: [sälj, C++]",
            contacts="contacts: [{name: Mia Pääsuke, role: Presskontakt, "
            'phone: "+46 (0) 76 314 79 20"}]',
            links='related_links: [{title: Site, url: "https://example.com/"}]',
            related="related: [second]",
            permalink="permalink: /2024/01/10/first.html",
        ),
    )
    write(folder, "2024-01-11-second.md", post_file("Second", tags="tags: [C#]"))
    return folder


def test_import_posts_twice_changes_nothing_the_second_time(newsroom):
    run_import(newsroom)
    counts = [model.objects.count() for model in (Post, Topic, Category, Contact, Tag)]
    links = RelatedLink.objects.count()
    out, _err = run_import(newsroom)
    assert "created 0, updated 0, unchanged 2, failed 0" in out
    assert [model.objects.count() for model in (Post, Topic, Category, Contact, Tag)] == counts
    assert RelatedLink.objects.count() == links


def test_import_posts_unchanged_post_keeps_its_updated_time(newsroom):
    run_import(newsroom)
    before = Post.objects.get(slug="first").updated_at
    run_import(newsroom)
    assert Post.objects.get(slug="first").updated_at == before


def test_import_posts_again_updates_the_same_post_from_the_changed_file(newsroom):
    run_import(newsroom)
    write(newsroom, "2024-01-11-second.md", post_file("Second, revised", tags="tags: [Rust]"))
    out, _err = run_import(newsroom)
    assert "created 0, updated 1, unchanged 1, failed 0" in out
    post = Post.objects.get(slug="second")
    assert post.title == "Second, revised"
    assert [tag.name for tag in post.tags.all()] == ["Rust"]
    assert Post.objects.count() == 2


def test_import_posts_the_same_file_named_directly_is_the_same_post(newsroom):
    run_import(newsroom)
    out, _err = run_import(newsroom / "2024-01-11-second.md")
    assert "created 0" in out
    assert Post.objects.count() == 2


def test_import_posts_reuses_topics_categories_and_contacts(tmp_path):
    contact = 'contacts: [{name: Mia Pääsuke, title: "Marketing & Communications"}]'
    write(tmp_path, "a.md", post_file("A", topics="topics: [Energi]", contacts=contact))
    write(
        tmp_path,
        "b.md",
        post_file(
            "B",
            topics="topics: [energi]",
            contacts="contacts: [{name: Mia Pääsuke, email: mia@example.com}]",
        ),
    )
    run_import(tmp_path)
    assert Topic.objects.count() == 1
    contact = Contact.objects.get()
    assert contact.title == "Marketing & Communications"
    assert contact.email == "mia@example.com"


# Bad files -------------------------------------------------------------------------------


def test_import_posts_reports_broken_yaml_by_name_and_imports_the_others(tmp_path):
    write(tmp_path, "good.md", post_file("Good"))
    write(tmp_path, "broken.md", "---\ntitle: [unclosed\n---\nBody\n")
    out, err = run_failing_import(tmp_path)
    assert f"{tmp_path / 'broken.md'}: the front matter is not valid YAML" in err
    assert "created 1, updated 0, unchanged 0, failed 1" in out
    assert Post.objects.get().title == "Good"


def test_import_posts_reports_a_file_without_front_matter(tmp_path):
    path = write(tmp_path, "plain.md", "# Just Markdown\n\nNo front matter here.\n")
    _out, err = run_failing_import(path)
    assert f"{path}: no front matter" in err
    assert not Post.objects.exists()


def test_import_posts_reports_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.md"
    path.write_bytes("---\ntitle: Smörgås\n---\n".encode("latin-1"))
    _out, err = run_failing_import(path)
    assert f"{path}: not UTF-8 text" in err


def test_import_posts_reports_a_missing_path_without_a_traceback(tmp_path):
    write(tmp_path, "good.md", post_file("Good"))
    _out, err = run_failing_import(tmp_path / "nowhere", tmp_path / "good.md")
    assert f"{tmp_path / 'nowhere'}: no such file or folder" in err
    assert Post.objects.count() == 1


def test_import_posts_rejects_an_unknown_kind(tmp_path):
    path = write(tmp_path, "a.md", post_file("A", kind="kind: advertorial"))
    _out, err = run_failing_import(path)
    assert "kind: 'advertorial' is not one of" in err


def test_import_posts_malformed_contact_fails_the_whole_file(tmp_path):
    path = write(
        tmp_path,
        "a.md",
        post_file(
            "A",
            topics="topics: [Energi]",
            tags="tags: [sol]",
            contacts="contacts: [{name: Mia}, {role: Presskontakt}]",
        ),
    )
    _out, err = run_failing_import(path)
    assert "contacts: item 2 has no name" in err
    assert not Post.objects.exists()
    assert not Topic.objects.exists()
    assert not Contact.objects.exists()
    assert not Tag.objects.exists()


def test_import_posts_failed_update_leaves_the_previous_version_whole(tmp_path):
    path = write(
        tmp_path, "a.md", post_file("A", topics="topics: [Energi]", contacts="contacts: [Mia]")
    )
    run_import(path)
    write(
        tmp_path,
        "a.md",
        post_file("A changed", topics="topics: [Vind]", contacts="contacts: [[not, a, card]]"),
    )
    run_failing_import(path)
    post = Post.objects.get()
    assert post.title == "A"
    assert [topic.name for topic in post.topics.all()] == ["Energi"]
    assert [contact.name for contact in post.contacts.all()] == ["Mia"]
    assert not Topic.objects.filter(name="Vind").exists()


def test_import_posts_event_ending_before_it_starts_fails_the_file(tmp_path):
    path = write(
        tmp_path,
        "a.md",
        post_file(
            "A",
            kind="kind: event",
            start="event_start: 2024-05-02 10:00",
            end="event_end: 2024-05-02 09:00",
        ),
    )
    _out, err = run_failing_import(path)
    assert "event_end is before event_start" in err
    assert not Post.objects.exists()


def test_import_posts_leaves_out_non_http_related_links_with_a_warning(tmp_path):
    path = write(
        tmp_path,
        "a.md",
        post_file(
            "A",
            links="related_links: [{title: Bad, url: 'javascript:alert(1)'}, "
            "{title: Good, url: 'https://example.com/'}]",
        ),
    )
    _out, err = run_import(path)
    assert [(link.title, link.url) for link in RelatedLink.objects.all()] == [
        ("Good", "https://example.com/")
    ]
    assert "warning: related_links: left out 'javascript:alert(1)'" in err


def test_import_posts_stores_a_hostile_title_and_tag_as_plain_text(tmp_path):
    hostile = "<script>alert(1)</script>"
    path = write(tmp_path, "a.md", post_file(hostile, tags=f"tags: ['{hostile}']"))
    run_import(path)
    post = Post.objects.get()
    assert post.title == hostile
    assert [tag.name for tag in post.tags.all()] == [hostile]


def test_import_posts_survives_a_yaml_alias_bomb(tmp_path):
    # Nine levels of nine references: a billion items if anything expanded them.
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    text = post_file("Laughs", bomb="\n".join(lines), tags="tags: *a8", links="related_links: *a8")
    _out, err = run_import(write(tmp_path, "a.md", text))
    post = Post.objects.get()
    assert post.title == "Laughs"
    assert not post.tags.exists()
    assert "tags: left out an item that is a list or mapping" in err


def test_import_posts_accepts_bom_and_windows_line_endings(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes("\ufeff---\r\ntitle: Windows\r\n---\r\nBody **bold**\r\n".encode())
    run_import(path)
    post = Post.objects.get()
    assert post.title == "Windows"
    assert "<strong>bold</strong>" in post.body_html


# What lands where ------------------------------------------------------------------------


def test_import_posts_takes_the_slug_and_date_from_a_jekyll_file_name(tmp_path):
    run_import(write(tmp_path, "2013-09-23-some-title.md", post_file("Another Title")))
    post = Post.objects.get()
    assert post.slug == "some-title"
    assert timezone.localtime(post.publish_at, STOCKHOLM).date() == dt.date(2013, 9, 23)


def test_import_posts_front_matter_date_wins_over_the_file_name(tmp_path):
    text = post_file("A", date="date: 2013-09-23 10:00:00 +0200")
    run_import(write(tmp_path, "2001-01-01-a.md", text))
    assert Post.objects.get().publish_at == dt.datetime(2013, 9, 23, 8, 0, tzinfo=dt.UTC)


def test_import_posts_makes_a_taken_slug_unique(tmp_path):
    factories.make_post(title="Hello", slug="hello")
    run_import(write(tmp_path, "2024-01-01-hello.md", post_file("Hello again")))
    imported = Post.objects.exclude(source="").get()
    assert imported.slug == "hello-sv"
    assert Post.objects.get(slug="hello").title == "Hello"


def test_import_posts_keeps_commas_inside_topics(tmp_path):
    run_import(write(tmp_path, "a.md", post_file(topics='topics: ["Data, Telekom, IT", Energi]')))
    assert sorted(Topic.objects.values_list("name", flat=True)) == ["Data, Telekom, IT", "Energi"]


def test_import_posts_splits_space_separated_categories_and_tags(tmp_path):
    text = post_file(categories="categories: sales coaching", tags="tags: sälj C++")
    run_import(write(tmp_path, "a.md", text))
    post = Post.objects.get()
    assert sorted(category.name for category in post.categories.all()) == ["coaching", "sales"]
    assert sorted(tag.name for tag in post.tags.all()) == ["C++", "sälj"]


def test_import_posts_reads_comma_separated_categories_as_separate_ones(tmp_path):
    run_import(write(tmp_path, "a.md", post_file(categories="categories: sales, coaching")))
    assert sorted(Category.objects.values_list("name", flat=True)) == ["coaching", "sales"]


def test_import_posts_links_related_posts_by_slug_in_order(tmp_path):
    write(tmp_path, "2024-01-01-a.md", post_file("A", related="related: [c, b]"))
    write(tmp_path, "2024-01-02-b.md", post_file("B"))
    write(tmp_path, "2024-01-03-c.md", post_file("C"))
    run_import(tmp_path)
    post = Post.objects.get(slug="a")
    assert [other.slug for other in post.related_content()] == ["c", "b"]


def test_import_posts_warns_about_a_related_slug_no_post_has(tmp_path):
    _out, err = run_import(write(tmp_path, "a.md", post_file(related="related: [nobody]")))
    assert "related: no post has the slug 'nobody'" in err


def test_import_posts_unpublished_file_becomes_a_draft(tmp_path):
    run_import(write(tmp_path, "a.md", post_file(published="published: false")))
    assert Post.objects.get().status == Post.Status.DRAFT
    assert not Post.objects.published().exists()


def test_import_posts_future_date_schedules_the_post(tmp_path):
    run_import(write(tmp_path, "a.md", post_file(date="date: 2030-01-15")))
    post = Post.objects.get()
    assert post.is_scheduled
    assert not Post.objects.published().exists()


def test_import_posts_permalink_redirects_to_the_post(tmp_path, client):
    text = post_file("Old one", permalink="permalink: /2013/09/23/old-url/")
    run_import(write(tmp_path, "2013-09-23-old-one.md", text))
    post = Post.objects.get()
    assert Redirect.objects.get().post == post
    response = client.get("/2013/09/23/old-url/")
    assert response.status_code == 301
    assert response["Location"] == post.get_absolute_url()


def test_import_posts_reads_event_fields(tmp_path):
    text = post_file(
        "Open house",
        kind="kind: event",
        start="event_start: 2024-09-12 11:00:00 +0200",
        end="event_end: 2024-09-12 15:00:00 +0200",
        location="event_location: Luleå",
    )
    run_import(write(tmp_path, "a.md", text))
    post = Post.objects.get()
    assert post.kind == Post.Kind.EVENT
    assert post.event_start == dt.datetime(2024, 9, 12, 9, 0, tzinfo=dt.UTC)
    assert post.event_end == dt.datetime(2024, 9, 12, 13, 0, tzinfo=dt.UTC)
    assert post.event_location == "Luleå"


def test_import_posts_does_not_fail_on_a_feature_image(tmp_path):
    text = post_file(image="image: {feature: picture.jpg, alt: A view, credit: Someone}")
    out, _err = run_import(write(tmp_path, "a.md", text))
    assert "created 1" in out


def test_import_posts_walks_folders_for_markdown_and_html_only(tmp_path):
    write(tmp_path, "2024/a.md", post_file("A"))
    write(tmp_path, "2024/deeper/b.markdown", post_file("B"))
    write(tmp_path, "c.html", post_file("C"))
    write(tmp_path, "2024-01-01-d.mkdn", post_file("D"))
    write(tmp_path, "notes.txt", post_file("Not a post"))
    write(tmp_path, ".git/d.md", post_file("Hidden"))
    run_import(tmp_path)
    assert sorted(Post.objects.values_list("title", flat=True)) == ["A", "B", "C", "D"]


def test_import_posts_records_where_each_post_came_from(tmp_path):
    run_import(write(tmp_path, "2024/a.md", post_file("A")).parent.parent)
    assert Post.objects.get().source == "file:2024/a.md"


# Dry run ---------------------------------------------------------------------------------


def test_import_posts_dry_run_writes_nothing(newsroom):
    out, _err = run_import(newsroom, dry_run=True)
    assert "Dry run, nothing saved: created 2, updated 0, unchanged 0, failed 0" in out
    assert "2024-01-10-first.md: would be created" in out
    for model in (Post, Topic, Category, Contact, Tag, RelatedLink, Redirect):
        assert not model.objects.exists()


def test_import_posts_dry_run_reports_an_update_without_making_it(newsroom):
    run_import(newsroom)
    write(newsroom, "2024-01-11-second.md", post_file("Second, revised"))
    out, _err = run_import(newsroom, dry_run=True)
    assert "created 0, updated 1, unchanged 1, failed 0" in out
    assert Post.objects.get(slug="second").title == "Second"


# Front matter and the newsroom text form -------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2013-09-23 10:00:00 +0200", dt.datetime(2013, 9, 23, 8, 0, tzinfo=dt.UTC)),
        ("2013-09-23 10:00", dt.datetime(2013, 9, 23, 8, 0, tzinfo=dt.UTC)),
        ("2013/09/23", dt.datetime(2013, 9, 22, 22, 0, tzinfo=dt.UTC)),
        ("2013-09-23T10:00:00Z", dt.datetime(2013, 9, 23, 10, 0, tzinfo=dt.UTC)),
        ("2023-01-29 18:30:22 2023 -0800", dt.datetime(2023, 1, 30, 2, 30, 22, tzinfo=dt.UTC)),
        (dt.date(2013, 9, 23), dt.datetime(2013, 9, 22, 22, 0, tzinfo=dt.UTC)),
        (dt.datetime(2013, 9, 23, 10, 0), dt.datetime(2013, 9, 23, 8, 0, tzinfo=dt.UTC)),
    ],
)
def test_parse_date_reads_jekyll_forms_in_the_newsroom_time_zone(value, expected):
    assert parse_date(value) == expected


def test_parse_date_rejects_text_that_is_no_date():
    with pytest.raises(FrontMatterError):
        parse_date("last Tuesday")


def test_split_front_matter_accepts_the_yaml_document_end_marker():
    document = split_front_matter("---\ntitle: A\n...\nBody\n")
    assert document.metadata == {"title": "A"}
    assert document.body == "Body\n"


def test_split_front_matter_rejects_a_list_instead_of_keys():
    with pytest.raises(FrontMatterError, match="key: value"):
        split_front_matter("---\n- a\n- b\n---\n")


def test_newsroom_text_reads_english_labels_date_and_links():
    text = (
        "News - 3 May 2021\n\nA headline\n\nA paragraph.\n\n"
        "Related links\n\nOur site https://example.com/\n\n"
        "Topics\n\n  • Energy, climate\n\n"
        "Contacts\n\nAnna Berg\n\n"
        "Press contact Communications anna@example.com +46 70 174 06 05\n\n"
        "Related content\n"
    )
    document = split_front_matter(to_front_matter(text))
    assert document.metadata["kind"] == "news"
    assert document.metadata["title"] == "A headline"
    assert document.metadata["date"] == "2021-05-03"
    assert document.metadata["topics"] == ["Energy, climate"]
    assert document.metadata["related_links"] == [
        {"title": "Our site", "url": "https://example.com/"}
    ]
    assert document.metadata["contacts"] == [
        {
            "name": "Anna Berg",
            "role": "Press contact",
            "title": "Communications",
            "phone": "+46 70 174 06 05",
            "email": "anna@example.com",
        }
    ]
    assert document.body.strip() == "A paragraph."


# Control characters ------------------------------------------------------------------------


def test_import_posts_cleans_control_characters_from_every_text_field(tmp_path, client):
    (tmp_path / "bild.jpg").write_bytes(factories.image_bytes())
    text = (
        "---\n"
        'title: "Rubrik\x0bmed radbrytning\\a"\n'
        'lead: "In\\agress"\n'
        'byline: "Anna\\a Andersson"\n'
        'location: "Stock\\aholm"\n'
        'tags: ["s\\aälj", "ny\\vtagg"]\n'
        'topics: ["Data\\a, IT"]\n'
        'categories: ["sa\\ales"]\n'
        'contacts: [{name: "Mia\\a Pääsuke", role: "Press\\akontakt", title: "Mark\\aeting", '
        'phone: "+46 70\\a 000 00 00", email: "mia@example.com"}]\n'
        'related_links: [{title: "Vår\\a sajt", url: "https://example.com/\\astart"}]\n'
        'image: {feature: bild.jpg, alt: "En\\a bild", credit: "Foto\\agraf"}\n'
        "---\n"
        "Brödtext\x07 med\x0bradbrytning.\n"
    )

    out, _err = run_import(write(tmp_path, "a.md", text))

    assert "created 1" in out
    post = Post.objects.get()
    assert post.title == "Rubrik med radbrytning"
    assert (post.lead, post.byline) == ("Ingress", "Anna Andersson")
    assert post.body == "Brödtext med radbrytning.\n"
    assert sorted(post.tags.names()) == ["ny tagg", "sälj"]
    assert [topic.name for topic in post.topics.all()] == ["Data, IT"]
    assert [category.name for category in post.categories.all()] == ["sales"]
    contact = post.contacts.get()
    assert (contact.name, contact.role, contact.title) == (
        "Mia Pääsuke",
        "Presskontakt",
        "Marketing",
    )
    assert contact.phone == "+46 70 000 00 00"
    link = post.related_links.get()
    assert (link.title, link.url) == ("Vår sajt", "https://example.com/start")
    assert (post.feature_image.alt_text, post.feature_image.credit) == ("En bild", "Fotograf")
    for url in ("/feeds/rss/", "/feeds/atom/", "/sitemap-news.xml"):
        ElementTree.fromstring(client.get(url).content)  # noqa: S314 - our own output


def test_import_posts_finds_existing_sections_despite_control_characters(tmp_path):
    topic = factories.make_topic("Data, IT")
    factories.make_post(tags=["sales"])
    text = post_file(topics='topics: ["Data,\\a IT"]', tags='tags: ["SA\\aLES"]')

    run_import(write(tmp_path, "a.md", text))

    post = Post.objects.get(title="A title")
    assert list(post.topics.all()) == [topic]
    assert list(post.tags.names()) == ["sales"]
    assert Tag.objects.count() == 1


# The rendering budget ----------------------------------------------------------------------


def test_import_posts_renders_long_runs_of_brackets(tmp_path):
    run_import(write(tmp_path, "a.md", post_file(body="[](" * 7000)))
    assert Post.objects.get().body_html == "<p>" + "[](" * 7000 + "</p>"


def test_import_posts_names_a_file_over_the_rendering_budget_and_goes_on(tmp_path, settings):
    settings.PRESSROOM_MARKDOWN_TIMEOUT = 0.5
    write(tmp_path, "a-endless.md", post_file("Endless", body="<a " * 40_000))
    write(tmp_path, "b-fine.md", post_file("Fine"))

    out, err = run_failing_import(tmp_path)

    assert "a-endless.md: the body: " in err
    assert "created 1" in out
    assert list(Post.objects.values_list("title", flat=True)) == ["Fine"]
