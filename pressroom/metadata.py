"""
What search engines and social sites learn about any page of the site: descriptions,
hreflang alternates and the JSON-LD objects of contacts, images and plain pages. The
posts' own (articles, feeds, sitemaps) are in blog.metadata, which builds on these.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from .models import NewsroomSettings

DESCRIPTION_WORDS = 40


# The escapes django.utils.html.json_script uses: with them the JSON can never
# end its <script> element, whatever a title contains.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# Open Graph wants language_TERRITORY.
OG_LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def summarize(text, words=DESCRIPTION_WORDS):
    """A short plain-text description, cut at a word boundary."""
    return Truncator(" ".join((text or "").split())).words(words, truncate="…")


def is_web_url(url):
    """True for http and https URLs, the only ones a page may point readers to."""
    return (url or "").lower().startswith(("http://", "https://"))


def og_locale(language_code):
    """Open Graph's form of a language code ("sv" -> "sv_SE")."""
    return OG_LOCALES.get(language_code, translation.to_locale(language_code))


def page_hreflang_paths(path):
    """hreflang -> path for any other page: the same page in each interface language."""
    paths = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    paths["x-default"] = paths[settings.LANGUAGE_CODE]
    return paths


def json_ld_script(data):
    """A <script type="application/ld+json"> element holding ``data``, safe inside HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308 - escaped just above
    )


def without_empty(data):
    """The dict without keys whose value is empty, so JSON-LD carries only facts."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def organization_data(request, contacts=()):
    """
    The newsroom as a schema.org Organization: its name, site, logo, description, the
    profiles that are also it (sameAs), and its press contacts as contact points.
    """
    newsroom = NewsroomSettings.load()
    logo = newsroom.logo
    # The site's front page in the current language: "/" is the default language's.
    language = translation.get_language()
    with translation.override(settings.LANGUAGE_CODE):
        front = translate_url("/", language)
    return without_empty(
        {
            "@type": "Organization",
            "name": newsroom.name,
            "url": newsroom.website or request.build_absolute_uri(front),
            "logo": request.build_absolute_uri(logo.file.url) if logo and logo.file else "",
            "description": newsroom.text().description,
            "email": newsroom.press_email,
            "address": " ".join(newsroom.address.split()),
            "sameAs": newsroom.social_urls,
            "contactPoint": [
                without_empty(
                    {
                        "@type": "ContactPoint",
                        "contactType": str(contact.role_label or "press"),
                        "name": contact.name,
                        "telephone": contact.phone_normalized,
                        "email": contact.email,
                        "url": request.build_absolute_uri(contact.get_absolute_url()),
                    }
                )
                for contact in contacts
            ],
        }
    )


def person_data(contact, request, *, image_url):
    """A press contact as a schema.org Person."""
    return without_empty(
        {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": contact.name,
            "jobTitle": contact.title or str(contact.role_label),
            "telephone": contact.phone_normalized,
            "email": contact.email,
            "url": request.build_absolute_uri(contact.get_absolute_url()),
            "image": image_url,
            "description": contact.bio,
            "knowsAbout": contact.specialist_areas,
            "worksFor": organization_data(request),
        }
    )


def image_data(image, request, *, url, image_url):
    """An image page as a schema.org ImageObject, with its credit and license."""
    return without_empty(
        {
            "@context": "https://schema.org",
            "@type": "ImageObject",
            "name": str(image),
            "url": url,
            "contentUrl": image_url,
            "caption": image.caption,
            "creditText": image.credit,
            "license": image.license if is_web_url(image.license) else "",
            "width": image.width,
            "height": image.height,
        }
    )


def page_data(request, *, schema_type, name, url, description):
    """Any other page: a WebPage or CollectionPage that is part of the newsroom."""
    return without_empty(
        {
            "@context": "https://schema.org",
            "@type": schema_type,
            "name": name,
            "url": url,
            "description": description,
            "inLanguage": translation.get_language(),
            "publisher": organization_data(request),
        }
    )
