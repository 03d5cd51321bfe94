"""
The image library: upload checks, cleaning, renditions, templates and reader pages, with
real pictures made by Pillow (see pictures.py).
"""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from PIL import ExifTags
from PIL import Image as PILImage

from pressroom import images
from pressroom.images import validate_image_file
from pressroom.models import Image, Rendition
from pressroom.tasks import make_image_renditions
from tests.factories import image_bytes, make_contact, make_draft, make_image, make_post

from . import pictures

pytestmark = pytest.mark.django_db

GPS_IFD = ExifTags.IFD.GPSInfo  # 0x8825


def upload(data, name="picture.jpg", **fields):
    """An Image saved from ``data`` as an editor's upload would be."""
    fields.setdefault("alt_text", "A picture")
    return Image.objects.create(file=SimpleUploadedFile(name, data), **fields)


def stored(field_file):
    with field_file.open("rb") as handle:
        return handle.read()


def admin_upload(admin_client, data, name="picture.jpg", **fields):
    return admin_client.post(
        reverse("admin:pressroom_image_add"),
        {
            "file": SimpleUploadedFile(name, data),
            "alt_text": "A picture",
            "credit": "Anna Fotograf",
            "_save": "Save",
            **fields,
        },
    )


def form_error(response):
    return " ".join(response.context["adminform"].form.errors["file"])


def every_served_file(image):
    """The original and all renditions, as bytes: everything a reader can fetch."""
    return [stored(image.file)] + [stored(r.file) for r in image.renditions.all()]


# -- Upload checks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "image_format,expected",
    [("JPEG", "JPEG"), ("PNG", "PNG"), ("GIF", "GIF"), ("WEBP", "WEBP")],
)
def test_validate_image_file_accepts_web_formats(image_format, expected):
    data = image_bytes(image_format=image_format)
    assert validate_image_file(ContentFile(data, name="x")) == expected


@pytest.mark.skipif("AVIF" not in images.ACCEPTED_FORMATS, reason="Pillow without AVIF")
def test_validate_image_file_accepts_avif_where_pillow_reads_it():
    data = image_bytes(image_format="AVIF")
    assert validate_image_file(ContentFile(data, name="x.avif")) == "AVIF"


def test_validate_image_file_judges_by_content_not_name():
    png = image_bytes(image_format="PNG")
    assert validate_image_file(ContentFile(png, name="holiday.jpg")) == "PNG"


def test_validate_image_file_refuses_svg_with_a_clear_message():
    with pytest.raises(ValidationError) as refused:
        validate_image_file(ContentFile(pictures.SVG, name="logo.svg"))
    assert refused.value.code == "svg"
    assert "SVG" in refused.value.messages[0]


def test_validate_image_file_refuses_svg_whatever_its_name():
    with pytest.raises(ValidationError) as refused:
        validate_image_file(ContentFile(pictures.SVG, name="logo.png"))
    assert refused.value.code == "svg"


def test_validate_image_file_refuses_other_formats_naming_the_accepted_ones():
    tiff = image_bytes(image_format="TIFF")
    with pytest.raises(ValidationError) as refused:
        validate_image_file(ContentFile(tiff, name="scan.jpg"))
    assert refused.value.code == "unsupported_format"
    assert "JPEG, PNG, GIF" in refused.value.messages[0]


def test_validate_image_file_refuses_a_decompression_bomb():
    bomb = pictures.bomb_png()
    assert len(bomb) < 200_000  # small on disk, 900 megapixels decoded
    with pytest.raises(ValidationError) as refused:
        validate_image_file(ContentFile(bomb, name="bomb.png"))
    assert refused.value.code == "too_many_pixels"


def test_validate_image_file_refuses_more_pixels_than_the_setting(settings):
    settings.PRESSROOM_IMAGE_MAX_PIXELS = 10_000
    with pytest.raises(ValidationError) as refused:
        validate_image_file(ContentFile(image_bytes(size=(200, 100)), name="x.jpg"))
    assert refused.value.code == "too_many_pixels"
    assert "200 × 100" in refused.value.messages[0]


