"""
The history of posts, contacts, topics and categories in the admin: every save is kept as a
revision (django-reversion); editors list the revisions, see what changed between two of
them, restore one, and recover what was deleted. Deleting and restoring send the signals
object_deleted and object_restored, which the audit log (blog's AuditEntry) records.
"""

import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import reversion
from django.contrib import admin
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.db import models
from django.dispatch import Signal
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.models import Version

# Sent with the model as sender, and ``instance`` and ``user``, when the admin deletes an
# object with a history (before it goes) or restores one from it.
object_deleted = Signal()
object_restored = Signal()

EMPTY = "—"


def format_time(value):
    """A time as editors read it: in the newsroom's time zone, with the zone's name."""
    local = timezone.localtime(value)
    return f"{date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"


def compared_fields(model):
    """The fields an editor sets, in form order; derived and bookkeeping fields are left out."""
    fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
    return [
        f
        for f in fields
        if f.editable
        and not f.primary_key
        and not (f.many_to_many and not f.remote_field.through._meta.auto_created)
    ]


def display_value(model_field, value):
    """A stored value as text for people: names for relations, labels for choices."""
    if value in (None, "", []):
        return EMPTY
    if model_field.many_to_many:
        related = model_field.related_model._default_manager.in_bulk(value)
        return ", ".join(str(related.get(pk, f"#{pk}")) for pk in value)
    if model_field.many_to_one or model_field.one_to_one:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return format_time(value)
    return str(value)


def text_diff(before, after):
    """Line by line differences of two texts, as (kind, line) pairs for the template."""
    lines = difflib.unified_diff(
        (before or "").splitlines(), (after or "").splitlines(), lineterm="", n=2
    )
    kinds = {"+": "added", "-": "removed", "@": "hunk"}
    return [(kinds.get(line[:1], "same"), line) for line in list(lines)[2:]]


@dataclass
class Change:
    """One field, or one kind of related object, that differs between two versions."""

    label: str
    before: str
    after: str
    diff: list = field(default_factory=list)


def field_changes(model, before, after):
    """The fields of ``model`` whose values differ between two ``field_dict``-shaped dicts."""
    changes = []
    for model_field in compared_fields(model):
        key = model_field.attname
        old, new = before.get(key), after.get(key)
        if model_field.many_to_many:
            old, new = sorted(old or []), sorted(new or [])
        if old == new:
            continue
        before_text = display_value(model_field, old)
        after_text = display_value(model_field, new)
        if before_text == after_text:
            continue  # e.g. a time that lost its microseconds in a form
        diff = text_diff(old, new) if isinstance(model_field, models.TextField) else []
        changes.append(
            Change(
                label=capfirst(model_field.verbose_name),
                before=before_text,
                after=after_text,
                diff=diff,
            )
        )
    return changes


def _related_versions(version):
    """The versions saved along with ``version`` (links, contacts, tags…), by model."""
    groups = defaultdict(list)
    if version is None:
        return groups
    others = version.revision.version_set.exclude(content_type_id=version.content_type_id)
    for other in others.select_related("content_type"):
        model = other._model
        if model is None:
            continue
        # Only the object's own dependants, should the revision hold other objects too.
        owner = next(
            (
                f
                for f in model._meta.concrete_fields
                if f.many_to_one and f.related_model is version._model
            ),
            None,
        )
        data = other.field_dict
        if owner is not None and str(data.get(owner.attname)) != version.object_id:
            continue
        groups[model].append(other)
    return groups


def _related_summary(versions):
    def order(version):
        data = version.field_dict
        return (data.get("sort_order") or 0, int(version.object_id or 0))

    items = []
    for version in sorted(versions, key=order):
        data = version.field_dict
        text = version.object_repr
        if data.get("url"):
            text = f"{text} ({data['url']})"
        items.append(text)
    return items


def related_changes(old_version, new_version):
    """How the objects kept with a version (links, contacts, related posts, tags) changed."""
    old_groups, new_groups = _related_versions(old_version), _related_versions(new_version)
    changes = []
    for model in sorted({*old_groups, *new_groups}, key=lambda m: str(m._meta.verbose_name)):
        before, after = _related_summary(old_groups[model]), _related_summary(new_groups[model])
        if before != after:
            changes.append(
                Change(
                    label=capfirst(model._meta.verbose_name_plural),
                    before="; ".join(before) or EMPTY,
                    after="; ".join(after) or EMPTY,
                )
            )
    return changes


def snapshot(obj, user, comment):
    """Keep ``obj`` as it is now as a revision of its own."""
    with reversion.create_revision():
        reversion.set_user(user if user is not None and user.is_authenticated else None)
        reversion.set_comment(comment)
        reversion.add_to_revision(obj)


def kept_values(obj, version_format="json"):
    """
    The object's current values as its history would keep them, in the shape of
    ``Version.field_dict`` (and with the same rounding of times).
    """
    unsaved = Version(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        format=version_format,
        serialized_data=serializers.serialize(version_format, [obj]),
    )
    return unsaved.field_dict


def keep_current_state(obj):
    """
    Make sure the object's history holds its current state before the admin changes it,
    so that a save made elsewhere (an import, the shell) is never lost by an edit. The
    snapshot names no user: whoever made that state did it outside the admin.
    """
    latest = Version.objects.get_for_object(obj).first()
    if latest is not None and kept_values(obj, latest.format) == latest.field_dict:
        return
    snapshot(obj, None, _("State before this change (saved outside the admin)."))


