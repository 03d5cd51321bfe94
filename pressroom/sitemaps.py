"""Sitemaps of topics and press contacts, and the sitemap index that names them all."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from blog.sitemaps import (
    ROBOTS_HEADER,
    CategorySitemap,
    PostListSitemap,
    PostSitemap,
    TagSitemap,
    news_lastmod,
)

from .models import Contact, Topic


class TopicSitemap(PostListSitemap):
    model = Topic
    post_lookup = "topics"


class ContactSitemap(Sitemap):
    """Every public press contact's page, in every interface language."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return Contact.objects.public().only("slug", "updated_at").order_by("sort_order", "pk")

    def lastmod(self, contact):
        return contact.updated_at

    def get_latest_lastmod(self):
        return Contact.objects.public().aggregate(latest=Max("updated_at"))["latest"]


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