def test_validate_image_file_refuses_more_bytes_than_the_setting(settings):
    data = pictures.gps_jpeg()
    settings.PRESSROOM_IMAGE_MAX_BYTES = len(data) - 1
    with pytest.raises(ValidationError) as refused:
        validate_image_file(ContentFile(data, name="x.jpg"))
    assert refused.value.code == "too_large"


def test_validate_image_file_refuses_a_truncated_jpeg():
    with pytest.raises(ValidationError) as refused:
        validate_image_file(ContentFile(pictures.truncated_jpeg(), name="cut.jpg"))
    assert refused.value.code == "damaged"


def test_validate_image_file_refuses_an_empty_file():
    with pytest.raises(ValidationError) as refused:
        validate_image_file(ContentFile(b"", name="empty.jpg"))
    assert refused.value.code == "empty"


def test_validate_image_file_refuses_an_animation_too_large_in_all(settings):
    settings.PRESSROOM_IMAGE_MAX_PIXELS = 120 * 80 * 2
    gif = pictures.animated_gif(frames=3)
    with pytest.raises(ValidationError) as refused:
        validate_image_file(ContentFile(gif, name="anim.gif"))
    assert refused.value.code == "too_many_frames"


def test_image_save_refuses_a_bad_file_and_writes_no_record():
    with pytest.raises(ValidationError):
        upload(pictures.truncated_jpeg())
    assert not Image.objects.exists()


# -- The stored original ----------------------------------------------------------------


def test_image_upload_turns_an_exif_rotated_photo_upright():
    image = upload(pictures.rotated_jpeg())
    original = pictures.open_bytes(stored(image.file))
    assert (image.width, image.height) == (200, 300)
    assert original.size == (200, 300)
    # Orientation 6 turns the picture right: the red left half is now on top.
    red, green, blue = original.getpixel((100, 20))
    assert red > 150 and blue < 100
    assert original.getexif().get(ExifTags.Base.Orientation) is None


def test_image_upload_removes_gps_from_the_original():
    image = upload(pictures.gps_jpeg())
    exif = pictures.open_bytes(stored(image.file)).getexif()
    assert GPS_IFD not in exif
    assert not exif.get_ifd(GPS_IFD)


def test_image_upload_removes_gps_from_every_rendition(task_worker):
    image = upload(pictures.gps_jpeg())
    task_worker()
    for rendition in image.renditions.all():
        exif = pictures.open_bytes(stored(rendition.file)).getexif()
        assert not exif.get_ifd(GPS_IFD), rendition


@pytest.mark.parametrize(
    "make,name",
    [(pictures.gps_jpeg, "a.jpg"), (pictures.gps_png, "a.png"), (pictures.gps_webp, "a.webp")],
)
def test_image_upload_serves_no_camera_serial_xmp_or_comment(make, name, task_worker):
    image = upload(make(), name=name)
    task_worker()
    for data in every_served_file(image):
        assert b"SN-0042-SECRET" not in data
        assert b"GPSLatitude" not in data
        assert b"made at home" not in data and b"Home" not in data


def test_image_upload_keeps_a_jpeg_close_to_the_upload():
    data = pictures.encode(pictures.two_halves(), "JPEG", quality=90, exif=pictures.phone_exif())
    image = upload(data)
    kept = pictures.open_bytes(stored(image.file)).tobytes()
    uploaded = pictures.open_bytes(data).tobytes()
    # Re-encoded with the upload's own quantisation tables: near-identical pixels, and
    # no bigger than the upload.
    difference = sum(abs(a - b) for a, b in zip(kept, uploaded, strict=True))
    assert difference / len(kept) < 1
    assert image.file.size <= len(data)


def test_image_upload_keeps_a_cmyk_jpeg_cmyk_for_print():
    image = upload(pictures.cmyk_jpeg())
    assert pictures.open_bytes(stored(image.file)).mode == "CMYK"


def test_image_upload_names_the_file_by_its_content():
    image = upload(image_bytes(image_format="PNG"), name="holiday.jpg")
    assert image.file.name.endswith(".png")
    assert image.format == "PNG"


