"""Reach's background work: confirmation mails, and sending posts to followers and lists."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from pressroom.mail import connection
from pressroom.site import absolute_url, newsroom_name
from pressroom.tasks import task

# A post whose publish time is further back than this is not sent to followers: saving
# an old post as published is housekeeping, not news.
FRESH_FOR = timedelta(days=2)
CHUNK = 1000


@task()
def send_confirmation(follower_pk: int) -> bool:
    """Send a pending follower the mail with their confirmation link."""
    from .models import Follower
    from .sending import MANAGE, UNSUBSCRIBE, list_headers, person_urls
    from .tokens import confirm_token

    follower = Follower.objects.filter(pk=follower_pk, status=Follower.Status.PENDING).first()
    if follower is None:
        return False
    urls = person_urls(follower)
    confirm_url = absolute_url(reverse("reach:confirm", kwargs={"token": confirm_token(follower)}))
    with translation.override(follower.interface_language):
        context = {
            "newsroom_name": newsroom_name(),
            "confirm_url": confirm_url,
            "follower": follower,
            "manage_url": urls[MANAGE],
        }
        subject = translation.gettext("Confirm that you want news from %(name)s") % {
            "name": newsroom_name()
        }
        text = render_to_string("reach/email/confirm.txt", context)
        html = render_to_string("reach/email/confirm.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [follower.email],
        headers=list_headers(urls[UNSUBSCRIBE]),
    )
    message.attach_alternative(html, "text/html")
    with connection() as opened:
        opened.send_messages([message])
    return True


def wants_followers_mail(post) -> bool:
    """Whether ``post`` is to be mailed to followers at all (once it is public)."""
    return (
        post.send_to_followers
        and not post.source  # imported posts never send
        and post.publish_at >= timezone.now() - FRESH_FOR
    )


@task()
def send_post_to_followers(post_pk: int) -> int:
    """
    Mail a post that is public now to each confirmed follower whose choices take it in,
    once: the mailing and its deliveries are made the first time, and a later run only
    sends what is still due. Returns how many messages were sent.
    """
    from blog.models import Post

    from .models import Delivery, Follower, Mailing

    post = Post.objects.published().filter(pk=post_pk).first()
    if post is None or not wants_followers_mail(post):
        return 0
    mailing = Mailing.objects.filter(post=post, audience=Mailing.Audience.FOLLOWERS).first()
    if mailing is None:
        try:
            with transaction.atomic():
                mailing = Mailing.objects.create(post=post, audience=Mailing.Audience.FOLLOWERS)
                followers = Follower.objects.for_post(post).values_list("pk", "email")
                batch = []
                for follower_pk, email in followers.iterator(chunk_size=CHUNK):
                    batch.append(
                        Delivery(
                            mailing=mailing,
                            post=post,
                            audience=Mailing.Audience.FOLLOWERS,
                            email=email,
                            follower_id=follower_pk,
                        )
                    )
                    if len(batch) >= CHUNK:
                        Delivery.objects.bulk_create(batch, ignore_conflicts=True)
                        batch = []
                Delivery.objects.bulk_create(batch, ignore_conflicts=True)
        except IntegrityError:  # another worker made it first
            mailing = Mailing.objects.get(post=post, audience=Mailing.Audience.FOLLOWERS)
    return send_and_schedule_retry(mailing)


@task()
def send_mailing(mailing_pk: int) -> int:
    """Send what is due of a mailing (a media-list send, or a retry). Returns how many."""
    from .models import Mailing

    mailing = Mailing.objects.select_related("post").filter(pk=mailing_pk).first()
    if mailing is None:
        return 0
    return send_and_schedule_retry(mailing)


def send_and_schedule_retry(mailing) -> int:
    from .sending import retry_delay
    from .sending import send_mailing as send

    sent, failed = send(mailing)
    delay = retry_delay(mailing) if failed else None
    if delay is not None:
        send_mailing.using(run_after=timezone.now() + delay).enqueue(mailing.pk)
    return sent


def send_to_lists(post, lists, user=None, mailing=None):
    """
    Send ``post`` to everyone on ``lists`` who has not unsubscribed, by the task worker;
    an address that got this post from the media lists before is left out. For a post
    under embargo each recipient gets a personal preview link of their own.
    """
    from .models import Delivery, Mailing, MediaContact
    from .sending import preview_link_for

    with transaction.atomic():
        mailing = mailing or Mailing()
        mailing.post, mailing.audience, mailing.created_by = post, Mailing.Audience.MEDIA, user
        mailing.save()
        mailing.lists.set(lists)
        contacts = MediaContact.objects.filter(
            lists__in=lists, unsubscribed_at__isnull=True
        ).distinct()
        Delivery.objects.bulk_create(
            [
                Delivery(
                    mailing=mailing,
                    post=post,
                    audience=Mailing.Audience.MEDIA,
                    email=contact.email,
                    media_contact=contact,
                )
                for contact in contacts.iterator()
            ],
            ignore_conflicts=True,
        )
        if post.is_scheduled:
            for delivery in mailing.deliveries.select_related("post", "media_contact"):
                preview_link_for(delivery, user)
        send_mailing.enqueue(mailing.pk)
    return mailing
