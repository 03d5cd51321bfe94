"""
What search engines, social sites and feed readers learn about posts: summaries,
authors, changes, hreflang alternates between translations and the JSON-LD article.
Plain functions, shared by the page metadata template tag, the feeds and the sitemaps;
what any page has is in pressroom.metadata.
"""

from collections import defaultdict

from django.conf import settings
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from pressroom.metadata import DESCRIPTION_WORDS, organization_data, summarize, without_empty
from pressroom.models import NewsroomSettings
from pressroom.text import plain_text

from .models import Post

HEADLINE_CHARS = 110  # longer headlines are cut by search engines anyway


SCHEMA_TYPES = {
    Post.Kind.PRESS_RELEASE: "NewsArticle",
    Post.Kind.NEWS: "NewsArticle",
    Post.Kind.BLOG_POST: "BlogPosting",
    Post.Kind.EVENT: "Event",
}


def post_summary(post, words=DESCRIPTION_WORDS):
    """The post's meta description, else its lead, else the start of its body, as plain text."""
    return summarize(post.meta_description or post.lead or plain_text(post.body_html), words)


def section_description(section=None, name=""):
    """
    A sentence describing a list of posts: everything (``section`` None), or one
    kind, topic, category or tag (``section`` "kinds", "topics", "categories", "tags").
    """
    texts = {
        None: _("The latest press releases, news, blog posts and events from %(site)s."),
        "kinds": _("%(name)s from %(site)s."),
        "topics": _("Posts on the topic %(name)s from %(site)s."),
        "categories": _("Posts in the category %(name)s from %(site)s."),
        "tags": _("Posts tagged %(name)s from %(site)s."),
    }
    return texts[section] % {"name": name, "site": NewsroomSettings.load().name}


def post_changed_at(post):
    """When readers last saw the post change: a scheduled post changes when it appears."""
    return max(post.updated_at, post.publish_at)


def post_author_name(post):
    """Who wrote the post: its byline, else the author's full name, else the newsroom."""
    if post.byline:
        return post.byline
    if post.author_id and post.author.get_full_name():
        return post.author.get_full_name()
    return NewsroomSettings.load().name


def published_translations(post):
    """The published posts that are this post in another language (one query, shared)."""
    return post.published_translations()


def group_translations(posts):
    """Map each post's pk to the other posts of ``posts`` that translate it (no queries)."""
    groups = defaultdict(list)
    for post in posts:
        groups[post.translation_of_id or post.pk].append(post)
    return {
        post.pk: [other for other in groups[post.translation_of_id or post.pk] if other != post]
        for post in posts
    }


def post_hreflang_paths(post, translations):
    """
    hreflang -> path for a post page. Each interface language points at the version
    of the post written in that language when there is one, else at this post shown
    in that language; x-default is the newsroom's default language. Every version of
    a post therefore announces the same set, as search engines require.
    """
    by_language = {other.language: other for other in translations}
    by_language[post.language] = post
    paths = {}
    for code, _name in settings.LANGUAGES:
        version = by_language.get(code, post)
        with translation.override(code):
            paths[code] = version.get_absolute_url()
    paths["x-default"] = paths[settings.LANGUAGE_CODE]
    return paths


def post_data(post, request, *, url, description, image_url, keywords=()):
    """A post as NewsArticle, BlogPosting or Event; ``keywords`` are its tags' names."""
    schema_type = SCHEMA_TYPES[post.kind]
    if schema_type == "Event" and not post.event_start:
        schema_type = "NewsArticle"  # an Event without a start time is not valid
    publisher = organization_data(request)
    if post.byline or (post.author_id and post.author.get_full_name()):
        author = {"@type": "Person", "name": post_author_name(post)}
    else:
        author = publisher
    data = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "url": url,
        "description": description,
        "image": [image_url] if image_url else [],
        "inLanguage": post.language,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
    }
    if schema_type == "Event":
        data.update(
            {
                "name": post.title,
                "startDate": post.event_start,
                "endDate": post.event_end,
                "eventStatus": "https://schema.org/EventScheduled",
                "organizer": publisher,
            }
        )
        if post.event_location:
            data["location"] = {
                "@type": "Place",
                "name": post.event_location,
                "address": post.event_location,
            }
    else:
        data.update(
            {
                "headline": Truncator(post.title).chars(HEADLINE_CHARS),
                "datePublished": post.publish_at,
                "dateModified": post_changed_at(post),
                "author": author,
                "publisher": publisher,
                "keywords": list(keywords),
            }
        )
    return without_empty(data)
