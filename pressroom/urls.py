"""Root URLs. Reader pages speak the newsroom's language unprefixed, others under /<code>/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from blog.sitemaps import sitemaps

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(settings.PRESSROOM_ADMIN_PATH, admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("pressroom.press_urls")),
    path("", include("blog.urls")),
    prefix_default_language=False,
)

handler404 = "pressroom.views.page_not_found"
handler500 = "pressroom.views.server_error"
