"""Reader pages for posts: the front page, lists, archives and the post page."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from pressroom.models import Contact, Topic

from .models import Category, Post

# URL segments for each kind, in English, as the rest of the URL scheme.
KIND_SLUGS = {
    "press-releases": Post.Kind.PRESS_RELEASE,
    "news": Post.Kind.NEWS,
    "blog": Post.Kind.BLOG_POST,
    "events": Post.Kind.EVENT,
}
KIND_PLURALS = {
    Post.Kind.PRESS_RELEASE: _("Press releases"),
    Post.Kind.NEWS: _("News"),
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
        return Post.objects.published().for_list()

    def get_heading(self):
        return self.heading

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = self.get_heading()
        return context


class FrontPageView(TemplateView):
    template_name = "blog/front_page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_posts"] = Post.objects.published().for_list()[:9]
        context["topics"] = Topic.objects.filter(posts__in=Post.objects.published()).distinct()
        context["contacts"] = Contact.objects.public().filter(is_press_contact=True)
        context["contacts"] = context["contacts"].select_related("photo")[:6]
        context["kinds"] = [(slug, KIND_PLURALS[kind]) for slug, kind in KIND_SLUGS.items()]
        return context


class PostListView(PublishedPostsMixin, ListView):
    pass


class KindPostListView(PublishedPostsMixin, ListView):
    def get_queryset(self):
        try:
            self.kind = KIND_SLUGS[self.kwargs["kind"]]
        except KeyError:
            raise Http404("No such kind of post") from None
        return super().get_queryset().of_kind(self.kind)

    def get_heading(self):
        return KIND_PLURALS[self.kind]


class TopicListView(ListView):
    template_name = "blog/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return Topic.objects.all()


class TopicPostListView(PublishedPostsMixin, ListView):
    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
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
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
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
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
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
            response = never_cache(lambda _request: response)(request)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post = self.object
        context["contacts"] = post.ordered_contacts()
        context["related_content"] = post.related_content()
        context["kind_url_slug"] = kind_slug(post.kind)
        context["is_preview"] = not post.is_published
        return context
