"""
Uploaded pictures served under /media/ (pressroom.media): to everyone once public, to no
one but the staff who may see them and preview-link readers before their post is out.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from blog.models import Post, PreviewLink
from pressroom.models import Image
from tests.factories import image_bytes, make_contact, make_image, make_post, make_user

pytestmark = pytest.mark.django_db

MEDIA_SRC = re.compile(r'(?:src|srcset)="([^"]+)"')


def media_urls(html):
    """Every /media/ address an <img> or <source> on the page loads."""
    urls = set()
    for value in MEDIA_SRC.findall(html):
        for candidate in value.split(","):
            url = candidate.strip().split(" ")[0]
            if url.startswith("/media/"):
                urls.add(url)
    return urls


def file_urls(image):
    """The original's and every rendition's address."""
    return {image.file.url, *(rendition.url for rendition in image.renditions.all())}


def is_picture(response):
    """The answer is a picture Pillow can open."""
    import io

    body = b"".join(response.streaming_content) if response.streaming else response.content
    with PILImage.open(io.BytesIO(body)) as picture:
        picture.verify()
    return True


def embargoed_post(**overrides):
    return make_post(publish_at=timezone.now() + timedelta(days=1), **overrides)


def client_in(group_name, username):
    user = make_user(username)
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def uploaded(admin_client):
    """A picture an editor uploaded through the admin."""
    upload = SimpleUploadedFile("launch.jpg", image_bytes(size=(800, 500)))
    response = admin_client.post(
        reverse("admin:pressroom_image_add"),
        {"file": upload, "alt_text": "The launch", "credit": "Eva Ek", "_save": "Save"},
    )
    assert response.status_code == 302
    return Image.objects.get()


# -- Served on the embedded default ------------------------------------------------------


def test_admin_thumbnail_of_an_uploaded_picture_loads(admin_client, uploaded):
    page = admin_client.get(reverse("admin:pressroom_image_changelist")).content.decode()
    urls = media_urls(page)
    assert urls
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] in ("image/jpeg", "image/webp")
        assert is_picture(response)


def test_front_page_picture_of_a_published_post_loads_for_a_reader(uploaded):
    make_post(title="Launch", feature_image=uploaded)
    reader = Client()
    urls = media_urls(reader.get(reverse("blog:front")).content.decode())
    assert urls
    for url in urls:
        response = reader.get(url)
        assert response.status_code == 200
        assert is_picture(response)


def test_public_picture_may_be_kept_by_browsers_and_cdns(settings, uploaded):
    make_post(feature_image=uploaded)
    response = Client().get(uploaded.file.url)
    assert "public" in response["Cache-Control"]
    assert f"s-maxage={settings.PRESSROOM_PAGE_CACHE_SECONDS}" in response["Cache-Control"]
    assert response["Last-Modified"]


def test_unchanged_public_picture_answers_not_modified(uploaded):
    make_post(feature_image=uploaded)
    reader = Client()
    first = reader.get(uploaded.file.url)
    again = reader.get(uploaded.file.url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_preview_link_page_shows_the_picture_of_a_draft(uploaded):
    post = make_post(status=Post.Status.DRAFT, feature_image=uploaded)
    link = PreviewLink.objects.create(post=post, recipient_name="Eva Ek, DN")
    journalist = Client()
    page = journalist.get(link.get_absolute_url())
    assert page.status_code == 200
    urls = media_urls(page.content.decode())
    assert urls
    for url in urls:
        response = journalist.get(url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]


def test_a_preview_links_pictures_stay_closed_to_other_browsers(uploaded):
    post = embargoed_post(feature_image=uploaded)
    link = PreviewLink.objects.create(post=post, recipient_name="Eva Ek, DN")
    Client().get(link.get_absolute_url())
    assert Client().get(uploaded.file.url).status_code == 404


def test_preview_grant_ends_after_its_time(settings, uploaded):
    settings.PRESSROOM_MEDIA_GRANT_SECONDS = -1  # already over when given
    post = embargoed_post(feature_image=uploaded)
    link = PreviewLink.objects.create(post=post, recipient_name="Eva Ek, DN")
    journalist = Client()
    journalist.get(link.get_absolute_url())
    assert journalist.get(uploaded.file.url).status_code == 404


def test_media_is_served_with_debug_off(settings, uploaded):
    settings.DEBUG = False
    make_post(feature_image=uploaded)
    assert Client().get(uploaded.file.url).status_code == 200


def test_web_server_sends_the_bytes_when_accel_redirect_is_set(settings, uploaded):
    settings.PRESSROOM_MEDIA_ACCEL_REDIRECT = "/_media/"
    make_post(feature_image=uploaded)
    response = Client().get(uploaded.file.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_media/" + uploaded.file.name
    assert response.content == b""
    assert "public" in response["Cache-Control"]


def test_media_on_a_storage_without_local_paths_is_served(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    image = make_image(is_public=True)
    response = Client().get(image.file.url)
    assert response.status_code == 200
    assert is_picture(response)


# -- Nothing before publication ------------------------------------------------------------


@pytest.mark.parametrize("status", [Post.Status.DRAFT, Post.Status.PUBLISHED])
def test_pictures_of_an_unpublished_post_are_not_found(uploaded, status):
    embargoed_post(status=status, feature_image=uploaded)
    reader = Client()
    for url in file_urls(uploaded):
        response = reader.get(url)
        assert response.status_code == 404
        assert "no-store" in response["Cache-Control"]


def test_embargoed_pictures_appear_when_the_time_comes_without_any_job(uploaded):
    post = embargoed_post(feature_image=uploaded)
    reader = Client()
    assert reader.get(uploaded.file.url).status_code == 404
    Post.objects.filter(pk=post.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    for url in file_urls(uploaded):
        assert reader.get(url).status_code == 200


def test_picture_in_the_body_of_a_draft_appears_when_it_is_published(uploaded):
    post = make_post(status=Post.Status.DRAFT, body=f"![The launch]({uploaded.file.url})")
    reader = Client()
    assert reader.get(uploaded.file.url).status_code == 404
    post.status = Post.Status.PUBLISHED
    post.save()
    page = reader.get(post.get_absolute_url()).content.decode()
    assert uploaded.file.url in page
    assert reader.get(uploaded.file.url).status_code == 200


def test_file_in_media_root_that_is_no_library_picture_is_not_served(media_root):
    (media_root / "images").mkdir(parents=True)
    (media_root / "images" / "secret.jpg").write_bytes(image_bytes())
    assert Client().get("/media/images/secret.jpg").status_code == 404


@pytest.mark.parametrize("path", ["/media/../db.sqlite3", "/media/images/%2e%2e/x.jpg"])
def test_paths_outside_the_library_are_not_found(path):
    assert Client().get(path).status_code == 404


def test_unpublished_picture_is_not_in_the_image_list_or_downloadable(uploaded):
    embargoed_post(feature_image=uploaded)
    reader = Client()
    assert uploaded.get_absolute_url() not in reader.get(reverse("pressroom:image-list")).text
    assert reader.get(uploaded.get_download_url()).status_code == 404


# -- Who may make a picture public, and who reaches it ------------------------------------


def image_change_data(client, image, **changes):
    from tests.htmlform import admin_change_data

    url = reverse("admin:pressroom_image_change", args=[image.pk])
    return url, admin_change_data(client, url, form_id="image_form", **changes)


def test_making_an_embargoed_posts_picture_public_needs_a_confirmation(admin_client, uploaded):
    embargoed_post(title="Acme buys Globex", feature_image=uploaded)
    url, data = image_change_data(admin_client, uploaded, is_public="on")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    error = " ".join(response.context["adminform"].form.errors["is_public"])
    assert "Acme buys Globex" in error
    uploaded.refresh_from_db()
    assert not uploaded.is_public
    assert Client().get(uploaded.file.url).status_code == 404


def test_confirmed_picture_of_an_embargoed_post_goes_public(admin_client, uploaded):
    embargoed_post(feature_image=uploaded)
    url, data = image_change_data(admin_client, uploaded, is_public="on", confirm_public="on")
    assert admin_client.post(url, data).status_code == 302
    assert Client().get(uploaded.file.url).status_code == 200


def test_picture_of_a_published_post_goes_public_without_a_question(admin_client, uploaded):
    make_post(feature_image=uploaded)
    url, data = image_change_data(admin_client, uploaded, is_public="on")
    assert admin_client.post(url, data).status_code == 302


def test_pr_staff_do_not_reach_an_embargoed_posts_picture(uploaded):
    embargoed_post(feature_image=uploaded)
    pr_staff = client_in("PR staff", "pr")
    changelist = pr_staff.get(reverse("admin:pressroom_image_changelist")).content.decode()
    assert reverse("admin:pressroom_image_change", args=[uploaded.pk]) not in changelist
    change = pr_staff.get(reverse("admin:pressroom_image_change", args=[uploaded.pk]))
    assert change.status_code in (302, 404)
    assert pr_staff.get(uploaded.file.url).status_code == 404
    assert pr_staff.get(uploaded.get_download_url()).status_code == 404


def test_pr_staff_reach_contact_photos(uploaded):
    make_contact(photo=uploaded, is_public=False)
    pr_staff = client_in("PR staff", "pr")
    change = pr_staff.get(reverse("admin:pressroom_image_change", args=[uploaded.pk]))
    assert change.status_code == 200
    assert pr_staff.get(uploaded.file.url).status_code == 200


def test_editors_reach_an_embargoed_posts_picture(uploaded):
    embargoed_post(feature_image=uploaded)
    editor = client_in("Editors", "editor")
    response = editor.get(uploaded.file.url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_rendition_shown_in_a_published_body_makes_its_picture_public(uploaded):
    rendition = uploaded.make_renditions()[0]  # what the task worker does after an upload
    make_post(body=f'<img src="{rendition.url}" alt="The launch">')
    assert Client().get(rendition.url).status_code == 200
    assert Client().get(uploaded.file.url).status_code == 200


def test_newsroom_logo_is_served_to_readers():
    from pressroom.models import NewsroomSettings

    logo = make_image()
    newsroom = NewsroomSettings.load()
    newsroom.logo = logo
    newsroom.save()
    reader = Client()
    urls = media_urls(reader.get(reverse("blog:front")).content.decode())
    assert urls
    for url in urls:
        assert reader.get(url).status_code == 200
