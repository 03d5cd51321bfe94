"""The press room's own things: topics, press contacts and the image library."""

from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

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


class Image(models.Model):
    """An uploaded picture in the media library, with the facts a reuser needs."""

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
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.title or self.alt_text or self.file.name.rsplit("/", 1)[-1]

    def get_absolute_url(self):
        return reverse("pressroom:image", kwargs={"pk": self.pk})


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
