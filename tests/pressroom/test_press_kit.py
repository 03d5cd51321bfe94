"""The press kit: one zip per post with its text, images with credits and contacts' vCards."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags

from pressroom.models import Image
from tests.factories import image_bytes, make_contact, make_draft, make_post, make_related_link

from . import pictures

pytestmark = pytest.mark.django_db


def library_image(data=None, name="photo.jpg", **fields):
    fields.setdefault("alt_text", "The new office")
    fields.setdefault("credit", "Åsa Öberg")
    fields.setdefault("license", "CC BY 4.0")
    data = data or pictures.gps_jpeg(size=(800, 600))
    return Image.objects.create(file=SimpleUploadedFile(name, data), **fields)


def press_kit_url(post):
    return reverse("blog:press-kit", kwargs={"slug": post.slug})


def open_kit(client, post):
    response = client.get(press_kit_url(post))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_press_kit_is_a_zip_attachment(client):
    post = make_post(title="Nytt kontor")
    response = client.get(press_kit_url(post))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="nytt-kontor-press-kit.zip"'


def test_press_kit_holds_the_post_as_markdown(client):
    post = make_post(title="Nytt kontor", lead="Vi flyttar.", body="## Rubrik\n\nBrödtext.")
    make_related_link(post, title="Our site", url="https://example.com/")
    text = open_kit(client, post).read(f"{post.slug}/{post.slug}.md").decode("utf-8")
    assert text.startswith("# Nytt kontor\n")
    assert "Vi flyttar." in text
    assert "## Rubrik\n\nBrödtext." in text
    assert "- [Our site](https://example.com/)" in text
    assert f"<http://testserver{post.get_absolute_url()}>" in text


def test_press_kit_holds_the_full_size_feature_image_without_gps(client):
    post = make_post(feature_image=library_image())
    kit = open_kit(client, post)
    [name] = [n for n in kit.namelist() if n.startswith(f"{post.slug}/images/")]
    picture = pictures.open_bytes(kit.read(name))
    assert picture.size == (800, 600)
    assert not picture.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert picture.getexif()[ExifTags.Base.Artist] == "Asa Oberg"


def test_press_kit_lists_each_image_credit_and_license(client):
    post = make_post(feature_image=library_image(usage_terms="Editorial use only"))
    credits = open_kit(client, post).read(f"{post.slug}/credits.txt").decode("utf-8")
    assert "Åsa Öberg" in credits
    assert "CC BY 4.0" in credits
    assert "Editorial use only" in credits
    assert "images/the-new-office_asa-oberg.jpg" in credits


def test_press_kit_takes_library_images_shown_in_the_body(client):
    inline = library_image(title="Inline picture", credit="Bo Berg")
    post = make_post(body=f"Text.\n\n![A chart]({inline.rendition(640).url})")
    credits = open_kit(client, post).read(f"{post.slug}/credits.txt").decode("utf-8")
    assert "Bo Berg" in credits


def test_press_kit_holds_each_public_contact_vcard(client):
    shown = make_contact("Mia Pääsuke")
    hidden = make_contact("Hidden Person", is_public=False)
    post = make_post(contacts=[shown, hidden])
    kit = open_kit(client, post)
    card = kit.read(f"{post.slug}/contacts/{shown.slug}.vcf").decode("utf-8")
    assert "FN:Mia Pääsuke\r\n" in card
    assert f"{post.slug}/contacts/{hidden.slug}.vcf" not in kit.namelist()


def test_press_kit_lists_images_past_the_size_limit_as_links(client, settings):
    first = library_image(title="First", credit="Anna A")
    second = library_image(data=image_bytes(size=(300, 200)), title="Second", credit="Bo B")
    inline_url = second.rendition(300).url
    post = make_post(feature_image=first, body=f"![Second]({inline_url})")
    settings.PRESSROOM_PRESS_KIT_MAX_BYTES = first.file.size + 1000
    kit = open_kit(client, post)
    credits = kit.read(f"{post.slug}/credits.txt").decode("utf-8")
    images = [n for n in kit.namelist() if "/images/" in n]
    assert len(images) == 1
    assert f"http://testserver{second.get_download_url()}" in credits


def test_press_kit_of_a_draft_is_not_found(client):
    post = make_draft(title="Secret")
    assert client.get(press_kit_url(post)).status_code == 404


def test_press_kit_of_an_unknown_post_is_not_found(client):
    assert client.get("/posts/no-such-post/press-kit.zip").status_code == 404


def test_post_page_links_the_press_kit(client):
    post = make_post()
    html = client.get(post.get_absolute_url()).text
    assert f'href="{press_kit_url(post)}" download' in html


def test_draft_preview_does_not_link_the_press_kit(admin_client):
    post = make_draft()
    html = admin_client.get(post.get_absolute_url()).text
    assert press_kit_url(post) not in html