def test_image_upload_keeps_an_animated_gif_animated():
    image = upload(pictures.animated_gif(frames=3), name="anim.gif")
    original = PILImage.open(io.BytesIO(stored(image.file)))
    assert original.format == "GIF"
    assert original.n_frames == 3
    assert b"made at home" not in stored(image.file)


def test_image_upload_accepts_a_phone_mpo_as_a_jpeg():
    picture = pictures.noise((300, 200))
    data = pictures.encode(picture, "MPO", save_all=True, append_images=[picture])
    image = upload(data, name="phone.jpg")
    assert image.format == "JPEG"
    assert pictures.open_bytes(stored(image.file)).format == "JPEG"


@pytest.mark.skipif("AVIF" not in images.ACCEPTED_FORMATS, reason="Pillow without AVIF")
def test_image_upload_of_avif_gets_webp_and_jpeg_renditions(task_worker):
    image = upload(image_bytes(size=(400, 200), image_format="AVIF"), name="photo.avif")
    task_worker()
    assert image.file.name.endswith(".avif")
    assert {r.format for r in image.renditions.all()} == {"jpeg", "webp"}


def test_renditions_of_a_transparent_webp_fall_back_to_png(task_worker):
    picture = pictures.open_bytes(pictures.transparent_png())
    image = upload(pictures.encode(picture, "WEBP", lossless=True), name="logo.webp")
    task_worker()
    assert image.fallback_format == "png"


def test_image_upload_records_the_checksum_of_the_upload():
    data = pictures.gps_jpeg()
    image = upload(data)
    assert len(image.checksum) == 64


# -- Renditions -------------------------------------------------------------------------


def test_rendition_widths_never_exceed_the_original():
    assert images.rendition_widths(700, [320, 640, 960]) == [320, 640, 700]


def test_rendition_widths_stop_at_the_widest_setting():
    assert images.rendition_widths(5000, [320, 640, 960]) == [320, 640, 960]


def test_rendition_widths_always_give_one_for_a_tiny_picture():
    assert images.rendition_widths(100, [320, 640]) == [100]


def test_image_upload_makes_renditions_in_webp_and_the_original_format(settings, task_worker):
    settings.PRESSROOM_IMAGE_WIDTHS = [100, 200, 1000]
    image = upload(pictures.gps_jpeg(size=(400, 300)))
    task_worker()
    made = sorted((r.width, r.height, r.format) for r in image.renditions.all())
    assert made == [
        (100, 75, "jpeg"),
        (100, 75, "webp"),
        (200, 150, "jpeg"),
        (200, 150, "webp"),
        (400, 300, "jpeg"),
        (400, 300, "webp"),
    ]


def test_renditions_are_real_files_of_their_format_and_size(task_worker):
    image = upload(pictures.gps_jpeg(size=(700, 400)))
    task_worker()
    for rendition in image.renditions.all():
        picture = pictures.open_bytes(stored(rendition.file))
        assert picture.format == rendition.format.upper()
        assert picture.size == (rendition.width, rendition.height)


def test_renditions_go_through_the_storage_api(task_worker):
    image = upload(pictures.gps_jpeg())
    task_worker()
    for rendition in image.renditions.all():
        assert image.file.storage.exists(rendition.file.name)
        assert rendition.file.name.startswith(f"renditions/{image.pk}/")


def test_renditions_of_a_cmyk_jpeg_are_rgb(task_worker):
    image = upload(pictures.cmyk_jpeg())
    task_worker()
    for rendition in image.renditions.all():
        picture = pictures.open_bytes(stored(rendition.file))
        assert picture.mode == "RGB"
        red, green, blue = picture.getpixel((10, 10))
        assert red > 200 and green < 80 and blue < 80


