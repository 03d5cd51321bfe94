"""
What search engines, social sites and feed readers learn about a page: descriptions,
authors, hreflang alternates and the JSON-LD objects. Plain functions, shared by the
page metadata template tag, the feeds and the sitemaps.
"""

import json
from collections import defaultdict
from html import unescape

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from pressroom.models import NewsroomSettings

from .models import Post

DESCRIPTION_WORDS = 40
HEADLINE_CHARS = 110  # longer headlines are cut by search engines anyway

# The escapes django.utils.html.json_script uses: with them the JSON can never
# end its <script> element, whatever a title contains.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# Open Graph wants language_TERRITORY.
OG_LOCALES = {"sv": "sv_SE", "en": "en_GB"}

SCHEMA_TYPES = {
    Post.Kind.PRESS_RELEASE: "NewsArticle",
    Post.Kind.NEWS: "NewsArticle",
    Post.Kind.BLOG_POST: "BlogPosting",
    Post.Kind.EVENT: "Event",
}


def plain_text(html):
    """Text of an HTML fragment on one line: tags dropped, entities decoded."""
    return " ".join(unescape(strip_tags(html or "")).split())


def summarize(text, words=DESCRIPTION_WORDS):
    """A short plain-text description, cut at a word boundary."""
    return Truncator(" ".join((text or "").split())).words(words, truncate="…")


def post_summary(post, words=DESCRIPTION_WORDS):
    """The post's meta description, else its lead, else the start of its body, as plain text."""
    return summarize(post.meta_description or post.lead or plain_text(post.body_html), words)


def section_description(section=None, name=""):
    """
    A sentence describing a list of posts: everything (``section`` None), or one
    kind, topic, category or tag (``section`` "kinds", "topics", "categories", "tags").
    """
    texts = {
        None: _("The latest press releases, news, blog posts and events from %(site)s."),
        "kinds": _("%(name)s from %(site)s."),
        "topics": _("Posts on the topic %(name)s from %(site)s."),
        "categories": _("Posts in the category %(name)s from %(site)s."),
        "tags": _("Posts tagged %(name)s from %(site)s."),
    }
    return texts[section] % {"name": name, "site": NewsroomSettings.load().name}


def post_changed_at(post):
    """When readers last saw the post change: a scheduled post changes when it appears."""
    return max(post.updated_at, post.publish_at)


def post_author_name(post):
    """Who wrote the post: its byline, else the author's full name, else the newsroom."""
    if post.byline:
        return post.byline
    if post.author_id and post.author.get_full_name():
        return post.author.get_full_name()
    return NewsroomSettings.load().name


def is_web_url(url):
    """True for http and https URLs, the only ones a page may point readers to."""
    return (url or "").lower().startswith(("http://", "https://"))


def og_locale(language_code):
    """Open Graph's form of a language code ("sv" -> "sv_SE")."""
    return OG_LOCALES.get(language_code, translation.to_locale(language_code))


def published_translations(post):
    """The published posts that are this post in another language (one query, shared)."""
    return post.published_translations()


def group_translations(posts):
    """Map each post's pk to the other posts of ``posts`` that translate it (no queries)."""
    groups = defaultdict(list)
    for post in posts:
        groups[post.translation_of_id or post.pk].append(post)
    return {
        post.pk: [other for other in groups[post.translation_of_id or post.pk] if other != post]
        for post in posts
    }


def post_hreflang_paths(post, translations):
    """
    hreflang -> path for a post page. Each interface language points at the version
    of the post written in that language when there is one, else at this post shown
    in that language; x-default is the newsroom's default language. Every version of
    a post therefore announces the same set, as search engines require.
    """
    by_language = {other.language: other for other in translations}
    by_language[post.language] = post
    paths = {}
    for code, _name in settings.LANGUAGES:
        version = by_language.get(code, post)
        with translation.override(code):
            paths[code] = version.get_absolute_url()
    paths["x-default"] = paths[settings.LANGUAGE_CODE]
    return paths


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
    return without_empty(
        {
            "@type": "Organization",
            "name": newsroom.name,
            "url": newsroom.website or request.build_absolute_uri(reverse("blog:front")),
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


def post_data(post, request, *, url, description, image_url, keywords=()):
    """A post as NewsArticle, BlogPosting or Event; ``keywords`` are its tags' names."""
    schema_type = SCHEMA_TYPES[post.kind]
    if schema_type == "Event" and not post.event_start:
        schema_type = "NewsArticle"  # an Event without a start time is not valid
    publisher = organization_data(request)
    if post.byline or (post.author_id and post.author.get_full_name()):
        author = {"@type": "Person", "name": post_author_name(post)}
    else:
        author = publisher
    data = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "url": url,
        "description": description,
        "image": [image_url] if image_url else [],
        "inLanguage": post.language,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
    }
    if schema_type == "Event":
        data.update(
            {
                "name": post.title,
                "startDate": post.event_start,
                "endDate": post.event_end,
                "eventStatus": "https://schema.org/EventScheduled",
                "organizer": publisher,
            }
        )
        if post.event_location:
            data["location"] = {
                "@type": "Place",
                "name": post.event_location,
                "address": post.event_location,
            }
    else:
        data.update(
            {
                "headline": Truncator(post.title).chars(HEADLINE_CHARS),
                "datePublished": post.publish_at,
                "dateModified": post_changed_at(post),
                "author": author,
                "publisher": publisher,
                "keywords": list(keywords),
            }
        )
    return without_empty(data)


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
