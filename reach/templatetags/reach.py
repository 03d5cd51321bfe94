"""Template tags for the follow form on the reader pages."""

from django import template

from ..forms import form_stamp

register = template.Library()


@register.simple_tag
def follow_stamp():
    """The signed time the follow form is shown at, for the bot check (rounded: see form_stamp)."""
    return form_stamp(exact=False)
