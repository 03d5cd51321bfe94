"""
{% page_meta as meta %}: what a page's <head> tells search engines, social sites and
feed readers (templates/includes/meta.html renders it). The page is recognised by its
URL name; the objects come from the view's context, so views need no extra code.
"""

from django import template
from django.conf import settings
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from blog.feeds import feed_links
from blog.metadata import (
    post_changed_at,
    post_data,
    post_hreflang_paths,
    post_summary,
    published_translations,
    section_description,
)
from pressroom.metadata import (
    image_data,
    is_web_url,
    json_ld_script,
    og_locale,
    organization_data,
    page_data,
    page_hreflang_paths,
    person_data,
    summarize,
)
from pressroom.models import NewsroomSettings

register = template.Library()

# List pages with a feed of their own: URL name -> (feed section, URL argument).
FEED_SECTIONS = {
    "blog:kind": ("kinds", "kind"),
    "topic": ("topics", "slug"),
    "blog:category": ("categories", "slug"),
    "blog:tag": ("tags", "slug"),
}
# Pages whose context carries no heading.
PAGE_TITLES = {
    "topic-list": gettext_lazy("Topics"),
    "pressroom:contact-list": gettext_lazy("Press contacts"),
    "blog:search": gettext_lazy("Search"),
}


@register.simple_tag(takes_context=True)
def page_meta(context):
    """
    A dict describing the current page: title, description, canonical URL, Open Graph
    type, locale and image, hreflang alternates, announced feeds and a JSON-LD element.
    """
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None:  # rendered outside a request: nothing page-specific to say
        return {"title": NewsroomSettings.load().name, "type": "website", "feeds": feed_links()}
    builder = PAGE_BUILDERS.get(match.view_name, list_page_meta)
    return builder(context, request)


def page_path(context, request):
    """The page's own path: no query string, except the page number of a list."""
    page_obj = context.get("page_obj")
    if page_obj is not None and page_obj.number > 1:
        return f"{request.path}?page={page_obj.number}"
    return request.path


def absolute_alternates(request, paths):
    return [(code, request.build_absolute_uri(path)) for code, path in paths.items()]


def file_url(request, image):
    """Absolute URL of an Image's file, or "" without one."""
    return request.build_absolute_uri(image.file.url) if image and image.file else ""


def base_meta(context, request, *, title, description, language=None, hreflang_paths=None):
    """What every page has; the page builders add to it."""
    language = language or get_language()
    path = page_path(context, request)
    if hreflang_paths is None:
        hreflang_paths = page_hreflang_paths(path)
    return {
        "title": title,
        "description": description,
        "canonical": request.build_absolute_uri(path),
        "type": "website",
        "locale": og_locale(language),
        "locale_alternates": [
            og_locale(code) for code, _name in settings.LANGUAGES if code != language
        ],
        "image": "",
        "alternates": absolute_alternates(request, hreflang_paths),
        "feeds": feed_links(),
    }


def add_image(meta, request, image, fallback_alt=""):
    """Point social cards at the ~1200 px rendition, or the original when there is none."""
    if image and image.file:
        social = image.social_rendition
        meta.update(
            image=request.build_absolute_uri(social.file.url)
            if social
            else file_url(request, image),
            image_alt=image.alt_text or fallback_alt,
            image_width=social.width if social else image.width,
            image_height=social.height if social else image.height,
        )


