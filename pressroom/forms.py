"""Forms for the image library."""

from django import forms

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
