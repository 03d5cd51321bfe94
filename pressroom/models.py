"""The press room's own things: the newsroom's settings, topics, press contacts and images."""

import hashlib
from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import colors, images, text
from .markup import render_boilerplate
from .phones import display_phone, normalize_phone
from .tasks import make_image_renditions


def unique_slug(model, text: str, *, instance_pk=None, field: str = "slug", max_length=200) -> str:
    """Return a slug for ``text`` that no other row of ``model`` uses yet."""
    base = slugify(text, allow_unicode=True)[:max_length].strip("-") or "item"
    candidate, counter = base, 2
    others = model._default_manager.exclude(pk=instance_pk)
    while others.filter(**{field: candidate}).exists():
        suffix = f"-{counter}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        counter += 1
    return candidate


class Label(models.Model):
    """A name posts are grouped under, with a page of its own: a topic or a category."""

    name = text.CleanCharField(_("name"), max_length=200, unique=True)
    slug = text.CleanSlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    description = text.CleanTextField(_("description"), blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.name, instance_pk=self.pk)
        super().save(*args, **kwargs)


class Topic(Label):
    """A newsroom-wide subject (Ämne). Its name may contain commas."""

    class Meta(Label.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def get_absolute_url(self):
        return reverse("topic", kwargs={"slug": self.slug})


class ImageQuerySet(models.QuerySet):
    def public(self):
        """
        Images readers may see: those an editor put in the image bank, those shown with a
        published post (as its feature image or in its body) or a public contact, and the
        newsroom's logo and icon. A picture uploaded for an embargoed press release stays
        out of sight until the release is out.
        """
        published = apps.get_model("blog", "Post").objects.published()
        return self.filter(
            Q(is_public=True)
            | Q(pk__in=published.values("feature_image"))
            | Q(pk__in=published.values("body_images"))
            | Q(pk__in=Contact.objects.public().values("photo"))
            | Q(pk__in=NewsroomSettings.objects.values("logo"))
            | Q(pk__in=NewsroomSettings.objects.values("icon"))
        )

    def used_by_posts(self):
        """Images a post shows, published or not: as its feature image or in its body."""
        posts = apps.get_model("blog", "Post").objects.all()
        return self.filter(
            Q(pk__in=posts.values("feature_image")) | Q(pk__in=posts.values("body_images"))
        )

    def visible_to(self, user):
        """
        The images ``user`` may see. Staff who may see posts see every picture; PR staff
        (who may see images but not posts) see contact photos and pictures no post uses,
        never a picture of a post that is not out yet; everyone else, public ones.
        """
        if not (user.is_active and user.is_staff and user.has_perm("pressroom.view_image")):
            return self.public()
        # A permission named by its string: this app knows posts only through the registry.
        if user.has_perm("blog.view_post"):
            return self.all()
        return self.exclude(pk__in=self.model.objects.used_by_posts().values("pk"))

    def from_file(
        self,
        source,
        *,
        alt_text: str = "",
        credit: str = "",
        caption: str = "",
        title: str = "",
        license: str = "",
        usage_terms: str = "",
        name: str | None = None,
    ):
        """
        Put a picture into the image library and return its ``Image``.

        ``source`` is a path or an open binary file. It goes through the same checks as an
        upload in the admin (validate_image_file), is cleaned and gets its renditions; a
        file that is not an acceptable picture raises ValidationError with a clear message
        and leaves nothing behind. The same bytes imported again give back the image
        already in the library (its blank alt text, credit and other texts filled in from
        these arguments), so running an import twice does not duplicate pictures.
        """
        name, data = images.read_picture_file(source, name)
        texts = {
            "alt_text": alt_text,
            "credit": credit,
            "caption": caption,
            "title": title,
            "license": license,
            "usage_terms": usage_terms,
        }
        existing = self.filter(checksum=hashlib.sha256(data).hexdigest()).first()
        if existing is not None:
            blanks = [key for key, value in texts.items() if value and not getattr(existing, key)]
            for blank in blanks:
                setattr(existing, blank, texts[blank])
            if blanks:
                existing.save(update_fields=blanks)
            return existing

        # Check before the model sees the file: assigning it makes Django read its dimensions.
        upload = ContentFile(data, name=name)
        images.validate_image_file(upload)
        image = self.model(file=upload, **texts)
        image.save()
        return image


class Image(models.Model):
    """
    An uploaded picture in the media library, with the facts a reuser needs.

    Saving a new file checks it (pressroom.images), keeps it upright and without private
    metadata, and makes its renditions, once. All files go through the storage API.
    """

    file = models.ImageField(
        _("file"), upload_to="images/%Y/%m/", width_field="width", height_field="height"
    )
    title = text.CleanCharField(_("title"), max_length=200, blank=True)
    alt_text = text.CleanCharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = text.CleanCharField(_("caption"), max_length=500, blank=True)
    credit = text.CleanCharField(_("photographer / credit"), max_length=200, blank=True)
    license = text.CleanCharField(_("license"), max_length=200, blank=True)
    usage_terms = text.CleanTextField(_("usage terms"), blank=True)
    is_public = models.BooleanField(
        _("in the image bank"),
        default=False,
        help_text=_(
            "Show the picture in the public image list even if no published post uses it. "
            "Pictures of published posts and public contacts are shown anyway."
        ),
    )
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    checksum = models.CharField(_("checksum"), max_length=64, blank=True, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        indexes = [models.Index(fields=["checksum"], name="image_checksum_idx")]

    def __str__(self):
        return self.title or self.alt_text or self.file.name.rsplit("/", 1)[-1]

    def save(self, *args, **kwargs):
        # An uncommitted file is a new upload: clean it before it reaches storage.
        new_file = bool(self.file) and not self.file._committed
        if new_file:
            upload = self.file.file
            upload.seek(0)
            self.checksum = hashlib.sha256(upload.read()).hexdigest()
            upload.seek(0)
            cleaned = images.clean_original(upload)
            stem = Path(self.file.name).stem or "image"
            self.file = ContentFile(cleaned.data, name=f"{stem}.{cleaned.extension}")
        with transaction.atomic():
            super().save(*args, **kwargs)
            if new_file:
                # Renditions take seconds for a large picture: the task worker makes
                # them. Until then pages show the original, never the old file's sizes.
                self.renditions.all().delete()
                getattr(self, "_prefetched_objects_cache", {}).pop("renditions", None)
                make_image_renditions.enqueue(self.pk, self.checksum)

    def get_absolute_url(self):
        return reverse("pressroom:image", kwargs={"pk": self.pk})

    def unpublished_posts_only(self):
        """
        The posts that show this picture when none of them is published yet (drafts and
        embargoed posts), else an empty list: making such a picture public would show it
        before its post is out.
        """
        posts = apps.get_model("blog", "Post").objects.filter(
            Q(feature_image=self) | Q(body_images=self)
        )
        if not self.pk or posts.published().exists():
            return []
        return list(posts.distinct().order_by("publish_at", "pk"))

    def get_download_url(self):
        return reverse("pressroom:image-download", kwargs={"pk": self.pk})

    def make_renditions(self, source=None):
        """
        (Re)make this image's renditions from ``source`` (the original's bytes) or from
        the stored original, replacing any it had. Called once when a file is saved, and
        by ``manage.py make_renditions``; never while serving a page.
        """
        if source is None:
            with self.file.open("rb") as original:
                source = original.read()
        files = images.make_rendition_files(source)
        self.renditions.all().delete()
        storage = self.file.storage
        stem = slugify(Path(self.file.name).stem)[:60] or "image"
        renditions = [
            Rendition(
                image=self,
                width=made.width,
                height=made.height,
                format=made.format,
                file=storage.save(
                    f"renditions/{self.pk}/{stem}-{made.width}w.{made.extension}",
                    ContentFile(made.data),
                ),
            )
            for made in files
        ]
        Rendition.objects.bulk_create(renditions)
        # Forget any prefetched (now deleted) renditions.
        getattr(self, "_prefetched_objects_cache", {}).pop("renditions", None)
        return renditions

    # Choosing a rendition works on self.renditions.all(), so a prefetch serves a whole
    # page of images in one query.

    def renditions_in(self, rendition_format=None):
        """This image's renditions in one format (default: the non-WebP one), narrowest first."""
        rendition_format = rendition_format or self.fallback_format
        return sorted(
            (r for r in self.renditions.all() if r.format == rendition_format),
            key=lambda rendition: rendition.width,
        )

    @property
    def fallback_format(self):
        """The format of the renditions for browsers without WebP: "jpeg" or "png"."""
        formats = {rendition.format for rendition in self.renditions.all()}
        formats.discard(Rendition.Format.WEBP)
        return min(formats) if formats else Rendition.Format.WEBP

    def rendition(self, width, rendition_format=None):
        """
        The narrowest rendition at least ``width`` pixels wide (the widest there is, when
        the picture is smaller), in ``rendition_format`` or the non-WebP one. None when
        the image has no renditions.
        """
        candidates = self.renditions_in(rendition_format)
        if not candidates:
            return None
        return next((r for r in candidates if r.width >= width), candidates[-1])

    def rendition_url(self, width, rendition_format=None):
        """The URL of ``rendition(width)``, or of the original when there is none."""
        rendition = self.rendition(width, rendition_format)
        return rendition.file.url if rendition else self.file.url

    @property
    def social_rendition(self):
        """The rendition for Open Graph and Twitter cards: about 1200 px, JPEG or PNG."""
        return self.rendition(1200)

    @property
    def format(self):
        """The original's format: "JPEG", "PNG", "GIF", "WEBP" or "AVIF"."""
        extension = Path(self.file.name).suffix.lower().lstrip(".")
        return {"jpg": "JPEG", "jpeg": "JPEG"}.get(extension, extension.upper())

    @property
    def download_filename(self):
        """A readable file name for the original: its title or alt text, and the credit."""
        label = slugify(self.title or self.alt_text or Path(self.file.name).stem)[:80]
        credit = slugify(self.credit)[:40]
        parts = [part for part in (label, credit) if part] or ["image"]
        return "_".join(parts) + Path(self.file.name).suffix.lower()

    @property
    def rights(self):
        """The credit, license and terms, as written into a downloaded original."""
        return images.Rights(
            credit=self.credit,
            license=self.license,
            usage_terms=self.usage_terms,
            description=self.caption or self.alt_text,
        )


class Rendition(models.Model):
    """One size of an image in one format, made once when the image was saved."""

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"

    image = models.ForeignKey(
        Image, verbose_name=_("image"), on_delete=models.CASCADE, related_name="renditions"
    )
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    format = models.CharField(_("format"), max_length=10, choices=Format)
    file = models.FileField(_("file"), max_length=255)

    class Meta:
        ordering = ["image", "width", "format"]
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(
                fields=["image", "width", "format"], name="unique_image_rendition"
            ),
        ]

    def __str__(self):
        return f"{self.image} ({self.width} px, {self.get_format_display()})"

    @property
    def url(self):
        return self.file.url

    @property
    def mime_type(self):
        return f"image/{self.format}"


@receiver(post_delete, sender=Rendition)
def delete_rendition_file(sender, instance, **kwargs):
    """
    A rendition's file goes with it, once the deletion is committed. (Originals stay in
    storage: a restored older version of an image still finds its file.)
    """
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))


