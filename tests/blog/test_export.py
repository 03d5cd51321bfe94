"""export_posts, and export then import giving the same posts back."""

import datetime as dt
import io
import tempfile
from pathlib import Path

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from blog.exporters import dump_yaml
from blog.importers.frontmatter import split_front_matter
from blog.models import Category, Post, Redirect, RelatedLink
from pressroom.models import Contact, Image, Topic
from tests import factories

pytestmark = pytest.mark.django_db


def export(directory, *args):
    out = io.StringIO()
    call_command("export_posts", str(directory), *args, stdout=out)
    return out.getvalue()


def import_back(directory):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_posts", str(directory), stdout=out, stderr=err)
    return out.getvalue()


def empty_the_database():
    for model in (Post, Topic, Category, Tag, Contact, Redirect, Image):
        model.objects.all().delete()


def described(post):
    """Everything the export format carries about a post, for comparing two of them."""
    post = Post.objects.get(pk=post.pk)
    image = post.feature_image
    return {
        **{
            name: getattr(post, name)
            for name in (
                "title",
                "slug",
                "kind",
                "lead",
                "body",
                "body_html",
                "status",
                "publish_at",
                "language",
                "byline",
                "meta_description",
                "canonical_url",
                "event_start",
                "event_end",
                "event_location",
            )
        },  # fmt: skip
        "topics": sorted(topic.name for topic in post.topics.all()),
        "categories": sorted(category.name for category in post.categories.all()),
        "tags": sorted(tag.name for tag in post.tags.all()),
        "contacts": [
            (
                entry.contact.name,
                entry.contact.role,
                entry.contact.is_press_contact,
                entry.contact.title,
                entry.contact.phone,
                entry.contact.email,
            )
            for entry in post.post_contacts.order_by("sort_order")
        ],  # fmt: skip
        "related_links": list(post.related_links.values_list("title", "url")),
        "related": [entry.to_post.slug for entry in post.related_entries.order_by("sort_order")],
        "redirects": sorted(post.redirects.values_list("old_path", flat=True)),
        "feature_image": image
        and (image.alt_text, image.credit, image.caption, image.checksum, image.width),
    }


def round_trip(posts):
    """Export every post, empty the database, import the files; the posts described again."""
    before = {post.slug: described(post) for post in posts}
    with tempfile.TemporaryDirectory() as directory:
        export(directory, "--all")
        empty_the_database()
        import_back(directory)
    after = {post.slug: described(post) for post in Post.objects.all()}
    return before, after


@pytest.fixture
def rich_post():
    """A post with every part the format carries, a picture and a related post."""
    other = factories.make_post(title="Other", slug="other")
    image = factories.make_image(alt_text="Batteries", credit="Ann Berg", caption="Luleå")
    chart = SimpleUploadedFile("chart.png", factories.image_bytes(image_format="PNG"))
    body_image = factories.make_image(file=chart)
    post = factories.make_post(
        title="Norrsken: batteries, yes",
        slug="norrsken-batteries",
        kind=Post.Kind.EVENT,
        lead="Two lines\nof lead.",
        body=f"## Numbers\n\n![Chart]({body_image.file.url})\n\n* one\n* two\n",
        language="sv",
        byline="Press office",
        meta_description="About batteries",
        canonical_url="https://example.com/batteries",
        event_start=timezone.now() + dt.timedelta(days=3),
        event_end=timezone.now() + dt.timedelta(days=3, hours=2),
        event_location="Luleå",
        feature_image=image,
        topics=[factories.make_topic("Data, Telekom, IT")],
        categories=[factories.make_category("sales")],
        tags=["sälj", "C++", "yes"],
        contacts=[factories.make_contact("Mia Pääsuke", phone="+46 (0) 76 314 79 20")],
    )
    factories.make_related_link(post, title="Our site", url="https://example.com/")
    factories.relate(post, other)
    Redirect.remember("/2013/09/23/old-url/", post)
    return post


# Export ------------------------------------------------------------------------------------


def test_export_writes_one_file_per_post_named_by_date_and_slug(tmp_path):
    factories.make_post(slug="hello", publish_at=dt.datetime(2024, 5, 2, 22, 30, tzinfo=dt.UTC))
    export(tmp_path)
    assert [path.name for path in tmp_path.glob("*.md")] == ["2024-05-03-hello.md"]


def test_export_leaves_drafts_out_unless_all_is_given(tmp_path):
    factories.make_draft(slug="draft")
    factories.make_post(slug="out")
    export(tmp_path / "published")
    export(tmp_path / "all", "--all")
    assert len(list((tmp_path / "published").glob("*.md"))) == 1
    assert len(list((tmp_path / "all").glob("*.md"))) == 2


def test_export_marks_a_draft_unpublished(tmp_path):
    factories.make_draft(slug="draft")
    export(tmp_path, "--all")
    meta = split_front_matter(next(tmp_path.glob("*.md")).read_text()).metadata
    assert meta["published"] is False


