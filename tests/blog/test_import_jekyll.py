"""import_posts and Jekyll: front matter forms, Liquid, kramdown, old URLs, pictures, zips."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from taggit.models import Tag

from blog.importers import kramdown, liquid
from blog.importers.posts import import_paths
from blog.models import Post, Redirect
from pressroom.models import Contact, Image, Topic
from tests import factories

from .test_import import post_file, run_failing_import, run_import, write

pytestmark = pytest.mark.django_db


def imported(tmp_path, name, text, *extra_args):
    """Write one file into tmp_path, import it and return the post."""
    run_import(write(tmp_path, name, text), *extra_args)
    return Post.objects.get()


def run_command(*args):
    """Run import_posts with any arguments; return (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_posts", *[str(arg) for arg in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def picture(folder, name, size=(40, 30)):
    """A real JPEG file."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(factories.image_bytes(size=size))
    return path


def body_html(post):
    return Post.objects.get(pk=post.pk).body_html


# Front matter --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("date: 2013/09/23 10:00:00 +0200", dt.datetime(2013, 9, 23, 8, 0, tzinfo=dt.UTC)),
        ("date: 2013-09-23 10:00:00.5 +0000", dt.datetime(2013, 9, 23, 10, 0, 0, 500000, dt.UTC)),
        ("date: 2013-09-23T10:00:00+02:00", dt.datetime(2013, 9, 23, 8, 0, tzinfo=dt.UTC)),
    ],
)
def test_import_jekyll_reads_dates_with_a_time_and_zone(tmp_path, date, expected):
    post = imported(tmp_path, "a.md", post_file("A", date=date))
    assert post.publish_at == expected


def test_import_jekyll_reads_naive_dates_in_the_sites_time_zone(tmp_path):
    write(tmp_path, "_config.yml", "timezone: America/New_York\n")
    post = imported(
        tmp_path, "_posts/2013-09-23-a.md", post_file("A", date="date: 2013-09-23 10:00")
    )
    assert post.publish_at == dt.datetime(2013, 9, 23, 14, 0, tzinfo=dt.UTC)


def test_import_jekyll_takes_a_category_given_alone(tmp_path):
    post = imported(tmp_path, "a.md", post_file("A", category="category: Energy news"))
    assert [category.name for category in post.categories.all()] == ["Energy news"]


def test_import_jekyll_ignores_unknown_keys(tmp_path):
    text = post_file("A", layout="layout: post", extra="comments: true\nsidebar: {left: 3}")
    assert imported(tmp_path, "a.md", text).title == "A"


def test_import_jekyll_reads_image_as_a_mapping_with_alt_and_credit(tmp_path):
    picture(tmp_path, "images/view.jpg")
    text = post_file("A", image="image: {feature: view.jpg, alt: The view, credit: Ann Berg}")
    post = imported(tmp_path, "a.md", text, "--images", tmp_path / "images")
    assert post.feature_image.alt_text == "The view"
    assert post.feature_image.credit == "Ann Berg"


def test_import_jekyll_reads_image_as_a_path(tmp_path):
    picture(tmp_path, "assets/img/view.jpg")
    post = imported(tmp_path, "a.md", post_file("A", image="image: /assets/img/view.jpg"))
    assert post.feature_image.width == 40


def test_import_jekyll_reads_html_posts(tmp_path):
    text = post_file("A", body="<p>Written in <em>HTML</em>.</p>")
    post = imported(tmp_path, "_posts/2020-01-02-a.html", text)
    assert "<em>HTML</em>" in post.body_html


def test_import_jekyll_reads_posts_in_subfolders_of_posts(tmp_path):
    write(tmp_path, "_posts/2020/2020-01-02-a.md", post_file("A"))
    run_import(tmp_path)
    assert Post.objects.get().slug == "a"


def test_import_jekyll_makes_posts_in_drafts_drafts(tmp_path):
    write(tmp_path, "_drafts/unfinished.md", post_file("Unfinished"))
    run_import(tmp_path)
    assert Post.objects.get().status == Post.Status.DRAFT


def test_import_jekyll_reads_only_posts_in_a_site(tmp_path):
    write(tmp_path, "_posts/2020-01-02-a.md", post_file("A"))
    write(tmp_path, "about.md", post_file("About us"))
    write(tmp_path, "_layouts/default.html", "<html>{{ content }}</html>")
    run_import(tmp_path)
    assert list(Post.objects.values_list("title", flat=True)) == ["A"]


def test_import_jekyll_skips_files_in_posts_without_a_date_and_says_so(tmp_path):
    write(tmp_path, "_posts/2020-01-02-a.md", post_file("A"))
    write(tmp_path, "_posts/notes.md", post_file("Notes"))
    out, err = run_import(tmp_path)
    assert "created 1, updated 0, unchanged 0, failed 0, skipped 1" in out
    assert "notes.md: skipped: in _posts/ but not named like a post" in err


# Excerpts ------------------------------------------------------------------------------


def test_import_jekyll_excerpt_becomes_the_lead(tmp_path):
    post = imported(tmp_path, "a.md", post_file("A", excerpt="excerpt: 'A custom excerpt'"))
    assert post.lead == "A custom excerpt"


def test_import_jekyll_plain_opening_before_the_excerpt_separator_becomes_the_lead(tmp_path):
    text = post_file(
        "A",
        separator="excerpt_separator: <!--more-->",
        body="The opening sentence.\n\n<!--more-->\n\nThe rest.",
    )
    post = imported(tmp_path, "a.md", text)
    assert post.lead == "The opening sentence."
    assert post.body_html == "<p>The rest.</p>"


def test_import_jekyll_opening_with_a_link_stays_in_the_body(tmp_path):
    text = post_file(
        "A",
        separator='excerpt_separator: "~~more~~"',
        body="See [this](https://example.com/).\n\n~~more~~\n\nThe rest.",
    )
    post = imported(tmp_path, "a.md", text)
    assert post.lead == ""
    assert "~~more~~" not in post.body
    assert '<a href="https://example.com/"' in post.body_html


# Liquid --------------------------------------------------------------------------------


def test_import_jekyll_highlight_becomes_a_fenced_code_block(tmp_path):
    body = "Run this:\n{% highlight ruby linenos %}\nputs 'hi'\n{% endhighlight %}\nDone."
    post = imported(tmp_path, "a.md", post_file("A", body=body))
    assert "```ruby\nputs 'hi'\n```" in post.body
    assert '<code class="language-ruby">' in post.body_html


def test_import_jekyll_site_url_and_baseurl_become_paths_here(tmp_path):
    write(tmp_path, "_config.yml", "url: https://old.example.com\nbaseurl: /blog\n")
    body = "[Old]({{ site.url }}{{ site.baseurl }}/2013/09/23/old/)"
    post = imported(tmp_path, "_posts/2020-01-02-a.md", post_file("A", body=body))
    assert post.body == "[Old](/blog/2013/09/23/old/)\n"


def test_import_jekyll_site_url_can_be_given(tmp_path):
    body = "[Home]({{ site.url }}/)"
    post = imported(tmp_path, "a.md", post_file("A", body=body), "--site-url", "https://n.example")
    assert post.body == "[Home](https://n.example/)\n"


def test_import_jekyll_raw_keeps_its_text_as_written(tmp_path):
    body = "`{% raw %}{{ page.title }}{% endraw %}` prints the title."
    post = imported(tmp_path, "a.md", post_file("A", body=body))
    assert "<code>{{ page.title }}</code>" in post.body_html


def test_import_jekyll_page_variables_are_filled_in(tmp_path):
    post = imported(tmp_path, "a.md", post_file("The Title", body="## {{ page.title }}"))
    assert "<h2>The Title</h2>" in post.body_html


def test_import_jekyll_include_is_read_from_the_site(tmp_path):
    write(tmp_path, "_includes/note.html", '<p class="note">Hello {{ include.who }}</p>')
    body = 'Before\n\n{% include note.html who="readers" %}\n\nAfter'
    post = imported(tmp_path, "_posts/2020-01-02-a.md", post_file("A", body=body))
    assert "<p>Hello readers</p>" in post.body_html


def test_import_jekyll_missing_include_is_left_out_with_a_warning(tmp_path):
    _out, err = run_import(write(tmp_path, "a.md", post_file("A", body="x {% include nav.html %}")))
    assert Post.objects.get().body == "x \n"
    assert "warning: Liquid: left out {% include nav.html %}" in err


def test_import_jekyll_post_url_links_to_the_other_posts_old_url(tmp_path, client):
    write(tmp_path, "_posts/2020-01-02-first.md", post_file("First"))
    body = "See [the first]({% post_url 2020-01-02-first %})."
    write(tmp_path, "_posts/2020-02-03-second.md", post_file("Second", body=body))
    run_import(tmp_path)
    second = Post.objects.get(slug="second")
    assert second.body == "See [the first](/2020/01/02/first.html).\n"
    response = client.get("/2020/01/02/first.html")
    assert response["Location"] == Post.objects.get(slug="first").get_absolute_url()


def test_import_jekyll_link_to_a_file_in_the_site_resolves(tmp_path):
    write(tmp_path, "en/news/_posts/2020-01-02-first.md", post_file("First"))
    body = "[First]({% link en/news/_posts/2020-01-02-first.md %})"
    write(tmp_path, "en/news/_posts/2020-02-03-second.md", post_file("Second", body=body))
    run_import(tmp_path)
    assert Post.objects.get(slug="second").body == "[First](/en/news/2020/01/02/first.html)\n"


def test_import_jekyll_link_nowhere_keeps_its_text_with_a_warning(tmp_path):
    body = "Read [the guide]({% link _docs/guide.md %}) first."
    _out, err = run_import(write(tmp_path, "a.md", post_file("A", body=body)))
    assert Post.objects.get().body == "Read the guide first.\n"
    assert "left out the link to _docs/guide.md" in err


def test_import_jekyll_unknown_values_leave_no_empty_autolinks(tmp_path):
    body = "{% assign release = site.data.releases | first %}\n* <{{ release.url }}>\n"
    _out, err = run_import(write(tmp_path, "a.md", post_file("A", body=body)))
    post = Post.objects.get()
    assert "{{" not in post.body and "&lt;&gt;" not in post.body_html
    assert "no data for: release.url" in err


def test_import_jekyll_site_data_is_used_when_the_site_has_it(tmp_path):
    write(tmp_path, "_data/releases.yml", "- {version: '2.7.2', url: 'https://x.example/2.7.2'}\n")
    body = (
        '{% assign release = site.data.releases | where: "version", "2.7.2" | first %}'
        "Get it: <{{ release.url }}>"
    )
    post = imported(tmp_path, "_posts/2020-01-02-a.md", post_file("A", body=body))
    assert '<a href="https://x.example/2.7.2"' in post.body_html


def test_import_jekyll_evaluates_conditions_and_loops(tmp_path):
    body = (
        "{% if page.title == 'A' %}yes{% else %}no{% endif %} "
        "{% for tag in page.tags %}[{{ tag }}]{% endfor %}"
    )
    post = imported(tmp_path, "a.md", post_file("A", tags="tags: [x, y]", body=body))
    assert post.body == "yes [x][y]\n"


def test_import_jekyll_unknown_tag_is_left_out_with_a_warning(tmp_path):
    _out, err = run_import(write(tmp_path, "a.md", post_file("A", body="a {% seo_box big %} b")))
    assert Post.objects.get().body == "a  b\n"
    assert "left out {% seo_box %}: Pressroom does not know this tag" in err


def test_import_jekyll_youtube_tag_becomes_an_embedded_video(tmp_path):
    post = imported(tmp_path, "a.md", post_file("A", body="{% youtube dQw4w9WgXcQ %}"))
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in post.body_html


def test_import_jekyll_render_with_liquid_false_keeps_the_body(tmp_path):
    text = post_file("A", liquid="render_with_liquid: false", body="Use {{ x }} in templates.")
    assert imported(tmp_path, "a.md", text).body == "Use {{ x }} in templates.\n"


def test_liquid_unclosed_tag_never_reaches_readers():
    text, warnings = liquid.convert("50 {% off today", liquid.LiquidContext())
    assert "{%" not in text
    assert warnings


def test_liquid_whitespace_control_trims_around_tags():
    text, _warnings = liquid.convert(
        "a\n{%- if true -%}\n  b\n{%- endif -%}\nc", liquid.LiquidContext()
    )
    assert text == "abc"


def test_liquid_nested_loops_stop_after_their_step_budget_with_a_warning():
    text, warnings = liquid.convert(
        "Before {% for i in (1..1000) %}{% for j in (1..1000) %}{% for k in (1..1000) %}"
        "{% endfor %}{% endfor %}{% endfor %}after",
        liquid.LiquidContext(),
    )
    assert text == "Before after"
    assert any("steps" in warning for warning in warnings)


def test_liquid_append_doubling_stops_at_the_value_budget_with_a_warning():
    text, warnings = liquid.convert(
        "{% assign x = 'ab' %}{% for i in (1..1000) %}{% assign x = x | append: x %}"
        "{% endfor %}Size {{ x | size }}",
        liquid.LiquidContext(),
    )
    assert text == "Size "
    assert any("a value grew past" in warning for warning in warnings)


def test_liquid_loop_over_a_huge_range_is_cut():
    text, warnings = liquid.convert(
        "{% for i in (1..1000000000000) %}.{% endfor %}", liquid.LiquidContext()
    )
    assert text == "." * liquid.MAX_LOOP_ITEMS
    assert any("cut to its first" in warning for warning in warnings)


def test_import_posts_names_the_file_whose_liquid_ran_over_its_budget(tmp_path):
    body = "Text. {% for i in (1..1000) %}{% for j in (1..1000) %}x{% endfor %}{% endfor %}"
    write(tmp_path, "_posts/2024-01-02-loops.md", post_file("Loops", body=body))

    out, err = run_import(tmp_path)

    assert "created 1" in out
    assert "2024-01-02-loops.md" in err + out
    assert "steps" in err + out
    assert Post.objects.get().body.strip() == "Text. x"


def test_liquid_loops_are_bounded():
    text, _warnings = liquid.convert(
        "{% for i in (1..100000) %}{% for j in (1..100000) %}x{% endfor %}{% endfor %}",
        liquid.LiquidContext(),
    )
    assert len(text) <= liquid.MAX_OUTPUT_CHARS + 1000


# kramdown ------------------------------------------------------------------------------


def test_import_jekyll_attribute_lists_never_reach_readers(tmp_path):
    body = (
        "A paragraph.\n{: .lead}\n\n![Logo](https://example.com/l.png)\n"
        '{: style="float:right" width="180"}\n\n[a link](https://example.com/){: target="_blank"}'
    )
    post = imported(tmp_path, "a.md", post_file("A", body=body))
    assert "{:" not in post.body_html
    assert '<img alt="Logo" src="https://example.com/l.png">' in post.body_html


def test_import_jekyll_table_of_contents_marker_is_removed(tmp_path):
    body = "* TOC\n{:toc}\n\n## First\n\nText."
    post = imported(tmp_path, "a.md", post_file("A", body=body))
    assert post.body_html == "<h2>First</h2>\n<p>Text.</p>"


def test_import_jekyll_definition_lists_become_html_definition_lists(tmp_path):
    post = imported(tmp_path, "a.md", post_file("A", body="Ruby\n: A language.\n"))
    assert post.body_html == "<dl>\n<dt>Ruby</dt>\n<dd>A language.</dd>\n</dl>"


def test_kramdown_leaves_ruby_hashes_in_code_alone():
    text = "```ruby\nh = {:a=>1}\n{: .not-an-ial}\n```\n\nInline `{:b=>2}` too.\n"
    assert kramdown.convert(text)[0] == text


# Old URLs ------------------------------------------------------------------------------


def test_import_jekyll_default_url_redirects_to_the_post(tmp_path, client):
    text = post_file("A", categories="categories: [Energy, news]", date="date: 2013-09-23 10:00")
    write(tmp_path, "blog/_posts/2013-09-23-a-post.md", text)
    run_import(tmp_path)
    post = Post.objects.get()
    response = client.get("/blog/energy/news/2013/09/23/a-post.html")
    assert response.status_code == 301
    assert response["Location"] == post.get_absolute_url()


def test_import_jekyll_pretty_form_of_the_old_url_redirects_too(tmp_path, client):
    run_import(write(tmp_path, "_posts/2013-09-23-a-post.md", post_file("A")))
    response = client.get("/2013/09/23/a-post/")
    assert response.status_code == 301


def test_import_jekyll_sites_permalink_setting_makes_the_old_url(tmp_path):
    write(tmp_path, "_config.yml", "permalink: /news/:year/:title/\n")
    run_import(write(tmp_path, "_posts/2013-09-23-a-post.md", post_file("A")))
    assert Redirect.objects.get().old_path == "/news/2013/a-post/"


def test_import_jekyll_permalink_placeholders_are_filled_in(tmp_path):
    text = post_file("A", permalink="permalink: /:categories/:title", categories="category: Ops")
    run_import(write(tmp_path, "_posts/2013-09-23-a-post.md", text))
    assert list(Redirect.objects.values_list("old_path", flat=True)) == ["/ops/a-post"]


def test_import_jekyll_permalink_cannot_climb_out_of_the_site(tmp_path):
    text = post_file("A", permalink="permalink: /%2e%2e/%2e%2e/baddie.html")
    run_import(write(tmp_path, "a.md", text))
    assert Redirect.objects.get().old_path == "/baddie.html"


def test_import_jekyll_redirect_from_paths_redirect(tmp_path, client):
    text = post_file("A", redirects="redirect_from: [/old/a/, 'https://old.example/b.html']")
    run_import(write(tmp_path, "a.md", text))
    assert sorted(Redirect.objects.values_list("old_path", flat=True)) == ["/b.html", "/old/a/"]
    assert client.get("/old/a/").status_code == 301


def test_import_jekyll_redirect_under_an_interface_language_prefix_works(tmp_path, client):
    run_import(write(tmp_path, "en/news/_posts/2020-01-02-a.md", post_file("A")).parents[3])
    response = client.get("/en/news/2020/01/02/a/")
    assert response.status_code == 301


def test_import_jekyll_old_url_taken_by_another_post_stays_with_a_warning(tmp_path):
    other = factories.make_post(slug="other")
    Redirect.remember("/old/", other)
    _out, err = run_import(write(tmp_path, "a.md", post_file("A", permalink="permalink: /old/")))
    assert Redirect.objects.get(old_path="/old/").post == other
    assert "the old URL /old/ already leads to another post" in err


def test_import_jekyll_redirects_are_rows_in_the_admin(tmp_path, admin_client):
    run_import(write(tmp_path, "_posts/2013-09-23-a-post.md", post_file("A")))
    response = admin_client.get("/admin/blog/redirect/")
    assert "/2013/09/23/a-post.html" in response.content.decode()


# Pictures ------------------------------------------------------------------------------


def test_import_jekyll_body_pictures_go_into_the_library(tmp_path):
    picture(tmp_path, "site/images/chart.jpg")
    text = post_file("A", body="![The chart](/images/chart.jpg)")
    post = imported(tmp_path, "posts/a.md", text, "--images", tmp_path / "site")
    image = Image.objects.get()
    assert post.body == f"![The chart]({image.file.url})\n"
    assert f'src="{image.file.url}"' in post.body_html


def test_import_jekyll_body_picture_of_a_published_post_is_served_to_readers(tmp_path, client):
    picture(tmp_path, "site/images/chart.jpg")
    text = post_file("A", body="![The chart](/images/chart.jpg)")
    post = imported(tmp_path, "posts/a.md", text, "--images", tmp_path / "site")
    image = Image.objects.get()
    assert post.is_published
    assert client.get(image.file.url).status_code == 200


def test_import_jekyll_body_picture_of_a_draft_is_not_served_to_readers(tmp_path, client):
    picture(tmp_path, "site/images/chart.jpg")
    text = post_file("A", body="![The chart](/images/chart.jpg)", published="published: false")
    post = imported(tmp_path, "posts/a.md", text, "--images", tmp_path / "site")
    assert not post.is_published
    assert client.get(Image.objects.get().file.url).status_code == 404


def test_import_jekyll_html_img_beside_the_post_goes_into_the_library(tmp_path):
    picture(tmp_path, "posts/chart.jpg")
    text = post_file("A", body='<p><img src="chart.jpg" alt="Chart"></p>')
    post = imported(tmp_path, "posts/a.md", text)
    assert Image.objects.get().file.url in post.body_html


def test_import_jekyll_missing_picture_becomes_its_alt_text_with_a_warning(tmp_path):
    text = post_file("A", body="Look: ![The chart](/images/chart.jpg)")
    _out, err = run_import(write(tmp_path, "a.md", text))
    post = Post.objects.get()
    assert post.body_html == "<p>Look: The chart</p>"
    assert "picture /images/chart.jpg not found" in err


def test_import_jekyll_picture_that_is_no_picture_is_left_out(tmp_path):
    write(tmp_path, "images/fake.png", "not a picture")
    text = post_file("A", body="![Fake](images/fake.png)")
    _out, err = run_import(write(tmp_path, "a.md", text))
    assert Post.objects.get().body_html == "<p>Fake</p>"
    assert not Image.objects.exists()
    assert "picture images/fake.png left out" in err


def test_import_jekyll_pictures_outside_the_import_are_never_read(tmp_path):
    picture(tmp_path, "secret/private.jpg")
    text = post_file("A", body="![x](../../secret/private.jpg)")
    run_import(write(tmp_path, "site/posts/a.md", text))
    assert not Image.objects.exists()


def test_import_jekyll_web_pictures_stay_where_they_are(tmp_path):
    post = imported(tmp_path, "a.md", post_file("A", body="![x](https://cdn.example/x.png)"))
    assert post.body == "![x](https://cdn.example/x.png)\n"


def test_import_jekyll_same_picture_twice_is_one_library_image(tmp_path):
    picture(tmp_path, "images/a.jpg")
    write(tmp_path, "a.md", post_file("A", image="image: a.jpg"))
    write(tmp_path, "b.md", post_file("B", body="![a](/images/a.jpg)"))
    run_command(tmp_path, "--images", tmp_path / "images")
    run_command(tmp_path, "--images", tmp_path / "images")
    assert Image.objects.count() == 1


def test_import_jekyll_missing_feature_image_is_a_warning(tmp_path):
    _out, err = run_import(write(tmp_path, "a.md", post_file("A", image="image: gone.jpg")))
    assert Post.objects.get().feature_image is None
    assert "image: gone.jpg not found (say where pictures are with --images DIR)" in err


def test_import_jekyll_dry_run_writes_no_pictures(tmp_path, media_root):
    picture(tmp_path, "images/a.jpg")
    text = post_file("A", image="image: a.jpg", body="![a](a.jpg)")
    out, _err = run_import(
        write(tmp_path, "a.md", text), "--images", tmp_path / "images", dry_run=True
    )
    assert "would be created" in out
    assert not Image.objects.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_import_posts_rejects_an_images_folder_that_does_not_exist(tmp_path):
    with pytest.raises(CommandError, match="no such folder"):
        run_command(write(tmp_path, "a.md", post_file("A")), "--images", tmp_path / "nowhere")


# Zip files -----------------------------------------------------------------------------


def zipped(tmp_path, files: dict, name="site.zip"):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        for member, content in files.items():
            archive.writestr(member, content)
    return path


def test_import_zip_of_a_site_imports_its_posts(tmp_path):
    archive = zipped(
        tmp_path,
        {
            "myblog/_config.yml": "title: My blog\n",
            "myblog/_posts/2020-01-02-a.md": post_file("A"),
            "myblog/index.html": "<h1>Home</h1>",
        },
    )
    out, _err = run_import(archive)
    assert "created 1, updated 0, unchanged 0, failed 0" in out
    assert Post.objects.get().source == "file:_posts/2020-01-02-a.md"


def test_import_zip_of_a_posts_folder_takes_pictures_from_the_zip(tmp_path):
    archive = zipped(
        tmp_path,
        {
            "2020-01-02-a.md": post_file("A", body="![pic](pic.jpg)"),
            "pic.jpg": factories.image_bytes(),
        },
    )
    run_import(archive)
    assert Image.objects.get().file.url in Post.objects.get().body_html


def test_import_zip_member_names_cannot_leave_the_folder(tmp_path):
    archive = zipped(tmp_path, {"../../evil.md": post_file("Evil"), "ok.md": post_file("Ok")})
    run_import(archive)
    assert sorted(Post.objects.values_list("title", flat=True)) == ["Evil", "Ok"]
    assert not (tmp_path.parent / "evil.md").exists()


def test_import_broken_zip_is_reported(tmp_path):
    archive = write(tmp_path, "broken.zip", "this is not a zip")
    _out, err = run_failing_import(archive)
    assert "cannot read the zip file" in err


# Behaviour of the command --------------------------------------------------------------


def test_import_posts_exit_status_is_non_zero_after_the_rest_imported(tmp_path):
    write(tmp_path, "good.md", post_file("Good"))
    write(tmp_path, "bad.md", "no front matter")
    out, _err = run_failing_import(tmp_path)
    assert "created 1, updated 0, unchanged 0, failed 1" in out
    assert Post.objects.get().title == "Good"


def test_import_posts_progress_bar_can_be_asked_for(tmp_path, capsys):
    write(tmp_path, "a.md", post_file("A"))
    call_command("import_posts", str(tmp_path), "--progress", stdout=io.StringIO())
    assert "Importing" in capsys.readouterr().err


@pytest.fixture
def related_link_titled_boom_fails(db):
    """A database trigger that refuses a related link titled "boom", like a full disk would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN "
                "IF NEW.title = 'boom' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; "
                "END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_boom BEFORE INSERT ON blog_relatedlink "
                "FOR EACH ROW EXECUTE FUNCTION refuse_boom()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_boom BEFORE INSERT ON blog_relatedlink "
                "WHEN NEW.title = 'boom' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )


def test_import_posts_post_that_fails_while_written_leaves_nothing_behind(
    tmp_path, related_link_titled_boom_fails
):
    picture(tmp_path, "images/a.jpg")
    write(tmp_path, "a.md", post_file("Fine", topics="topics: [Energi]"))
    text = post_file(
        "Fails",
        topics="topics: [Vind]",
        tags="tags: [storm]",
        contacts="contacts: [{name: Mia Berg, phone: '070 000 00 00'}]",
        permalink="permalink: /old/",
        image="image: a.jpg",
        links="related_links: [{title: boom, url: 'https://example.com/'}]",
    )
    write(tmp_path, "b.md", text)
    _out, err = run_failing_import(tmp_path, "--images", tmp_path / "images")
    assert "b.md: " in err and "refused" in err
    assert list(Post.objects.values_list("title", flat=True)) == ["Fine"]
    assert list(Topic.objects.values_list("name", flat=True)) == ["Energi"]
    for model in (Redirect, Contact, Tag, Image):
        assert not model.objects.exists()


def test_import_posts_twice_reports_everything_unchanged(tmp_path):
    picture(tmp_path, "images/a.jpg")
    write(
        tmp_path,
        "_posts/2020-01-02-a.md",
        post_file("A", image="image: a.jpg", body="![a](/images/a.jpg) {{ page.title }}"),
    )
    write(tmp_path, "_posts/2020-01-03-b.md", post_file("B", redirects="redirect_from: /old-b/"))
    run_import(tmp_path)
    out, _err = run_import(tmp_path)
    assert "created 0, updated 0, unchanged 2, failed 0" in out


def test_import_posts_reads_a_file_named_twice_once(tmp_path):
    path = write(tmp_path, "sub/a.md", post_file("A"))
    out, _err = run_command(tmp_path, path, tmp_path / "sub")
    assert "created 1, updated 0, unchanged 0, failed 0" in out


def test_import_posts_lists_each_post_only_with_verbosity_2(tmp_path):
    write(tmp_path, "a.md", post_file("A"))
    quiet, _err = run_command(tmp_path)
    Post.objects.all().delete()
    talkative, _err = run_command(tmp_path, "-v", "2")
    assert "a.md: created" not in quiet
    assert "a.md: created" in talkative


def test_import_paths_result_counts_every_outcome(tmp_path):
    write(tmp_path, "a.md", post_file("A"))
    write(tmp_path, "b.md", "---\ntitle: [broken\n---\n")
    result = import_paths([tmp_path])
    assert (result.created, result.failed) == (1, 1)
    assert result.failures[0][0].endswith("b.md")


# Languages -----------------------------------------------------------------------------


def test_import_jekyll_reads_any_content_language(tmp_path):
    assert imported(tmp_path, "a.md", post_file("A", lang="lang: zh_cn")).language == "zh-hans"


def test_import_jekyll_language_nobody_knows_is_a_warning_and_the_post_is_kept(tmp_path):
    _out, err = run_import(write(tmp_path, "a.md", post_file("A", lang="lang: klingon")))
    assert "language: 'klingon' is not a language Pressroom knows" in err
    assert Post.objects.get().language == "sv"


def test_import_jekyll_site_lang_sets_the_language_of_posts_naming_none(tmp_path):
    write(tmp_path, "_config.yml", "lang: en-US\n")
    assert imported(tmp_path, "_posts/2020-01-02-a.md", post_file("A")).language == "en"


def test_import_jekyll_post_language_wins_over_the_site_lang(tmp_path):
    write(tmp_path, "_config.yml", "locale: en_US\n")
    text = post_file("A", lang="lang: de")
    assert imported(tmp_path, "_posts/2020-01-02-a.md", text).language == "de"


def test_post_page_shows_a_japanese_post_with_its_date_in_japanese(client):
    post = factories.make_post(
        title="リリース", language="ja", publish_at=timezone.now() - dt.timedelta(days=1)
    )
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "月" in response.content.decode()


def test_post_page_of_an_unknown_language_code_does_not_fail(client):
    post = factories.make_post(title="Old row")
    Post.objects.filter(pk=post.pk).update(language="xx-unknown")
    assert client.get(post.get_absolute_url()).status_code == 200


def test_post_in_a_content_language_links_to_the_default_interface():
    post = factories.make_post(slug="a-post", language="ja")
    assert post.get_url_in_own_language() == "/posts/a-post/"


# As Jekyll renders it (issue: import that Jekyll itself would sign off) -----------------------


def test_import_jekyll_link_to_a_post_with_categories_uses_the_url_jekyll_gave_it(tmp_path):
    write(tmp_path, "_posts/2020-01-02-first.md", post_file("First", category="category: release"))
    body = "[First]({% link _posts/2020-01-02-first.md %}) and {% post_url 2020-01-02-first %}"
    write(tmp_path, "_posts/2020-02-03-second.md", post_file("Second", body=body))
    run_import(tmp_path)
    second = Post.objects.get(slug="second")
    assert second.body == (
        "[First](/release/2020/01/02/first.html) and /release/2020/01/02/first.html\n"
    )


def test_import_jekyll_link_with_an_unknown_site_value_before_its_path_keeps_the_path(tmp_path):
    body = "Fixed in [#12][].\n\n[#12]: {{ site.repository }}/issues/12\n"
    post = imported(tmp_path, "a.md", post_file("A", body=body))
    assert '<a href="/issues/12" rel="noopener noreferrer nofollow">#12</a>' in body_html(post)


def test_import_jekyll_reference_to_an_unknown_address_keeps_its_text(tmp_path):
    body = "See [the roadmap][roadmap] and [roadmap].\n\n[roadmap]: {{ site.roadmap }}\n"
    post = imported(tmp_path, "a.md", post_file("A", body=body))
    assert post.body.strip() == "See the roadmap and roadmap."


def test_import_jekyll_post_without_front_matter_in_posts_is_imported(tmp_path):
    post = imported(tmp_path, "_posts/2009-06-22-no-yaml.md", "No front matter, *still* a post.\n")
    date = timezone.localtime(post.publish_at).date()
    assert (post.title, date) == ("No yaml", dt.date(2009, 6, 22))
    assert body_html(post) == "<p>No front matter, <em>still</em> a post.</p>"


def test_import_jekyll_long_description_is_shortened_and_the_post_kept(tmp_path):
    description = "word " * 100
    _out, err = run_import(
        write(tmp_path, "a.md", post_file("A", description=f"description: {description}"))
    )
    post = Post.objects.get()
    assert len(post.meta_description) <= 300
    assert post.meta_description.endswith("word\u2026")
    assert "description: shortened to" in err


def test_import_jekyll_long_title_is_shortened_at_a_word_boundary(tmp_path):
    _out, err = run_import(write(tmp_path, "a.md", post_file("Title " * 80)))
    title = Post.objects.get().title
    assert len(title) <= 300 and title.endswith("Title\u2026")
    assert "title: shortened" in err


def test_import_jekyll_reads_the_date_from_pubdate(tmp_path):
    text = post_file("A", date="pubDate: 'Mon, 23 Sep 2013 10:00:00 +0200'")
    post = imported(tmp_path, "a.md", text)
    assert post.publish_at == dt.datetime(2013, 9, 23, 8, 0, tzinfo=dt.UTC)


def test_import_jekyll_reads_the_date_from_created(tmp_path):
    post = imported(tmp_path, "a.md", post_file("A", date="created: 2014-05-06"))
    assert timezone.localtime(post.publish_at).date() == dt.date(2014, 5, 6)


def test_import_jekyll_post_without_any_date_is_a_warning(tmp_path):
    _out, err = run_import(write(tmp_path, "a.md", post_file("A")))
    assert "no date: neither the front matter" in err
    assert Post.objects.get().title == "A"


def test_import_jekyll_include_cached_works_like_include(tmp_path):
    write(tmp_path, "_includes/note.md", "A *note*.")
    text = post_file("A", body="{% include_cached note.md %}")
    post = imported(tmp_path, "_posts/2020-01-02-a.md", text)
    assert body_html(post) == "<p>A <em>note</em>.</p>"


def test_import_jekyll_markdownify_of_a_capture_inside_a_div_shows_html(tmp_path):
    write(tmp_path, "_includes/box.md", "Some **bold** text.")
    body = (
        "{% capture box %}{% include box.md %}{% endcapture %}\n"
        "<div>\n{{ box | markdownify }}\n</div>\n"
    )
    post = imported(tmp_path, "_posts/2020-01-02-a.md", post_file("A", body=body))
    assert "<strong>bold</strong>" in body_html(post)
    assert "**" not in body_html(post)


def test_import_jekyll_old_url_keeps_the_characters_jekylls_pretty_slug_keeps(tmp_path, client):
    write(tmp_path, "_posts/2020-01-02-snake_case.v2~draft.md", post_file("A"))
    run_import(tmp_path)
    response = client.get("/2020/01/02/snake_case.v2~draft.html")
    assert response.status_code == 301


def test_import_jekyll_post_with_its_own_permalink_gets_that_address_only(tmp_path):
    text = post_file("A", permalink="permalink: /about-us/")
    run_import(write(tmp_path, "_posts/2020-01-02-a.md", text))
    assert list(Redirect.objects.values_list("old_path", flat=True)) == ["/about-us/"]