@pytest.mark.parametrize("rendition_format", ["png", "webp"])
def test_renditions_of_a_transparent_png_keep_alpha(rendition_format, task_worker):
    image = upload(pictures.transparent_png(), name="logo.png")
    task_worker()
    renditions = image.renditions_in(rendition_format)
    assert renditions
    for rendition in renditions:
        picture = pictures.open_bytes(stored(rendition.file))
        assert picture.mode == "RGBA"
        assert picture.getpixel((0, 0))[3] == 0
        assert picture.getpixel((picture.width // 2, picture.height // 2))[3] == 255


def test_renditions_of_an_animated_gif_are_its_first_frame_as_png(task_worker):
    image = upload(pictures.animated_gif(), name="anim.gif")
    task_worker()
    assert image.fallback_format == "png"
    for rendition in image.renditions.all():
        picture = PILImage.open(io.BytesIO(stored(rendition.file)))
        assert getattr(picture, "n_frames", 1) == 1
        red, green, blue = picture.convert("RGB").getpixel((5, 5))
        assert red > 250 and green < 10 and blue < 10


def test_renditions_are_made_once_not_per_request(client, task_worker):
    image = upload(pictures.gps_jpeg(), is_public=True)
    task_worker()
    names = sorted(r.file.name for r in image.renditions.all())
    client.get(image.get_absolute_url())
    client.get(reverse("pressroom:image-list"))
    assert sorted(r.file.name for r in Rendition.objects.filter(image=image)) == names


def test_renditions_are_made_by_the_task_worker_not_the_upload(task_worker):
    image = upload(pictures.gps_jpeg(size=(700, 400)))
    assert not image.renditions.exists()
    task_worker()
    assert image.renditions.exists()


def test_post_page_shows_the_original_until_the_renditions_are_made(client):
    image = upload(pictures.gps_jpeg(size=(700, 400)), alt_text="The new office")
    post = make_post(feature_image=image)
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'<img src="{image.file.url}" width="700" height="400" alt="The new office"' in html


def test_replacing_the_file_shows_the_new_original_until_its_renditions_are_made(task_worker):
    image = upload(image_bytes(size=(400, 200)))
    task_worker()
    image.file = SimpleUploadedFile("new.png", image_bytes(size=(300, 300), image_format="PNG"))
    image.save()
    assert not image.renditions.exists()
    assert image.rendition_url(960) == image.file.url


def test_a_rendition_task_for_a_replaced_file_makes_nothing(task_worker):
    image = upload(image_bytes(size=(400, 200)))
    stale_checksum = image.checksum
    image.renditions.all().delete()
    Image.objects.filter(pk=image.pk).update(checksum="0" * 64)
    assert make_image_renditions.call(image.pk, stale_checksum) == 0
    assert not image.renditions.exists()


def test_replacing_the_file_replaces_the_renditions(
    django_capture_on_commit_callbacks, task_worker
):
    image = upload(image_bytes(size=(400, 200)))
    task_worker()
    old_names = [r.file.name for r in image.renditions.all()]
    image.file = SimpleUploadedFile("new.png", image_bytes(size=(300, 300), image_format="PNG"))
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    task_worker()
    assert {r.format for r in image.renditions.all()} == {"png", "webp"}
    assert all(r.height == r.width for r in image.renditions.all())
    assert not any(image.file.storage.exists(name) for name in old_names)


def test_deleting_an_image_deletes_its_rendition_files(
    django_capture_on_commit_callbacks, task_worker
):
    image = upload(image_bytes(size=(400, 200)))
    task_worker()
    names = [r.file.name for r in image.renditions.all()]
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert names
    assert not any(image.file.storage.exists(name) for name in names)


def test_editing_the_texts_keeps_the_renditions(task_worker):
    image = upload(pictures.gps_jpeg())
    task_worker()
    ids = sorted(image.renditions.values_list("pk", flat=True))
    image.credit = "New Credit"
    image.save()
    assert sorted(image.renditions.values_list("pk", flat=True)) == ids


def test_image_rendition_picks_the_narrowest_at_least_as_wide(settings, task_worker):
    settings.PRESSROOM_IMAGE_WIDTHS = [320, 640, 960]
    image = upload(pictures.gps_jpeg(size=(1000, 500)))
    task_worker()
    assert image.rendition(500).width == 640
    assert image.rendition(5000).width == 960
    assert image.rendition(500, "webp").format == "webp"


def test_image_social_rendition_is_about_1200_wide_in_jpeg(task_worker):
    image = upload(pictures.gps_jpeg(size=(2400, 1200)))
    task_worker()
    rendition = image.social_rendition
    assert (rendition.width, rendition.height, rendition.format) == (1200, 600, "jpeg")


# -- Templates --------------------------------------------------------------------------


def render(template, **context):
    return Template("{% load images %}" + template).render(Context(context))


def test_picture_tag_gives_a_webp_source_and_a_srcset_img(settings, task_worker):
    settings.PRESSROOM_IMAGE_WIDTHS = [320, 640]
    image = upload(pictures.gps_jpeg(size=(800, 400)), alt_text="A red wall")
    task_worker()
    html = render('{% picture image sizes="50vw" %}', image=image)
    webp = image.renditions_in("webp")
    jpeg = image.renditions_in("jpeg")
    assert html.startswith('<picture><source type="image/webp"')
    assert f'srcset="{webp[0].url} 320w, {webp[1].url} 640w"' in html
    assert f'srcset="{jpeg[0].url} 320w, {jpeg[1].url} 640w"' in html
    assert html.count('sizes="50vw"') == 2


def test_picture_tag_sets_width_height_and_alt(task_worker):
    image = upload(pictures.gps_jpeg(size=(1600, 800)), alt_text="Ett rött <hus>")
    task_worker()
    html = render("{% picture image %}", image=image)
    assert 'width="960" height="480"' in html
    assert 'alt="Ett rött &lt;hus&gt;"' in html


def test_picture_tag_loads_lazily_by_default():
    html = render("{% picture image %}", image=upload(image_bytes()))
    assert 'loading="lazy"' in html
    assert 'decoding="async"' in html


def test_picture_tag_loads_eagerly_when_asked():
    image = upload(image_bytes())
    html = render('{% picture image loading="eager" fetchpriority="high" %}', image=image)
    assert "loading=" not in html
    assert 'fetchpriority="high"' in html


def test_picture_tag_renders_nothing_without_an_image():
    assert render("{% picture image %}", image=None).strip() == ""


def test_rendition_url_tag_gives_an_absolute_url_for_open_graph(task_worker):
    image = upload(pictures.gps_jpeg(size=(2400, 1200)))
    task_worker()
    request = RequestFactory().get("/")
    html = Template("{% load images %}{% rendition_url image 1200 absolute=True %}").render(
        Context({"image": image, "request": request})
    )
    assert html == "http://testserver" + image.rendition(1200).url


def test_post_page_shows_the_feature_image_as_an_eager_picture(client, task_worker):
    image = upload(pictures.gps_jpeg(size=(1600, 900)), alt_text="The new office")
    task_worker()
    post = make_post(feature_image=image)
    html = client.get(post.get_absolute_url()).text
    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    assert '<source type="image/webp"' in picture
    assert 'alt="The new office"' in picture
    assert 'loading="lazy"' not in picture
    assert 'width="960" height="540"' in picture


def test_post_cards_show_lazy_pictures(client):
    make_post(feature_image=upload(pictures.gps_jpeg()))
    html = client.get(reverse("blog:post-list")).text
    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    assert 'loading="lazy"' in picture
    assert 'class="card__image"' in picture


def test_contact_card_shows_the_photo_as_a_small_lazy_picture(client):
    make_contact("Mia Pääsuke", photo=upload(pictures.gps_jpeg()))
    html = client.get(reverse("pressroom:contact-list")).text
    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    assert 'width="72" height="72"' in picture
    assert 'loading="lazy"' in picture


def test_post_list_queries_do_not_grow_with_pictures(client, django_assert_max_num_queries):
    make_post(feature_image=upload(image_bytes()))
    url = reverse("blog:post-list")
    with django_assert_max_num_queries(100) as captured:
        client.get(url)
    baseline = len(captured)
    for _ in range(9):
        make_post(feature_image=upload(image_bytes()))
    with django_assert_max_num_queries(baseline):
        assert client.get(url).text.count("<picture>") == 10


def test_post_page_queries_do_not_grow_with_contact_photos(client, django_assert_max_num_queries):
    small = make_post(
        feature_image=upload(image_bytes()), contacts=[make_contact(photo=upload(image_bytes()))]
    )
    baseline_url = small.get_absolute_url()
    with django_assert_max_num_queries(100) as captured:
        client.get(baseline_url)
    baseline = len(captured)
    contacts = [make_contact(photo=upload(image_bytes())) for _ in range(5)]
    large = make_post(feature_image=upload(image_bytes()), contacts=contacts)
    with django_assert_max_num_queries(baseline):
        assert client.get(large.get_absolute_url()).text.count("<picture>") == 6


def test_contact_list_queries_do_not_grow_with_photos(client, django_assert_max_num_queries):
    make_contact(photo=upload(image_bytes()))
    url = reverse("pressroom:contact-list")
    with django_assert_max_num_queries(100) as captured:
        client.get(url)
    baseline = len(captured)
    for _ in range(9):
        make_contact(photo=upload(image_bytes()))
    with django_assert_max_num_queries(baseline):
        assert client.get(url).text.count("<picture>") == 10


# -- Reader pages -----------------------------------------------------------------------


def test_image_list_answers_with_its_heading(client):
    response = client.get("/en" + reverse("pressroom:image-list"))
    assert response.status_code == 200
    assert "<h1>Images</h1>" in response.text


def test_image_list_shows_bank_images_and_images_of_published_posts(client):
    banked = make_image(title="Banked picture", is_public=True)
    make_post(feature_image=make_image(title="Published picture"))
    html = client.get(reverse("pressroom:image-list")).text
    assert banked.get_absolute_url() in html
    assert "Published picture" in html


def test_image_list_hides_images_of_drafts_and_embargoed_posts(client):
    make_draft(feature_image=make_image(title="Draft picture"))
    html = client.get(reverse("pressroom:image-list")).text
    assert "Draft picture" not in html


def test_image_list_is_paginated(client, settings):
    for n in range(settings.PRESSROOM_PAGE_SIZE + 1):
        make_image(title=f"Picture {n}", is_public=True)
    response = client.get(reverse("pressroom:image-list"), {"page": 2})
    assert response.status_code == 200
    assert len(response.context["images"]) == 1


def test_header_links_to_the_image_list(client):
    html = client.get(reverse("blog:front")).text
    assert f'href="{reverse("pressroom:image-list")}"' in html


def test_image_page_of_an_unpublished_image_is_not_found(client):
    image = make_image()
    assert client.get(image.get_absolute_url()).status_code == 404
    assert client.get(image.get_download_url()).status_code == 404


def test_image_page_shows_staff_an_unpublished_image(admin_client):
    image = make_image(title="Embargoed picture")
    response = admin_client.get(image.get_absolute_url())
    assert response.status_code == 200


def test_image_page_shows_credit_license_and_download_link(client):
    image = make_image(credit="Anna Fotograf", license="CC BY 4.0", is_public=True)
    html = client.get(image.get_absolute_url()).text
    assert "Anna Fotograf" in html
    assert "CC BY 4.0" in html
    assert f'href="{image.get_download_url()}" download' in html


def test_image_download_is_an_attachment_with_a_readable_name(client):
    image = upload(pictures.gps_jpeg(), title="Nya kontoret", credit="Åsa Öberg", is_public=True)
    response = client.get(image.get_download_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'attachment; filename="nya-kontoret_asa-oberg.jpg"'


def test_image_download_is_the_full_size_original_without_gps(client):
    image = upload(pictures.gps_jpeg(size=(640, 480)), is_public=True)
    response = client.get(image.get_download_url())
    data = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(data)
    picture = pictures.open_bytes(data)
    assert picture.size == (640, 480)
    assert not picture.getexif().get_ifd(GPS_IFD)
    assert b"SN-0042-SECRET" not in data


def test_image_download_carries_credit_and_license_in_exif_and_xmp(client):
    image = upload(
        pictures.gps_jpeg(),
        credit="Åsa Öberg",
        license="CC BY 4.0",
        usage_terms="Editorial use only",
        is_public=True,
    )
    data = b"".join(client.get(image.get_download_url()).streaming_content)
    picture = pictures.open_bytes(data)
    exif = picture.getexif()
    assert exif[ExifTags.Base.Artist] == "Asa Oberg"
    assert exif[ExifTags.Base.Copyright] == "(c) Asa Oberg / CC BY 4.0"
    xmp = picture.info["xmp"].decode("utf-8")
    assert "<photoshop:Credit>Åsa Öberg</photoshop:Credit>" in xmp
    assert "Editorial use only" in xmp


def test_image_download_of_a_png_carries_the_credit(client):
    image = upload(pictures.transparent_png(), name="logo.png", credit="Design AB")
    image.is_public = True
    image.save()
    data = b"".join(client.get(image.get_download_url()).streaming_content)
    picture = pictures.open_bytes(data)
    assert picture.getexif()[ExifTags.Base.Artist] == "Design AB"
    assert picture.mode == "RGBA"


def test_image_download_shows_the_credit_as_changed_later(client):
    image = upload(pictures.gps_jpeg(), credit="Old Name", is_public=True)
    image.credit = "New Name"
    image.save()
    data = b"".join(client.get(image.get_download_url()).streaming_content)
    assert pictures.open_bytes(data).getexif()[ExifTags.Base.Artist] == "New Name"


# -- Admin ------------------------------------------------------------------------------


def test_admin_upload_turns_a_rotated_photo_upright(admin_client):
    response = admin_upload(admin_client, pictures.rotated_jpeg())
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (200, 300)


def test_admin_upload_strips_gps_and_makes_renditions(admin_client, task_worker):
    admin_upload(admin_client, pictures.gps_jpeg())
    task_worker()
    image = Image.objects.get()
    assert image.renditions.exists()
    for data in every_served_file(image):
        assert not pictures.open_bytes(data).getexif().get_ifd(GPS_IFD)


def test_admin_upload_refuses_svg_with_a_clear_message(admin_client):
    response = admin_upload(admin_client, pictures.SVG, name="logo.svg")
    assert response.status_code == 200
    assert "SVG" in form_error(response)
    assert not Image.objects.exists()


def test_admin_upload_refuses_a_decompression_bomb(admin_client):
    response = admin_upload(admin_client, pictures.bomb_png(), name="bomb.png")
    assert response.status_code == 200
    # The admin speaks the newsroom's language, Swedish by default.
    assert "megapixlar" in form_error(response)
    assert not Image.objects.exists()


def test_admin_upload_refuses_a_truncated_jpeg(admin_client):
    response = admin_upload(admin_client, pictures.truncated_jpeg())
    assert response.status_code == 200
    assert "skadad eller ofullständig" in form_error(response)
    assert not Image.objects.exists()


def test_admin_upload_accepts_a_cmyk_jpeg(admin_client, task_worker):
    assert admin_upload(admin_client, pictures.cmyk_jpeg()).status_code == 302
    task_worker()
    assert Image.objects.get().renditions.exists()


def test_admin_upload_accepts_a_transparent_png(admin_client):
    assert admin_upload(admin_client, pictures.transparent_png(), name="a.png").status_code == 302


def test_admin_upload_accepts_an_animated_gif(admin_client):
    assert admin_upload(admin_client, pictures.animated_gif(), name="a.gif").status_code == 302


def test_admin_upload_judges_a_png_named_jpg_by_its_content(admin_client):
    response = admin_upload(admin_client, image_bytes(image_format="PNG"), name="photo.jpg")
    assert response.status_code == 302
    assert Image.objects.get().file.name.endswith(".png")


def test_admin_changelist_thumbnails_are_renditions(admin_client, task_worker):
    image = upload(image_bytes(size=(480, 240)))
    task_worker()
    html = admin_client.get(reverse("admin:pressroom_image_changelist")).text
    assert f'src="{image.rendition(240).url}" width="120" height="60"' in html
    assert image.file.url not in html


def test_admin_changelist_queries_do_not_grow_with_images(
    admin_client, django_assert_max_num_queries
):
    upload(image_bytes())
    url = reverse("admin:pressroom_image_changelist")
    with django_assert_max_num_queries(100) as captured:
        admin_client.get(url)
    baseline = len(captured)
    for _ in range(9):
        upload(image_bytes())
    with django_assert_max_num_queries(baseline):
        admin_client.get(url)


def test_admin_image_search_finds_by_license(admin_client):
    wanted = upload(image_bytes(), license="CC BY-SA 4.0")
    upload(image_bytes(), license="All rights reserved")
    response = admin_client.get(reverse("admin:pressroom_image_changelist"), {"q": "BY-SA"})
    assert list(response.context["cl"].result_list) == [wanted]


def test_admin_image_autocomplete_finds_by_credit(admin_client):
    wanted = upload(image_bytes(), credit="Kalle Fotograf")
    upload(image_bytes(), credit="Someone Else")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "kalle",
            "app_label": "blog",
            "model_name": "post",
            "field_name": "feature_image",
        },
    )
    assert [result["id"] for result in response.json()["results"]] == [str(wanted.pk)]


# -- Import -----------------------------------------------------------------------------


def test_image_objects_from_file_adds_a_picture_from_a_path(tmp_path, task_worker):
    path = tmp_path / "feature.jpg"
    path.write_bytes(pictures.gps_jpeg())
    image = Image.objects.from_file(path, alt_text="A view", credit="Anna Fotograf")
    task_worker()
    assert image.pk and image.credit == "Anna Fotograf"
    assert image.renditions.exists()
    assert not pictures.open_bytes(stored(image.file)).getexif().get_ifd(GPS_IFD)


def test_image_objects_from_file_reads_an_open_file():
    image = Image.objects.from_file(io.BytesIO(pictures.rotated_jpeg()), name="turned.jpg")
    assert (image.width, image.height) == (200, 300)


def test_image_objects_from_file_refuses_svg_and_leaves_nothing(tmp_path):
    path = tmp_path / "logo.svg"
    path.write_bytes(pictures.SVG)
    with pytest.raises(ValidationError) as refused:
        Image.objects.from_file(path)
    assert refused.value.code == "svg"
    assert not Image.objects.exists()
    assert not Rendition.objects.exists()


def test_image_objects_from_file_refuses_a_bomb(tmp_path):
    path = tmp_path / "bomb.png"
    path.write_bytes(pictures.bomb_png())
    with pytest.raises(ValidationError) as refused:
        Image.objects.from_file(path)
    assert refused.value.code == "too_many_pixels"


def test_image_objects_from_file_refuses_a_truncated_jpeg(tmp_path):
    path = tmp_path / "cut.jpg"
    path.write_bytes(pictures.truncated_jpeg())
    with pytest.raises(ValidationError) as refused:
        Image.objects.from_file(path)
    assert refused.value.code == "damaged"


def test_image_objects_from_file_reports_a_missing_file(tmp_path):
    with pytest.raises(ValidationError) as refused:
        Image.objects.from_file(tmp_path / "nowhere.jpg")
    assert refused.value.code == "unreadable"
    assert "nowhere.jpg" in refused.value.messages[0]


def test_image_objects_from_file_twice_gives_the_same_image(tmp_path):
    path = tmp_path / "feature.jpg"
    path.write_bytes(pictures.gps_jpeg())
    first = Image.objects.from_file(path, alt_text="A view")
    second = Image.objects.from_file(path, alt_text="Another text", credit="Anna Fotograf")
    assert second.pk == first.pk
    assert Image.objects.count() == 1
    second.refresh_from_db()
    assert (second.alt_text, second.credit) == ("A view", "Anna Fotograf")


# -- Backfill ---------------------------------------------------------------------------


def test_make_renditions_command_fills_in_missing_renditions():
    image = upload(image_bytes(size=(400, 200)))
    image.renditions.all().delete()
    call_command("make_renditions", stdout=io.StringIO())
    assert image.renditions.count() == 4  # 320 and 400 px, in JPEG and WebP


def test_make_renditions_command_reports_a_missing_file_and_goes_on():
    broken = upload(image_bytes(size=(400, 200)), name="broken.jpg")
    broken.renditions.all().delete()
    broken.file.storage.delete(broken.file.name)
    fine = upload(image_bytes(size=(400, 200)))
    fine.renditions.all().delete()
    errors = io.StringIO()
    call_command("make_renditions", stdout=io.StringIO(), stderr=errors)
    assert f"Image {broken.pk}" in errors.getvalue()
    assert fine.renditions.exists()
