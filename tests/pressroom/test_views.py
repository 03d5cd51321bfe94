"""Press-room pages: contacts and their vCards, images, and the site's plain endpoints."""

from email.message import EmailMessage

import pytest
from django.urls import reverse

from tests.factories import make_contact, make_draft, make_image, make_post

pytestmark = pytest.mark.django_db

LANGUAGE_PREFIXES = ["", "/en"]


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_contact_list_shows_public_contacts_only(client, prefix):
    make_contact("Mia Pääsuke")
    make_contact("Hidden Person", is_public=False)
    response = client.get(prefix + reverse("pressroom:contact-list"))
    assert response.status_code == 200
    assert "Mia Pääsuke" in response.text
    assert "Hidden Person" not in response.text


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_contact_page_shows_the_card(client, prefix):
    contact = make_contact("Mia Pääsuke")
    response = client.get(prefix + contact.get_absolute_url())
    assert response.status_code == 200
    assert 'href="tel:+46763147920"' in response.text
    assert "Marketing &amp; Communications" in response.text


def test_hidden_contact_has_no_page_and_no_vcard(client):
    contact = make_contact("Hidden Person", is_public=False)
    assert client.get(contact.get_absolute_url()).status_code == 404
    assert client.get(contact.get_vcard_url()).status_code == 404


def test_vcard_is_served_as_text_vcard_attachment(client):
    contact = make_contact("Mia Pääsuke")
    response = client.get(contact.get_vcard_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert ".vcf" in response["Content-Disposition"]


@pytest.mark.parametrize("name", ["Mia Pääsuke", "李小龍", "Мария Иванова"])
def test_vcard_file_name_of_a_non_latin_name_is_a_valid_header(client, name):
    contact = make_contact(name)

    header = client.get(contact.get_vcard_url())["Content-Disposition"]

    header.encode("latin-1")  # what HTTP headers can carry
    message = EmailMessage()
    message["Content-Disposition"] = header
    assert message.get_filename() == f"{contact.slug}.vcf"
    assert message.get_content_disposition() == "attachment"


def test_vcard_carries_name_phone_and_email(client):
    contact = make_contact("Mia Pääsuke")
    card = client.get(contact.get_vcard_url()).content.decode("utf-8")
    assert card.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert "FN:Mia Pääsuke\r\n" in card
    assert "N:Pääsuke;Mia;;;\r\n" in card
    assert "TEL;TYPE=WORK,VOICE:+46763147920\r\n" in card
    assert "EMAIL;TYPE=INTERNET,WORK:press@example.com\r\n" in card
    assert card.endswith("END:VCARD\r\n")


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_image_page_offers_credit_license_and_download(client, prefix):
    image = make_image(credit="Anna Fotograf", license="CC BY 4.0", is_public=True)
    download_url = prefix + image.get_download_url()
    response = client.get(prefix + image.get_absolute_url())
    assert response.status_code == 200
    assert "Anna Fotograf" in response.text
    assert "CC BY 4.0" in response.text
    assert f'href="{download_url}" download' in response.text


def test_healthz_answers_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok\n"


def test_sitemap_lists_every_published_post_and_no_draft(client):
    published = make_post(title="Published")
    draft = make_draft(title="Draft")
    text = client.get("/sitemap.xml").text
    assert f"http://testserver{published.get_absolute_url()}" in text
    assert draft.get_absolute_url() not in text


def test_robots_txt_names_the_sitemap(client):
    text = client.get("/robots.txt").text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_favicon_ico_points_at_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


def test_contact_card_shows_the_number_in_international_form(client):
    make_contact("Sara Lindqvist", phone="070-174 06 27")
    html = client.get("/contacts/").content.decode()
    assert '<a href="tel:+46701740627">+46 70 174 06 27</a>' in html
