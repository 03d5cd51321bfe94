"""The newsroom's settings: edited in the admin, shown wherever the newsroom speaks."""

import io
import json
import re
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from pressroom.models import NewsroomSettings, NewsroomText
from tests.factories import make_contact, make_image, make_newsroom, make_post, make_user
from tests.htmlform import admin_change_data

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/admin/pressroom/newsroomsettings/1/change/"


def json_ld(html):
    """Every JSON-LD object on a page."""
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(text) for text in found]


def og_site_name(html):
    return re.search(r'<meta property="og:site_name" content="([^"]*)">', html).group(1)


def vcard_org(client, contact):
    card = client.get(contact.get_vcard_url()).content.decode()
    return next(line for line in card.splitlines() if line.startswith("ORG:"))[4:]


@pytest.fixture
def editor():
    user = make_user("editor")
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


def test_first_run_name_comes_from_the_environment(client, settings):
    settings.PRESSROOM_NAME = "Env Newsroom"
    html = client.get("/").content.decode()
    assert "<title>Env Newsroom</title>" in html
    assert og_site_name(html) == "Env Newsroom"


def test_saved_name_shows_in_header_title_and_footer(client):
    make_newsroom(name="Norrsken Energi")
    html = client.get("/").content.decode()
    assert "<title>Norrsken Energi</title>" in html
    assert '<a class="brand" href="/">Norrsken Energi</a>' in html
    assert '<p class="site-footer__name">Norrsken Energi</p>' in html


def test_post_page_title_ends_with_the_newsroom_name(client):
    make_newsroom(name="Norrsken Energi")
    post = make_post(title="Battery park opens")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "<title>Battery park opens · Norrsken Energi</title>" in html


def test_og_site_name_vcard_org_and_json_ld_publisher_agree(client):
    make_newsroom(name="Norrsken Energi")
    contact = make_contact("Anna Berg")
    post = make_post(kind="press_release", contacts=[contact])
    html = client.get(post.get_absolute_url()).content.decode()
    (article,) = json_ld(html)
    assert og_site_name(html) == "Norrsken Energi"
    assert article["publisher"]["name"] == "Norrsken Energi"
    assert vcard_org(client, contact) == "Norrsken Energi"


def test_json_ld_publisher_carries_logo_and_profiles(client):
    logo = make_image(alt_text="Norrsken logo")
    make_newsroom(
        logo=logo,
        website="https://norrsken.example/",
        social_links="https://www.linkedin.com/company/norrsken\nhttps://bsky.app/profile/norrsken",
    )
    post = make_post(kind="press_release")
    (article,) = json_ld(client.get(post.get_absolute_url()).content.decode())
    publisher = article["publisher"]
    assert publisher["logo"].endswith(logo.file.url)
    assert publisher["url"] == "https://norrsken.example/"
    assert publisher["sameAs"] == [
        "https://www.linkedin.com/company/norrsken",
        "https://bsky.app/profile/norrsken",
    ]


def test_footer_links_the_social_profiles_by_network_name(client):
    make_newsroom(social_links="https://www.linkedin.com/company/norrsken")
    html = client.get("/").content.decode()
    assert (
        '<a href="https://www.linkedin.com/company/norrsken" rel="me noopener">LinkedIn</a>' in html
    )


def test_feed_title_is_the_newsroom_name(client):
    make_newsroom(name="Norrsken Energi")
    make_post()
    feed = client.get(reverse("blog:feed", args=["rss"])).content.decode()
    assert "<title>Norrsken Energi</title>" in feed


def test_press_kit_vcard_names_the_newsroom(client):
    make_newsroom(name="Norrsken Energi")
    post = make_post(contacts=[make_contact("Anna Berg")])
    response = client.get(reverse("blog:press-kit", args=[post.slug]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    card = next(name for name in archive.namelist() if name.endswith(".vcf"))
    assert "ORG:Norrsken Energi" in archive.read(card).decode()


def test_description_in_the_page_language_with_default_language_fallback(client):
    make_newsroom(texts={"sv": ("Förnybar energi från norr.", "")})
    assert "Förnybar energi från norr." in client.get("/").content.decode()
    # No English text: the default language's stands in.
    assert "Förnybar energi från norr." in client.get("/en/").content.decode()


def test_boilerplate_markdown_is_rendered_and_sanitized():
    newsroom = make_newsroom()
    text = NewsroomText.objects.create(
        newsroom=newsroom,
        language="en",
        boilerplate="**Norrsken** [site](https://norrsken.example/) <script>alert(1)</script>"
        " [x](javascript:alert(1))",
    )
    assert "<strong>Norrsken</strong>" in text.boilerplate_html
    assert 'href="https://norrsken.example/"' in text.boilerplate_html
    assert "<script" not in text.boilerplate_html
    assert "javascript:" not in text.boilerplate_html


def test_a_change_shows_at_once_with_the_page_cache_on(client, settings):
    settings.PRESSROOM_PAGE_CACHE = True
    newsroom = make_newsroom(name="Old Name")
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    newsroom.name = "New Name"
    newsroom.save()
    html = client.get("/").content.decode()
    assert "<title>New Name</title>" in html


def test_editor_saves_the_settings_in_the_admin(editor, client):
    data = admin_change_data(
        editor, SETTINGS_URL, form_id="newsroomsettings_form", name="Norrsken Energi"
    )
    data.update({"texts-0-language": "sv", "texts-0-description": "Energi från norr."})
    response = editor.post(SETTINGS_URL, data)
    assert response.status_code == 302
    assert NewsroomSettings.objects.get().name == "Norrsken Energi"
    assert "Energi från norr." in client.get("/").content.decode()


def test_settings_list_leads_to_the_one_record(editor):
    response = editor.get(reverse("admin:pressroom_newsroomsettings_changelist"))
    assert response.status_code == 302
    assert response["Location"] == SETTINGS_URL


def test_low_contrast_accent_is_refused_with_a_message(editor):
    make_newsroom(name="Norrsken Energi")
    data = admin_change_data(
        editor, SETTINGS_URL, form_id="newsroomsettings_form", accent_color="#f5c518"
    )
    response = editor.post(SETTINGS_URL, data)
    assert response.status_code == 200
    assert "WCAG AA" in response.content.decode()
    assert NewsroomSettings.objects.get().accent_color == NewsroomSettings.DEFAULT_ACCENT


def test_accent_colour_reaches_the_pages_as_a_stylesheet(client):
    make_newsroom(accent_color="#0f766e")
    html = client.get("/").content.decode()
    href = re.search(r'<link rel="stylesheet" href="(/brand\.css\?v=[^"]+)">', html).group(1)
    css = client.get(href).content.decode()
    assert "--accent: #0f766e;" in css


def test_default_accent_needs_no_extra_stylesheet(client):
    make_newsroom()
    assert "brand.css" not in client.get("/").content.decode()


def test_icon_must_be_square(editor):
    make_newsroom()
    wide = make_image()  # 64 × 48
    data = admin_change_data(
        editor, SETTINGS_URL, form_id="newsroomsettings_form", icon=str(wide.pk)
    )
    response = editor.post(SETTINGS_URL, data)
    assert "Ikonen måste vara kvadratisk" in response.content.decode()
    assert NewsroomSettings.objects.get().icon is None


def test_admin_header_names_the_newsroom(admin_client):
    make_newsroom(name="Norrsken Energi")
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert '<a href="/admin/">Norrsken Energi</a>' in html
