"""Posts: press releases, news, blog posts and events, with what they carry."""

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from pressroom.models import Contact, Image, Topic, unique_slug

from .markdown import render_markdown


def default_language():
    """The newsroom's default language, read when a post is created."""
    return settings.LANGUAGE_CODE


class Category(models.Model):
    """A category (Kategori), named as the editor writes it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Category, self.name, instance_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("blog:category", kwargs={"slug": self.slug})


class TaggedPost(TaggedItemBase):
    content_object = models.ForeignKey("Post", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("tagged post")
        verbose_name_plural = _("tagged posts")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_post_tag"),
        ]


class PostQuerySet(models.QuerySet):
    def published(self):
        """Posts readers may see: published, and their publish time has come."""
        return self.filter(status=Post.Status.PUBLISHED, publish_at__lte=timezone.now())

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def for_list(self):
        """What a list of post cards shows, in a fixed number of queries."""
        return self.select_related("feature_image").order_by("-publish_at", "-pk")

    def for_detail(self):
        """Everything a post page shows, in a fixed number of queries."""
        return self.select_related("feature_image", "author", "translation_of").prefetch_related(
            "topics",
            "categories",
            "tags",
            "related_links",
            Prefetch(
                "post_contacts",
                queryset=PostContact.objects.filter(contact__is_public=True)
                .select_related("contact", "contact__photo")
                .order_by("sort_order", "pk"),
            ),
            Prefetch(
                "related_entries",
                queryset=RelatedPost.objects.filter(
                    to_post__status=Post.Status.PUBLISHED,
                    to_post__publish_at__lte=timezone.now(),
                )
                .select_related("to_post", "to_post__feature_image")
                .order_by("sort_order", "pk"),
            ),
        )

    def search_simple(self, query):
        """A plain substring match, for admin and as a fallback."""
        return self.filter(Q(title__icontains=query) | Q(lead__icontains=query))


class Post(models.Model):
    """One piece of material: a press release, news item, blog post or event."""

    class Kind(models.TextChoices):
        PRESS_RELEASE = "press_release", _("Press release")
        NEWS = "news", _("News")
        BLOG_POST = "blog_post", _("Blog post")
        EVENT = "event", _("Event")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.BLOG_POST)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    lead = models.TextField(_("lead"), blank=True, help_text=_("One or two sentences."))
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    body_html = models.TextField(_("body as HTML"), blank=True, editable=False)
    feature_image = models.ForeignKey(
        Image,
        verbose_name=_("feature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="featured_in",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("publish time"),
        default=timezone.now,
        help_text=_("A future time schedules the post: it appears nowhere public before then."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=default_language
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    byline = models.CharField(_("byline"), max_length=200, blank=True)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="posts"
    )
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="posts"
    )
    tags = TaggableManager(verbose_name=_("tags"), through=TaggedPost, blank=True)
    contacts = models.ManyToManyField(
        Contact, verbose_name=_("contacts"), through="PostContact", blank=True, related_name="posts"
    )
    related_posts = models.ManyToManyField(
        "self",
        verbose_name=_("related posts"),
        through="RelatedPost",
        symmetrical=False,
        blank=True,
        related_name="+",
    )
    event_start = models.DateTimeField(_("event starts"), null=True, blank=True)
    event_end = models.DateTimeField(_("event ends"), null=True, blank=True)
    event_location = models.CharField(_("event location"), max_length=300, blank=True)
    meta_description = models.CharField(_("meta description"), max_length=300, blank=True)
    canonical_url = models.URLField(_("canonical URL"), blank=True)
    source = models.CharField(
        _("imported from"),
        max_length=500,
        blank=True,
        help_text=_("Where the post was imported from; importing again updates this post."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        get_latest_by = "publish_at"
        indexes = [
            models.Index(fields=["status", "publish_at"], name="post_status_publish_idx"),
            models.Index(fields=["kind", "status", "publish_at"], name="post_kind_publish_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source"], condition=~Q(source=""), name="unique_post_source"
            ),
            models.CheckConstraint(
                condition=Q(event_end__isnull=True)
                | Q(event_start__isnull=True)
                | Q(event_end__gte=models.F("event_start")),
                name="event_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Post, self.title, instance_pk=self.pk)
        self.body_html = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        previous_slug = None
        if self.pk:
            previous_slug = Post.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        super().save(*args, **kwargs)
        if previous_slug and previous_slug != self.slug:
            with translation.override(settings.LANGUAGE_CODE):
                old_path = reverse("blog:post", kwargs={"slug": previous_slug})
            Redirect.remember(old_path, self)

    def get_absolute_url(self):
        return reverse("blog:post", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.publish_at > timezone.now()

    def ordered_contacts(self):
        """Public contacts in the editor's order (uses the for_detail() prefetch)."""
        return [entry.contact for entry in self.post_contacts.all()]

    def manual_related(self):
        """The editor's related posts that readers may see, in order."""
        return [entry.to_post for entry in self.related_entries.all()]

    def related_content(self, limit=5):
        """
        Related posts: the editor's own choice first, then posts that share a topic,
        category or tag, newest first. Never this post, never an unpublished one.
        """
        chosen = self.manual_related()[:limit]
        if len(chosen) >= limit:
            return chosen
        topic_ids = [topic.pk for topic in self.topics.all()]
        category_ids = [category.pk for category in self.categories.all()]
        tag_ids = [tag.pk for tag in self.tags.all()]
        if not (topic_ids or category_ids or tag_ids):
            return chosen
        shared = Q(topics__in=topic_ids) | Q(categories__in=category_ids) | Q(tags__in=tag_ids)
        exclude_ids = [self.pk, *(post.pk for post in chosen)]
        automatic_ids = (
            Post.objects.published()
            .filter(shared)
            .exclude(pk__in=exclude_ids)
            .values_list("pk", flat=True)
            .distinct()
        )
        automatic = (
            Post.objects.filter(pk__in=automatic_ids)
            .for_list()
            .only("pk", "title", "slug", "kind", "publish_at", "lead", "language", "feature_image")[
                : limit - len(chosen)
            ]
        )
        return [*chosen, *automatic]


