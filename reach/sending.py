"""
Building and sending the messages of a mailing.

A post's message is rendered once per mailing (HTML with inlined styles, and plain text),
with placeholders for what differs per recipient: their manage and unsubscribe links, and
for an embargoed release their personal preview link and the embargo time in their time
zone. Messages go out over one SMTP connection, in batches; each delivery is claimed
before it is sent, so two workers never send the same one, and its outcome is logged.
"""

import smtplib
import zoneinfo
from dataclasses import dataclass
from datetime import timedelta
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from blog.models import PreviewLink, interface_language
from pressroom.mail import connection
from pressroom.site import absolute_url, newsroom_name

from .models import Delivery, Mailing
from .tokens import manage_token

BATCH_SIZE = 200
MAX_ATTEMPTS = 5
# A failed message is tried again after 5, 10, 20 and 40 minutes.
RETRY_DELAY = timedelta(minutes=5)

MANAGE = "__reach_manage_url__"
UNSUBSCRIBE = "__reach_unsubscribe_url__"
PREVIEW = "__reach_preview_url__"
EMBARGO_LOCAL = "__reach_embargo_local__"


def list_headers(unsubscribe_url: str) -> dict:
    """The RFC 2369 and RFC 8058 headers: one-click unsubscribe by a POST to the link."""
    host = urlsplit(settings.PRESSROOM_SITE_URL).hostname or "localhost"
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{newsroom_name()} <news.{host}>",
    }


def person_urls(person) -> dict:
    token = manage_token(person)
    return {
        MANAGE: absolute_url(reverse("reach:manage", kwargs={"token": token})),
        UNSUBSCRIBE: absolute_url(reverse("reach:unsubscribe", kwargs={"token": token})),
    }


def local_time(moment, zone_name: str) -> str:
    try:
        zone = zoneinfo.ZoneInfo(zone_name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    when = timezone.localtime(moment, zone)
    return f"{date_format(when, 'j F Y H:i')} ({zone.key})"


@dataclass
class RenderedPost:
    """A post's message with per-recipient placeholders, rendered once."""

    subject: str
    text: str
    html: str
    embargoed: bool

    def fill(self, values: dict) -> tuple[str, str]:
        text, html = self.text, self.html
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
            html = html.replace(placeholder, value)
        return text, html


def render_post(post, *, audience) -> RenderedPost:
    """The message about ``post`` for ``audience``, in the post's language."""
    embargoed = post.is_scheduled
    picture = None
    if post.feature_image:
        picture = absolute_url(post.feature_image.rendition_url(640))
    with translation.override(interface_language(post.language)):
        context = {
            "post": post,
            "newsroom_name": newsroom_name(),
            "site_url": settings.PRESSROOM_SITE_URL,
            "post_url": PREVIEW if embargoed else absolute_url(post.get_url_in_own_language()),
            "picture_url": picture,
            "embargoed": embargoed,
            "embargo_newsroom": local_time(post.publish_at, settings.TIME_ZONE),
            "embargo_local": EMBARGO_LOCAL,
            "manage_url": MANAGE,
            "unsubscribe_url": UNSUBSCRIBE,
            "audience": audience,
            "kind_label": post.get_kind_display(),
        }
        subject = post.title
        if embargoed:
            subject = translation.gettext("Embargoed until %(time)s: %(title)s") % {
                "time": context["embargo_newsroom"],
                "title": post.title,
            }
        text = render_to_string("reach/email/post.txt", context)
        html = render_to_string("reach/email/post.html", context)
    return RenderedPost(
        subject=" ".join(subject.split()), text=text, html=html, embargoed=embargoed
    )


def post_message(rendered: RenderedPost, delivery) -> EmailMultiAlternatives:
    """The message of ``rendered`` for one delivery, with its personal links."""
    person = delivery.follower or delivery.media_contact
    values = person_urls(person)
    if rendered.embargoed:
        link = delivery.preview_link
        values[PREVIEW] = absolute_url(link.get_absolute_url()) if link else ""
        zone_name = getattr(delivery.media_contact, "time_zone", "") or settings.TIME_ZONE
        values[EMBARGO_LOCAL] = local_time(delivery.post.publish_at, zone_name)
    text, html = rendered.fill(values)
    message = EmailMultiAlternatives(
        rendered.subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [delivery.email],
        headers=list_headers(values[UNSUBSCRIBE]),
    )
    message.attach_alternative(html, "text/html")
    # Providers' webhooks (django-anymail) report bounces with this; SMTP ignores it.
    message.metadata = {"delivery": str(delivery.pk)}
    return message


def preview_link_for(delivery, user=None):
    """The personal preview link of a media delivery of an embargoed post, made once."""
    if delivery.preview_link_id is None:
        contact = delivery.media_contact
        delivery.preview_link = PreviewLink.objects.create(
            post=delivery.post,
            recipient_name=str(contact)[:200],
            recipient_email=contact.email,
            created_by=user,
            expires_at=max(
                delivery.post.publish_at + timedelta(days=1),
                timezone.now() + timedelta(days=1),
            ),
        )
        delivery.save(update_fields=["preview_link", "updated_at"])
    return delivery.preview_link


def smtp_answer(error: Exception) -> str:
    """What the mail server said, as the log shows it."""
    if isinstance(error, smtplib.SMTPResponseException):
        answer = error.smtp_error
        if isinstance(answer, bytes):
            answer = answer.decode("utf-8", "replace")
        return f"{error.smtp_code} {answer}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{code} {answer.decode('utf-8', 'replace') if isinstance(answer, bytes) else answer}"
            for code, answer in error.recipients.values()
        )
    return f"{type(error).__name__}: {error}"


