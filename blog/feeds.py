"""
Feeds of published posts in RSS 2.0, Atom and JSON Feed 1.1: everything, and one per
kind, topic, category and tag.

URLs (in each interface language, /en/… for English):
    /feeds/<format>/                      everything
    /feeds/<section>/<slug>/<format>/     section: kinds, topics, categories or tags
where <format> is rss, atom or json.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from taggit.models import Tag

from pressroom.models import NewsroomSettings, Topic
from pressroom.text import clean_text

from .metadata import post_author_name, post_changed_at, post_summary, section_description
from .models import Category, Post, with_published_posts
from .views import KIND_PLURALS, KIND_SLUGS

FEED_FORMATS = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
FEED_FORMAT_NAMES = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
FEED_SECTIONS = ("kinds", "topics", "categories", "tags")
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"


@dataclass(frozen=True)
class FeedSource:
    """What one feed carries: its title, description, list page and posts."""

    title: str
    description: str
    link: str
    posts: QuerySet


def feed_title(heading=None):
    """A feed's title: the newsroom's name, and the section's when there is one."""
    if not heading:
        return NewsroomSettings.load().name
    return _("%(site)s: %(section)s") % {"site": NewsroomSettings.load().name, "section": heading}


def get_feed_source(section=None, slug=None):
    """The feed for everything (no section) or for one section; 404 when there is none."""
    posts = Post.objects.published()
    if section is None:
        return FeedSource(feed_title(), section_description(), reverse("blog:post-list"), posts)
    if section == "kinds":
        if slug not in KIND_SLUGS:
            raise Http404("No such kind of post")
        kind = KIND_SLUGS[slug]
        heading, description = KIND_PLURALS[kind], ""
        link, posts = reverse("blog:kind", kwargs={"kind": slug}), posts.of_kind(kind)
    elif section == "topics":
        topic = get_object_or_404(with_published_posts(Topic.objects.all(), "topics"), slug=slug)
        heading, description = topic.name, topic.description
        link, posts = topic.get_absolute_url(), posts.filter(topics=topic)
    elif section == "categories":
        category = get_object_or_404(
            with_published_posts(Category.objects.all(), "categories"), slug=slug
        )
        heading, description = category.name, category.description
        link, posts = category.get_absolute_url(), posts.filter(categories=category)
    elif section == "tags":
        tag = get_object_or_404(with_published_posts(Tag.objects.all(), "tags"), slug=slug)
        heading, description = tag.name, ""
        link, posts = reverse("blog:tag", kwargs={"slug": tag.slug}), posts.filter(tags=tag)
    else:
        raise Http404("No such feed")
    description = description or section_description(section, heading)
    return FeedSource(feed_title(heading), description, link, posts)


def feed_url(fmt, section=None, slug=None):
    """The path of a feed, in the current interface language."""
    if section is None:
        return reverse("blog:feed", kwargs={"fmt": fmt})
    return reverse("blog:section-feed", kwargs={"section": section, "slug": slug, "fmt": fmt})


def feed_links(heading=None, section=None, slug=None):
    """The feeds a page announces: one dict per format with type, title and href."""
    return [
        {
            "type": mime_type,
            "title": f"{feed_title(heading)} ({FEED_FORMAT_NAMES[fmt]})",
            "href": feed_url(fmt, section, slug),
        }
        for fmt, mime_type in FEED_FORMATS.items()
    ]


def feed_posts(source):
    """
    The newest posts of a feed (PRESSROOM_FEED_LENGTH of them), each with its topics,
    categories and tags by name as ``label_names``, in four queries.
    """
    posts = source.posts.for_feed()[: settings.PRESSROOM_FEED_LENGTH]
    names = posts.label_names()
    posts = list(posts)
    for post in posts:
        post.label_names = names.get(post.pk, [])
    return posts


def feed_host(request):
    """The host name that entry ids carry (see entry_id)."""
    return urlsplit(f"//{get_current_site(request).domain}").hostname or "localhost"


def entry_id(post, host):
    """
    A tag URI (RFC 4151) that names the post for good: it survives a changed slug and
    is the same in every interface language's feed.
    """
    return f"tag:{host},{post.created_at:%Y-%m-%d}:post:{post.pk}"


def _clean_feed_value(value):
    """A feed field with the characters XML cannot carry taken out (see CleanTextFeed)."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (list, tuple)):
        return [_clean_feed_value(item) for item in value]
    return value


class CleanTextFeed:
    """
    A feed writer that takes out of every text the characters XML cannot carry. Text is
    cleaned when it is saved, but rows written before that may still hold some, and one
    such character would make the whole feed fail.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{key: _clean_feed_value(value) for key, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **{key: _clean_feed_value(value) for key, value in kwargs.items()})


