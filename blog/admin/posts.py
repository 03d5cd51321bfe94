"""Admin for editors: posts with their links, contacts and related posts; categories; redirects."""

from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pressroom.admin import ADMIN_CSS, PostCountMixin, thumbnail_html
from pressroom.history import HistoryAdmin, format_time

from .. import publishing
from ..markdown import MarkdownBudgetError, render_markdown
from ..models import (
    AuditEntry,
    Category,
    Post,
    PostContact,
    PreviewLink,
    Redirect,
    RelatedLink,
    RelatedPost,
)
from .editorial import PreviewLinkInline, StateListFilter
from .forms import WEB_URL_FIELD, PostAdminForm, RedirectForm, RelatedPostForm


class RelatedLinkInline(admin.TabularInline):
    model = RelatedLink
    fields = ["title", "url", "sort_order"]
    ordering = ["sort_order", "pk"]
    extra = 1
    formfield_overrides = {models.URLField: WEB_URL_FIELD}


class PostContactInline(admin.TabularInline):
    model = PostContact
    fields = ["contact", "sort_order"]
    autocomplete_fields = ["contact"]
    ordering = ["sort_order", "pk"]
    extra = 1


class RelatedPostInline(admin.TabularInline):
    model = RelatedPost
    form = RelatedPostForm
    fk_name = "from_post"
    fields = ["to_post", "sort_order"]
    autocomplete_fields = ["to_post"]
    ordering = ["sort_order", "pk"]
    extra = 1


