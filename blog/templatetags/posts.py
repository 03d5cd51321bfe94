"""{% post_date post %}: a post's publish date, written in the post's own language."""

from functools import cache

from django import template
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.html import format_html

register = template.Library()


@cache
def month_names(language):
    """January to December as ``language`` writes them (asked once per language)."""
    with translation.override(language):
        return [str(MONTHS[month]) for month in range(1, 13)]


@register.simple_tag
def post_date(post):
    """
    ``<time datetime="…">23 september 2013</time>``: the date in the newsroom's zone, its
    month named in the post's language, whatever language the page around it speaks.
    """
    published = timezone.localtime(post.publish_at)
    month = month_names(post.language)[published.month - 1]
    return format_html(
        '<time datetime="{}">{} {} {}</time>',
        published.isoformat(),
        published.day,
        month,
        published.year,
    )


@register.simple_tag
def other_language_label(post):
    """
    The post's language named in the page's language ("engelska" on a Swedish page), when
    the post is written in another language than the page; else "".
    """
    page_language = translation.get_language() or ""
    if post.language.split("-")[0] == page_language.split("-")[0]:
        return ""
    name = translation.get_language_info(post.language)["name_translated"]
    return format_html('<span class="language-label">{}</span>', name)
