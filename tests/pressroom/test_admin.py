"""The admin for topics, press contacts and the image library."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pressroom.models import Contact, Image, Topic
from tests.factories import image_bytes, make_contact, make_image, make_post, make_topic
from tests.htmlform import form_data

pytestmark = pytest.mark.django_db

CHANGELISTS = ["pressroom_topic", "pressroom_contact", "pressroom_image"]


def changelist_rows(response):
    return list(response.context["cl"].result_list)


@pytest.mark.parametrize("model", CHANGELISTS)
def test_admin_changelist_answers(admin_client, model):
    make_topic()
    make_contact()
    make_image()
    assert admin_client.get(reverse(f"admin:{model}_changelist")).status_code == 200


@pytest.mark.parametrize("model", CHANGELISTS)
def test_admin_add_page_answers(admin_client, model):
    assert admin_client.get(reverse(f"admin:{model}_add")).status_code == 200


def test_topic_admin_change_page_answers(admin_client):
    topic = make_topic("Data, Telekom, IT")
    response = admin_client.get(reverse("admin:pressroom_topic_change", args=[topic.pk]))
    assert response.status_code == 200


def test_contact_admin_change_page_answers(admin_client):
    contact = make_contact(photo=make_image())
    response = admin_client.get(reverse("admin:pressroom_contact_change", args=[contact.pk]))
    assert response.status_code == 200


def test_image_admin_change_page_answers(admin_client):
    image = make_image()
    response = admin_client.get(reverse("admin:pressroom_image_change", args=[image.pk]))
    assert response.status_code == 200


def test_contact_admin_requires_login():
    response = Client().get(reverse("admin:pressroom_contact_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_topic_changelist_counts_posts(admin_client):
    topic = make_topic("Data, Telekom, IT")
    make_post(topics=[topic])
    make_post(topics=[topic])

    response = admin_client.get(reverse("admin:pressroom_topic_changelist"))

    assert changelist_rows(response)[0].post_count == 2
    assert '<td class="field-post_count">2</td>' in response.content.decode()


def test_topic_changelist_search_finds_a_name_with_commas(admin_client):
    wanted = make_topic("Data, Telekom, IT")
    make_topic("Hållbarhet")

    response = admin_client.get(reverse("admin:pressroom_topic_changelist"), {"q": "Data, Telekom"})

    assert changelist_rows(response) == [wanted]


def test_contact_changelist_search_finds_by_department(admin_client):
    wanted = make_contact("Anna Andersson", title="Marketing & Communications")
    make_contact("Bo Berg", title="Sales")

    response = admin_client.get(reverse("admin:pressroom_contact_changelist"), {"q": "marketing"})

    assert changelist_rows(response) == [wanted]


def test_contact_changelist_filters_hidden_contacts(admin_client):
    hidden = make_contact("Hidden", is_public=False)
    make_contact("Shown")

    response = admin_client.get(
        reverse("admin:pressroom_contact_changelist"), {"is_public__exact": "0"}
    )

    assert changelist_rows(response) == [hidden]


def test_contact_changelist_saves_order_edited_in_the_list(admin_client):
    first = make_contact("First", sort_order=0)
    second = make_contact("Second", sort_order=1)

    response = admin_client.post(
        reverse("admin:pressroom_contact_changelist"),
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": first.pk,
            "form-0-sort_order": "5",
            "form-1-id": second.pk,
            "form-1-sort_order": "1",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    assert [contact.name for contact in Contact.objects.all()] == ["Second", "First"]


def test_contact_admin_shows_the_dialled_phone_number(admin_client):
    contact = make_contact(phone="+46 (0) 76 314 79 20")

    response = admin_client.get(reverse("admin:pressroom_contact_change", args=[contact.pk]))

    assert "+46763147920" in response.content.decode()


def test_contact_admin_add_form_creates_contact_with_slug_and_normalized_phone(admin_client):
    response = admin_client.post(
        reverse("admin:pressroom_contact_add"),
        {
            "name": "Anna Andersson",
            "slug": "anna-andersson",
            "is_press_contact": "on",
            "role": "Presskontakt",
            "title": "Marketing & Communications",
            "phone": "+46 (0) 76 314 79 20",
            "email": "anna@example.com",
            "sort_order": "0",
            "is_public": "on",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    contact = Contact.objects.get(slug="anna-andersson")
    assert contact.phone_normalized == "+46763147920"


def test_image_admin_upload_creates_image_with_dimensions(admin_client):
    upload = SimpleUploadedFile(
        "office.jpg", image_bytes(size=(320, 200)), content_type="image/jpeg"
    )

    response = admin_client.post(
        reverse("admin:pressroom_image_add"),
        {
            "file": upload,
            "title": "The office",
            "alt_text": "An office with a red wall",
            "caption": "",
            "credit": "Test Photographer",
            "license": "CC BY 4.0",
            "usage_terms": "",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (320, 200)
    assert image.file.storage.exists(image.file.name)


def test_image_admin_upload_refuses_a_file_that_is_no_picture(admin_client):
    upload = SimpleUploadedFile("fake.jpg", b"not a picture at all", content_type="image/jpeg")

    response = admin_client.post(
        reverse("admin:pressroom_image_add"),
        {"file": upload, "alt_text": "Nothing", "_save": "Save"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"]
    assert not Image.objects.exists()


def test_image_changelist_shows_thumbnails_with_dimensions(admin_client):
    image = make_image(file=SimpleUploadedFile("wide.jpg", image_bytes(size=(480, 240))))

    response = admin_client.get(reverse("admin:pressroom_image_changelist"))

    content = response.content.decode()
    assert f'src="{image.rendition_url(240)}" width="120" height="60"' in content


def test_image_admin_change_page_shows_a_larger_thumbnail(admin_client):
    image = make_image(file=SimpleUploadedFile("wide.jpg", image_bytes(size=(800, 400))))

    response = admin_client.get(reverse("admin:pressroom_image_change", args=[image.pk]))

    thumbnail = f'src="{image.rendition_url(800)}" width="400" height="200"'
    assert thumbnail in response.content.decode()


def test_image_changelist_search_finds_by_credit(admin_client):
    wanted = make_image(credit="Kalle Fotograf")
    make_image(credit="Someone Else")

    response = admin_client.get(reverse("admin:pressroom_image_changelist"), {"q": "kalle"})

    assert changelist_rows(response) == [wanted]


def test_topic_admin_cleans_control_characters(admin_client):
    response = admin_client.post(
        reverse("admin:pressroom_topic_add"),
        {"name": "Data,\x0bIT", "slug": "data-it", "description": "Om\x07 data", "_save": "Save"},
    )

    assert response.status_code == 302
    topic = Topic.objects.get(slug="data-it")
    assert (topic.name, topic.description) == ("Data, IT", "Om data")


def test_contact_admin_cleans_control_characters_from_every_text_field(admin_client):
    response = admin_client.post(
        reverse("admin:pressroom_contact_add"),
        {
            "name": "Anna\x0bAndersson",
            "slug": "anna-andersson",
            "is_press_contact": "on",
            "role": "Press\x07kontakt",
            "title": "Marketing\x07 & Communications",
            "specialist_areas": "Data\x07, IT",
            "phone": "+46 (0) 76\x07 314 79 20",
            "phone_alt": "070\x07-000 00 00",
            "email": "anna@example.com",
            "bio": "Rad ett\x0bRad två",
            "sort_order": "0",
            "is_public": "on",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    contact = Contact.objects.get(slug="anna-andersson")
    assert contact.name == "Anna Andersson"
    assert (contact.role, contact.title) == ("Presskontakt", "Marketing & Communications")
    assert contact.specialist_areas == "Data, IT"
    assert (contact.phone, contact.phone_alt) == ("+46 (0) 76 314 79 20", "070-000 00 00")
    assert contact.bio == "Rad ett Rad två"


def test_image_admin_cleans_control_characters_from_every_text_field(admin_client):
    image = make_image()
    data = form_data(
        admin_client.get(reverse("admin:pressroom_image_change", args=[image.pk])).content.decode(),
        "image_form",
        title="Röd\x07 ruta",
        alt_text="En röd\x0bruta",
        caption="Bild\x07text",
        credit="Foto\x07graf",
        license="CC\x07 BY",
        usage_terms="Fritt\x0bför press",
    )

    response = admin_client.post(reverse("admin:pressroom_image_change", args=[image.pk]), data)

    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.title, image.alt_text, image.caption) == ("Röd ruta", "En röd ruta", "Bildtext")
    assert (image.credit, image.license) == ("Fotograf", "CC BY")
    assert image.usage_terms == "Fritt för press"