class ContentRssFeed(CleanTextFeed, Rss201rev2Feed):
    """RSS 2.0 that also carries each post's full HTML in content:encoded."""

    content_type = "application/rss+xml; charset=utf-8"

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NAMESPACE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class ContentAtomFeed(CleanTextFeed, Atom1Feed):
    """Atom that also carries each post's full HTML as the entry's content."""

    content_type = "application/atom+xml; charset=utf-8"

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class RssPostFeed(Feed):
    """
    Published posts as RSS 2.0. Titles are HTML-escaped, as feed readers treat RSS
    titles as HTML; descriptions are the escaped lead or an excerpt; content is the
    stored, sanitized body HTML. Make one instance per request (it keeps the host name).
    """

    feed_type = ContentRssFeed
    escape_titles = True
    item_guid_is_permalink = False

    def __call__(self, request, *args, **kwargs):
        # As Feed.__call__, but the document is written into one string rather than
        # piece by piece into the response, which costs several times as much.
        feed = self.get_feed(self.get_object(request, *args, **kwargs), request)
        response = HttpResponse(feed.writeString("utf-8"), content_type=feed.content_type)
        response.headers["Last-Modified"] = http_date(feed.latest_post_date().timestamp())
        return response

    def get_object(self, request, section=None, slug=None):
        self.host = feed_host(request)
        return get_feed_source(section, slug)

    def title(self, source):
        return escape(source.title) if self.escape_titles else source.title

    def link(self, source):
        return source.link

    def description(self, source):
        # Feed readers show an RSS description as HTML, like its titles: a topic's or
        # category's description is plain text and is escaped to stay so.
        return escape(source.description) if self.escape_titles else source.description

    def author_name(self, source):
        return NewsroomSettings.load().name

    def items(self, source):
        return feed_posts(source)

    def item_title(self, post):
        return escape(post.title) if self.escape_titles else post.title

    def item_description(self, post):
        return escape(post_summary(post))

    def item_link(self, post):
        return post.get_absolute_url()

    def item_guid(self, post):
        return entry_id(post, self.host)

    def item_pubdate(self, post):
        return post.publish_at

    def item_updateddate(self, post):
        return post_changed_at(post)

    def item_author_name(self, post):
        return post_author_name(post)

    def item_categories(self, post):
        return post.label_names

    def item_extra_kwargs(self, post):
        return {"content": post.body_html}


class AtomPostFeed(RssPostFeed):
    """Published posts as Atom. Atom titles are plain text, so they are not escaped."""

    feed_type = ContentAtomFeed
    escape_titles = False

    def subtitle(self, source):
        return source.description


def json_feed(request, source):
    """Published posts as JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    items, host = [], feed_host(request)
    for post in feed_posts(source):
        image = post.feature_image
        item = {
            "id": entry_id(post, host),
            "url": request.build_absolute_uri(post.get_absolute_url()),
            "title": post.title,
            "content_html": post.body_html or f"<p>{escape(post.lead)}</p>",
            "summary": post_summary(post),
            "date_published": post.publish_at.isoformat(),
            "date_modified": post_changed_at(post).isoformat(),
            "authors": [{"name": post_author_name(post)}],
            "tags": post.label_names,
            "language": post.language,
        }
        if image:
            item["image"] = request.build_absolute_uri(image.file.url)
        if post.canonical_url:
            item["external_url"] = post.canonical_url
        items.append(item)
    data = {
        "version": JSON_FEED_VERSION,
        "title": source.title,
        "home_page_url": request.build_absolute_uri(source.link),
        "feed_url": request.build_absolute_uri(request.path),
        "description": source.description,
        "language": get_language(),
        "authors": [{"name": NewsroomSettings.load().name}],
        "items": items,
    }
    return JsonResponse(
        data,
        content_type="application/feed+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
def post_feed(request, fmt, section=None, slug=None):
    """Every feed URL lands here; the format picks the writer."""
    if fmt not in FEED_FORMATS or (section is not None and section not in FEED_SECTIONS):
        raise Http404("No such feed")
    if fmt == "json":
        return json_feed(request, get_feed_source(section, slug))
    feed_class = RssPostFeed if fmt == "rss" else AtomPostFeed
    return feed_class()(request, section=section, slug=slug)
