"""
The editorial safety parts of the posts admin: times shown in the newsroom's zone, a
change form that refuses to save over another editor's newer save, translation links
that make sense, preview links for recipients outside the newsroom, and the audit log.
"""

from contextvars import ContextVar
from datetime import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .history import conflict_since, format_time
from .models import AuditEntry, Post, PreviewAccess, PreviewLink

# The request being answered, for absolute links in admin columns (which get no request).
_current_request = ContextVar("pressroom_admin_request", default=None)

# A change's values are shown in the conflict message when they are this short.
SHORT_VALUE = 80


def time_zone_note():
    """Which time zone the admin's times are in, e.g. "Europe/Stockholm (CET/CEST)"."""
    zone = timezone.get_current_timezone()
    year = timezone.now().year
    # Winter and summer names, so that editors see both sides of daylight saving time.
    names = list(dict.fromkeys(datetime(year, m, 1, 12, tzinfo=zone).tzname() for m in (1, 7)))
    zone_name = str(zone)
    if names != [zone_name]:
        zone_name = f"{zone_name} ({'/'.join(names)})"
    return gettext("Times are in %(zone)s.") % {"zone": zone_name}


def add_time_zone_note(form, *field_names):
    """Put the time zone in the help text of the form's date-and-time fields."""
    note = time_zone_note()
    for name in field_names:
        if name in form.fields:
            help_text = form.fields[name].help_text
            form.fields[name].help_text = f"{help_text} {note}" if help_text else note


def user_label(user):
    return user.get_full_name() or user.get_username()


def conflict_message(post, opened_edit_version):
    """The text that tells an editor why their save was refused, and what changed."""
    conflict = conflict_since(post, opened_edit_version)
    time = format_time(conflict.time)
    if conflict.user is not None:
        who = gettext("%(user)s saved this post at %(time)s, after you opened it.") % {
            "user": user_label(conflict.user),
            "time": time,
        }
    else:
        who = gettext("This post was saved at %(time)s, after you opened it.") % {"time": time}
    parts = [
        format_html(
            "{} {}",
            who,
            gettext("Your changes have not been saved, so nothing was overwritten."),
        )
    ]
    if conflict.changes:
        items = []
        for change in conflict.changes:
            if not change.diff and max(len(change.before), len(change.after)) <= SHORT_VALUE:
                items.append(
                    format_html("{}: “{}” → “{}”", change.label, change.before, change.after)
                )
            else:
                items.append(format_html("{}", change.label))
        parts.append(
            format_html(
                "{}<ul>{}</ul>",
                gettext("Changed since you opened it:"),
                format_html_join("", "<li>{}</li>", ((item,) for item in items)),
            )
        )
    elif conflict.changes is None:
        parts.append(format_html("{}", gettext("The history does not say which fields changed.")))
    if conflict.changes_url:
        parts.append(
            format_html('<a href="{}">{}</a>', conflict.changes_url, gettext("See what changed"))
        )
    parts.append(
        format_html(
            "{}",
            gettext(
                "Copy anything you want to keep, open the post again, and make your changes there."
            ),
        )
    )
    return format_html_join(" ", "{}", ((part,) for part in parts))


class PostAdminForm(forms.ModelForm):
    """
    The post form. It carries the post's edit version, and a save made from a form opened
    before someone else's save is refused with what changed.
    """

    opened_version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": _("The form is damaged. Open the post again.")},
    )
    # Turned off while a version from the history is being restored (see PostAdmin.get_form).
    check_version = True

    class Meta:
        model = Post
        # PostAdmin's fieldsets choose the fields.
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.edit_version
        add_time_zone_note(self, "publish_at", "event_start", "event_end")

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and self.check_version:
            self._check_version(cleaned_data.get("opened_version"))
        self._check_translation(cleaned_data)
        return cleaned_data

    def _check_version(self, opened):
        if opened is None:
            raise ValidationError(
                _(
                    "The form does not say which version of the post it was opened at. "
                    "Open the post again."
                ),
                code="no_version",
            )
        stored = Post.objects.filter(pk=self.instance.pk)
        if connection.in_atomic_block and connection.features.has_select_for_update:
            # Holds the row until this save is over, so two saves cannot both pass.
            stored = stored.select_for_update()
        current = stored.first()
        if current is not None and current.edit_version != opened:
            raise ValidationError(conflict_message(current, opened), code="conflict")

    def _check_translation(self, cleaned_data):
        original = cleaned_data.get("translation_of")
        if original is None:
            return
        if self.instance.pk and original.pk == self.instance.pk:
            self.add_error("translation_of", _("A post cannot be a translation of itself."))
        elif original.translation_of_id:
            self.add_error(
                "translation_of",
                _("“%(post)s” is itself a translation. Choose its original, “%(original)s”.")
                % {"post": original, "original": original.translation_of},
            )
        elif cleaned_data.get("language") == original.language:
            self.add_error(
                "translation_of", _("A translation must be in another language than its original.")
            )
        elif self.instance.pk and self.instance.translations.exists():
            self.add_error(
                "translation_of",
                _("This post has translations of its own, so it is an original."),
            )


