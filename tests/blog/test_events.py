"""Events as events: when and where, upcoming and past, calendar files and feed, JSON-LD."""

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from blog.models import Post
from tests.factories import make_post

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def make_event(**overrides):
    fields = {
        "kind": Post.Kind.EVENT,
        "title": "Open house at the battery park",
        "event_start": timezone.now() + timedelta(days=7),
        "event_location": "Svartöstaden, Luleå",
        **overrides,
    }
    return make_post(**fields)


def test_events_list_separates_upcoming_from_past(client):
    make_event(title="Coming soon")
    make_event(title="Long gone", event_start=timezone.now() - timedelta(days=30))
    html = client.get(reverse("blog:kind", args=["events"])).content.decode()
    upcoming, past = html.split('id="past-heading"')
    assert "Coming soon" in upcoming and "Long gone" not in upcoming
    assert "Long gone" in past


def test_event_time_is_written_in_the_page_language_and_newsroom_zone(client):
    make_event(event_start=datetime(2030, 8, 15, 16, 0, tzinfo=ZoneInfo("UTC")))
    swedish = client.get(reverse("blog:kind", args=["events"])).content.decode()
    english = client.get("/en" + reverse("blog:kind", args=["events"])).content.decode()
    assert "torsdag 15 augusti 2030, 18:00" in swedish
    assert "Thursday 15 August 2030, 18:00" in english


def test_event_ics_carries_the_start_in_the_newsroom_time_zone(client):
    start = datetime(2030, 8, 15, 18, 0, tzinfo=STOCKHOLM)
    post = make_event(event_start=start, event_end=start + timedelta(hours=2))
    response = client.get(reverse("blog:event-ics", args=[post.slug]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event.decoded("DTSTART") == start
    assert event.decoded("DTEND") == start + timedelta(hours=2)
    assert str(event["LOCATION"]) == "Svartöstaden, Luleå"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]


def test_event_ics_of_an_unpublished_event_is_not_found(client):
    post = make_event(status=Post.Status.DRAFT)
    assert client.get(reverse("blog:event-ics", args=[post.slug])).status_code == 404


def test_calendar_feed_lists_only_upcoming_events(client):
    make_event(title="Coming soon")
    make_event(title="Long gone", event_start=timezone.now() - timedelta(days=30))
    response = client.get(reverse("blog:events-calendar"))
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries == ["Coming soon"]


def test_event_json_ld_has_dates_location_and_status(client):
    start = datetime(2030, 8, 15, 18, 0, tzinfo=STOCKHOLM)
    post = make_event(event_start=start, event_end=start + timedelta(hours=2))
    html = client.get(post.get_absolute_url()).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    )
    assert data["@type"] == "Event"
    assert datetime.fromisoformat(data["startDate"]) == start
    assert datetime.fromisoformat(data["endDate"]) == start + timedelta(hours=2)
    assert data["location"]["name"] == "Svartöstaden, Luleå"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"


def test_event_page_offers_add_to_calendar(client):
    post = make_event()
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'href="{reverse("blog:event-ics", args=[post.slug])}" download' in html