class ContactQuerySet(models.QuerySet):
    def public(self):
        """Contacts that readers may see."""
        return self.filter(is_public=True)


class Contact(models.Model):
    """A press contact card."""

    name = text.CleanCharField(_("name"), max_length=200)
    slug = text.CleanSlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    is_press_contact = models.BooleanField(_("press contact"), default=True)
    role = text.CleanCharField(
        _("role label"), max_length=100, blank=True, help_text=_('For example "Presskontakt".')
    )
    title = text.CleanCharField(_("title or department"), max_length=200, blank=True)
    specialist_areas = text.CleanCharField(_("specialist areas"), max_length=300, blank=True)
    phone = text.CleanCharField(_("phone"), max_length=50, blank=True)
    phone_normalized = models.CharField(max_length=30, blank=True, editable=False)
    phone_alt = text.CleanCharField(_("alternative phone"), max_length=50, blank=True)
    phone_alt_normalized = models.CharField(max_length=30, blank=True, editable=False)
    email = text.CleanEmailField(_("email"), blank=True)
    photo = models.ForeignKey(
        Image,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = text.CleanTextField(_("short bio"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_public = models.BooleanField(_("public"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Contact, self.name, instance_pk=self.pk)
        self.phone_normalized = normalize_phone(self.phone)
        self.phone_alt_normalized = normalize_phone(self.phone_alt)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pressroom:contact", kwargs={"slug": self.slug})

    def get_vcard_url(self):
        return reverse("pressroom:contact-vcard", kwargs={"slug": self.slug})

    @property
    def phone_display(self):
        """The phone number in its international form, grouped as its country writes it."""
        return display_phone(self.phone)

    @property
    def phone_alt_display(self):
        return display_phone(self.phone_alt)

    @property
    def role_label(self):
        """The label shown under the name: the editor's own, else "Press contact"."""
        if self.role:
            return self.role
        return _("Press contact") if self.is_press_contact else ""


def validate_accent_color(value):
    """
    An accent colour is "#rrggbb", and text in it on the site's light backgrounds (and
    white text on it) meets WCAG AA: a contrast of 4.5:1.
    """
    if not colors.HEX_COLOR.match(value or ""):
        raise ValidationError(
            _("Write the colour as # and six hexadecimal digits, for example #0b5cad."),
            code="invalid",
        )
    ratio = colors.lowest_contrast_on_light(value)
    if ratio < colors.AA_CONTRAST:
        raise ValidationError(
            _(
                "Text on %(color)s (and %(color)s text on a light background) would have a "
                "contrast of only %(ratio).1f:1; WCAG AA asks for at least 4.5:1. Choose a "
                "darker colour."
            ),
            code="low_contrast",
            params={"color": value, "ratio": ratio},
        )


def validate_web_links(value):
    """One http(s) address a line."""
    validate = URLValidator(schemes=["http", "https"])
    for line in (value or "").splitlines():
        if line.strip():
            try:
                validate(line.strip())
            except ValidationError:
                raise ValidationError(
                    _("“%(line)s” is not a web address (https://…)."),
                    code="invalid",
                    params={"line": line.strip()},
                ) from None


# Names of the social networks people link to, by host.
SOCIAL_NETWORKS = {
    "linkedin.com": "LinkedIn",
    "x.com": "X",
    "twitter.com": "X",
    "facebook.com": "Facebook",
    "instagram.com": "Instagram",
    "youtube.com": "YouTube",
    "bsky.app": "Bluesky",
    "github.com": "GitHub",
    "threads.net": "Threads",
    "tiktok.com": "TikTok",
    "vimeo.com": "Vimeo",
}

# The newsroom's settings as this process last read them, with the content version they
# were read at: any saved change bumps the version (pressroom.pagecache), so a change
# shows at once, here and in every other process.
_loaded_newsroom = (None, None)


class NewsroomSettings(models.Model):
    """
    The newsroom's name, face and ways to reach it: one record, edited in the admin.
    Before an editor first saves it, the environment's values stand in (PRESSROOM_NAME).
    """

    DEFAULT_ACCENT = "#0b5cad"

    name = text.CleanCharField(
        _("organisation's name"),
        max_length=200,
        help_text=_("Shown in the header, page titles, feeds and contact cards."),
    )
    logo = models.ForeignKey(
        Image,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in the header and given to search engines as the publisher's logo."),
    )
    icon = models.ForeignKey(
        Image,
        verbose_name=_("square icon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A square picture for browser tabs and home screens."),
    )
    accent_color = models.CharField(
        _("accent colour"),
        max_length=7,
        default=DEFAULT_ACCENT,
        validators=[validate_accent_color],
        help_text=_(
            "For links, buttons and highlights, as #rrggbb. White text on it must be "
            "readable (WCAG AA contrast)."
        ),
    )
    press_email = text.CleanEmailField(_("press e-mail address"), blank=True)
    address = text.CleanTextField(_("address"), blank=True)
    website = text.CleanURLField(
        _("main website"), blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )
    social_links = text.CleanTextField(
        _("social profiles"),
        blank=True,
        validators=[validate_web_links],
        help_text=_("The addresses of the organisation's profiles (LinkedIn, X, …), one a line."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("newsroom settings")
        verbose_name_plural = _("newsroom settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="single_newsroom_settings"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("blog:front")

    def clean(self):
        super().clean()
        if self.icon and self.icon.width != self.icon.height:
            raise ValidationError(
                {"icon": _("The icon must be square; this picture is %(width)s × %(height)s.")},
                params={"width": self.icon.width, "height": self.icon.height},
            )

    @classmethod
    def load(cls):
        """
        The newsroom's settings: the saved record, or the first-run defaults when there
        is none yet. Read once per content version in each process.
        """
        from .pagecache import current_content_version

        global _loaded_newsroom
        version = current_content_version()
        loaded_version, newsroom = _loaded_newsroom
        if newsroom is not None and loaded_version == version:
            return newsroom
        newsroom = (
            cls.objects.select_related("logo", "icon")
            .prefetch_related("texts", "logo__renditions", "icon__renditions")
            .filter(pk=1)
            .first()
        ) or cls.first_run_defaults()
        _loaded_newsroom = (version, newsroom)
        return newsroom

    @classmethod
    def first_run_defaults(cls):
        """Unsaved settings from the environment, for a newsroom nobody has set up yet."""
        return cls(pk=1, name=settings.PRESSROOM_NAME)

    def text(self, language=None):
        """
        The description and boilerplate in ``language`` (default: the active one), else
        in the newsroom's default language, else empty ones.
        """
        # Unsaved first-run defaults have no texts to look up.
        texts = {} if self._state.adding else {text.language: text for text in self.texts.all()}
        language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
        return texts.get(language) or texts.get(settings.LANGUAGE_CODE) or NewsroomText()

    @property
    def social_urls(self):
        """The social profile addresses, in the order written."""
        return [line.strip() for line in self.social_links.splitlines() if line.strip()]

    @property
    def website_label(self):
        """The website's address as people say it: "example.com"."""
        host = urlsplit(self.website).hostname or self.website
        return host.removeprefix("www.")

    @property
    def social_profiles(self):
        """(label, address) of each social profile: the network's name, else the host."""
        profiles = []
        for url in self.social_urls:
            host = urlsplit(url).hostname or ""
            host = host.removeprefix("www.")
            profiles.append((SOCIAL_NETWORKS.get(host, host), url))
        return profiles

    @property
    def has_custom_accent(self):
        return self.accent_color.lower() != self.DEFAULT_ACCENT

    @property
    def accent_dark(self):
        return colors.darken(self.accent_color)

    @property
    def accent_soft(self):
        return colors.tint(self.accent_color)


class NewsroomText(models.Model):
    """The newsroom's description and boilerplate ("About …") in one language."""

    newsroom = models.ForeignKey(NewsroomSettings, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    description = text.CleanCharField(
        _("short description"),
        max_length=300,
        blank=True,
        help_text=_("One sentence under the name on the front page and for search engines."),
    )
    boilerplate = text.CleanTextField(
        _("boilerplate"),
        blank=True,
        help_text=_("“About the organisation”, in Markdown; shown on the front page."),
    )
    boilerplate_html = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("text in one language")
        verbose_name_plural = _("texts per language")
        constraints = [
            models.UniqueConstraint(
                fields=["newsroom", "language"], name="unique_newsroom_text_language"
            ),
        ]

    def __str__(self):
        return self.get_language_display()

    def save(self, *args, **kwargs):
        self.boilerplate_html = render_boilerplate(self.boilerplate)
        super().save(*args, **kwargs)


class UserPreferences(models.Model):
    """A person's own choices for the admin, which they set themselves."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preferences",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language of the admin"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Leave empty to have the language your browser asks for."),
    )

    class Meta:
        verbose_name = _("my preferences")
        verbose_name_plural = _("my preferences")

    def __str__(self):
        return str(self.user)

    @classmethod
    def language_for(cls, user) -> str:
        """The admin language ``user`` chose, or "" for the browser's choice."""
        if not user.is_authenticated:
            return ""
        return cls.objects.filter(user=user).values_list("language", flat=True).first() or ""
