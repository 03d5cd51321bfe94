"""import_wordpress: posts from a WordPress export (tests/data/wordpress-export.xml)."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from blog.importers.wordpress import autop, expand_shortcodes, to_markdown
from blog.models import Post, Redirect
from pressroom.models import Image
from tests import factories

pytestmark = pytest.mark.django_db

EXPORT = Path(__file__).resolve().parent.parent / "data" / "wordpress-export.xml"


def run(*args, path=EXPORT):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wordpress", str(path), *[str(arg) for arg in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def uploads(tmp_path):
    """A copy of the site's wp-content/uploads/ with the featured picture in it."""
    folder = tmp_path / "uploads"
    (folder / "2024" / "08").mkdir(parents=True)
    (folder / "2024" / "08" / "taket.jpg").write_bytes(factories.image_bytes(size=(80, 60)))
    return folder


@pytest.fixture
def solpark(uploads):
    run("--images", uploads)
    return Post.objects.get(slug="vi-bygger-en-solpark")


def test_import_wordpress_imports_posts_and_not_pages_attachments_or_trash():
    out, _err = run()
    assert "created 3, updated 0, unchanged 0, failed 0" in out
    assert sorted(Post.objects.values_list("slug", flat=True)) == [
        "solparken-invigs",
        "utkast-årsmötet",
        "vi-bygger-en-solpark",
    ]


def test_import_wordpress_imports_pages_when_asked():
    run("--pages")
    assert Post.objects.filter(slug="om-föreningen").exists()


def test_import_wordpress_reads_title_date_author_and_excerpt(solpark):
    assert solpark.title == "Vi bygger en solpark på taket & parkeringen"
    assert solpark.publish_at.isoformat() == "2024-09-02T08:00:00+00:00"
    assert solpark.byline == "Karin Öhman"
    assert solpark.lead == "Föreningen bygger 420 paneler i vår."
    assert solpark.language == "sv"


def test_import_wordpress_reads_categories_and_tags_without_uncategorized(solpark):
    assert [category.name for category in solpark.categories.all()] == ["Pressmeddelanden"]
    assert sorted(tag.name for tag in solpark.tags.all()) == ["C++", "solenergi"]


def test_import_wordpress_draft_stays_a_draft_with_its_author_named():
    run()
    draft = Post.objects.get(slug="utkast-årsmötet")
    assert draft.status == Post.Status.DRAFT
    assert draft.byline == "Per Lind"


def test_import_wordpress_future_post_is_scheduled():
    run()
    assert Post.objects.get(slug="solparken-invigs").is_scheduled


def test_import_wordpress_old_address_redirects_to_the_post(solpark, client):
    response = client.get("/2024/09/02/vi-bygger-en-solpark/")
    assert response.status_code == 301
    assert response["Location"] == solpark.get_absolute_url()


def test_import_wordpress_draft_gets_no_redirect():
    run()
    assert not Redirect.objects.filter(post__slug="utkast-årsmötet").exists()


def test_import_wordpress_body_becomes_markdown(solpark):
    assert "vi **420 paneler** på taket." in solpark.body
    assert "<!-- wp:" not in solpark.body
    assert "[projektsidan](https://solkraft.example.org/projekt/)" in solpark.body


def test_import_wordpress_text_that_looks_like_markdown_stays_text(solpark):
    assert "<p># Det här är ingen rubrik" in solpark.body_html
    assert "projektet [1] finns" in solpark.body_html


def test_import_wordpress_video_address_becomes_an_embedded_video(solpark):
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in solpark.body_html


def test_import_wordpress_featured_image_comes_from_the_uploads_folder(solpark):
    assert solpark.feature_image.width == 80


def test_import_wordpress_resized_body_picture_is_the_original_in_the_library(solpark):
    image = Image.objects.get()
    assert f'src="{image.file.url}"' in solpark.body_html
    assert "<em>Taket där panelerna ska sitta.</em>" in solpark.body_html


