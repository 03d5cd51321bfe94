"""Following the newsroom from a test: the form as a reader sends it, and the links mailed."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from reach.forms import form_stamp

LINK = re.compile(r"https?://[^\s\"<>]+")


def follow(client, email, **choices):
    """Send the follow form as a person would: after a few seconds, honeypot empty."""
    data = {"email": email, "stamp": form_stamp(timezone.now() - timedelta(seconds=5))}
    data.update(choices)
    return client.post(reverse("reach:follow"), data)


def links_in(message, part="text/plain"):
    body = message.get_body((part.split("/")[1],)).get_content()
    return LINK.findall(body)


def link_to(message, fragment):
    """The first link in ``message`` whose path holds ``fragment``."""
    return next(link for link in links_in(message) if fragment in link)


def path_of(link):
    return link.removeprefix("http://testserver")


def confirmed_follower(client, mail_server, task_worker, email="reader@example.com", **choices):
    """Follow and open the confirmation link; the confirmation mail is then forgotten."""
    follow(client, email, **choices)
    task_worker()
    confirmation = mail_server.messages.pop()
    client.get(path_of(link_to(confirmation, "/follow/confirm/")))
    return confirmation


def unsubscribe_link(message):
    """The address in the List-Unsubscribe header."""
    return message["List-Unsubscribe"].strip().removeprefix("<").removesuffix(">")
