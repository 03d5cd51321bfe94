from django.urls import path

from . import views

app_name = "reach"

urlpatterns = [
    path("follow/", views.FollowView.as_view(), name="follow"),
    path("follow/sent/", views.follow_sent, name="follow-sent"),
    path("follow/confirm/<str:token>/", views.confirm, name="confirm"),
    path("follow/manage/<str:token>/", views.ManageView.as_view(), name="manage"),
    path("follow/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
