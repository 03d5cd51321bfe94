"""
import_posts on real Jekyll sites from ../shared/corpora/jekyll/: Jekyll's own edge cases,
and the 4,723 news posts of www.ruby-lang.org in 17 languages.

The whole ruby-lang corpus takes a minute or two, so it runs only when PRESSROOM_CORPUS=1
(CI's SQLite pass sets it) and is marked ``corpus``; a sample of it, every language
included, runs everywhere.
"""

import os
import re
import shutil
from collections import Counter

import pytest
from django.db import connection

from blog.importers.posts import import_paths
from blog.models import Post
from tests.conftest import CORPORA_DIR, shared_data

pytestmark = pytest.mark.django_db

JEKYLL = CORPORA_DIR / "jekyll" / "jekyll__jekyll"
RUBY = CORPORA_DIR / "jekyll" / "ruby__www.ruby-lang.org"
# www.ruby-lang.org's language folders, as Pressroom's content languages.
RUBY_LANGUAGES = {
    "bg": "bg", "de": "de", "en": "en", "es": "es", "fr": "fr", "id": "id", "it": "it",
    "ja": "ja", "ko": "ko", "pl": "pl", "pt": "pt", "ru": "ru", "tr": "tr", "uk": "uk",
    "vi": "vi", "zh_cn": "zh-hans", "zh_tw": "zh-hant",
}  # fmt: skip
# Posts per language folder in the corpus.
RUBY_POSTS = {
    "bg": 29, "de": 354, "en": 513, "es": 311, "fr": 183, "id": 286, "it": 107, "ja": 510,
    "ko": 427, "pl": 80, "pt": 101, "ru": 192, "tr": 78, "uk": 513, "vi": 500,
    "zh_cn": 248, "zh_tw": 291,
}  # fmt: skip
SAMPLE_EVERY = 20
# Where text may be Liquid or kramdown on purpose: code shown as code.
CODE = re.compile(r"<pre\b.*?</pre>|<code\b.*?</code>", re.DOTALL)


def leaks(posts):
    """Posts whose page would show Liquid or kramdown syntax (outside code samples)."""
    found = []
    for slug, html in posts.values_list("slug", "body_html"):
        prose = CODE.sub("", html)
        found += [(slug, marker) for marker in ("{%", "{{", "{:") if marker in prose]
    return found


# Jekyll's own posts and edge cases -----------------------------------------------------


@pytest.fixture
def jekyll_result():
    shared_data(JEKYLL)
    return import_paths([JEKYLL])


def test_import_corpus_jekyll_imports_every_post_those_without_front_matter_too(jekyll_result):
    # Jekyll publishes the two dated files in _posts that have no front matter; so does
    # the import, titled and dated by their names.
    assert (jekyll_result.created, jekyll_result.updated, jekyll_result.failed) == (159, 0, 0)
    names = {name.rsplit("/", 1)[-1] for name, _warning in jekyll_result.warnings}
    assert {"2009-06-22-no-yaml.markdown", "2013-08-01-mkdn-extension.mkdn"} <= names


def test_import_corpus_jekyll_skips_the_files_jekyll_does_not_read_as_posts(jekyll_result):
    skipped = sorted(name.split("_posts/", 1)[1] for name, _reason in jekyll_result.skipped)
    assert skipped == [
        "2013-03-19-not-a-post/dubious.markdown",
        "include_relative/params.html",
        "include_relative/rel_include.html",
    ]


def test_import_corpus_jekyll_shows_readers_no_liquid_or_kramdown(jekyll_result):
    assert leaks(Post.objects.all()) == []


def test_import_corpus_jekyll_unpublished_post_is_a_draft(jekyll_result):
    post = Post.objects.get(source="file:test/source/_posts/2008-02-02-not-published.markdown")
    assert post.status == Post.Status.DRAFT


def test_import_corpus_jekyll_again_changes_nothing(jekyll_result):
    again = import_paths([JEKYLL])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 159)


# www.ruby-lang.org ---------------------------------------------------------------------


def sample(tmp_path):
    """Every SAMPLE_EVERY-th post of every language, copied with its folders."""
    for folder in sorted(RUBY.iterdir()):
        posts = sorted((folder / "news" / "_posts").glob("*.md"))
        for path in posts[::SAMPLE_EVERY]:
            target = tmp_path / path.relative_to(RUBY)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return tmp_path


def test_import_corpus_ruby_sample_imports_every_post_in_every_language(tmp_path):
    shared_data(RUBY)
    expected = {code: -(-count // SAMPLE_EVERY) for code, count in RUBY_POSTS.items()}
    result = import_paths([sample(tmp_path)])
    assert (result.created, result.failed) == (sum(expected.values()), 0), result.failures
    languages = Counter(Post.objects.values_list("language", flat=True))
    assert languages == Counter({RUBY_LANGUAGES[code]: n for code, n in expected.items()})
    assert leaks(Post.objects.all()) == []


@pytest.mark.corpus
@pytest.mark.skipif(
    os.environ.get("PRESSROOM_CORPUS") != "1",
    reason="the whole corpus runs with PRESSROOM_CORPUS=1",
)
def test_import_corpus_ruby_whole_imports_all_4723_posts(client):
    shared_data(RUBY)
    if connection.vendor != "sqlite":
        pytest.skip("the whole corpus runs once, on SQLite")
    result = import_paths([RUBY])
    assert (result.created, result.failed, len(result.skipped)) == (4723, 0, 0), result.failures
    languages = Counter(Post.objects.values_list("language", flat=True))
    assert languages == Counter({RUBY_LANGUAGES[code]: n for code, n in RUBY_POSTS.items()})
    assert leaks(Post.objects.all()) == []
    # An old address of the site answers with the post, in any language.
    response = client.get("/ja/news/2019/12/25/ruby-2-7-0-released/")
    assert response.status_code == 301
    post = Post.objects.get(source="file:ja/news/_posts/2019-12-25-ruby-2-7-0-released.md")
    assert response["Location"] == post.get_absolute_url()
