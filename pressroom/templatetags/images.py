"""
Template tags for library images.

    {% load images %}
    {% picture post.feature_image sizes="(min-width: 50rem) 45rem, 100vw" loading="eager" %}
    {% picture contact.photo sizes="72px" width=72 height=72 alt="" class="contact-card__photo" %}
    <meta property="og:image" content="{% rendition_url post.feature_image 1200 absolute=True %}">

They use ``image.renditions.all()``; prefetch "renditions" (or "feature_image__renditions")
so that a list of pictures costs one query, not one per picture.
"""

from django import template

register = template.Library()

# The rendition the <img> src points at, for browsers that ignore srcset.
DEFAULT_SRC_WIDTH = 960


@register.inclusion_tag("pressroom/includes/picture.html")
def picture(
    image,
    sizes="100vw",
    loading="lazy",
    alt=None,
    width=None,
    height=None,
    fetchpriority="",
    **attributes,
):
    """
    A <picture> for a library image: a WebP <source> and an <img> in the original's
    format, each with a srcset of every rendition and the given ``sizes``; width and
    height set so nothing shifts while it loads; the image's alt text unless ``alt`` is
    given ("" for a decorative picture); ``loading="lazy"`` (the default) for pictures
    below the fold, ``loading="eager"`` with ``fetchpriority="high"`` for the one on top.
    ``class`` goes on the <img>.
    """
    context = {
        "image": image,
        "sizes": sizes,
        "lazy": loading == "lazy",
        "alt": image.alt_text if alt is None and image else (alt or ""),
        "css_class": attributes.get("class", ""),
        "fetchpriority": fetchpriority,
    }
    if not image:
        return context
    fallback = image.renditions_in()
    src = image.rendition(DEFAULT_SRC_WIDTH)
    if src is None:
        # No renditions (an image from before they existed): the original will do.
        context.update(
            src=image.file.url,
            width=width or image.width,
            height=height or image.height,
        )
        return context
    webp = image.renditions_in("webp") if image.fallback_format != "webp" else []
    context.update(
        src=src.url,
        srcset=", ".join(f"{r.url} {r.width}w" for r in fallback),
        webp_srcset=", ".join(f"{r.url} {r.width}w" for r in webp),
        width=width or src.width,
        height=height or src.height,
    )
    return context


@register.simple_tag(takes_context=True)
def rendition_url(context, image, width, absolute=False):
    """
    The URL of the image's JPEG or PNG rendition nearest ``width`` pixels wide (at least
    as wide where there is one); with ``absolute=True`` a full URL, as Open Graph wants.
    Empty for no image.
    """
    if not image:
        return ""
    url = image.rendition_url(int(width))
    request = context.get("request")
    if absolute and request is not None:
        return request.build_absolute_uri(url)
    return url