class StateListFilter(admin.SimpleListFilter):
    """Draft, scheduled or published, as readers see it at this moment."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Post.State.choices

    def queryset(self, request, queryset):
        if self.value() == Post.State.DRAFT:
            return queryset.drafts()
        if self.value() == Post.State.SCHEDULED:
            return queryset.scheduled()
        if self.value() == Post.State.PUBLISHED:
            return queryset.published()
        return queryset


def preview_link_status(link):
    """Active until …, expired or revoked, with the time."""
    if link.revoked_at:
        return gettext("Revoked %(time)s") % {"time": format_time(link.revoked_at)}
    if link.is_expired:
        return gettext("Expired %(time)s") % {"time": format_time(link.expires_at)}
    return gettext("Works until %(time)s") % {"time": format_time(link.expires_at)}


class PreviewLinkForm(forms.ModelForm):
    revoke = forms.BooleanField(
        label=_("revoke"),
        required=False,
        help_text=_("The link stops working at once, for good."),
    )

    class Meta:
        model = PreviewLink
        fields = ["post", "recipient_name", "recipient_email", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.revoked_at:
            self.fields["revoke"].initial = True
            self.fields["revoke"].disabled = True
        add_time_zone_note(self, "expires_at")

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        if "expires_at" in self.changed_data and expires_at <= timezone.now():
            raise ValidationError(_("Choose a time in the future."), code="past")
        return expires_at

    def save(self, commit=True):
        if self.cleaned_data.get("revoke") and not self.instance.revoked_at:
            self.instance.revoked_at = timezone.now()
        return super().save(commit)


class PreviewLinkDisplayMixin:
    """Columns shared by the inline on the post and the preview links' own admin."""

    request = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("post", "created_by")
        return queryset.annotate(
            use_count=Count("accesses"), last_used=Max("accesses__accessed_at")
        )

    @admin.display(description=_("link to send"))
    def link(self, obj):
        if not obj.pk:
            return gettext("The link appears here once saved.")
        if not obj.is_usable:
            return preview_link_status(obj)
        url = obj.get_absolute_url()
        request = self.request or _current_request.get()
        if request is not None:
            url = request.build_absolute_uri(url)
        return format_html(
            '<input type="text" value="{}" readonly size="70" class="vTextField" aria-label="{}">',
            url,
            gettext("Preview link for %(recipient)s") % {"recipient": obj.recipient_name},
        )

    @admin.display(description=_("state"))
    def status(self, obj):
        return preview_link_status(obj) if obj.pk else "—"

    @admin.display(description=_("uses"))
    def uses(self, obj):
        count = getattr(obj, "use_count", None)
        if not obj.pk or not count:
            return gettext("Not opened yet") if obj.pk else "—"
        text = ngettext("Opened %(count)d time", "Opened %(count)d times", count) % {"count": count}
        text += ", " + gettext("last %(time)s") % {"time": format_time(obj.last_used)}
        url = reverse("admin:blog_previewlink_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, text)


class PreviewLinkInline(PreviewLinkDisplayMixin, admin.TabularInline):
    """Preview links on the post's page: make one per recipient, copy it, revoke it."""

    model = PreviewLink
    form = PreviewLinkForm
    fields = ["recipient_name", "recipient_email", "expires_at", "link", "uses", "revoke"]
    readonly_fields = ["link", "uses"]
    extra = 0
    # Revoke instead: deleting a link would delete the record of who opened it.
    can_delete = False
    verbose_name_plural = _("preview links for people outside the newsroom")

    def get_formset(self, request, obj=None, **kwargs):
        # An inline instance serves one request; the link column needs its host name.
        self.request = request
        return super().get_formset(request, obj, **kwargs)


class PreviewAccessInline(admin.TabularInline):
    model = PreviewAccess
    fields = ["accessed_at", "ip_address", "user_agent"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("uses of this link")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PreviewLink)
class PreviewLinkAdmin(PreviewLinkDisplayMixin, admin.ModelAdmin):
    form = PreviewLinkForm
    list_display = ["recipient_name", "post", "status", "uses", "created_by", "created_at"]
    list_filter = ["created_at", "expires_at"]
    search_fields = ["recipient_name", "recipient_email", "post__title"]
    autocomplete_fields = ["post"]
    list_select_related = ["post", "created_by"]
    readonly_fields = ["link", "status", "created_by", "created_at"]
    fields = [
        "post",
        "recipient_name",
        "recipient_email",
        "expires_at",
        "link",
        "status",
        "revoke",
        "created_by",
        "created_at",
    ]
    inlines = [PreviewAccessInline]
    actions = ["revoke_links"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # This admin serves every request: the link column reads the request from a
        # context variable, so the page is rendered before the variable is reset.
        token = _current_request.set(request)
        try:
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
            return response
        finally:
            _current_request.reset(token)

    def save_model(self, request, obj, form, change):
        if not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Revoke selected preview links"), permissions=["change"])
    def revoke_links(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request,
            ngettext(
                "%(count)d preview link was revoked.",
                "%(count)d preview links were revoked.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Who published, unpublished, deleted or restored what, and when. Read only."""

    list_display = ["at", "who", "action", "what", "detail"]
    list_filter = ["action", "user", "content_type"]
    search_fields = ["object_repr", "username", "detail"]
    date_hierarchy = "at"
    list_select_related = ["content_type", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("user"), ordering="username")
    def who(self, obj):
        if obj.user is not None:
            return user_label(obj.user)
        return obj.username or "—"

    @admin.display(description=_("object"), ordering="object_repr")
    def what(self, obj):
        content_type = obj.content_type
        if content_type is None or obj.action == AuditEntry.Action.DELETED:
            return obj.object_repr
        try:
            url = reverse(
                f"admin:{content_type.app_label}_{content_type.model}_history",
                args=[obj.object_id],
            )
        except NoReverseMatch:
            return obj.object_repr
        return format_html('<a href="{}">{}</a>', url, obj.object_repr)
