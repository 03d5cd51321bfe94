"""Small factories for tests: plain functions with overridable defaults."""

import io
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from blog.models import Category, Post, PostContact, RelatedLink, RelatedPost
from pressroom.models import Contact, Image, NewsroomSettings, NewsroomText, Topic

_counter = itertools.count(1)


def make_post(**overrides):
    """A published post, one hour old, unless the overrides say otherwise."""
    number = next(_counter)
    tags = overrides.pop("tags", [])
    topics = overrides.pop("topics", [])
    categories = overrides.pop("categories", [])
    contacts = overrides.pop("contacts", [])
    fields = {
        "title": f"Post number {number}",
        "lead": "A short lead.",
        "body": "Some **Markdown** body.",
        "status": Post.Status.PUBLISHED,
        "publish_at": timezone.now() - timedelta(hours=1),
        "kind": Post.Kind.NEWS,
        **overrides,
    }
    post = Post.objects.create(**fields)
    if tags:
        post.tags.add(*tags)
    post.topics.add(*topics)
    post.categories.add(*categories)
    for order, contact in enumerate(contacts):
        PostContact.objects.create(post=post, contact=contact, sort_order=order)
    return post


def make_draft(**overrides):
    return make_post(status=Post.Status.DRAFT, **overrides)


def make_topic(name=None, **overrides):
    return Topic.objects.create(name=name or f"Topic {next(_counter)}", **overrides)


def make_category(name=None, **overrides):
    return Category.objects.create(name=name or f"category-{next(_counter)}", **overrides)


def make_contact(name=None, **overrides):
    fields = {
        "name": name or f"Contact {next(_counter)}",
        "role": "Presskontakt",
        "title": "Marketing & Communications",
        "phone": "+46 (0) 76 314 79 20",
        "email": "press@example.com",
        **overrides,
    }
    return Contact.objects.create(**fields)


def make_related_link(post, title="Our site", url="https://example.com/", sort_order=0):
    return RelatedLink.objects.create(post=post, title=title, url=url, sort_order=sort_order)


def relate(post, other, sort_order=0):
    return RelatedPost.objects.create(from_post=post, to_post=other, sort_order=sort_order)


def image_bytes(size=(64, 48), color=(200, 30, 30), image_format="JPEG", mode="RGB"):
    """Encoded bytes of a real picture made with Pillow."""
    buffer = io.BytesIO()
    PILImage.new(mode, size, color).save(buffer, format=image_format)
    return buffer.getvalue()


def make_image(**overrides):
    upload = SimpleUploadedFile("picture.jpg", image_bytes(), content_type="image/jpeg")
    fields = {"file": upload, "alt_text": "A red square", "credit": "Test Photographer"}
    fields.update(overrides)
    return Image.objects.create(**fields)


def make_user(username="editor", *, superuser=False, staff=True, password="pw-for-tests-1"):
    user_model = get_user_model()
    if superuser:
        return user_model.objects.create_superuser(username, f"{username}@example.com", password)
    return user_model.objects.create_user(
        username, f"{username}@example.com", password, is_staff=staff
    )


def make_newsroom(texts=None, **overrides):
    """
    The newsroom's settings record; ``texts`` maps a language to its (description,
    boilerplate).
    """
    fields = {"name": "Norrsken Energi", **overrides}
    newsroom = NewsroomSettings.objects.create(**fields)
    for language, (description, boilerplate) in (texts or {}).items():
        NewsroomText.objects.create(
            newsroom=newsroom, language=language, description=description, boilerplate=boilerplate
        )
    return newsroom
