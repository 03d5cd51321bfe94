"""
The editorial safety parts of the posts admin: the state filter, preview links for
recipients outside the newsroom, and the audit log.
"""

from contextvars import ContextVar

from django.contrib import admin, messages
from django.db.models import Count, Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from pressroom.history import format_time

from ..models import AuditEntry, Post, PreviewAccess, PreviewLink
from .forms import PreviewLinkForm, user_label

# The request being answered, for absolute links in admin columns (which get no request).
_current_request = ContextVar("pressroom_admin_request", default=None)


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
