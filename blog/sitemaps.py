"""
Sitemaps of posts, topics, categories and tags, the Google News sitemap, and the sitemap
index that names them all with the contacts' sitemap (pressroom.sitemaps).

/sitemap.xml lists every published post (a stable interface, SPEC section 10) in each
interface language, with hreflang alternates.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Greatest
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.xmlutils import SimplerXMLGenerator
from django.views.decorators.http import require_safe
from taggit.models import Tag

from pressroom.models import NewsroomSettings, Topic
from pressroom.sitemaps import ROBOTS_HEADER, ContactSitemap
from pressroom.text import clean_text

from .metadata import group_translations, post_changed_at, post_hreflang_paths
from .models import Category, Post

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NAMESPACE = "http://www.google.com/schemas/sitemap-news/0.9"
NEWS_KINDS = (Post.Kind.PRESS_RELEASE, Post.Kind.NEWS)
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google reads at most this many URLs from a news sitemap


class PostSitemap(Sitemap):
    """
    Every published post in every interface language. Its hreflang alternates point at
    the post's translations where they exist (see blog.metadata.post_hreflang_paths).
    """

    i18n = True
    changefreq = "weekly"
    # The protocol's maximum number of URLs in one file; each post gives one per language.
    limit = 50000
    _posts = None

    def items(self):
        # The list is read several times per request (pages, alternates): query once.
        if self._posts is None:
            self._posts = list(
                Post.objects.published()
                .only("pk", "slug", "language", "translation_of", "updated_at", "publish_at")
                .order_by("-publish_at", "-pk")
            )
        return self._posts

    def lastmod(self, post):
        return post_changed_at(post)

    def get_latest_lastmod(self):
        return Post.objects.published().aggregate(latest=Max(Greatest("updated_at", "publish_at")))[
            "latest"
        ]

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        base = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        translations = group_translations(self.items())
        for url in urls:
            post, _language = url["item"]
            paths = post_hreflang_paths(post, translations[post.pk])
            url["alternates"] = [
                {"lang_code": code, "location": base + path} for code, path in paths.items()
            ]
        return urls


class PostListSitemap(Sitemap):
    """
    Pages that list posts (a topic, category or tag), in every interface language,
    when they list at least one published post; lastmod is their newest change.
    """

    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"
    model = None
    post_lookup = None  # how a post points at the model, e.g. "topics"

    def queryset(self):
        return self.model.objects.all()

    def items(self):
        newest = (
            Post.objects.published()
            .filter(**{self.post_lookup: OuterRef("pk")})
            .annotate(changed=Greatest("updated_at", "publish_at"))
            .order_by("-changed")
            .values("changed")[:1]
        )
        return (
            self.queryset()
            .annotate(last_change=Subquery(newest))
            .filter(last_change__isnull=False)
            .order_by("name", "pk")
        )

    def lastmod(self, item):
        return item.last_change

    def get_latest_lastmod(self):
        return max((item.last_change for item in self.items()), default=None)


class TopicSitemap(PostListSitemap):
    model = Topic
    post_lookup = "topics"


class CategorySitemap(PostListSitemap):
    model = Category
    post_lookup = "categories"


class TagSitemap(PostListSitemap):
    model = Tag
    post_lookup = "tags"

    def location(self, tag):
        return reverse("blog:tag", kwargs={"slug": tag.slug})


# What /sitemap.xml serves.
sitemaps = {"posts": PostSitemap}


def news_posts():
    """Published press releases and news from the last 48 hours, newest first."""
    since = timezone.now() - NEWS_WINDOW
    return (
        Post.objects.published()
        .filter(kind__in=NEWS_KINDS, publish_at__gte=since)
        .only("pk", "slug", "title", "language", "publish_at")
        .order_by("-publish_at", "-pk")[:NEWS_LIMIT]
    )


def news_lastmod():
    """When the news sitemap last changed, or None when it is empty."""
    return news_posts().values_list("publish_at", flat=True).first()


@require_safe
def news_sitemap(request):
    """
    The Google News sitemap: each recent press release and news item at its page in
    its own language, with its title, language and publication time.
    """
    response = HttpResponse(content_type="application/xml; charset=utf-8")
    response["X-Robots-Tag"] = ROBOTS_HEADER
    handler = SimplerXMLGenerator(response, "utf-8")
    handler.startDocument()
    handler.startElement("urlset", {"xmlns": SITEMAP_NAMESPACE, "xmlns:news": NEWS_NAMESPACE})
    for post in news_posts():
        path = post.get_url_in_own_language()
        handler.startElement("url", {})
        handler.addQuickElement("loc", request.build_absolute_uri(path))
        handler.startElement("news:news", {})
        handler.startElement("news:publication", {})
        handler.addQuickElement("news:name", NewsroomSettings.load().name)
        handler.addQuickElement("news:language", post.language)
        handler.endElement("news:publication")
        handler.addQuickElement(
            "news:publication_date", post.publish_at.replace(microsecond=0).isoformat()
        )
        # Rows written before text was cleaned on the way in may hold what XML cannot.
        handler.addQuickElement("news:title", clean_text(post.title))
        handler.endElement("news:news")
        handler.endElement("url")
    handler.endElement("urlset")
    handler.endDocument()
    return response


# The sections served at /sitemap-<section>.xml; posts are at /sitemap.xml.
SECTION_SITEMAPS = {
    "topics": TopicSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "contacts": ContactSitemap,
}


@dataclass
class IndexEntry:
    """One <sitemap> of the index (the names Django's sitemap_index.xml template reads)."""

    location: str
    last_mod: datetime | None


@require_safe
def sitemap_index(request):
    """The sitemap index: /sitemap.xml with every post, each section, and the news sitemap."""
    sections = [(reverse("django.contrib.sitemaps.views.sitemap"), PostSitemap())]
    sections += [
        (reverse("sitemap-section", kwargs={"section": name}), sitemap_class())
        for name, sitemap_class in SECTION_SITEMAPS.items()
    ]
    entries = []
    for path, sitemap in sections:
        location, last_mod = request.build_absolute_uri(path), sitemap.get_latest_lastmod()
        entries.append(IndexEntry(location, last_mod))
        # Long sections continue on further pages.
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append(IndexEntry(f"{location}?p={page}", last_mod))
    entries.append(IndexEntry(request.build_absolute_uri(reverse("sitemap-news")), news_lastmod()))
    response = TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
    response["X-Robots-Tag"] = ROBOTS_HEADER
    return response
