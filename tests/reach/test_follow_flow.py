"""
The whole way, with a real SMTP server and the real task worker: follow, confirm,
publish, get one message, unsubscribe with one click, get nothing more.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from reach.models import Delivery, Follower
from tests.factories import make_post

from .helpers import (
    confirmed_follower,
    follow,
    link_to,
    links_in,
    path_of,
    unsubscribe_link,
)

pytestmark = pytest.mark.usefixtures("mail_server")


def test_following_sends_only_the_confirmation(client, mail_server, task_worker):
    follow(client, "reader@example.com")
    make_post(title="Before confirming")
    task_worker()
    [message] = mail_server.messages
    assert message["To"] == "reader@example.com"
    assert any("/follow/confirm/" in link for link in links_in(message))


def test_confirmed_follower_gets_exactly_one_message_per_post(client, mail_server, task_worker):
    confirmed_follower(client, mail_server, task_worker)
    post = make_post(title="Nytt kontor i Malmö", lead="Vi flyttar.")
    task_worker()
    post.lead = "Vi flyttar i maj."
    post.save()
    task_worker()
    [message] = mail_server.messages
    assert message["Subject"] == "Nytt kontor i Malmö"
    assert message.recipients == ["reader@example.com"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Vi flyttar." in text and "Vi flyttar." in html
    assert f"http://testserver{post.get_absolute_url()}" in links_in(message)


def test_post_message_carries_one_click_unsubscribe_headers(client, mail_server, task_worker):
    confirmed_follower(client, mail_server, task_worker)
    make_post()
    task_worker()
    [message] = mail_server.messages
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = unsubscribe_link(message)
    assert unsubscribe.startswith("http://testserver/follow/unsubscribe/")
    assert unsubscribe in links_in(message)


def test_one_click_unsubscribe_stops_the_next_post(client, mail_server, task_worker):
    confirmed_follower(client, mail_server, task_worker)
    make_post(title="First")
    task_worker()
    [first] = mail_server.messages
    unsubscribe = path_of(unsubscribe_link(first))
    # What a mail provider sends for RFC 8058: a POST without cookies or a CSRF token.
    response = client.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    make_post(title="Second")
    task_worker()
    assert [message["Subject"] for message in mail_server.messages] == ["First"]
    assert Follower.objects.get().status == Follower.Status.UNSUBSCRIBED
    assert Delivery.objects.get().status == Delivery.Status.UNSUBSCRIBED


def test_scheduled_post_is_sent_when_its_time_comes(client, mail_server, task_worker):
    confirmed_follower(client, mail_server, task_worker)
    post = make_post(title="Embargoed news", publish_at=timezone.now() + timedelta(hours=2))
    task_worker()
    assert mail_server.messages == []
    # The clock moves on: the post's time has come, and the worker's task with it.
    from django_tasks_db.models import DBTaskResult

    from blog.models import Post

    past = timezone.now() - timedelta(minutes=1)
    Post.objects.filter(pk=post.pk).update(publish_at=past)
    DBTaskResult.objects.filter(status="READY").update(run_after=past)
    task_worker()
    assert [message["Subject"] for message in mail_server.messages] == ["Embargoed news"]


def test_unconfirmed_follower_gets_no_post(client, mail_server, task_worker):
    follow(client, "reader@example.com")
    task_worker()
    mail_server.messages.clear()
    make_post()
    task_worker()
    assert mail_server.messages == []


def test_manage_link_in_a_message_opens_the_followers_page(client, mail_server, task_worker):
    confirmed_follower(client, mail_server, task_worker)
    make_post()
    task_worker()
    [message] = mail_server.messages
    page = client.get(path_of(link_to(message, "/follow/manage/")))
    assert page.status_code == 200
    assert "reader@example.com" in page.text
