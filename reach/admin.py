"""
Reach in the admin: followers (counts per choice, CSV export), media lists and contacts
(import from CSV and vCard), and mailings with the delivery log of each recipient.
"""

import csv

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from blog.models import Category, Post
from pressroom.models import Topic

from .importers import import_contacts
from .models import Delivery, Follower, Mailing, MediaContact, MediaList
from .tasks import send_to_lists


def follower_counts():
    """How many confirmed followers each choice has, for the follower list's summary."""
    confirmed = Follower.objects.confirmed()
    counts = [(gettext("Confirmed followers"), confirmed.count())]
    counts.append((gettext("Everything"), confirmed.filter(everything=True).count()))
    for value, label in Post.Kind.choices:
        counts.append((label, confirmed.filter(kinds__contains=f",{value},").count()))
    for topic in Topic.objects.annotate(
        n=Count("followers", filter=Q(followers__status=Follower.Status.CONFIRMED))
    ).filter(n__gt=0):
        counts.append((gettext("Topic: %(name)s") % {"name": topic.name}, topic.n))
    for category in Category.objects.annotate(
        n=Count("followers", filter=Q(followers__status=Follower.Status.CONFIRMED))
    ).filter(n__gt=0):
        counts.append((gettext("Category: %(name)s") % {"name": category.name}, category.n))
    for row in confirmed.values("language").annotate(n=Count("pk")).order_by("language"):
        label = row["language"] or gettext("any language")
        counts.append((gettext("Language: %(language)s") % {"language": label}, row["n"]))
    return counts


@admin.register(Follower)
class FollowerAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "language", "everything", "kinds", "created_at"]
    list_filter = ["status", "language", "everything", "topics", "categories"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "email",
        "created_at",
        "consent_at",
        "consent_ip",
        "consent_text",
        "confirmed_at",
        "unsubscribed_at",
        "confirmations_sent",
        "last_confirmation_at",
    ]
    actions = ["export_csv"]
    change_list_template = "admin/reach/follower/change_list.html"

    def has_add_permission(self, request):
        return False  # followers sign up themselves, with their consent

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "follower_counts": follower_counts()}
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Export the selected followers as CSV"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="followers.csv"'
        writer = csv.writer(response)
        writer.writerow(
            ["email", "status", "language", "everything", "kinds", "topics", "categories"]
            + ["signed_up", "consent_at", "consent_ip", "confirmed_at", "unsubscribed_at"]
        )
        for follower in queryset.prefetch_related("topics", "categories"):
            writer.writerow(
                [
                    follower.email,
                    follower.status,
                    follower.language,
                    follower.everything,
                    " ".join(follower.kind_list),
                    "; ".join(topic.name for topic in follower.topics.all()),
                    "; ".join(category.name for category in follower.categories.all()),
                    follower.created_at.isoformat(),
                    follower.consent_at.isoformat() if follower.consent_at else "",
                    follower.consent_ip or "",
                    follower.confirmed_at.isoformat() if follower.confirmed_at else "",
                    follower.unsubscribed_at.isoformat() if follower.unsubscribed_at else "",
                ]
            )
        return response


class ImportForm(forms.Form):
    media_list = forms.ModelChoiceField(label=_("Media list"), queryset=MediaList.objects.all())
    file = forms.FileField(label=_("CSV or vCard file"))
    source_note = forms.CharField(
        label=_("Where the addresses came from"), max_length=300, required=False
    )


@admin.register(MediaList)
class MediaListAdmin(admin.ModelAdmin):
    list_display = ["name", "contact_count"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_contacts=Count("contacts"))

    @admin.display(description=_("contacts"), ordering="n_contacts")
    def contact_count(self, obj):
        return obj.n_contacts


@admin.register(MediaContact)
class MediaContactAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "outlet", "beat", "unsubscribed_at"]
    list_filter = ["lists", "outlet"]
    search_fields = ["email", "name", "outlet", "beat"]
    filter_horizontal = ["lists"]
    readonly_fields = ["unsubscribed_at", "created_at"]
    change_list_template = "admin/reach/mediacontact/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="reach_mediacontact_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Contacts from a CSV or vCard file onto a media list."""
        if not self.has_add_permission(request):
            return redirect("admin:reach_mediacontact_changelist")
        form = ImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > 5 * 1024 * 1024:
                form.add_error("file", gettext("The file is larger than 5 MB."))
            else:
                report = import_contacts(
                    upload.read(),
                    upload.name,
                    form.cleaned_data["media_list"],
                    source_note=form.cleaned_data["source_note"],
                )
                messages.success(
                    request,
                    gettext("%(created)s contacts added, %(updated)s already known.")
                    % {"created": report.created, "updated": report.updated},
                )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import media contacts"),
            "form": form,
            "report": report,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reach/mediacontact/import.html", context)


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ["email", "status", "attempts", "response", "sent_at", "preview_link"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


class MailingForm(forms.ModelForm):
    class Meta:
        model = Mailing
        fields = ["post", "lists"]
        widgets = {"lists": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].required = True
        self.fields["post"].queryset = Post.objects.filter(status=Post.Status.PUBLISHED)
        self.fields["post"].help_text = _(
            "A published post, or a scheduled one: then each recipient gets a personal "
            "preview link and the embargo time."
        )


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    list_display = ["post", "audience", "created_at", "created_by", "status_counts"]
    list_filter = ["audience", "created_at"]
    search_fields = ["post__title"]
    inlines = [DeliveryInline]
    form = MailingForm

    def get_queryset(self, request):
        statuses = {
            status: Count("deliveries", filter=Q(deliveries__status=status))
            for status in Delivery.Status.values
        }
        return (
            super()
            .get_queryset(request)
            .select_related("post", "created_by")
            .annotate(**{f"n_{status}": count for status, count in statuses.items()})
        )

    @admin.display(description=_("deliveries"))
    def status_counts(self, obj):
        parts = []
        for status, label in Delivery.Status.choices:
            count = getattr(obj, f"n_{status}", 0)
            if count:
                parts.append(f"{label}: {count}")
        return ", ".join(parts) or "—"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["post", "audience", "lists", "created_by", "created_at"]
        return []

    def get_inlines(self, request, obj):
        return [DeliveryInline] if obj is not None else []

    def has_change_permission(self, request, obj=None):
        # A mailing is a record of what was sent: it can be looked at, not changed.
        return obj is None and super().has_change_permission(request, obj)

    def get_changeform_initial_data(self, request):
        return {"post": request.GET.get("post")}

    def save_model(self, request, obj, form, change):
        send_to_lists(obj.post, form.cleaned_data["lists"], user=request.user, mailing=obj)
        messages.success(
            request,
            gettext("%(count)s messages are being sent; the log below shows each one.")
            % {"count": obj.deliveries.count()},
        )

    def response_add(self, request, obj, post_url_continue=None):
        return redirect(reverse("admin:reach_mailing_change", args=[obj.pk]))


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["email", "post", "audience", "status", "attempts", "sent_at", "response"]
    list_filter = ["status", "audience"]
    search_fields = ["email", "post__title"]
    list_select_related = ["post"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
