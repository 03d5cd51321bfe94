"""An editor writes a post in the admin, previews it and publishes it for readers."""

import pytest

from tests.e2e.conftest import EDITOR_PASSWORD, expect, log_in

pytestmark = pytest.mark.e2e

TITLE = "Vätgaslagret klarar sin första vinter"
BODY = """Lagret i Luleå har levererat el genom hela köldknäppen.

## Vad händer nu

- Vi bygger ut lagret.
- Vi **öppnar** det för besök.
"""


def choose_in_autocomplete(page, select_id, text):
    """Pick ``text`` in the admin's autocomplete (select2) widget for the select ``select_id``."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def write_post(page, newsroom):
    """Fill in the add-post form from the admin's front page, as an editor would."""
    page.locator("a.addlink[href$='/blog/post/add/']").click()
    page.locator("#id_title").press_sequentially(TITLE)
    # The slug is filled in from the title while the editor types.
    expect(page.locator("#id_slug")).to_have_value("vätgaslagret-klarar-sin-första-vinter")
    page.select_option("#id_kind", "press_release")
    page.fill("#id_lead", "Ett år efter starten har lagret klarat sin första vinter.")
    page.fill("#id_body", BODY)
    page.select_option("#id_status", "published")

    choose_in_autocomplete(page, "id_topics", "Förnybar energi")
    choose_in_autocomplete(page, "id_categories", "energilagring")
    page.fill("#id_tags", "vätgas, beredskap")

    page.fill("#id_related_links-0-title", "Vätgaslagret")
    page.fill("#id_related_links-0-url", "https://example.com/vatgas")
    page.locator("#related_links-group").get_by_role("button", name="Lägg till").click()
    page.fill("#id_related_links-1-title", "Energimyndigheten")
    page.fill("#id_related_links-1-url", "https://example.org/energi")
    page.fill("#id_related_links-1-sort_order", "1")

    choose_in_autocomplete(page, "id_post_contacts-0-contact", newsroom.contact.name)


def test_editor_previews_body_before_saving(page, newsroom, editor):
    log_in(page, newsroom, editor.username, EDITOR_PASSWORD)
    write_post(page, newsroom)

    page.get_by_role("button", name="Förhandsgranskning", exact=True).click()

    preview = page.get_by_role(
        "region", name="Förhandsgranskning av brödtexten som läsarna ser den"
    )
    expect(preview.get_by_role("heading", name="Vad händer nu")).to_be_visible()
    expect(preview.locator("strong")).to_have_text("öppnar")
    expect(preview.get_by_role("listitem")).to_have_count(2)


def test_editor_publishes_post_with_everything_readers_see(page, newsroom, editor):
    log_in(page, newsroom, editor.username, EDITOR_PASSWORD)
    write_post(page, newsroom)

    page.locator("input[name=_save]").click()

    expect(page.locator(".messagelist .success")).to_contain_text(TITLE)
    page.goto(newsroom.at("/"))
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".kind-label")).to_have_text("Pressmeddelande")

    def section(heading):
        return page.locator("section", has=page.get_by_role("heading", name=heading, exact=True))

    # The related links in the order the editor gave them.
    expect(section("Relaterade länkar").get_by_role("link")).to_have_text(
        ["Vätgaslagret", "Energimyndigheten"]
    )
    expect(section("Ämnen").get_by_role("link")).to_have_text(["Förnybar energi"])
    expect(section("Kategorier").get_by_role("link")).to_have_text(["energilagring"])
    assert sorted(section("Taggar").get_by_role("link").all_text_contents()) == [
        "beredskap",
        "vätgas",
    ]
    expect(section("Kontakter").get_by_role("heading", name=newsroom.contact.name)).to_be_visible()