def test_import_wordpress_pictures_not_found_stay_on_the_old_site_with_a_warning():
    _out, err = run()
    post = Post.objects.get(slug="vi-bygger-en-solpark")
    assert "https://solkraft.example.org/wp-content/uploads/2024/08/taket-640x480.jpg" in post.body
    assert "left on the old site" in err
    assert post.feature_image is None


def test_import_wordpress_unknown_shortcode_is_left_out_with_a_warning():
    _out, err = run()
    assert "[gallery" not in Post.objects.get(slug="vi-bygger-en-solpark").body
    assert "warning: left out the [gallery] shortcode" in err


def test_import_wordpress_again_changes_nothing(uploads):
    run("--images", uploads)
    out, _err = run("--images", uploads)
    assert "created 0, updated 0, unchanged 3, failed 0" in out


def test_import_wordpress_keep_html_stores_the_html(uploads):
    run("--keep-html")
    body = Post.objects.get(slug="vi-bygger-en-solpark").body
    assert "<strong>420 paneler</strong>" in body


def test_import_wordpress_kind_can_be_chosen():
    run("--kind", "press_release")
    assert set(Post.objects.values_list("kind", flat=True)) == {Post.Kind.PRESS_RELEASE}


def test_import_wordpress_dry_run_saves_nothing(uploads):
    out, _err = run("--dry-run", "--images", uploads)
    assert "Dry run, nothing saved: created 3" in out
    assert not Post.objects.exists()
    assert not Image.objects.exists()


def test_import_wordpress_refuses_an_entity_bomb(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        "<rss><channel><link>https://x.example</link><title>&b;</title></channel></rss>\n"
    )
    with pytest.raises(CommandError, match="refused for safety"):
        run(path=bomb)


def test_import_wordpress_reports_a_file_that_is_not_xml(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text("this is not XML")
    with pytest.raises(CommandError, match="not a readable XML file"):
        run(path=path)


def test_wordpress_autop_makes_paragraphs_and_line_breaks():
    assert autop("One\ntwo\n\n<ul><li>x</li></ul>\n\nThree") == (
        "<p>One<br>\ntwo</p>\n\n<ul><li>x</li></ul>\n\n<p>Three</p>"
    )


def test_wordpress_caption_shortcode_becomes_a_figure():
    html, _warnings = expand_shortcodes(
        '[caption width="10"]<img src="a.jpg" alt="A"> Words[/caption]'
    )
    assert (
        html.strip() == '<figure><img src="a.jpg" alt="A"><figcaption>Words</figcaption></figure>'
    )


def test_wordpress_square_brackets_in_text_are_no_shortcodes():
    assert expand_shortcodes("See [1] and [sic].")[0] == "See [1] and [sic]."


def test_wordpress_to_markdown_keeps_tables():
    markdown = to_markdown("<table><tr><th>A</th></tr><tr><td>1</td></tr></table>")
    assert markdown == "| A |\n| --- |\n| 1 |\n"


def test_import_wordpress_cleans_control_characters(tmp_path):
    """XML 1.0 carries C1 controls (U+0080–U+009F); HTML and the feeds must not get them."""
    export = EXPORT.read_text(encoding="utf-8")
    export = export.replace(
        "<title><![CDATA[Vi bygger en solpark på taket &amp; parkeringen]]></title>",
        "<title>Vi bygger en solpark&#x85; på taket</title>",
    )
    export = export.replace("<![CDATA[solenergi]]>", "<![CDATA[sol\u0086energi]]>")
    export = export.replace("<![CDATA[Pressmeddelanden]]>", "<![CDATA[Press\u0090meddelanden]]>")
    path = tmp_path / "export.xml"
    path.write_text(export, encoding="utf-8")

    run(path=path)

    post = Post.objects.get(slug="vi-bygger-en-solpark")
    assert post.title == "Vi bygger en solpark på taket"
    assert sorted(post.tags.names()) == ["C++", "solenergi"]
    assert [category.name for category in post.categories.all()] == ["Pressmeddelanden"]