def post_meta(context, request):
    post = context["post"]
    published = post.is_published
    # The post page's view has the tags already; other pages showing a post may not.
    tags = context.get("tags")
    tag_names = [tag.name for tag in (post.tags.all() if tags is None else tags)]
    meta = base_meta(
        context,
        request,
        title=post.title,
        description=post_summary(post),
        language=post.language,
        # A draft or embargoed post (staff or a preview link) is never indexed: it has no
        # alternates nor canonical address yet, and a preview link's token must not spread.
        hreflang_paths=post_hreflang_paths(post, published_translations(post)) if published else {},
    )
    add_image(meta, request, post.feature_image)
    if not published:
        meta.update(canonical="", type="article")
        return meta
    if is_web_url(post.canonical_url):
        meta["canonical"] = post.canonical_url
    meta.update(
        type="article",
        article={
            "published_time": post.publish_at,
            "modified_time": post_changed_at(post),
            "section": post.get_kind_display(),
            "tags": tag_names,
        },
    )
    meta["json_ld"] = json_ld_script(
        post_data(
            post,
            request,
            url=meta["canonical"],
            description=meta["description"],
            image_url=meta["image"],
            keywords=tag_names,
        )
    )
    return meta


def front_page_meta(context, request):
    meta = base_meta(
        context,
        request,
        title=NewsroomSettings.load().name,
        description=NewsroomSettings.load().text().description
        or _("Press releases, news, stories and events – and the people to talk to."),
    )
    organization = organization_data(request, context.get("contacts", ()))
    meta["json_ld"] = json_ld_script({"@context": "https://schema.org", **organization})
    return meta


def contact_meta(context, request):
    contact = context["contact"]
    facts = [str(contact.role_label), contact.title, contact.specialist_areas]
    description = " · ".join(fact for fact in facts if fact)
    meta = base_meta(
        context,
        request,
        title=contact.name,
        description=summarize(description)
        or _("Press contact at %(site)s.") % {"site": NewsroomSettings.load().name},
    )
    meta["type"] = "profile"
    add_image(meta, request, contact.photo, fallback_alt=contact.name)
    meta["json_ld"] = json_ld_script(person_data(contact, request, image_url=meta["image"]))
    return meta


def image_meta(context, request):
    image = context["image"]
    description = image.caption or image.alt_text
    if not description:
        description = _("An image from %(site)s.") % {"site": NewsroomSettings.load().name}
    meta = base_meta(context, request, title=str(image), description=summarize(description))
    add_image(meta, request, image)
    meta["json_ld"] = json_ld_script(
        image_data(image, request, url=meta["canonical"], image_url=meta["image"])
    )
    return meta


def list_page_meta(context, request):
    """Lists of posts, the topic and contact indexes, and any other page."""
    view_name = request.resolver_match.view_name
    heading = context.get("heading") or PAGE_TITLES.get(view_name)
    site = NewsroomSettings.load().name
    section, argument = FEED_SECTIONS.get(view_name, (None, None))
    if section:
        description = context.get("description") or section_description(section, heading)
    elif view_name == "blog:post-list":
        description = section_description()
    elif view_name == "blog:archive-year":
        description = _("Posts published in %(year)s by %(site)s.") % {
            "year": heading,
            "site": site,
        }
    elif view_name == "topic-list":
        description = _("All topics at %(site)s.") % {"site": site}
    elif view_name == "pressroom:contact-list":
        description = _("Press contacts at %(site)s: phone numbers, email and contact cards.") % {
            "site": site
        }
    elif view_name == "blog:search":
        description = _("Search the press releases, news, blog posts and events of %(site)s.") % {
            "site": site
        }
    else:
        description = context.get("description") or section_description()
    label = context.get("section_label")
    title = f"{label}: {heading}" if label and heading else str(heading or site)
    meta = base_meta(context, request, title=title, description=summarize(description))
    if section:
        slug = request.resolver_match.kwargs[argument]
        meta["feeds"] = feed_links(heading, section, slug) + meta["feeds"]
    schema_type = "CollectionPage" if heading else "WebPage"
    meta["json_ld"] = json_ld_script(
        page_data(
            request,
            schema_type=schema_type,
            name=title,
            url=meta["canonical"],
            description=meta["description"],
        )
    )
    return meta


PAGE_BUILDERS = {
    "blog:front": front_page_meta,
    "blog:post": post_meta,
    "blog:preview": post_meta,
    "pressroom:contact": contact_meta,
    "pressroom:image": image_meta,
}
