"""The follow form, the follower's own settings, and the bot check."""

import hashlib
from datetime import UTC, datetime, timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blog.models import Category, Post
from pressroom.clientip import client_ip
from pressroom.models import Topic

from .models import Follower

# The bot check: a field people never see (a bot fills it), and a signed time the form
# was shown (a bot posts at once; a stale form is shown again). Nothing comes from
# other hosts: no captcha service, no script.
STAMP_SALT = "reach.form-stamp"
MAX_FORM_AGE = timedelta(days=2)
STAMP_STEP = timedelta(minutes=10)


def form_stamp(at=None, *, exact=True) -> str:
    """
    The signed time a follow form is shown at (now, unless ``at`` is given). The forms on
    reader pages carry an inexact one, the time rounded down to STAMP_STEP, so that the
    page stays the same between two requests (ETag, 304, the page cache); only an exact
    stamp (the never-cached /follow/ page) also proves a minimum time to fill the form.
    """
    moment = (at or timezone.now()).timestamp()
    if not exact:
        moment -= moment % STAMP_STEP.total_seconds()
    # A plain signature (signing.dumps would add the signing time, changing every second).
    return signing.Signer(salt=STAMP_SALT).sign_object({"t": moment, "exact": exact})


def stamp_age(value: str):
    """
    (How long ago a form stamp was made, whether it is exact), or None when it is forged
    or missing.
    """
    try:
        made = signing.Signer(salt=STAMP_SALT).unsign_object(value)
        moment = datetime.fromtimestamp(float(made["t"]), tz=UTC)
    except (signing.BadSignature, TypeError, KeyError, ValueError, OverflowError):
        return None
    return timezone.now() - moment, bool(made.get("exact"))


def consent_text(newsroom_name) -> str:
    return str(
        _(
            "I want news from %(name)s by e-mail. My address and my choices are kept only to "
            "send me what I chose; every message has a link to change or end it."
        )
        % {"name": newsroom_name}
    )


class ChoicesForm(forms.Form):
    """What a follower follows: everything, or kinds, topics and categories; a language."""

    everything = forms.BooleanField(label=_("Everything"), required=False)
    kinds = forms.MultipleChoiceField(
        label=_("Kinds"),
        choices=Post.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=Category.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(
        label=_("Language of the posts"),
        choices=[("", _("Any language")), *settings.LANGUAGES],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only sections with a public post are offered: nothing unpublished leaks here.
        published = Post.objects.published()
        self.fields["topics"].queryset = Topic.objects.filter(posts__in=published).distinct()
        self.fields["categories"].queryset = Category.objects.filter(posts__in=published).distinct()

    def clean(self):
        data = super().clean()
        chosen = data.get("kinds") or data.get("topics") or data.get("categories")
        if not data.get("everything") and not chosen:
            # Nothing ticked: the simple form on the front page means everything.
            data["everything"] = True
        return data

    def apply(self, follower):
        """Write the choices onto ``follower`` (saved, with its topics and categories)."""
        data = self.cleaned_data
        follower.everything = data["everything"]
        follower.set_kinds(data.get("kinds") or [])
        follower.language = data.get("language") or ""
        follower.save()
        follower.topics.set(data.get("topics") or [])
        follower.categories.set(data.get("categories") or [])


class FollowForm(ChoicesForm):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    # The honeypot: hidden from people and from screen readers.
    website = forms.CharField(required=False, label=_("Leave this empty"))
    stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["email", "everything", "kinds", "topics", "categories", "language"]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        stamp = stamp_age(data.get("stamp", ""))
        age, exact = stamp or (None, False)
        min_fill_time = timedelta(seconds=settings.PRESSROOM_FOLLOW_MIN_SECONDS)
        if data.get("website") or age is None or (exact and age < min_fill_time):
            raise forms.ValidationError(
                _("We could not tell you from a robot. Please send the form again."),
                code="bot",
            )
        if age > MAX_FORM_AGE:
            raise forms.ValidationError(
                _("The form was open for too long. Please send it again."), code="stale"
            )
        return data


def client_key(request) -> str:
    """A keyed hash of the client's address: enough to count its requests, not to read it."""
    # Behind a load balancer every request comes from its address: count the reader's own.
    address = client_ip(request) or ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def initial_choices(follower: Follower) -> dict:
    return {
        "everything": follower.everything,
        "kinds": follower.kind_list,
        "topics": list(follower.topics.all()),
        "categories": list(follower.categories.all()),
        "language": follower.language,
    }
