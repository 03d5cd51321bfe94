from django.urls import path

from . import feeds, preview, views

app_name = "blog"

urlpatterns = [
    path("", views.FrontPageView.as_view(), name="front"),
    path("posts/", views.PostListView.as_view(), name="post-list"),
    path("posts/<str:slug>/press-kit.zip", views.press_kit, name="press-kit"),
    path("posts/<str:slug>/calendar.ics", views.event_calendar_file, name="event-ics"),
    path("posts/<str:slug>/", views.PostDetailView.as_view(), name="post"),
    path("preview/<str:token>/", preview.PreviewLinkView.as_view(), name="preview"),
    path("kinds/<str:kind>/", views.KindPostListView.as_view(), name="kind"),
    path("categories/<str:slug>/", views.CategoryPostListView.as_view(), name="category"),
    path("tags/<str:slug>/", views.TagPostListView.as_view(), name="tag"),
    path("archive/<int:year>/", views.YearArchiveView.as_view(), name="archive-year"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/events.ics", views.events_calendar_feed, name="events-calendar"),
    path("feeds/<str:fmt>/", feeds.post_feed, name="feed"),
    path("feeds/<str:section>/<str:slug>/<str:fmt>/", feeds.post_feed, name="section-feed"),
]