def test_export_front_matter_is_the_import_format(tmp_path, rich_post):
    export(tmp_path)
    text = next(tmp_path.glob("*-norrsken-batteries.md")).read_text()
    meta = split_front_matter(text).metadata
    assert meta["topics"] == ["Data, Telekom, IT"]
    assert meta["tags"] == ["C++", "sälj", "yes"]
    assert meta["contacts"][0]["phone"] == "+46 (0) 76 314 79 20"
    assert meta["related"] == ["other"]
    assert meta["redirect_from"] == ["/2013/09/23/old-url/"]


def test_export_copies_the_pictures_beside_the_posts(tmp_path, rich_post):
    export(tmp_path)
    text = next(tmp_path.glob("*-norrsken-batteries.md")).read_text()
    meta = split_front_matter(text).metadata
    assert (tmp_path / meta["image"]["feature"]).read_bytes()[:2] == b"\xff\xd8"
    assert meta["image"]["credit"] == "Ann Berg"
    assert "![Chart](images/chart" in text
    assert len(list((tmp_path / "images").iterdir())) == 2


def test_export_says_when_a_body_has_liquid_like_text(tmp_path):
    factories.make_post(body="Write {{ name }} in the template.")
    export(tmp_path)
    meta = split_front_matter(next(tmp_path.glob("*.md")).read_text()).metadata
    assert meta["render_with_liquid"] is False


def test_export_command_says_what_it_wrote(tmp_path, rich_post):
    assert f"Exported 2 posts and 2 images to {tmp_path}" in export(tmp_path)


# Round trip --------------------------------------------------------------------------------


def test_export_then_import_gives_the_same_posts(rich_post):
    before, after = round_trip(Post.objects.all())
    picture_url = Image.objects.exclude(featured_in__isnull=False).get().file.url
    # The body's picture is the same picture at its new address in the library.
    before["norrsken-batteries"]["body"] = before["norrsken-batteries"]["body"].split("](")[0]
    assert after["norrsken-batteries"]["body"].split("](")[1].startswith(picture_url)
    after["norrsken-batteries"]["body"] = after["norrsken-batteries"]["body"].split("](")[0]
    for post in (before["norrsken-batteries"], after["norrsken-batteries"]):
        del post["body_html"]
    assert after == before


def test_export_then_import_into_the_same_database_changes_nothing(rich_post, tmp_path):
    export(tmp_path)
    assert "created 0, updated 0, unchanged 2, failed 0" in import_back(tmp_path)
    assert Post.objects.count() == 2


# Text that YAML, Markdown or Liquid could read as something else.
TRICKY = [
    "yes", "no", "null", "~", "true", "1.0", "0x1F", "2013-09-23", "- x", ": y", "#", "# z",
    "'", '"', "''", "---", "...", "{{ page.title }}", "{% raw %}", "{: .lead}", "*", "&a",
    "!tag", "|", ">", "%", "@", "`", "a: b", "a, b", "sälj", "日本語", "C++", "C#",
]  # fmt: skip
ALPHABET = st.characters(
    categories=("L", "N", "P", "S", "Zs"),
    # Brackets would make links and pictures, which are tested on their own.
    exclude_characters="[]<>\u00a0",
)
words = st.one_of(st.sampled_from(TRICKY), st.text(ALPHABET, min_size=1, max_size=20))
line = st.lists(words, min_size=1, max_size=6).map(" ".join)
name = line.map(lambda text: " ".join(text.split())[:100]).filter(bool)
label = name.filter(lambda text: any(char.isalnum() for char in text))


def unique_names(strategy):
    return st.lists(strategy, max_size=4, unique_by=str.casefold)


post_fields = st.fixed_dictionaries(
    {
        "title": name,
        "lead": st.lists(line, max_size=3).map("\n".join).map(str.strip),
        "body": st.lists(st.one_of(line, st.just("")), max_size=8).map("\n".join),
        "kind": st.sampled_from(Post.Kind.values),
        "status": st.sampled_from(Post.Status.values),
        "language": st.sampled_from(["sv", "en", "ja", "zh-hans"]),
        "publish_at": st.datetimes(
            min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2090, 1, 1)
        ).map(lambda value: value.replace(tzinfo=dt.UTC)),
        "tags": unique_names(label),
        "topics": unique_names(name),
        "categories": unique_names(name),
    }
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(fields=post_fields)
def test_export_then_import_round_trip_keeps_every_field(fields):
    empty_the_database()
    post = factories.make_post(
        **{key: value for key, value in fields.items() if key not in {"topics", "categories"}},
        topics=[Topic.objects.create(name=topic) for topic in fields["topics"]],
        categories=[Category.objects.create(name=category) for category in fields["categories"]],
    )
    RelatedLink.objects.create(post=post, title=fields["title"], url="https://example.com/")
    before, after = round_trip([post])
    assert list(after.values()) == list(before.values())


def test_export_yaml_reads_back_as_the_same_text():
    values = {"title": TRICKY, "lead": "line one\nline two: yes"}
    assert yaml.safe_load(dump_yaml(values)) == values


def test_export_file_names_are_unique_per_slug(tmp_path):
    when = timezone.now() - dt.timedelta(days=1)
    factories.make_post(slug="a", publish_at=when)
    factories.make_post(slug="b", publish_at=when)
    export(tmp_path)
    assert len({path.name for path in Path(tmp_path).glob("*.md")}) == 2
