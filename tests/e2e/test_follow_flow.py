"""A reader follows the newsroom by e-mail from the front page and confirms by the link mailed."""

import re

import pytest

from reach.models import Follower
from tests.e2e.conftest import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def no_fill_time(settings):
    # A person takes seconds to type an address; Playwright takes none. The bot check's
    # minimum time is not what this test is about (tests/reach covers it).
    settings.PRESSROOM_FOLLOW_MIN_SECONDS = 0


def test_reader_follows_the_newsroom_and_confirms(
    page, newsroom, mail_server, task_worker, no_fill_time
):
    page.goto(newsroom.at("/"))
    box = page.locator("section", has=page.get_by_role("heading", name="Följ via e-post"))
    box.get_by_label("Din e-postadress").fill("reader@example.com")
    box.get_by_role("button", name="Följ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Titta i din inkorg")

    task_worker()
    [message] = mail_server.messages
    text = message.get_body(("plain",)).get_content()
    link = re.search(r"https?://[^/\s]+(/follow/confirm/\S+)", text)
    page.goto(newsroom.at(link.group(1)))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nu följer du oss")
    assert Follower.objects.get().status == Follower.Status.CONFIRMED
