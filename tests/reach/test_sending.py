"""Sending a post to followers: once, only when wanted, and retried when the server fails."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reach.models import Delivery, Follower
from tests.factories import make_category, make_draft, make_post, make_topic

pytestmark = pytest.mark.usefixtures("mail_server")


def make_follower(email="reader@example.com", **fields):
    fields.setdefault("status", Follower.Status.CONFIRMED)
    if not any(name in fields for name in ("kinds", "language")):
        fields.setdefault("everything", True)
    return Follower.objects.create(email=email, **fields)


def subjects(mail_server):
    return sorted(message["Subject"] for message in mail_server.messages)


def make_retries_due():
    """The clock moves on to when the held retry is due."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def test_post_goes_only_to_followers_whose_choices_take_it_in(mail_server, task_worker):
    energy = make_topic("Energy")
    sales = make_category("sales")
    make_follower("topic@example.com", everything=False).topics.add(energy)
    make_follower("category@example.com", everything=False).categories.add(sales)
    make_follower("kind@example.com", everything=False, kinds=",press_release,")
    make_follower("english@example.com", language="en")
    make_post(title="Solar", topics=[energy], kind="news", language="sv")
    task_worker()
    [message] = mail_server.messages
    assert message.recipients == ["topic@example.com"]


def test_post_message_is_in_the_posts_language(mail_server, task_worker):
    make_follower()
    make_post(title="New office", language="en")
    task_worker()
    text = mail_server.messages[0].get_body(("plain",)).get_content()
    assert "Unsubscribe:" in text


def test_post_message_has_text_html_and_the_picture(mail_server, task_worker):
    from tests.factories import make_image

    make_follower()
    post = make_post(title="With picture", feature_image=make_image(alt_text="The office"))
    task_worker()
    [message] = mail_server.messages
    html = message.get_body(("html",)).get_content()
    assert 'alt="The office"' in html
    assert "style=" in html  # inlined styles: no stylesheet to load
    assert post.feature_image.renditions.exists()


def test_unpublishing_and_publishing_again_sends_nothing_more(mail_server, task_worker):
    make_follower()
    post = make_post(title="Once")
    task_worker()
    post.status = post.Status.DRAFT
    post.save()
    post.status = post.Status.PUBLISHED
    post.save()
    task_worker()
    assert subjects(mail_server) == ["Once"]


def test_unticked_send_to_followers_sends_nothing(mail_server, task_worker):
    make_follower()
    make_post(send_to_followers=False)
    task_worker()
    assert mail_server.messages == []


def test_post_dated_more_than_two_days_back_sends_nothing(mail_server, task_worker):
    make_follower()
    make_post(publish_at=timezone.now() - timedelta(days=3))
    task_worker()
    assert mail_server.messages == []


def test_draft_sends_nothing(mail_server, task_worker):
    make_follower()
    make_draft()
    task_worker()
    assert mail_server.messages == []


def test_imported_posts_never_send(mail_server, task_worker, tmp_path):
    make_follower()
    path = tmp_path / "2026-12-01-imported.md"
    today = timezone.localdate().isoformat()
    path.write_text(f"---\ntitle: Imported today\ndate: {today}\n---\nBody.\n")
    call_command("import_posts", str(path), stdout=None)
    task_worker()
    assert mail_server.messages == []


def test_failing_server_is_logged_per_recipient(mail_server, task_worker):
    make_follower("one@example.com")
    make_follower("two@example.com")
    mail_server.sink.refuse = "451 4.3.0 Mailbox busy, try later"
    make_post(title="Busy day")
    task_worker()
    deliveries = Delivery.objects.order_by("email")
    assert [d.status for d in deliveries] == [Delivery.Status.FAILED] * 2
    assert all("451" in d.response and "Mailbox busy" in d.response for d in deliveries)


def test_failed_messages_are_retried_and_none_is_sent_twice(mail_server, task_worker):
    make_follower("one@example.com")
    make_follower("two@example.com")
    mail_server.sink.refuse = "451 4.3.0 Mailbox busy, try later"
    make_post(title="Busy day")
    task_worker()
    mail_server.sink.refuse = ""
    task_worker()  # the retry is held until its time: nothing yet
    assert mail_server.messages == []
    make_retries_due()
    task_worker()
    make_retries_due()
    task_worker()
    assert sorted(m.recipients[0] for m in mail_server.messages) == [
        "one@example.com",
        "two@example.com",
    ]
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_an_unreachable_server_is_logged_and_nothing_is_lost(settings, task_worker):
    from pressroom.settings.email_url import mail_settings
    from tests.mailserver import free_port

    for name, value in mail_settings(f"smtp://127.0.0.1:{free_port()}?timeout=2").items():
        setattr(settings, name, value)
    make_follower()
    make_post()
    task_worker()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert "Connection" in delivery.response or "refused" in delivery.response.lower()
