"""
The admin's forms: the post form that refuses to save over another editor's newer save
and checks translation links, preview links, related posts and redirects; times shown in
the newsroom's zone.
"""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pressroom.history import conflict_since, format_time

from ..markdown import MarkdownBudgetError, render_markdown
from ..models import Post, PreviewLink, Redirect

# A change's values are shown in the conflict message when they are this short.
SHORT_VALUE = 80

# Links readers follow from a post must be web pages; the database refuses the rest too.
WEB_URL_FIELD = {
    "assume_scheme": "https",
    "validators": [
        URLValidator(
            schemes=["http", "https"],
            message=_("Enter a web address that starts with http:// or https://."),
            # A code of its own: the field would replace an "invalid" message with its own.
            code="not_web_address",
        )
    ],
}


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

    def clean_body(self):
        """A body that cannot be rendered within the budget is refused; the text stays."""
        body = self.cleaned_data["body"]
        try:
            render_markdown(body)
        except MarkdownBudgetError as error:
            code = "body_too_long" if error.too_long else "body_too_slow"
            raise ValidationError(error.message, code=code) from None
        return body

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


class RelatedPostForm(forms.ModelForm):
    def clean_to_post(self):
        to_post = self.cleaned_data["to_post"]
        # The inline sets from_post on the instance; a new post cannot be chosen yet.
        if to_post and self.instance.from_post_id == to_post.pk:
            raise ValidationError(_("A post cannot be related to itself."))
        return to_post


class RedirectForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ["old_path", "post"]

    def clean_old_path(self):
        old_path = self.cleaned_data["old_path"].strip()
        # Only a path on this site: a full address would never match a request.
        if not old_path.startswith("/") or old_path.startswith("//"):
            raise ValidationError(_("Enter a path on this site, starting with /."))
        return old_path
