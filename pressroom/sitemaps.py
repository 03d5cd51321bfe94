"""The sitemap of press contacts, and the robots header every sitemap carries."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Contact

# Sitemaps are for crawlers; no search result should show one.
ROBOTS_HEADER = "noindex, noodp, noarchive"


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
