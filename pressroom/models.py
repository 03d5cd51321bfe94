"""The press room's own things: topics, press contacts and the image library."""

import hashlib
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from . import images
from .phones import normalize_phone


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


class Topic(models.Model):
    """A newsroom-wide subject (Ämne). Its name may contain commas."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Topic, self.name, instance_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("blog:topic", kwargs={"slug": self.slug})


class ImageQuerySet(models.QuerySet):
    def public(self):
        """
        Images readers may see: those an editor put in the image bank, and those shown
        with a published post (as its feature image or in its body) or a public contact.
        A picture uploaded for an embargoed press release stays out of sight until the
        release is out.
        """
        published = apps.get_model("blog", "Post").objects.published()
        return self.filter(
            Q(is_public=True)
            | Q(pk__in=published.values("feature_image"))
            | Q(pk__in=published.values("body_images"))
            | Q(pk__in=Contact.objects.public().values("photo"))
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


class Image(models.Model):
    """
    An uploaded picture in the media library, with the facts a reuser needs.

    Saving a new file checks it (pressroom.images), keeps it upright and without private
    metadata, and makes its renditions, once. All files go through the storage API.
    """

    file = models.ImageField(
        _("file"), upload_to="images/%Y/%m/", width_field="width", height_field="height"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("photographer / credit"), max_length=200, blank=True)
    license = models.CharField(_("license"), max_length=200, blank=True)
    usage_terms = models.TextField(_("usage terms"), blank=True)
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
                self.make_renditions(source=cleaned.data)

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

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    is_press_contact = models.BooleanField(_("press contact"), default=True)
    role = models.CharField(
        _("role label"), max_length=100, blank=True, help_text=_('For example "Presskontakt".')
    )
    title = models.CharField(_("title or department"), max_length=200, blank=True)
    specialist_areas = models.CharField(_("specialist areas"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    phone_normalized = models.CharField(max_length=30, blank=True, editable=False)
    phone_alt = models.CharField(_("alternative phone"), max_length=50, blank=True)
    phone_alt_normalized = models.CharField(max_length=30, blank=True, editable=False)
    email = models.EmailField(_("email"), blank=True)
    photo = models.ForeignKey(
        Image,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("short bio"), blank=True)
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
    def role_label(self):
        """The label shown under the name: the editor's own, else "Press contact"."""
        if self.role:
            return self.role
        return _("Press contact") if self.is_press_contact else ""
