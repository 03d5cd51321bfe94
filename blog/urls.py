from django.urls import path

from . import views

app_name = "blog"

urlpatterns = [
    path("", views.FrontPageView.as_view(), name="front"),
    path("posts/", views.PostListView.as_view(), name="post-list"),
    path("posts/<str:slug>/", views.PostDetailView.as_view(), name="post"),
    path("kinds/<str:kind>/", views.KindPostListView.as_view(), name="kind"),
    path("topics/", views.TopicListView.as_view(), name="topic-list"),
    path("topics/<str:slug>/", views.TopicPostListView.as_view(), name="topic"),
    path("categories/<str:slug>/", views.CategoryPostListView.as_view(), name="category"),
    path("tags/<str:slug>/", views.TagPostListView.as_view(), name="tag"),
    path("archive/<int:year>/", views.YearArchiveView.as_view(), name="archive-year"),
]