def send_mailing(mailing: Mailing) -> tuple[int, int]:
    """
    Send every delivery of ``mailing`` that is queued or failed (fewer than MAX_ATTEMPTS
    times), each at most once in this run. Returns (sent, failed).
    """
    rendered = render_post(mailing.post, audience=mailing.audience)
    host = urlsplit(settings.PRESSROOM_SITE_URL).hostname or "localhost"
    sent = failed = 0
    last_pk = 0
    opened = connection()
    try:
        while True:
            ids = list(
                mailing.deliveries.to_send()
                .filter(pk__gt=last_pk, attempts__lt=MAX_ATTEMPTS)
                .order_by("pk")
                .values_list("pk", flat=True)[:BATCH_SIZE]
            )
            if not ids:
                break
            last_pk = ids[-1]
            # Claim the batch: a delivery another worker claimed first is left to it.
            Delivery.objects.filter(
                pk__in=ids, status__in=[Delivery.Status.QUEUED, Delivery.Status.FAILED]
            ).update(status=Delivery.Status.SENDING, attempts=F("attempts") + 1)
            claimed = Delivery.objects.filter(
                pk__in=ids, status=Delivery.Status.SENDING
            ).select_related("follower", "media_contact", "preview_link", "post")
            done = []
            for delivery in claimed:
                message = post_message(rendered, delivery)
                message.extra_headers["Message-ID"] = make_msgid(domain=host)
                try:
                    if getattr(opened, "connection", None) is None:
                        opened.open()  # once for the whole mailing, again after a failure
                    opened.send_messages([message])
                except (smtplib.SMTPException, OSError) as error:
                    failed += 1
                    delivery.status = Delivery.Status.FAILED
                    delivery.response = smtp_answer(error)[:1000]
                    delivery.save(update_fields=["status", "response", "updated_at"])
                    if isinstance(error, smtplib.SMTPServerDisconnected | OSError):
                        opened.close()  # opened again by the next send
                else:
                    sent += 1
                    done.append(delivery.pk)
            Delivery.objects.filter(pk__in=done).update(
                status=Delivery.Status.SENT, sent_at=timezone.now(), response=""
            )
    finally:
        opened.close()
    return sent, failed


def retry_delay(mailing: Mailing):
    """When to try the failed deliveries of ``mailing`` again, or None when none may be."""
    failed = mailing.deliveries.filter(
        status=Delivery.Status.FAILED, attempts__lt=MAX_ATTEMPTS
    ).order_by("attempts")
    first = failed.first()
    if first is None:
        return None
    return RETRY_DELAY * 2 ** max(0, first.attempts - 1)
