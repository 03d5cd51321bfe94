"""Security headers Django does not send by itself, and the admin's own language."""

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, QueryDict
from django.utils import translation
from django.utils.log import log_response

from .models import UserPreferences
from .views import page_not_found, server_error


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
            # Django's technical error pages, for the developers who asked for them, are
            # styled inline.
            technical = response.status_code >= 400 and technical_error_pages()
            response["Content-Security-Policy"] = (
                self.admin_policy if is_admin or technical else self.site_policy
            )
        response.setdefault("Permissions-Policy", settings.PRESSROOM_PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


def technical_error_pages() -> bool:
    """Whether a developer asked for Django's technical 404 and 500 pages."""
    return settings.DEBUG and settings.PRESSROOM_TECHNICAL_ERROR_PAGES


class DesignedErrorPagesMiddleware:
    """
    The site's own "page not found" and error pages with DEBUG on too, as under bin/start:
    a newcomer never meets Django's technical pages (which the CSP would leave unstyled).
    Developers get those back with PRESSROOM_TECHNICAL_ERROR_PAGES=1. With DEBUG off Django
    shows the designed pages itself (handler404 and handler500), and this does nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def active() -> bool:
        return settings.DEBUG and not settings.PRESSROOM_TECHNICAL_ERROR_PAGES

    def __call__(self, request):
        response = self.get_response(request)
        # No view answered (no address matched, or a middleware refused the path): the 404
        # is Django's technical page.
        if self.active() and response.status_code == 404 and request.resolver_match is None:
            return page_not_found(request)
        return response

    def process_exception(self, request, exception):
        if not self.active():
            return None
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, PermissionDenied | BadRequest | SuspiciousOperation):
            return None  # Django answers these with its plain 403 and 400 pages
        response = server_error(request)
        # Logged with the traceback, as Django logs the errors it turns into a 500 itself.
        log_response(
            "Internal Server Error: %s",
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
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


def admin_language(request) -> str:
    """
    The language the admin speaks to this person: the one they chose in their preferences,
    else the one their browser asks for among the newsroom's languages, else the newsroom's
    default language.
    """
    chosen = UserPreferences.language_for(request.user)
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return translation.get_language_from_request(request, check_path=False)


class AdminLanguageMiddleware:
    """
    Speak each user's own language in the admin. LocaleMiddleware gives every address
    without a language prefix the newsroom's default language, which is right for the
    reader site (its unprefixed pages are in that language) but not for the people who
    work in the admin. Comes right after LocaleMiddleware, so that its process_view (which
    runs after every middleware's request part, authentication included) is the first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or "admin" not in match.app_names:
            return None
        translation.activate(admin_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        return None
