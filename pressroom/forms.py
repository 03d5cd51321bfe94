"""Forms for the image library."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import images
from .models import Image


class ImageUploadField(forms.ImageField):
    """
    An image upload checked by ``pressroom.images.validate_image_file``: the content
    decides the format, size and pixel limits apply, SVG, bombs and broken files are
    refused, each with its own message (Django's own ImageField gives one vague message
    for all of them).
    """

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        image_format = images.validate_image_file(upload)
        upload.content_type = images.MIME_TYPES[image_format]
        return upload


class ImageForm(forms.ModelForm):
    """
    An image's file and texts. Putting a picture that only unpublished posts show into the
    image bank would show it before its post is out: that takes a second, deliberate tick.
    """

    confirm_public = forms.BooleanField(
        label=_("Show it before its post is published"),
        required=False,
        help_text=_(
            "Needed to put a picture of a draft or embargoed post in the image bank: "
            "everyone can then see and download it at once."
        ),
    )

    class Meta:
        model = Image
        fields = [
            "file",
            "title",
            "alt_text",
            "caption",
            "credit",
            "license",
            "usage_terms",
            "is_public",
        ]
        field_classes = {"file": ImageUploadField}

    def clean(self):
        cleaned_data = super().clean()
        becomes_public = cleaned_data.get("is_public") and not self.initial.get("is_public")
        if becomes_public and not cleaned_data.get("confirm_public"):
            posts = self.instance.unpublished_posts_only()
            if posts:
                self.add_error("is_public", unpublished_posts_message(posts))
        return cleaned_data


def unpublished_posts_message(posts):
    """Why a picture may not go public yet: the posts that show it, and when each is out."""
    described = []
    for post in posts:
        if post.is_scheduled:
            when = date_format(timezone.localtime(post.publish_at), "DATETIME_FORMAT")
            state = gettext("embargoed until %(time)s") % {"time": when}
        else:
            state = gettext("draft")
        described.append(f"“{post.title}” ({state})")
    return gettext(
        "This picture belongs to posts that are not published yet: %(posts)s. In the image "
        "bank everyone could see and download it now. Tick “Show it before its post is "
        "published” to do so anyway."
    ) % {"posts": ", ".join(described)}
