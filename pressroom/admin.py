"""Admin for the press room's own things: settings, topics, press contacts and images."""

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .forms import ImageForm
from .history import HistoryAdmin
from .middleware import admin_language
from .models import Contact, Image, NewsroomSettings, NewsroomText, Topic, UserPreferences

ADMIN_CSS = "blog/admin/admin.css"


def newsroom_name():
    return NewsroomSettings.load().name


# The admin's header and window titles name the newsroom, as its settings say now.
admin.site.site_header = lazy(newsroom_name, str)()
admin.site.site_title = lazy(newsroom_name, str)()


def thumbnail_html(image, max_width=120, max_height=90):
    """
    An <img> of ``image`` scaled down to fit the box, with width and height set so
    the page does not jump while it loads. It shows a small rendition (sharp on a
    high-density screen), not the full-size original. Empty when there is no picture.
    """
    if image is None or not image.file:
        return ""
    width, height = image.width, image.height
    if width and height:
        scale = min(1, max_width / width, max_height / height)
        width, height = max(1, round(width * scale)), max(1, round(height * scale))
    else:
        width, height = max_width, max_height
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" class="pressroom-thumbnail" loading="lazy">',
        image.rendition_url(width * 2),
        width,
        height,
        image.alt_text,
    )


class PostCountMixin:
    """A "posts" column counting the posts that carry the row, in one query."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # An aggregate drops Meta.ordering; keep it so pagination (autocomplete too) is stable.
        return queryset.annotate(post_count=Count("posts", distinct=True)).order_by(
            *queryset.model._meta.ordering
        )

    @admin.display(description=_("posts"), ordering="post_count")
    def post_count(self, obj):
        return obj.post_count


@admin.register(Topic)
class TopicAdmin(PostCountMixin, HistoryAdmin):
    list_display = ["name", "slug", "post_count"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Contact)
class ContactAdmin(HistoryAdmin):
    list_display = [
        "name",
        "role_label",
        "title",
        "phone",
        "email",
        "is_public",
        "sort_order",
    ]
    list_display_links = ["name"]
    # Editors put the press contacts in order straight from the list.
    list_editable = ["sort_order"]
    list_filter = ["is_public", "is_press_contact"]
    search_fields = ["name", "role", "title", "specialist_areas", "email", "phone"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo"]
    readonly_fields = ["phone_dialled", "phone_alt_dialled", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "is_press_contact", "role", "title"]}),
        (
            _("How to reach"),
            {
                "fields": [
                    "phone",
                    "phone_dialled",
                    "phone_alt",
                    "phone_alt_dialled",
                    "email",
                ]
            },
        ),
        (_("About"), {"fields": ["photo", "specialist_areas", "bio"]}),
        (_("Display"), {"fields": ["is_public", "sort_order", "updated_at"]}),
    ]

    @admin.display(description=_("role label"), ordering="role")
    def role_label(self, obj):
        return obj.role_label

    @admin.display(description=_("phone for tel: links"))
    def phone_dialled(self, obj):
        # Shown so the editor sees what a phone will dial; "—" means unreadable.
        return obj.phone_normalized or "—"

    @admin.display(description=_("alternative phone for tel: links"))
    def phone_alt_dialled(self, obj):
        return obj.phone_alt_normalized or "—"


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = [
        "thumbnail",
        "__str__",
        "credit",
        "license",
        "dimensions",
        "is_public",
        "uploaded_at",
    ]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = ["is_public"]
    search_fields = ["title", "alt_text", "caption", "credit", "license"]
    date_hierarchy = "uploaded_at"
    readonly_fields = ["preview", "dimensions", "rendition_sizes", "uploaded_at"]
    fieldsets = [
        (None, {"fields": ["file", "preview", "dimensions", "rendition_sizes"]}),
        (_("Description"), {"fields": ["title", "alt_text", "caption"]}),
        (_("Rights"), {"fields": ["credit", "license", "usage_terms"]}),
        (None, {"fields": ["is_public", "confirm_public", "uploaded_at"]}),
    ]

    class Media:
        css = {"all": [ADMIN_CSS]}

    def get_queryset(self, request):
        # PR staff reach contact photos, never a picture of a post that is not out yet.
        images = super().get_queryset(request).visible_to(request.user)
        # Thumbnails are renditions: one query for a whole page of them.
        return images.prefetch_related("renditions")

    @admin.display(description=_("thumbnail"))
    def thumbnail(self, obj):
        return thumbnail_html(obj)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail_html(obj, max_width=400, max_height=300) or "—"

    @admin.display(description=_("size in pixels"))
    def dimensions(self, obj):
        if not (obj.width and obj.height):
            return "—"
        return f"{obj.width} × {obj.height}"

    @admin.display(description=_("renditions"))
    def rendition_sizes(self, obj):
        renditions = list(obj.renditions.all()) if obj.pk else []
        if not renditions:
            if not obj.pk:
                return "—"
            return _("Being made by the task worker; pages show the original until then.")
        widths = sorted({rendition.width for rendition in renditions})
        formats = sorted({rendition.get_format_display() for rendition in renditions})
        return _("%(widths)s px wide, in %(formats)s") % {
            "widths": ", ".join(str(width) for width in widths),
            "formats": ", ".join(formats),
        }


class NewsroomTextInline(admin.StackedInline):
    model = NewsroomText
    extra = 0
    min_num = 1
    max_num = len(NewsroomText._meta.get_field("language").choices)
    fields = ["language", "description", "boilerplate"]


@admin.register(NewsroomSettings)
class NewsroomSettingsAdmin(HistoryAdmin):
    """
    The one settings record. The list goes straight to it; before anyone saved it, the
    form starts from the first-run defaults.
    """

    inlines = [NewsroomTextInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    autocomplete_fields = ["logo", "icon"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["name"]}),
        (_("Look"), {"fields": ["logo", "icon", "accent_color"]}),
        (
            _("How to reach the organisation"),
            {"fields": ["press_email", "address", "website", "social_links"]},
        ),
        (None, {"fields": ["updated_at"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        if str(object_id) != "1":
            return None
        return NewsroomSettings.objects.filter(pk=1).first() or (
            NewsroomSettings.first_run_defaults()
        )

    def changelist_view(self, request, extra_context=None):
        return redirect(reverse("admin:pressroom_newsroomsettings_change", args=[1]))


@admin.register(UserPreferences)
class UserPreferencesAdmin(admin.ModelAdmin):
    """
    Each person's own preferences, reached from "My preferences" at the top of every admin
    page: everyone who works in the admin sees and changes theirs, and nobody else's.
    """

    fields = ["language"]

    def has_module_permission(self, request):
        # Not a list on the admin index: the link at the top of every page leads there.
        return False

    def has_view_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        own = obj is None or obj.user_id == request.user.pk
        return request.user.is_active and request.user.is_staff and own

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user=request.user)

    def get_object(self, request, object_id, from_field=None):
        # "my" is everyone's own; the record is made when they first save it.
        preferences = UserPreferences.objects.filter(user=request.user).first()
        if preferences is None:
            preferences = UserPreferences(user=request.user)
        if str(object_id) not in {"my", str(preferences.pk)}:
            return None
        return preferences

    def changelist_view(self, request, extra_context=None):
        return redirect(reverse("admin:pressroom_userpreferences_change", args=["my"]))

    def response_change(self, request, obj):
        # Said in the language just chosen, which the next page speaks too.
        translation.activate(admin_language(request))
        self.message_user(request, gettext("Your preferences were saved."))
        return redirect(reverse("admin:pressroom_userpreferences_change", args=["my"]))