@dataclass
class Conflict:
    """What happened to an object since a form for it was opened (see conflict_since)."""

    user: object
    time: datetime
    changes: list | None
    changes_url: str = ""


def conflict_since(obj, opened_edit_version, admin_site_name="admin"):
    """
    Who saved ``obj`` (a post) last and when, and which fields changed since the
    edit version a form was opened at; ``changes`` is None when the history cannot say.
    """
    versions = list(
        Version.objects.get_for_object(obj).select_related("revision", "revision__user")[:100]
    )
    opened = next(
        (v for v in versions if v.field_dict.get("edit_version") == opened_edit_version), None
    )
    latest = versions[0] if versions else None
    if latest is not None and latest.field_dict.get("edit_version") != obj.edit_version:
        latest = None  # The last save was made outside the admin.
    user = latest.revision.user if latest else None
    time = latest.revision.date_created if latest else obj.updated_at
    changes, changes_url = None, ""
    if opened is not None and latest is not None:
        changes = field_changes(type(obj), opened.field_dict, latest.field_dict)
        changes += related_changes(opened, latest)
        opts = obj._meta
        changes_url = reverse(
            f"{admin_site_name}:{opts.app_label}_{opts.model_name}_changes",
            args=[quote(obj.pk), latest.pk],
        )
        changes_url += f"?from={opened.pk}"
    elif opened is not None:
        changes = field_changes(type(obj), opened.field_dict, kept_values(obj))
    return Conflict(user=user, time=time, changes=changes, changes_url=changes_url)


class HistoryAdmin(VersionAdmin):
    """
    A ModelAdmin whose objects keep a history: a list of revisions (newest first), a page
    showing what a revision changed, restore and recover (from django-reversion), and
    deletions that stay recoverable and appear in the audit log.
    """

    history_latest_first = True
    object_history_template = "admin/pressroom/object_history.html"
    changes_template = "admin/pressroom/version_changes.html"

    def get_urls(self):
        opts = self.model._meta
        changes = self.admin_site.admin_view(self.changes_view)
        custom = [
            path(
                "<path:object_id>/history/<int:version_id>/changes/",
                changes,
                name=f"{opts.app_label}_{opts.model_name}_changes",
            )
        ]
        return custom + super().get_urls()

    def _admin_url(self, view, *args):
        opts = self.model._meta
        name = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{view}"
        return reverse(name, args=[quote(arg) for arg in args])

    def _versions(self, object_id):
        return Version.objects.get_for_object_reference(self.model, object_id)

    def history_view(self, request, object_id, extra_context=None):
        """The revisions of one object, newest first, each with "restore" and "changes"."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        versions = self._reversion_order_version_queryset(
            request,
            self._versions(unquote(object_id)).select_related("revision", "revision__user"),
        )
        action_list = [
            {
                "revision": version.revision,
                "url": self._admin_url("revision", version.object_id, version.pk),
                "changes_url": self._admin_url("changes", version.object_id, version.pk),
            }
            for version in versions
        ]
        context = {"action_list": action_list, **(extra_context or {})}
        # Past VersionAdmin's own history_view: this one replaces it.
        return admin.ModelAdmin.history_view(self, request, object_id, context)

    def changes_view(self, request, object_id, version_id):
        """What one revision changed, field by field, against the one before (or ?from=)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        object_id = unquote(object_id)
        versions = self._versions(object_id).select_related("revision", "revision__user")
        version = get_object_or_404(versions, pk=version_id)
        since = request.GET.get("from", "")
        if since:
            if not since.isdigit():
                raise Http404("No such version")
            previous = get_object_or_404(versions, pk=since)
        else:
            previous = versions.filter(pk__lt=version.pk).order_by("-pk").first()
        changes = field_changes(
            self.model, previous.field_dict if previous else {}, version.field_dict
        )
        changes += related_changes(previous, version)
        opts = self.model._meta
        obj = self.model._default_manager.filter(pk=object_id).first()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Changes to %(name)s") % {"name": version.object_repr},
            "subtitle": None,
            "opts": opts,
            "object": obj,
            "object_id": object_id,
            "version": version,
            "previous": previous,
            "changes": changes,
            "history_url": self._admin_url("history", object_id),
            "revert_url": self._admin_url("revision", object_id, version.pk),
            "time": format_time(version.revision.date_created),
            "previous_time": format_time(previous.revision.date_created) if previous else "",
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.changes_template, context)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and "_save" not in request.POST:
            # An action: each one keeps its own revisions (see the actions), and a deletion
            # must be kept outside any revision still open, which would drop deleted objects.
            context = {
                "has_change_permission": self.has_change_permission(request),
                **(extra_context or {}),
            }
            return admin.ModelAdmin.changelist_view(self, request, context)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Before VersionAdmin opens the revision for this save: a snapshot inside it would
        # be merged into it.
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_change_permission(request, obj):
                keep_current_state(obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring replaces the current state: make sure that one is in the history first.
        request.restoring = True
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_change_permission(request, obj):
                keep_current_state(obj)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        request.restoring = True
        response = super().recover_view(request, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            version = Version.objects.filter(pk=version_id).first()
            obj = version and self.model._default_manager.filter(pk=version.object_id).first()
            if obj is not None:
                object_restored.send(self.model, instance=obj, user=request.user)
        return response

    def delete_model(self, request, obj):
        snapshot(obj, request.user, _("Deleted."))
        object_deleted.send(self.model, instance=obj, user=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            snapshot(obj, request.user, _("Deleted."))
            object_deleted.send(self.model, instance=obj, user=request.user)
        super().delete_queryset(request, queryset)
