"""The page a preview link opens: a draft or embargoed post, for one named recipient."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from pressroom import media
from pressroom.clientip import client_ip

from .models import Post, PreviewAccess, PreviewLink
from .views import PostDetailView


@method_decorator(never_cache, name="dispatch")
class PreviewLinkView(PostDetailView):
    """
    A post as readers will see it, with a "Preview" or "Embargoed until …" banner, for
    whoever holds a usable preview link. Every opening is logged; an unknown, tampered,
    expired or revoked link, or one whose post is gone, is a 404. Never cached or indexed.
    """

    def get_object(self, queryset=None):
        self.link = PreviewLink.from_token(self.kwargs["token"])
        if self.link is None:
            raise Http404("No such preview link")
        return get_object_or_404(Post.objects.for_detail(), pk=self.link.post_id)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        PreviewAccess.objects.create(
            link=self.link,
            ip_address=client_ip(request),
            user_agent=request.headers.get("User-Agent", "")[:300],
        )
        if self.object.is_published:
            # The embargo is over: the public page is the one to read and to share.
            return redirect(self.object)
        # The post's pictures are not public yet: let this browser load them for a while.
        post = self.object
        media.grant_preview(
            request, [post.feature_image, *post.body_images.all()], until=self.link.expires_at
        )
        response = self.render_to_response(self.get_context_data(object=self.object))
        response["X-Robots-Tag"] = "noindex, nofollow"
        # The token must not leak to the sites the post links to.
        response["Referrer-Policy"] = "no-referrer"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = True
        context["preview_recipient"] = self.link.recipient_name
        return context
