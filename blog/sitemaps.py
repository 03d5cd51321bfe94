from django.contrib.sitemaps import Sitemap

from .models import Post


class PostSitemap(Sitemap):
    """Every published post, with the time it last changed."""

    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Post.objects.published().only("slug", "updated_at").order_by("-publish_at", "-pk")

    def lastmod(self, post):
        return post.updated_at


sitemaps = {"posts": PostSitemap}
