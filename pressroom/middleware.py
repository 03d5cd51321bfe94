"""Security headers that Django's SecurityMiddleware does not send by itself."""

from django.conf import settings
from django.http import Http404, QueryDict


def build_content_security_policy(directives: dict[str, list[str]]) -> str:
    """Join CSP directives into one header value."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


class SecurityHeadersMiddleware:
    """
    Send a Content-Security-Policy and a Permissions-Policy with every response.

    The reader site allows no inline script or style. The admin gets inline
    styles only: Django's admin widgets still write a few style attributes.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        site = dict(settings.PRESSROOM_CSP)
        self.site_policy = build_content_security_policy(site)
        admin = dict(site, **{"style-src": ["'self'", "'unsafe-inline'"]})
        self.admin_policy = build_content_security_policy(admin)
        self.admin_prefix = "/" + settings.PRESSROOM_ADMIN_PATH

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            is_admin = request.path.startswith(self.admin_prefix)
            response["Content-Security-Policy"] = (
                self.admin_policy if is_admin else self.site_policy
            )
        response.setdefault("Permissions-Policy", settings.PRESSROOM_PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class NulByteMiddleware:
    """
    NUL characters never belong in an address, and PostgreSQL refuses them in text:
    a path with one is simply not found, and they are dropped from query parameters.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404("No such page")
        if "\x00" in request.GET.urlencode() or "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
