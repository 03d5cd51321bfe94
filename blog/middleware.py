from django.http import HttpResponsePermanentRedirect
from django.utils.translation import get_language_from_path

from .models import Redirect


class RedirectFallbackMiddleware:
    """
    Answer a 404 with a 301 when the path is a published post's old URL (stored Redirect
    rows). An old URL of a draft or embargoed post stays a 404 until the post is out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        redirect = (
            Redirect.objects.public()
            .filter(old_path__in=candidate_paths(request.path))
            .select_related("post")
            .first()
        )
        if redirect is None:
            return response
        return HttpResponsePermanentRedirect(redirect.post.get_absolute_url())


def candidate_paths(path: str) -> set[str]:
    """
    The stored paths a request path may stand for: with and without the interface
    language's prefix (an old site may have had /en/news/... of its own), with and without
    a trailing slash, and an old site's "/a.html" as "/a/" and the other way round (Jekyll
    writes either, depending on its permalink setting).
    """
    paths = {path}
    language = get_language_from_path(path)
    if language:
        paths.add(path.removeprefix(f"/{language}") or "/")
    candidates = set()
    for each in paths:
        bare = each.rstrip("/") or "/"
        candidates |= {each, bare, bare if bare == "/" else bare + "/"}
        if bare.endswith("/index.html"):
            candidates |= {bare.removesuffix("index.html"), bare.removesuffix("/index.html")}
        elif bare.endswith(".html"):
            stem = bare.removesuffix(".html")
            candidates |= {stem, stem + "/"}
        elif bare != "/":
            candidates |= {bare + ".html", bare + "/index.html"}
    return candidates
