"""A provider's report (bounce, complaint) lands on the delivery it concerns."""

import pytest

from blog.models import Post
from reach.models import Delivery, Follower, Mailing
from reach.tracking import record_event
from tests.factories import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery():
    post = make_post(send_to_followers=False)
    follower = Follower.objects.create(email="r@example.com", status="confirmed", everything=True)
    mailing = Mailing.objects.create(post=post, audience=Mailing.Audience.FOLLOWERS)
    return Delivery.objects.create(
        mailing=mailing,
        post=post,
        audience=mailing.audience,
        email=follower.email,
        follower=follower,
        status=Delivery.Status.SENT,
    )


def test_a_bounce_is_logged_on_the_delivery(delivery):
    assert record_event(str(delivery.pk), "bounced", "550 5.1.1 No such user")
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.BOUNCED
    assert delivery.response == "550 5.1.1 No such user"


def test_a_complaint_ends_the_subscription(delivery):
    record_event(str(delivery.pk), "complained")
    assert Follower.objects.get().status == Follower.Status.UNSUBSCRIBED
    assert Delivery.objects.get().status == Delivery.Status.COMPLAINED


def test_an_event_about_another_message_changes_nothing(delivery):
    assert not record_event("not-ours", "bounced")
    assert not record_event(None, "bounced")
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert Post.objects.count() == 1
