"""
Reach: readers who follow the newsroom by e-mail, the press team's media lists, and a
log of every message sent to either about a post.

Nothing here is public: followers, media contacts and deliveries appear only in the
admin and, for a follower, on the page their own signed link opens.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blog.models import Category, Post, PreviewLink
from pressroom.models import Topic


def new_token():
    """A follower's or media contact's secret, signed into the links of their messages."""
    return secrets.token_urlsafe(18)


class FollowerQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Follower.Status.CONFIRMED)

    def for_post(self, post):
        """Confirmed followers whose choices take in ``post``: its language, and what it is."""
        wanted = (
            Q(everything=True)
            | Q(kinds__contains=f",{post.kind},")
            | Q(topics__in=post.topics.all())
            | Q(categories__in=post.categories.all())
        )
        return (
            self.confirmed()
            .filter(Q(language="") | Q(language=post.language))
            .filter(wanted)
            .distinct()
        )


class Follower(models.Model):
    """
    Someone who asked to get posts by e-mail. Nothing but the confirmation is sent until
    the confirmation link is opened (double opt-in); what they agreed to, when and from
    where is kept as the record of their consent.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("e-mail"), unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    everything = models.BooleanField(_("everything"), default=False)
    # The kinds followed, as ",press_release,news," so that one LIKE finds a kind on
    # SQLite and PostgreSQL alike.
    kinds = models.CharField(_("kinds"), max_length=200, blank=True, default="")
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="followers"
    )
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="followers"
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Only posts in this language; blank for every language."),
    )
    interface_language = models.CharField(
        _("language of the messages about the subscription"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_ip = models.GenericIPAddressField(_("consent from address"), null=True, blank=True)
    consent_text = models.TextField(_("text agreed to"), blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    confirmations_sent = models.PositiveIntegerField(_("confirmation mails sent"), default=0)
    last_confirmation_at = models.DateTimeField(_("last confirmation mail"), null=True, blank=True)

    objects = FollowerQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        indexes = [models.Index(fields=["status", "language"], name="follower_status_lang_idx")]

    def __str__(self):
        return self.email

    @property
    def kind_list(self):
        return [kind for kind in self.kinds.split(",") if kind]

    def set_kinds(self, kinds):
        self.kinds = "," + ",".join(sorted(kinds)) + "," if kinds else ""


class FollowRequest(models.Model):
    """One use of the follow form, by client, for the limit on confirmation mails."""

    client = models.CharField(max_length=64, db_index=True)  # a keyed hash, not the address
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("follow request")
        verbose_name_plural = _("follow requests")

    def __str__(self):
        return f"{self.client[:8]} {self.created_at:%Y-%m-%d %H:%M}"


class MediaList(models.Model):
    """A list of journalists and outlets to send releases to."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("media list")
        verbose_name_plural = _("media lists")

    def __str__(self):
        return self.name


class MediaContact(models.Model):
    """A journalist or an outlet's desk on one or more media lists."""

    name = models.CharField(_("name"), max_length=200, blank=True)
    outlet = models.CharField(_("outlet"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), unique=True)
    beat = models.CharField(_("beat"), max_length=200, blank=True)
    source_note = models.CharField(
        _("where the address came from"),
        max_length=300,
        blank=True,
        help_text=_("For example: business card at a fair, 2026; or their own web page."),
    )
    lists = models.ManyToManyField(
        MediaList, verbose_name=_("media lists"), blank=True, related_name="contacts"
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=60,
        blank=True,
        help_text=_("For embargo times, e.g. Europe/London; blank for the newsroom's."),
    )
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["name", "email"]
        verbose_name = _("media contact")
        verbose_name_plural = _("media contacts")

    def __str__(self):
        label = " – ".join(part for part in (self.name, self.outlet) if part)
        return f"{label} <{self.email}>" if label else self.email


class Mailing(models.Model):
    """Sending one post to one audience: its followers, or chosen media lists."""

    class Audience(models.TextChoices):
        FOLLOWERS = "followers", _("Followers")
        MEDIA = "media", _("Media lists")

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="mailings"
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience)
    lists = models.ManyToManyField(MediaList, verbose_name=_("media lists"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        constraints = [
            # A post goes to its followers once, whatever is saved later.
            models.UniqueConstraint(
                fields=["post"],
                condition=Q(audience="followers"),
                name="one_follower_mailing_per_post",
            )
        ]

    def __str__(self):
        return f"{self.post} → {self.get_audience_display()}"


class DeliveryQuerySet(models.QuerySet):
    def to_send(self):
        return self.filter(status__in=[Delivery.Status.QUEUED, Delivery.Status.FAILED])


class Delivery(models.Model):
    """One message of a mailing to one address, and what became of it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Complained")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    mailing = models.ForeignKey(
        Mailing, verbose_name=_("mailing"), on_delete=models.CASCADE, related_name="deliveries"
    )
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="deliveries"
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Mailing.Audience)
    email = models.EmailField(_("e-mail"))
    follower = models.ForeignKey(
        Follower, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    media_contact = models.ForeignKey(
        MediaContact, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    preview_link = models.ForeignKey(
        PreviewLink,
        verbose_name=_("preview link"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response = models.TextField(_("server's answer"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            # Never twice for the same post, audience and address.
            models.UniqueConstraint(
                fields=["post", "audience", "email"], name="one_delivery_per_post_and_address"
            )
        ]
        indexes = [models.Index(fields=["mailing", "status"], name="delivery_mailing_status_idx")]

    def __str__(self):
        return f"{self.email}: {self.get_status_display()}"
