"""
Following the newsroom by e-mail: the form, the confirmation link, and the follower's own
page (their choices, what is kept about them, unsubscribe and delete), all without login.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import View

from blog.preview import client_ip
from pressroom.site import newsroom_name

from .forms import ChoicesForm, FollowForm, client_key, consent_text, form_stamp, initial_choices
from .models import Delivery, Follower, FollowRequest, MediaContact
from .tasks import send_confirmation
from .tokens import read_confirm_token, read_manage_token

# At most this many confirmation mails to one address a day, and this many uses of the
# form from one client an hour: the form cannot be used to flood an inbox.
MAILS_PER_ADDRESS = 3
ADDRESS_WINDOW = timedelta(days=1)
REQUESTS_PER_CLIENT = 10
CLIENT_WINDOW = timedelta(hours=1)


def follow_page(request, form, status=200):
    return render(
        request,
        "reach/follow.html",
        {"form": form, "consent_text": consent_text(newsroom_name())},
        status=status,
    )


def too_many_from_client(request) -> bool:
    key = client_key(request)
    since = timezone.now() - CLIENT_WINDOW
    FollowRequest.objects.filter(created_at__lt=since).delete()  # keep the table small
    if FollowRequest.objects.filter(client=key, created_at__gte=since).count() >= (
        REQUESTS_PER_CLIENT
    ):
        return True
    FollowRequest.objects.create(client=key)
    return False


def may_mail(follower: Follower) -> bool:
    """Whether one more confirmation mail may go to this address now (and count it)."""
    now = timezone.now()
    if follower.last_confirmation_at and follower.last_confirmation_at > now - ADDRESS_WINDOW:
        if follower.confirmations_sent >= MAILS_PER_ADDRESS:
            return False
    else:
        follower.confirmations_sent = 0
    follower.confirmations_sent += 1
    follower.last_confirmation_at = now
    return True


# The form sits on cached public pages, which carry no CSRF token; it changes nothing
# until the confirmation link mailed to the address is opened.
@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(never_cache, name="dispatch")
class FollowView(View):
    """The follow form (GET), and signing up (POST): a confirmation mail, nothing more."""

    def get(self, request):
        initial = {"stamp": form_stamp()}
        for name in ("topics", "categories", "kinds"):
            if request.GET.getlist(name):
                initial[name] = request.GET.getlist(name)
        return follow_page(request, FollowForm(initial=initial))

    def post(self, request):
        form = FollowForm(request.POST)
        if not form.is_valid():
            form.data = form.data.copy()
            form.data["stamp"] = form_stamp()
            return follow_page(request, form, status=400)
        if too_many_from_client(request):
            form.add_error(
                None,
                translation.gettext(
                    "Too many sign-ups from your connection. Please try again in an hour."
                ),
            )
            return follow_page(request, form, status=429)
        with transaction.atomic():
            follower, _created = Follower.objects.select_for_update().get_or_create(
                email=form.cleaned_data["email"],
                defaults={"interface_language": translation.get_language() or ""},
            )
            # A confirmed follower changes their choices through the link in any message;
            # saying nothing here tells a stranger nothing about who follows.
            if follower.status != Follower.Status.CONFIRMED:
                follower.status = Follower.Status.PENDING
                follower.interface_language = translation.get_language() or (settings.LANGUAGE_CODE)
                follower.consent_at = timezone.now()
                follower.consent_ip = client_ip(request)
                follower.consent_text = consent_text(newsroom_name())
                mail = may_mail(follower)
                form.apply(follower)
                if mail:
                    send_confirmation.enqueue(follower.pk)
        return redirect("reach:follow-sent")


def follow_sent(request):
    return render(request, "reach/follow_sent.html")


@never_cache
def confirm(request, token):
    """The link in the confirmation mail: the subscription starts now."""
    follower_token = read_confirm_token(token)
    follower = Follower.objects.filter(token=follower_token).first() if follower_token else None
    if follower is None or follower.status == Follower.Status.UNSUBSCRIBED:
        return render(request, "reach/link_invalid.html", status=404)
    if follower.status == Follower.Status.PENDING:
        follower.status = Follower.Status.CONFIRMED
        follower.confirmed_at = timezone.now()
        follower.save(update_fields=["status", "confirmed_at"])
    return render(request, "reach/confirmed.html", {"follower": follower})


def unsubscribe_person(person) -> None:
    """End a follower's subscription or take a media contact off every list, at once."""
    now = timezone.now()
    if isinstance(person, MediaContact):
        person.unsubscribed_at = now
        person.save(update_fields=["unsubscribed_at"])
        deliveries = person.deliveries
    else:
        person.status = Follower.Status.UNSUBSCRIBED
        person.unsubscribed_at = now
        person.save(update_fields=["status", "unsubscribed_at"])
        deliveries = person.deliveries
    # What was still to go is not sent; the last message sent shows how it ended.
    deliveries.to_send().update(status=Delivery.Status.UNSUBSCRIBED)
    last = deliveries.filter(status=Delivery.Status.SENT).order_by("-sent_at", "-pk").first()
    if last is not None:
        last.status = Delivery.Status.UNSUBSCRIBED
        last.save(update_fields=["status", "updated_at"])


# Mail providers send the one-click POST (RFC 8058) without cookies or a CSRF token.
@csrf_exempt
@never_cache
def unsubscribe(request, token):
    """GET: a page with one button. POST: unsubscribed at once (RFC 8058 one-click)."""
    person = read_manage_token(token)
    if person is None:
        return render(request, "reach/link_invalid.html", status=404)
    if request.method == "POST":
        unsubscribe_person(person)
        return render(request, "reach/unsubscribed.html", {"person": person})
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    return render(request, "reach/unsubscribe.html", {"person": person, "token": token})


@method_decorator(never_cache, name="dispatch")
class ManageView(View):
    """A follower's own page: their choices, everything kept about them, and deleting it."""

    def dispatch(self, request, *args, **kwargs):
        self.person = read_manage_token(kwargs["token"])
        if self.person is None:
            return render(request, "reach/link_invalid.html", status=404)
        return super().dispatch(request, *args, **kwargs)

    def render(self, form=None, status=200, saved=False):
        person = self.person
        context = {
            "person": person,
            "is_follower": isinstance(person, Follower),
            "token": self.kwargs["token"],
            "form": form,
            "saved": saved,
            "deliveries": person.deliveries.select_related("post").order_by("-pk")[:100],
        }
        return render(self.request, "reach/manage.html", context, status=status)

    def get(self, request, token):
        form = None
        if isinstance(self.person, Follower):
            form = ChoicesForm(initial=initial_choices(self.person))
        return self.render(form)

    def post(self, request, token):
        action = request.POST.get("action")
        if action == "delete":
            self.person.delete()  # with their deliveries: nothing about them is kept
            return render(request, "reach/deleted.html")
        if action == "unsubscribe":
            unsubscribe_person(self.person)
            return render(request, "reach/unsubscribed.html", {"person": self.person})
        if not isinstance(self.person, Follower):
            return self.render(status=400)
        form = ChoicesForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        form.apply(self.person)
        return self.render(ChoicesForm(initial=initial_choices(self.person)), saved=True)
