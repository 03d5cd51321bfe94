"""The press kit: one zip per post with its text, images with credits and contacts' vCards."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
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


def test_press_kit_takes_library_images_shown_in_the_body(client, task_worker):
    inline = library_image(title="Inline picture", credit="Bo Berg")
    task_worker()
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


def test_press_kit_lists_images_past_the_size_limit_as_links(client, settings, task_worker):
    first = library_image(title="First", credit="Anna A")
    second = library_image(data=image_bytes(size=(300, 200)), title="Second", credit="Bo B")
    task_worker()
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


def stored_kits(post):
    folder = settings.MEDIA_ROOT / "press-kits" / str(post.pk)
    return sorted(path for path in folder.rglob("*.zip")) if folder.exists() else []


def test_press_kit_is_built_by_the_task_worker_and_kept_in_storage(client, task_worker):
    post = make_post(title="Nytt kontor", feature_image=library_image())
    assert stored_kits(post) == []
    task_worker()
    [kit] = stored_kits(post)
    response = client.get(press_kit_url(post))
    assert b"".join(response.streaming_content) == kit.read_bytes()


def test_press_kit_downloads_do_not_build_it_again(client, task_worker):
    post = make_post(title="Nytt kontor")
    task_worker()
    [kit] = stored_kits(post)
    built = kit.stat().st_mtime_ns
    open_kit(client, post)
    open_kit(client, post)
    assert stored_kits(post) == [kit]
    assert kit.stat().st_mtime_ns == built


def test_press_kit_is_rebuilt_after_a_change_and_the_old_one_deleted(client, task_worker):
    post = make_post(title="Nytt kontor", lead="Vi flyttar.")
    task_worker()
    [old] = stored_kits(post)
    post.lead = "Vi flyttar till Malmö."
    post.save()
    task_worker()
    [new] = stored_kits(post)
    assert new != old
    assert not old.exists()
    text = open_kit(client, post).read(f"{post.slug}/{post.slug}.md").decode("utf-8")
    assert "Vi flyttar till Malmö." in text


def test_press_kit_follows_a_changed_credit_without_the_worker(client, task_worker):
    image = library_image(credit="Anna A")
    post = make_post(feature_image=image)
    task_worker()
    image.credit = "Bo B"
    image.save()
    credits = open_kit(client, post).read(f"{post.slug}/credits.txt").decode("utf-8")
    assert "Bo B" in credits


def test_unpublishing_deletes_the_stored_press_kit(task_worker):
    post = make_post(title="Nytt kontor")
    task_worker()
    assert stored_kits(post)
    post.status = post.Status.DRAFT
    post.save()
    assert stored_kits(post) == []


def test_press_kit_name_of_a_scheduled_post_carries_no_guessable_part(task_worker):
    post = make_post(title="Embargoed", publish_at=timezone.now() + timedelta(days=1))
    task_worker()
    [kit] = stored_kits(post)
    fingerprint = kit.parent.name
    assert len(fingerprint) == 32
    assert fingerprint not in (post.slug, str(post.pk))
