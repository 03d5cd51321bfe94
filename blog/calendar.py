"""
Events as iCalendar (RFC 5545): one event's "Add to calendar" file and a calendar feed
of the upcoming events that calendar programs subscribe to. Times are written in the
newsroom's time zone, with its VTIMEZONE, so a calendar anywhere shows the right hour.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from pressroom.models import NewsroomSettings

PRODUCT_ID = "-//Pressroom//Newsroom events//EN"
# How often a subscribed calendar should look again.
REFRESH_INTERVAL = timedelta(hours=6)


def new_calendar(name):
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    return calendar


def calendar_event(post, request):
    """One VEVENT for an event post: when, where, what, and the page to read more."""
    url = request.build_absolute_uri(post.get_url_in_own_language())
    event = Event()
    event.add("uid", f"post-{post.pk}@{request.get_host().split(':')[0]}")
    event.add("dtstamp", post.updated_at)
    event.add("last-modified", post.updated_at)
    event.add("dtstart", timezone.localtime(post.event_start))
    if post.event_end:
        event.add("dtend", timezone.localtime(post.event_end))
    event.add("summary", post.title)
    if post.event_location:
        event.add("location", post.event_location)
    event.add("description", f"{post.teaser}\n\n{url}".strip())
    event.add("url", url)
    event.add("status", "CONFIRMED")
    newsroom = NewsroomSettings.load()
    if newsroom.press_email:
        event.add("organizer", f"mailto:{newsroom.press_email}", parameters={"CN": newsroom.name})
    return event


def events_calendar(posts, request, name):
    """An iCalendar file (bytes) of ``posts``, each an event with a start time."""
    calendar = new_calendar(name)
    for post in posts:
        calendar.add_component(calendar_event(post, request))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_name(post=None):
    """The calendar's name: the event's title, or the newsroom's events."""
    if post is not None:
        return post.title
    return _("%(site)s: events") % {"site": NewsroomSettings.load().name}
