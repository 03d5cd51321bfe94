"""The follow form: a clear answer, a consent record, and no way to flood an inbox."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reach.forms import form_stamp
from reach.models import Follower
from tests.factories import make_post, make_topic

from .helpers import follow

pytestmark = pytest.mark.django_db


def confirmation_mails_queued():
    return DBTaskResult.objects.filter(task_path="reach.tasks.send_confirmation").count()


def test_front_page_has_a_follow_form(client):
    html = client.get(reverse("blog:front")).text
    assert f'action="{reverse("reach:follow")}"' in html
    assert 'type="email" name="email"' in html


def test_topic_page_follow_form_follows_the_topic(client):
    topic = make_topic("Data, Telekom, IT")
    make_post(topics=[topic])
    html = client.get(topic.get_absolute_url()).text
    assert f'<input type="hidden" name="topics" value="{topic.pk}">' in html


def test_following_records_the_consent(client):
    follow(client, "Reader@Example.com")
    follower = Follower.objects.get()
    assert follower.email == "reader@example.com"
    assert follower.status == Follower.Status.PENDING
    assert follower.consent_ip == "127.0.0.1"
    assert "via e-post" in follower.consent_text
    assert follower.consent_at is not None


def test_following_answers_with_a_check_your_inbox_page(client):
    response = follow(client, "reader@example.com")
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_following_a_topic_keeps_the_choice(client):
    topic = make_topic("Energy")
    make_post(topics=[topic])
    follow(client, "reader@example.com", topics=[topic.pk])
    follower = Follower.objects.get()
    assert list(follower.topics.all()) == [topic]
    assert not follower.everything


def test_following_with_nothing_ticked_means_everything(client):
    follow(client, "reader@example.com")
    assert Follower.objects.get().everything


def test_a_bad_address_gets_a_clear_message_and_keeps_nothing(client):
    response = follow(client, "not-an-address")
    assert response.status_code == 400
    assert "e-post" in response.text or "e-mail" in response.text
    assert not Follower.objects.exists()


def test_the_honeypot_stops_a_bot(client):
    response = follow(client, "reader@example.com", website="http://spam.example")
    assert response.status_code == 400
    assert not Follower.objects.exists()


def test_a_form_sent_at_once_is_refused_as_a_bot(client):
    data = {"email": "reader@example.com", "stamp": form_stamp(timezone.now())}
    response = client.post(reverse("reach:follow"), data)
    assert response.status_code == 400
    assert not Follower.objects.exists()


def test_a_forged_stamp_is_refused(client):
    data = {"email": "reader@example.com", "stamp": "12345:forged"}
    assert client.post(reverse("reach:follow"), data).status_code == 400


def test_one_address_gets_at_most_three_confirmation_mails_a_day(client):
    for _ in range(5):
        follow(client, "victim@example.com")
    assert confirmation_mails_queued() == 3


def test_the_address_limit_resets_after_a_day(client):
    for _ in range(3):
        follow(client, "victim@example.com")
    Follower.objects.update(last_confirmation_at=timezone.now() - timedelta(days=2))
    follow(client, "victim@example.com")
    assert confirmation_mails_queued() == 4


def test_one_client_can_sign_up_at_most_ten_addresses_an_hour(client):
    responses = [follow(client, f"person{number}@example.com") for number in range(12)]
    assert [response.status_code for response in responses[-2:]] == [429, 429]
    assert confirmation_mails_queued() == 10


def test_behind_a_proxy_each_reader_has_their_own_sign_up_limit(client, settings):
    settings.PRESSROOM_PROXY_COUNT = 1
    balancer = {"REMOTE_ADDR": "10.0.0.2"}
    for number in range(10):
        client.defaults = {**balancer, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
        follow(client, f"person{number}@example.com")
    client.defaults = {**balancer, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    assert follow(client, "one-more@example.com").status_code == 429
    client.defaults = {**balancer, "HTTP_X_FORWARDED_FOR": "198.51.100.4"}
    assert follow(client, "someone-else@example.com").status_code == 302


def test_following_again_when_confirmed_sends_nothing(client):
    follow(client, "reader@example.com")
    Follower.objects.update(status=Follower.Status.CONFIRMED)
    follow(client, "reader@example.com")
    assert confirmation_mails_queued() == 1


def test_follow_page_offers_only_topics_of_published_posts(client):
    public = make_topic("Public topic")
    secret = make_topic("Secret merger")
    make_post(topics=[public])
    make_post(topics=[secret], publish_at=timezone.now() + timedelta(days=1))
    html = client.get(reverse("reach:follow")).text
    assert "Public topic" in html
    assert "Secret merger" not in html


def test_follow_form_on_a_page_does_not_change_the_page_between_requests(client, settings):
    settings.PRESSROOM_PAGE_CACHE = False
    make_post()
    first = client.get(reverse("blog:front")).content
    assert client.get(reverse("blog:front")).content == first


def test_the_inexact_stamp_of_a_page_form_is_accepted(client):
    from reach.forms import form_stamp as stamp

    data = {"email": "reader@example.com", "stamp": stamp(exact=False)}
    assert client.post(reverse("reach:follow"), data).status_code == 302