@admin.register(Post)
class PostAdmin(HistoryAdmin):
    form = PostAdminForm
    list_display = ["title", "kind", "state", "publish_time", "language", "author"]
    list_filter = ["kind", StateListFilter, "language", "topics", "categories"]
    list_select_related = ["author"]
    search_fields = ["title", "lead", "body", "slug"]
    search_help_text = _("Searches title, lead, body and slug.")
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics", "categories", "feature_image", "translation_of", "author"]
    readonly_fields = [
        "rendered_body",
        "feature_image_preview",
        "source",
        "created_at",
        "updated_at",
    ]
    inlines = [RelatedLinkInline, PostContactInline, RelatedPostInline, PreviewLinkInline]
    actions = ["publish", "unpublish", "duplicate"]
    formfield_overrides = {models.URLField: WEB_URL_FIELD}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "kind",
                    "lead",
                    "body",
                    "rendered_body",
                    "feature_image",
                    "feature_image_preview",
                ]
            },
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "publish_at",
                    "is_pinned",
                    "send_to_followers",
                    "language",
                    "translation_of",
                    "author",
                    "byline",
                    # Hidden: the edit version the form was opened at (see PostAdminForm).
                    "opened_version",
                ]
            },
        ),
        (_("Classification"), {"fields": ["topics", "categories", "tags"]}),
        (
            _("Event"),
            {
                "fields": ["event_start", "event_end", "event_location"],
                "classes": ["collapse"],
                "description": _("Only for posts of the kind event."),
            },
        ),
        (
            _("Search engines"),
            {"fields": ["meta_description", "canonical_url"], "classes": ["collapse"]},
        ),
        (
            _("Import source"),
            {"fields": ["source", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]

    class Media:
        css = {"all": [ADMIN_CSS]}
        js = ["blog/admin/preview.js"]

    def get_urls(self):
        preview = self.admin_site.admin_view(require_POST(self.preview_view))
        custom = [path("preview/", preview, name="blog_post_preview")]
        # Before the defaults: their catch-all "<object_id>/" would swallow "preview/".
        return custom + super().get_urls()

    def preview_view(self, request):
        """The body Markdown from the form, rendered and sanitized as readers will see it."""
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        try:
            html = render_markdown(request.POST.get("body", ""))
        except MarkdownBudgetError as error:
            # The preview script shows its own message; this one is for anyone who looks.
            return HttpResponse(error.message, status=422, content_type="text/plain; charset=utf-8")
        return HttpResponse(html, content_type="text/html; charset=utf-8")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            # The preview script (no inline script: the CSP forbids it) reads these.
            kwargs["widget"] = AdminTextareaWidget(
                attrs={
                    "rows": 20,
                    "data-preview-url": reverse(f"{self.admin_site.name}:blog_post_preview"),
                    "data-preview-label": _("Preview"),
                    "data-preview-heading": _("Preview of the body as readers will see it"),
                    "data-preview-error": _("The preview could not be made. Try again."),
                }
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # Restoring a version from the history saves over the current one on purpose.
        form.check_version = not getattr(request, "restoring", False)
        return form

    def save_model(self, request, obj, form, change):
        if not obj.author_id:
            obj.author = request.user
        was_published = change and form.initial.get("status") == Post.Status.PUBLISHED
        super().save_model(request, obj, form, change)
        is_published = obj.status == Post.Status.PUBLISHED
        if is_published and not was_published:
            publishing.record_published(obj, request.user)
        elif was_published and not is_published:
            AuditEntry.record(AuditEntry.Action.UNPUBLISHED, obj, request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not PreviewLink:
            return super().save_formset(request, form, formset, change)
        for link in formset.save(commit=False):
            if not link.created_by_id:
                link.created_by = request.user
            link.save()
        formset.save_m2m()
        return None

    @admin.display(description=_("status"), ordering="status")
    def state(self, obj):
        return obj.state.label

    @admin.display(description=_("publish time"), ordering="publish_at")
    def publish_time(self, obj):
        return format_time(obj.publish_at)

    @admin.display(description=_("rendered body"))
    def rendered_body(self, obj):
        if not obj.body_html:
            return _("The body as readers will see it appears here once the post is saved.")
        # body_html was sanitized against the reader site's allowlists when it was saved.
        return format_html(
            '<div class="pressroom-rendered-body">{}</div>',
            mark_safe(obj.body_html),  # noqa: S308
        )

    @admin.display(description=_("feature image preview"))
    def feature_image_preview(self, obj):
        return thumbnail_html(obj.feature_image, max_width=240, max_height=180) or "—"

    @admin.action(description=_("Publish selected posts"), permissions=["change"])
    def publish(self, request, queryset):
        published = scheduled = 0
        for post in queryset.exclude(status=Post.Status.PUBLISHED):
            publishing.publish(post, request.user)
            self.log_change(request, post, [{"changed": {"fields": ["status"]}}])
            if post.is_scheduled:
                scheduled += 1
            else:
                published += 1
        if published:
            self.message_user(
                request,
                ngettext(
                    "%(count)d post was published.",
                    "%(count)d posts were published.",
                    published,
                )
                % {"count": published},
                messages.SUCCESS,
            )
        if scheduled:
            self.message_user(
                request,
                ngettext(
                    "%(count)d post is scheduled and appears at its publish time.",
                    "%(count)d posts are scheduled and appear at their publish time.",
                    scheduled,
                )
                % {"count": scheduled},
                messages.SUCCESS,
            )
        if not (published or scheduled):
            self.message_user(request, _("The selected posts were already published."))

    @admin.action(description=_("Unpublish selected posts (back to draft)"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = 0
        for post in queryset.filter(status=Post.Status.PUBLISHED):
            publishing.unpublish(post, request.user)
            self.log_change(request, post, [{"changed": {"fields": ["status"]}}])
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d post is now a draft.",
                "%(count)d posts are now drafts.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Duplicate selected posts as drafts"), permissions=["add"])
    def duplicate(self, request, queryset):
        copies = [publishing.duplicate(post, request.user) for post in queryset]
        for copy in copies:
            self.log_addition(request, copy, [{"added": {}}])
        self.message_user(
            request,
            ngettext(
                "%(count)d post was copied as a draft.",
                "%(count)d posts were copied as drafts.",
                len(copies),
            )
            % {"count": len(copies)},
            messages.SUCCESS,
        )


@admin.register(Category)
class CategoryAdmin(PostCountMixin, HistoryAdmin):
    list_display = ["name", "slug", "post_count"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    form = RedirectForm
    list_display = ["old_path", "post", "created_at"]
    search_fields = ["old_path", "post__title", "post__slug"]
    autocomplete_fields = ["post"]
    list_select_related = ["post"]
