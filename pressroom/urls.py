"""Root URLs. Reader pages speak the newsroom's language unprefixed, others under /<code>/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from blog import views as blog_views
from blog.sitemaps import SECTION_SITEMAPS, news_sitemap, sitemap_index, sitemaps

from . import media, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    # Browsers and bots ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon, name="favicon"),
    path("brand.css", views.brand_css, name="brand-css"),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    # Before the section pattern, which would match these names too.
    path("sitemap-index.xml", sitemap_index, name="sitemap-index"),
    path("sitemap-news.xml", news_sitemap, name="sitemap-news"),
    path(
        "sitemap-<str:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SECTION_SITEMAPS},
        name="sitemap-section",
    ),
    path(settings.PRESSROOM_ADMIN_PATH, admin.site.urls),
]

# Uploaded files, each checked against its picture's visibility (pressroom.media). Served
# the same with or without DEBUG; a MEDIA_URL on another host is that host's affair.
if settings.MEDIA_URL.startswith("/"):
    urlpatterns.append(
        path(settings.MEDIA_URL.lstrip("/") + "<path:path>", media.serve, name="media")
    )

urlpatterns += i18n_patterns(
    # Topics are the press room's, their pages list posts: wired here, where both apps meet.
    path("topics/", blog_views.TopicListView.as_view(), name="topic-list"),
    path("topics/<str:slug>/", blog_views.TopicPostListView.as_view(), name="topic"),
    path("", include("pressroom.press_urls")),
    path("", include("blog.urls")),
    path("", include("reach.urls")),
    prefix_default_language=False,
)

# bin/start (DEBUG) serves uploads itself; in production a web server or object storage does.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "pressroom.views.bad_request"
handler404 = "pressroom.views.page_not_found"
handler500 = "pressroom.views.server_error"
