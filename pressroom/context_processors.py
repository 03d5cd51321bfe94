from functools import cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, reverse, translate_url
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import NewsroomSettings

# The main menu, in the order shown: URL name, URL arguments, label.
MAIN_MENU = [
    ("blog:kind", ["press-releases"], _("Press releases")),
    ("blog:kind", ["news"], pgettext_lazy("plural", "News")),
    ("blog:kind", ["blog"], _("Blog")),
    ("blog:kind", ["events"], _("Events")),
    ("topic-list", [], _("Topics")),
    ("pressroom:contact-list", [], _("Press contacts")),
    ("pressroom:image-list", [], _("Images")),
]
# Other links every page has (the name, the search form, the footer).
SITE_URLS = {
    "front": "blog:front",
    "search": "blog:search",
    "post_list": "blog:post-list",
    "contact_list": "pressroom:contact-list",
}


@cache
def site_urls(language, script_prefix):
    """
    The menu's and the other fixed links' addresses in ``language``: worked out once,
    since they cannot change while the site runs, instead of on every page.
    """
    urls = {name: reverse(url_name) for name, url_name in SITE_URLS.items()}
    urls["menu"] = [(reverse(name, args=args), label) for name, args, label in MAIN_MENU]
    return urls


@cache
def language_names(languages):
    """Each language's name as that language writes it ("Svenska", "English")."""
    names = {}
    for code, name in languages:
        with translation.override(code):
            names[code] = str(name)
    return names


def page_in_language(request, code):
    """This page's address in the interface language ``code`` (itself when it has none)."""
    match = request.resolver_match
    if match is None or match.url_name is None:  # e.g. an error page
        return translate_url(request.get_full_path(), code)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    try:
        with translation.override(code):
            path = reverse(name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return request.get_full_path()
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{iri_to_uri(query)}" if query else path


def newsroom(request):
    """
    The newsroom's settings (``newsroom``: name, logo, colour, ways to reach it), its
    texts in this page's language and links to this page in each interface language.
    """
    names = language_names(tuple(settings.LANGUAGES))
    settings_record = NewsroomSettings.load()
    return {
        "newsroom": settings_record,
        "newsroom_name": settings_record.name,
        "newsroom_text": settings_record.text(),
        "site_urls": site_urls(translation.get_language(), get_script_prefix()),
        "language_links": [
            (code, names[code], page_in_language(request, code)) for code, _ in settings.LANGUAGES
        ],
    }
