from django.http import HttpResponsePermanentRedirect
from django.utils.translation import get_language_from_path

from .models import Redirect


class RedirectFallbackMiddleware:
    """Answer a 404 with a 301 when the path is a post's old URL (stored Redirect rows)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        path = request.path
        language = get_language_from_path(path)
        if language:
            path = path.removeprefix(f"/{language}")
        candidates = {path, path.rstrip("/") or "/", path if path.endswith("/") else path + "/"}
        redirect = Redirect.objects.filter(old_path__in=candidates).select_related("post").first()
        if redirect is None:
            return response
        return HttpResponsePermanentRedirect(redirect.post.get_absolute_url())