class PostContact(models.Model):
    """A contact on a post, in the editor's order."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="post_contacts")
    contact = models.ForeignKey(Contact, verbose_name=_("contact"), on_delete=models.CASCADE)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(fields=["post", "contact"], name="unique_post_contact"),
        ]

    def __str__(self):
        return str(self.contact)


class RelatedLink(models.Model):
    """A link under a post (Relaterade länkar), http or https only."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="related_links")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("URL"), max_length=1000)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("related link")
        verbose_name_plural = _("related links")
        constraints = [
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="related_link_http_only",
            ),
        ]

    def __str__(self):
        return self.title


class RelatedPost(models.Model):
    """A post the editor chose as related content, in order."""

    from_post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="related_entries")
    to_post = models.ForeignKey(
        Post, verbose_name=_("related post"), on_delete=models.CASCADE, related_name="+"
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("related post")
        verbose_name_plural = _("related posts")
        constraints = [
            models.UniqueConstraint(fields=["from_post", "to_post"], name="unique_related_post"),
            models.CheckConstraint(
                condition=~Q(from_post=models.F("to_post")), name="related_post_not_self"
            ),
        ]

    def __str__(self):
        return str(self.to_post)


class Redirect(models.Model):
    """An old URL that answers with a 301 to a post's current page."""

    old_path = models.CharField(_("old path"), max_length=500, unique=True)
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="redirects"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")

    def __str__(self):
        return f"{self.old_path} → {self.post}"

    def get_absolute_url(self):
        return self.old_path

    @classmethod
    def remember(cls, old_path, post):
        """
        Point ``old_path`` at ``post``, unless it is the post's own URL. Paths are
        stored as the newsroom's default language writes them, without a prefix.
        """
        with translation.override(settings.LANGUAGE_CODE):
            own_path = post.get_absolute_url()
        if not old_path or old_path == own_path:
            return None
        redirect, _created = cls.objects.update_or_create(
            old_path=old_path[:500], defaults={"post": post}
        )
        # The post's current URL must never redirect away from itself.
        cls.objects.filter(old_path=own_path).delete()
        return redirect
