from django.http import HttpResponse
from django.urls import path

from pressroom.urls import handler404, handler500, urlpatterns  # noqa: F401


def constant(request):
    """The baseline: Django answering through the same middleware with a fixed body."""
    return HttpResponse("Pressroom benchmark baseline\n", content_type="text/plain")


urlpatterns = [path("bench/constant/", constant), *urlpatterns]
