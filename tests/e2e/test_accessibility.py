"""
Accessibility in a real browser: axe-core finds nothing on the reader pages at desktop
and mobile widths, and the site works from the keyboard (skip link, visible focus, menus).
"""

import json

import pytest
from django.urls import reverse

from blog.models import Post
from tests.e2e.conftest import AXE_JS, VIEWPORTS, new_page, require

pytestmark = pytest.mark.e2e

# The reader pages axe checks, by name, as functions of the newsroom giving their path.
PAGES = {
    "front page": lambda newsroom: "/",
    "front page in English": lambda newsroom: "/en/",
    "post page": lambda newsroom: newsroom.post.get_absolute_url(),
    "all posts": lambda newsroom: reverse("blog:post-list"),
    "press releases": lambda newsroom: reverse("blog:kind", args=["press-releases"]),
    "events": lambda newsroom: reverse("blog:kind", args=["events"]),
    "event": lambda newsroom: Post.objects.published().upcoming_events().first().get_absolute_url(),
    "post in another language": lambda newsroom: "/en" + reverse("blog:post-list"),
    "topics": lambda newsroom: reverse("topic-list"),
    "topic": lambda newsroom: newsroom.post.topics.first().get_absolute_url(),
    "category": lambda newsroom: newsroom.post.categories.first().get_absolute_url(),
    "tag": lambda newsroom: reverse("blog:tag", args=[newsroom.post.tags.first().slug]),
    "year archive": lambda newsroom: reverse(
        "blog:archive-year", args=[newsroom.post.publish_at.year]
    ),
    "press contacts": lambda newsroom: reverse("pressroom:contact-list"),
    "press contact": lambda newsroom: newsroom.contact.get_absolute_url(),
    "images": lambda newsroom: reverse("pressroom:image-list"),
    "image": lambda newsroom: reverse("pressroom:image", args=[newsroom.image.pk]),
    "search": lambda newsroom: reverse("blog:search"),
    "search results": lambda newsroom: reverse("blog:search") + "?q=batterier",
    "page not found": lambda newsroom: "/finns-inte/",
}


@pytest.fixture
def axe_page(browser):
    """
    A tab for axe-core. It ignores the Content-Security-Policy, which would (rightly)
    refuse the injected axe script; nothing else on the pages depends on that.
    """
    require(AXE_JS.exists(), f"{AXE_JS} is missing (run npm ci)")
    context, tab = new_page(browser, "desktop", bypass_csp=True)
    yield tab
    context.close()


def axe_violations(page):
    """Run axe-core (all its rules but the experimental ones) on the page in the tab."""
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary})),
            }));
        }"""
    )


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_axe_violations_at_desktop_and_mobile_widths(axe_page, newsroom, name):
    url = newsroom.at(PAGES[name](newsroom))
    found = {}
    for viewport, size in VIEWPORTS.items():
        axe_page.set_viewport_size(size)
        axe_page.goto(url)
        violations = axe_violations(axe_page)
        if violations:
            found[viewport] = violations
    assert not found, f"axe-core found problems on {url}:\n{json.dumps(found, indent=2)}"


def focused(page):
    """
    What has the keyboard focus: tag, id, class, text and href, and whether a person can
    see it: some of it inside the window and not hidden under anything else.
    """
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const visible = [...el.getClientRects()].some((box) => {
                const x = Math.min(Math.max(box.left + box.width / 2, 0), window.innerWidth - 1);
                const y = Math.min(Math.max(box.top + box.height / 2, 0), window.innerHeight - 1);
                const inWindow = box.width > 1 && box.height > 1
                    && box.bottom > 0 && box.right > 0
                    && box.top < window.innerHeight && box.left < window.innerWidth;
                const hit = document.elementFromPoint(x, y);
                return inWindow && hit !== null && (hit === el || el.contains(hit));
            });
            return {
                tag: el.tagName.toLowerCase(),
                id: el.id,
                className: el.className,
                text: el.textContent.trim(),
                href: el.getAttribute("href"),
                visible: visible,
            };
        }"""
    )


def focus_indicator(page):
    """The outline or box shadow the focused element is drawn with."""
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return {
                outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
                shadow: style.boxShadow !== "none",
            };
        }"""
    )


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_skip_link_is_first_and_visible_when_focused(browser, newsroom, viewport):
    context, page = new_page(browser, viewport)
    page.goto(newsroom.at("/"))
    page.keyboard.press("Tab")

    element = focused(page)
    context.close()
    assert "skip-link" in element["className"]
    assert element["visible"]


def test_skip_link_moves_focus_to_main_content(page, newsroom):
    page.goto(newsroom.at(newsroom.post.get_absolute_url()))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    assert focused(page)["id"] == "main"
    # The next Tab goes on from the main content, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


def tab_through(page, presses=40):
    """Press Tab again and again, and note every element that got the focus."""
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        element = focused(page)
        element["indicator"] = focus_indicator(page)
        seen.append(element)
    return seen


def test_keyboard_reaches_main_menu_search_and_language_switch(page, newsroom):
    page.goto(newsroom.at("/"))
    seen = tab_through(page)
    hrefs = [element["href"] for element in seen]

    for path in [
        reverse("blog:kind", args=["press-releases"]),
        reverse("blog:kind", args=["news"]),
        reverse("topic-list"),
        reverse("pressroom:contact-list"),
        "/en/",
    ]:
        assert path in hrefs, f"Tab never reached the link to {path}"
    assert any(element["id"] == "site-search" for element in seen)


def test_focused_elements_show_a_visible_focus_indicator(page, newsroom):
    page.goto(newsroom.at("/"))
    seen = tab_through(page, presses=25)

    without = [
        f"{element['tag']} {element['text'] or element['href']}"
        for element in seen
        if not (element["indicator"]["outline"] or element["indicator"]["shadow"])
    ]
    assert not without, f"No visible focus on: {without}"


def test_focused_element_is_never_hidden(page, newsroom):
    page.goto(newsroom.at("/"))
    seen = tab_through(page, presses=30)

    hidden = [element["text"] or element["href"] for element in seen if not element["visible"]]
    assert not hidden, f"Focused but out of sight: {hidden}"
