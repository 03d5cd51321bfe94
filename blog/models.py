"""Posts: press releases, news, blog posts and events, with what they carry."""

import re
from datetime import timedelta
from html import unescape

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager, _TaggableManager
from taggit.models import TaggedItemBase

from pressroom import text
from pressroom.models import Contact, Image, Label, Topic, unique_slug

from .markdown import MarkdownBudgetError, render_markdown
from .post_page import post_lists, related_posts


def default_language():
    """The newsroom's default language, read when a post is created."""
    return settings.LANGUAGE_CODE


def interface_language(code):
    """
    The interface language for a post in language ``code``: the same when the site's
    interface speaks it, else the newsroom's default (a Japanese post has no /ja/ pages).
    """
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class Category(Label):
    """A category (Kategori), named as the editor writes it."""

    class Meta(Label.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def get_absolute_url(self):
        return reverse("blog:category", kwargs={"slug": self.slug})


class CleanTagManager(_TaggableManager):
    """A post's tags, whose names are cleaned like every other text (pressroom.text)."""

    def add(self, *tags, **kwargs):
        return super().add(*text.clean_tag_names(tags), **kwargs)

    def set(self, tags, **kwargs):
        return super().set(text.clean_tag_names(tags), **kwargs)

    def remove(self, *tags):
        return super().remove(*text.clean_tag_names(tags))


class TaggedPost(TaggedItemBase):
    content_object = models.ForeignKey("Post", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("tagged post")
        verbose_name_plural = _("tagged posts")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_post_tag"),
        ]

    def __str__(self):
        # The post's history lists a post's tags by this text.
        return self.tag.name


# A sentence ends at ".", "!" or "?" followed by a space (or the end of the text).
FIRST_SENTENCE = re.compile(r".+?[.!?](?=\s|$)")


class PostQuerySet(models.QuerySet):
    def published(self):
        """Posts readers may see: published, and their publish time has come."""
        return self.filter(status=Post.Status.PUBLISHED, publish_at__lte=timezone.now())

    def drafts(self):
        return self.exclude(status=Post.Status.PUBLISHED)

    def scheduled(self):
        """Published posts whose publish time is still to come (embargoed)."""
        return self.filter(status=Post.Status.PUBLISHED, publish_at__gt=timezone.now())

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def for_list(self):
        """What a list of post cards shows, in a fixed number of queries."""
        return (
            self.select_related("feature_image")
            .prefetch_related("feature_image__renditions")
            .order_by("-publish_at", "-pk")
        )

    def for_detail(self):
        """
        The post of a post page, with its picture and author, and whether any post
        translates it. blog.post_page fetches what it carries.
        """
        translated = Post.objects.filter(translation_of=OuterRef("pk"))
        return self.select_related("feature_image", "author").annotate(
            has_translations=Exists(translated)
        )

    def in_language(self, language):
        """
        A language's posts: those written in it, and those with no published version in
        it (shown as they are, labelled with their own language).
        """
        same_story = Q(pk=OuterRef("translation_of_id")) | Q(translation_of_id=OuterRef("pk"))
        same_story |= Q(translation_of_id=OuterRef("translation_of_id"))
        version_in_language = Post.objects.published().filter(same_story, language=language)
        return self.filter(Q(language=language) | ~Exists(version_in_language))

    def upcoming_events(self):
        """Events that have not ended yet, soonest first."""
        now = timezone.now()
        return (
            self.filter(kind=Post.Kind.EVENT, event_start__isnull=False)
            .filter(Q(event_end__gte=now) | Q(event_end__isnull=True, event_start__gte=now))
            .order_by("event_start", "pk")
        )

    def past_events(self):
        """Events that are over, the latest first."""
        now = timezone.now()
        return (
            self.filter(kind=Post.Kind.EVENT, event_start__isnull=False)
            .filter(Q(event_end__lt=now) | Q(event_end__isnull=True, event_start__lt=now))
            .order_by("-event_start", "-pk")
        )

    def for_feed(self):
        """
        What a feed entry carries: the post with its stored HTML, its author and picture,
        newest first. Its topics, categories and tags come from label_names().
        """
        return self.select_related("author", "feature_image").order_by("-publish_at", "-pk")

    def label_names(self):
        """
        The names of the topics, categories and tags of these posts, in that order, by
        post id: three queries of plain values, whatever the posts carry.
        """
        posts = self.values("pk")
        names = {}
        for links, post_key, name_key, order in (
            (
                Post.topics.through.objects.filter(post__in=posts),
                "post",
                "topic__name",
                "topic__name",
            ),
            (
                Post.categories.through.objects.filter(post__in=posts),
                "post",
                "category__name",
                "category__name",
            ),
            # Tags in the order they were given, as the post page shows them.
            (
                TaggedPost.objects.filter(content_object__in=posts),
                "content_object",
                "tag__name",
                "pk",
            ),
        ):
            for pk, name in links.order_by(order).values_list(post_key, name_key):
                names.setdefault(pk, []).append(name)
        return names

    def search_simple(self, query):
        """A plain substring match, for admin and as a fallback."""
        return self.filter(Q(title__icontains=query) | Q(lead__icontains=query))


def with_published_posts(sections, post_lookup):
    """
    The topics, categories or tags of ``sections`` that at least one published post
    carries (``post_lookup`` is how a post names them: "topics", "categories", "tags").
    A section only unpublished posts use stays out of sight: its name may give them away.
    """
    published = Post.objects.published().filter(**{post_lookup: OuterRef("pk")})
    return sections.filter(Exists(published))


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

    class State(models.TextChoices):
        """What readers see, from the status and the publish time (see Post.state)."""

        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.BLOG_POST)
    title = text.CleanCharField(_("title"), max_length=300)
    slug = text.CleanSlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    lead = text.CleanTextField(_("lead"), blank=True, help_text=_("One or two sentences."))
    body = text.CleanTextField(_("body"), blank=True, help_text=_("Markdown."))
    body_html = models.TextField(_("body as HTML"), blank=True, editable=False)
    feature_image = models.ForeignKey(
        Image,
        verbose_name=_("feature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="featured_in",
    )
    # The library pictures the body shows or links to, kept by blog.signals at every save:
    # they become public with the post (pressroom.models.ImageQuerySet.public).
    body_images = models.ManyToManyField(
        Image,
        verbose_name=_("pictures in the body"),
        blank=True,
        editable=False,
        related_name="in_post_bodies",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("publish time"),
        default=timezone.now,
        help_text=_("A future time schedules the post: it appears nowhere public before then."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.PRESSROOM_CONTENT_LANGUAGES,
        default=default_language,
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
    byline = text.CleanCharField(_("byline"), max_length=200, blank=True)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="posts"
    )
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="posts"
    )
    tags = TaggableManager(
        verbose_name=_("tags"), through=TaggedPost, blank=True, manager=CleanTagManager
    )
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
    is_pinned = models.BooleanField(
        _("lead story on the front page"),
        default=False,
        help_text=_("Show this press release first on the front page instead of the newest one."),
    )
    event_start = models.DateTimeField(_("event starts"), null=True, blank=True)
    event_end = models.DateTimeField(_("event ends"), null=True, blank=True)
    event_location = text.CleanCharField(_("event location"), max_length=300, blank=True)
    meta_description = text.CleanCharField(_("meta description"), max_length=300, blank=True)
    canonical_url = text.CleanURLField(_("canonical URL"), blank=True)
    send_to_followers = models.BooleanField(
        _("send to followers"),
        default=True,
        help_text=_(
            "E-mail the post to the newsroom's followers when it is published. Imported "
            "posts and posts dated more than two days back are never sent."
        ),
    )
    source = text.CleanCharField(
        _("imported from"),
        max_length=500,
        blank=True,
        help_text=_("Where the post was imported from; importing again updates this post."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Counts the saves; the admin's change form carries it so that a save based on an
    # outdated form is refused instead of silently overwriting another editor's work.
    edit_version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)

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
        try:
            self.body_html = render_markdown(self.body)
        except MarkdownBudgetError:
            # A save that leaves the body as it is (publishing, say) keeps the HTML it has,
            # even when rendering it again would not fit the budget this time.
            stored = Post.objects.filter(pk=self.pk).values("body", "body_html").first()
            if self.pk is None or stored is None or stored["body"] != self.body:
                raise
            self.body_html = stored["body_html"]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            extra = {"edit_version", "body_html"} if "body" in update_fields else {"edit_version"}
            kwargs["update_fields"] = {*update_fields, *extra}
        previous = None
        if self.pk:
            previous = Post.objects.filter(pk=self.pk).values("slug", "edit_version").first()
        # Counted from the stored row, not from this instance, so that every save moves on.
        self.edit_version = previous["edit_version"] + 1 if previous else 1
        previous_slug = previous["slug"] if previous else None
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

    @property
    def state(self):
        """Draft, scheduled (embargoed until its publish time) or published."""
        if self.status != self.Status.PUBLISHED:
            return self.State.DRAFT
        if self.publish_at > timezone.now():
            return self.State.SCHEDULED
        return self.State.PUBLISHED

    @property
    def teaser(self):
        """What a card says about the post: its lead, else its body's first sentence."""
        if self.lead:
            return self.lead
        text = " ".join(unescape(strip_tags(self.body_html or "")).split())
        match = FIRST_SENTENCE.match(text)
        return match.group(0) if match else text

    def get_url_in_own_language(self):
        """The post page with the interface in the post's own language, where it has one."""
        with translation.override(interface_language(self.language)):
            return self.get_absolute_url()

    def published_translations(self):
        """
        The published posts that are this post in other languages: the original and
        its other translations, whichever side of the link this post is on.
        """
        if self.translation_of_id is None and not getattr(self, "has_translations", True):
            # for_detail() found that no post points here: no query needed.
            return []
        # The page and its metadata both ask: one query per post object.
        if not hasattr(self, "_published_translations"):
            original_id = self.translation_of_id or self.pk
            self._published_translations = list(
                Post.objects.published()
                .filter(Q(pk=original_id) | Q(translation_of_id=original_id))
                .exclude(pk=self.pk)
                .exclude(language=self.language)
                .only("pk", "slug", "title", "language", "translation_of")
                .order_by("language", "pk")
            )
        return self._published_translations

    def ordered_contacts(self):
        """Public contacts in the editor's order, with their photos."""
        entries = self.post_contacts.filter(contact__is_public=True).select_related(
            "contact", "contact__photo"
        )
        return [entry.contact for entry in entries]

    def related_content(self, limit=5, lists=None):
        """
        Related posts: the editor's own choice first, then posts that share a topic,
        category or tag, newest first. Never this post, never an unpublished one.
        ``lists`` are the post's lists when the caller has them (``post_lists()``).
        """
        lists = lists or post_lists(self)
        return related_posts(
            self,
            topic_ids=[topic.pk for topic in lists.topics],
            category_ids=[category.pk for category in lists.categories],
            tag_ids=[tag.pk for tag in lists.tags],
            limit=limit,
        )


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
    title = text.CleanCharField(_("title"), max_length=300)
    url = text.CleanURLField(_("URL"), max_length=1000)
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


class RedirectQuerySet(models.QuerySet):
    def public(self):
        """
        Redirects readers may follow: to published posts only. A draft's or an embargoed
        post's slug often carries its headline, so until it is out an old URL is a 404.
        """
        return self.filter(post__in=Post.objects.published())


class Redirect(models.Model):
    """An old URL that answers with a 301 to a post's current page."""

    old_path = models.CharField(_("old path"), max_length=500, unique=True)
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="redirects"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RedirectQuerySet.as_manager()

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


class PostSearchIndex(models.Model):
    """
    A post's row in the full-text index, which blog/search/ keeps current. The table is
    the database's own kind (an FTS5 table on SQLite, a GIN-indexed tsvector table on
    PostgreSQL), so migration 0002 makes it and Django does not manage it. Its key is named
    "rowid" on both, because FTS5 tables cannot name theirs.
    """

    post = models.OneToOneField(
        Post,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        related_name="search_index",
    )

    class Meta:
        managed = False
        db_table = "blog_post_search"
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self):
        return str(self.post_id)


@receiver(pre_save, sender=Post, dispatch_uid="blog_post_count_raw_saves")
def count_raw_saves(sender, instance, raw, using, **kwargs):
    """
    Restoring a version from the history writes the post without Post.save(). It is an
    edit all the same: a change form opened before the restore must not save over it.
    """
    if not raw:
        return
    stored = (
        Post.objects.using(using)
        .filter(pk=instance.pk)
        .values_list("edit_version", flat=True)
        .first()
    )
    instance.edit_version = (stored if stored is not None else instance.edit_version) + 1


def default_preview_expiry():
    """Preview links work for a week unless the editor says otherwise."""
    return timezone.now() + timedelta(days=7)


class PreviewLinkQuerySet(models.QuerySet):
    def usable(self):
        """Links that still open their post: not revoked, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """
    A signed, expiring link that shows one draft or embargoed post to one named
    recipient. It can be revoked, and every use is logged (PreviewAccess).
    """

    SALT = "blog.preview-link"

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="preview_links"
    )
    recipient_name = text.CleanCharField(
        _("recipient"),
        max_length=200,
        help_text=_("Who the link is for, for example a journalist and their publication."),
    )
    recipient_email = models.EmailField(_("recipient's email"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=default_preview_expiry)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")

    def __str__(self):
        return _("%(post)s for %(recipient)s") % {
            "post": self.post,
            "recipient": self.recipient_name,
        }

    def get_absolute_url(self):
        """The link to hand out; the page speaks the post's language."""
        with translation.override(interface_language(self.post.language)):
            return reverse("blog:preview", kwargs={"token": self.token})

    @property
    def token(self):
        """The link's id, signed with the site's secret so that nobody can make one up."""
        return signing.dumps(self.pk, salt=self.SALT)

    @classmethod
    def from_token(cls, token):
        """The usable link a token names, or None when it is tampered with, expired or revoked."""
        try:
            pk = signing.loads(token, salt=cls.SALT)
        except signing.BadSignature:
            return None
        if not isinstance(pk, int):
            return None
        return cls.objects.usable().filter(pk=pk).first()

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self):
        return not (self.is_revoked or self.is_expired)

    def revoke(self):
        """Stop the link from working, for good."""
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class PreviewAccess(models.Model):
    """One opening of a preview link: when, and from where."""

    link = models.ForeignKey(
        PreviewLink,
        verbose_name=_("preview link"),
        on_delete=models.CASCADE,
        related_name="accesses",
    )
    accessed_at = models.DateTimeField(_("opened"), default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        ordering = ["-accessed_at", "-pk"]
        verbose_name = _("preview link use")
        verbose_name_plural = _("preview link uses")

    def __str__(self):
        return f"{self.link.recipient_name} · {self.accessed_at:%Y-%m-%d %H:%M}"


class AuditEntry(models.Model):
    """Who published, unpublished, deleted or restored what, and when."""

    class Action(models.TextChoices):
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")
        DELETED = "deleted", _("Deleted")
        RESTORED = "restored", _("Restored")

    action = models.CharField(_("action"), max_length=20, choices=Action)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too: the entry must still say who and what after they are deleted.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("content type"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_repr}"

    @classmethod
    def record(cls, action, obj, user=None, detail=""):
        """Note that ``user`` did ``action`` to ``obj`` just now."""
        if user is not None and not user.is_authenticated:
            user = None
        return cls.objects.create(
            action=action,
            user=user,
            username=user.get_username() if user else "",
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
            object_repr=str(obj)[:300],
            detail=detail[:300],
        )


# Every saved change of a post, with its links, contacts, related posts and tags, is kept
# as a revision (django-reversion); the admin lists, compares and restores them.
reversion.register(RelatedLink)
reversion.register(PostContact)
reversion.register(RelatedPost)
reversion.register(TaggedPost)
reversion.register(
    Post, follow=["related_links", "post_contacts", "related_entries", "taggedpost_set"]
)
reversion.register(Category)
