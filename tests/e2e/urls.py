"""The site's URLs, plus uploaded files (served by a web server or object storage in production)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from pressroom.urls import handler404, handler500
from pressroom.urls import urlpatterns as site_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def media(request, path):
    # MEDIA_ROOT is a new folder for every test, so look it up per request.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.+)$", media), *site_urlpatterns]
