"""Reader pages for posts: the front page, lists, archives and the post page."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from pressroom.models import Contact, Image, Topic

from .calendar import calendar_name, events_calendar
from .models import Category, Post, with_published_posts
from .post_page import post_lists
from .press_kit import stored_press_kit
from .search import SearchForm
from .sharing import share_links

# URL segments for each kind, in English, as the rest of the URL scheme.
KIND_SLUGS = {
    "press-releases": Post.Kind.PRESS_RELEASE,
    "news": Post.Kind.NEWS,
    "blog": Post.Kind.BLOG_POST,
    "events": Post.Kind.EVENT,
}
KIND_PLURALS = {
    Post.Kind.PRESS_RELEASE: _("Press releases"),
    Post.Kind.NEWS: pgettext_lazy("plural", "News"),
    Post.Kind.BLOG_POST: _("Blog posts"),
    Post.Kind.EVENT: _("Events"),
}


def kind_slug(kind):
    """The URL segment for a post kind."""
    return next(slug for slug, value in KIND_SLUGS.items() if value == kind)


class PublishedPostsMixin:
    """Lists of published posts, paginated; a page past the end is a 404."""

    paginate_by = settings.PRESSROOM_PAGE_SIZE
    template_name = "blog/post_list.html"
    context_object_name = "posts"
    heading = _("All posts")

    def get_queryset(self):
        posts = Post.objects.published().in_language(translation.get_language())
        return posts.for_list()

    def get_heading(self):
        return self.heading

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = self.get_heading()
        return context


class FrontPageView(TemplateView):
    """
    The newsroom's front page in the page's language: a lead story, the latest releases
    and news, upcoming events, press images, the boilerplate, the press contacts and
    ways to follow. The template leaves out each block that has nothing to show.
    """

    template_name = "blog/front_page.html"
    latest_count = 8
    event_count = 3
    image_count = 6
    contact_count = 6

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language = translation.get_language()
        posts = Post.objects.published().in_language(language).for_list()
        releases = posts.of_kind(Post.Kind.PRESS_RELEASE)
        # The pinned release, else the newest in the page's language, else the newest.
        lead_story = (
            releases.filter(is_pinned=True).first()
            or releases.filter(language=language).first()
            or releases.first()
        )
        latest = posts.filter(kind__in=[Post.Kind.PRESS_RELEASE, Post.Kind.NEWS])
        if lead_story:
            latest = latest.exclude(pk=lead_story.pk)
        contacts = Contact.objects.public().filter(is_press_contact=True)
        context.update(
            lead_story=lead_story,
            latest_posts=latest[: self.latest_count],
            events=posts.upcoming_events()[: self.event_count],
            press_images=Image.objects.filter(is_public=True).prefetch_related("renditions")[
                : self.image_count
            ],
            contacts=contacts.select_related("photo").prefetch_related("photo__renditions")[
                : self.contact_count
            ],
            topics=with_published_posts(Topic.objects.all(), "topics"),
            kinds=[(slug, KIND_PLURALS[kind]) for slug, kind in KIND_SLUGS.items()],
        )
        return context


class PostListView(PublishedPostsMixin, ListView):
    pass


class KindPostListView(PublishedPostsMixin, ListView):
    """
    The posts of one kind. Events are listed as events: the upcoming ones first, soonest
    first, then the past ones, page by page.
    """

    def get_queryset(self):
        try:
            self.kind = KIND_SLUGS[self.kwargs["kind"]]
        except KeyError:
            raise Http404("No such kind of post") from None
        posts = super().get_queryset().of_kind(self.kind)
        if self.kind == Post.Kind.EVENT:
            return posts.exclude(pk__in=posts.upcoming_events().values("pk"))
        return posts

    def get_template_names(self):
        if self.kind == Post.Kind.EVENT:
            return ["blog/event_list.html"]
        return super().get_template_names()

    def get_heading(self):
        return KIND_PLURALS[self.kind]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.kind == Post.Kind.EVENT:
            events = Post.objects.published().in_language(translation.get_language())
            context["upcoming_events"] = events.for_list().upcoming_events()
        return context


class TopicListView(ListView):
    """The topics that published posts carry."""

    template_name = "blog/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return with_published_posts(Topic.objects.all(), "topics")


class TopicPostListView(PublishedPostsMixin, ListView):
    def get_queryset(self):
        self.topic = get_object_or_404(
            with_published_posts(Topic.objects.all(), "topics"), slug=self.kwargs["slug"]
        )
        return super().get_queryset().filter(topics=self.topic)

    def get_heading(self):
        return self.topic.name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["section_label"] = _("Topic")
        context["description"] = self.topic.description
        return context


class CategoryPostListView(PublishedPostsMixin, ListView):
    def get_queryset(self):
        self.category = get_object_or_404(
            with_published_posts(Category.objects.all(), "categories"), slug=self.kwargs["slug"]
        )
        return super().get_queryset().filter(categories=self.category)

    def get_heading(self):
        return self.category.name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["section_label"] = _("Category")
        context["description"] = self.category.description
        return context


class TagPostListView(PublishedPostsMixin, ListView):
    def get_queryset(self):
        self.tag = get_object_or_404(
            with_published_posts(Tag.objects.all(), "tags"), slug=self.kwargs["slug"]
        )
        return super().get_queryset().filter(tags=self.tag)

    def get_heading(self):
        return self.tag.name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["section_label"] = _("Tag")
        return context


class YearArchiveView(PublishedPostsMixin, ListView):
    def get_queryset(self):
        self.year = self.kwargs["year"]
        if not 1900 <= self.year <= 9999:
            raise Http404("No such year")
        return super().get_queryset().filter(publish_at__year=self.year)

    def get_heading(self):
        return str(self.year)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["section_label"] = _("Archive")
        return context


def translation_links(post):
    """
    Links to the post's published translations, each worded in its own language
    ("Read in English", "Läs på svenska") with the page in that language.
    """
    links = []
    for other in post.published_translations():
        with translation.override(other.language):
            # The name as the language itself writes it: "svenska", "English".
            name = translation.get_language_info(other.language)["name_local"]
            label = gettext("Read in %(language)s") % {"language": name}
        links.append(
            {
                "url": other.get_url_in_own_language(),
                "language": other.language,
                "label": label,
                "title": other.title,
            }
        )
    return links


class PostDetailView(DetailView):
    """A post page. Staff who may edit posts also see drafts and scheduled posts."""

    template_name = "blog/post_detail.html"
    context_object_name = "post"

    def can_preview(self):
        user = self.request.user
        return user.is_authenticated and user.is_staff and user.has_perm("blog.change_post")

    def get_queryset(self):
        posts = Post.objects.all() if self.can_preview() else Post.objects.published()
        return posts.for_detail()

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_published:
            # Drafts seen by staff must never be cached or indexed.
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post = self.object
        lists = post_lists(post)
        contacts = post.ordered_contacts()
        # The renditions of every picture on the page, in one query.
        pictures = [post.feature_image, *(contact.photo for contact in contacts)]
        prefetch_related_objects([picture for picture in pictures if picture], "renditions")
        context.update(
            topics=lists.topics,
            categories=lists.categories,
            tags=lists.tags,
            links=lists.links,
            contacts=contacts,
            related_content=post.related_content(lists=lists),
        )
        if post.is_published:
            address = self.request.build_absolute_uri(post.get_absolute_url())
            context["share_url"] = address
            context["share_links"] = share_links(address, post.title)
        context["kind_url_slug"] = kind_slug(post.kind)
        context["is_preview"] = not post.is_published
        context["translations"] = translation_links(post)
        return context


class SearchView(ListView):
    """
    The search page: a query, filters by kind, topic and year, ranked results with
    highlighted excerpts. Bad filters are ignored; the page is never indexed.
    """

    template_name = "blog/search.html"
    context_object_name = "results"
    paginate_by = settings.PRESSROOM_PAGE_SIZE

    def get(self, request, *args, **kwargs):
        # NUL characters can never be part of a word; dropping them keeps the form valid.
        data = request.GET.copy()
        for key in data:
            data.setlist(key, [value.replace("\x00", "") for value in data.getlist(key)])
        self.form = SearchForm(data)
        response = super().get(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_queryset(self):
        return self.form.search()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["query"] = self.form.cleaned_data.get("q", "")
        return context


@require_safe
def event_calendar_file(request, slug):
    """A published event as an .ics file, for "Add to calendar"."""
    post = get_object_or_404(
        Post.objects.published().of_kind(Post.Kind.EVENT).filter(event_start__isnull=False),
        slug=slug,
    )
    response = HttpResponse(
        events_calendar([post], request, calendar_name(post)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{post.slug}.ics"'
    return response


@require_safe
def events_calendar_feed(request):
    """The upcoming events as a calendar that calendar programs subscribe to."""
    events = Post.objects.published().in_language(translation.get_language()).upcoming_events()
    return HttpResponse(
        events_calendar(events, request, calendar_name()),
        content_type="text/calendar; charset=utf-8",
    )


@require_safe
def press_kit(request, slug):
    """A published post's press kit: its text, images with credits and contacts' vCards, zipped."""
    post = get_object_or_404(Post.objects.published().for_detail(), slug=slug)
    # Built by the task worker when the post was saved; built here only if it is behind.
    name = stored_press_kit(post)
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=f"{post.slug}-press-kit.zip",
        content_type="application/zip",
    )
