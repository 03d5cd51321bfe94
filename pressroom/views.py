"""Press-room pages: contacts, vCards, images, and the site's plain endpoints."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.generic import DetailView, ListView

from . import shared_cache
from .images import MIME_TYPES, rights_stream
from .models import Contact, Image, NewsroomSettings
from .vcard import contact_vcard as make_vcard


class ContactListView(ListView):
    template_name = "pressroom/contact_list.html"
    context_object_name = "contacts"

    def get_queryset(self):
        contacts = Contact.objects.public().select_related("photo")
        return contacts.prefetch_related("photo__renditions")


class ContactDetailView(DetailView):
    template_name = "pressroom/contact_detail.html"
    context_object_name = "contact"

    def get_queryset(self):
        contacts = Contact.objects.public().select_related("photo")
        return contacts.prefetch_related("photo__renditions")


@require_GET
def contact_vcard(request, slug):
    """The contact card as a .vcf file that a phone or mail program imports."""
    contact = get_object_or_404(Contact.objects.public(), slug=slug)
    text = make_vcard(
        contact,
        organization=NewsroomSettings.load().name,
        url=request.build_absolute_uri(contact.get_absolute_url()),
    )
    response = HttpResponse(text, content_type="text/vcard; charset=utf-8")
    # A slug in any script: the header says it as RFC 6266 asks (filename*=utf-8'' ...).
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{contact.slug}.vcf"
    )
    return response


def visible_images(request):
    """The images this visitor may see: public ones, and more for staff (visible_to())."""
    return Image.objects.visible_to(request.user)


class ImageListView(ListView):
    """The image bank: every public picture, newest first."""

    template_name = "pressroom/image_list.html"
    context_object_name = "images"
    paginate_by = settings.PRESSROOM_PAGE_SIZE

    def get_queryset(self):
        return Image.objects.public().prefetch_related("renditions")


class ImageDetailView(DetailView):
    template_name = "pressroom/image_detail.html"
    context_object_name = "image"

    def get_queryset(self):
        return visible_images(self.request).prefetch_related("renditions")


@require_safe
def image_download(request, pk):
    """
    The full-size original as an attachment with a readable name. It is the cleaned file
    (no GPS or other private metadata); a JPEG or PNG gets the credit, license and usage
    terms written in as it streams out of storage.
    """
    image = get_object_or_404(visible_images(request), pk=pk)
    try:
        original = image.file.open("rb")
        size = image.file.size
    except (FileNotFoundError, OSError):
        raise Http404("The file of this image is missing") from None
    chunks, added = rights_stream(original, image.rights)
    response = StreamingHttpResponse(chunks, content_type=MIME_TYPES.get(image.format))
    response["Content-Length"] = str(size + added)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=image.download_filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@require_GET
def healthz(request):
    """
    200 when the database answers, 503 when it does not. A cache that does not answer
    is reported as degraded, with a 200: the site works without it, only slower.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    lines = ["ok"]
    if shared_cache.problem() is not None:  # logged by shared_cache, kept out of the answer
        lines.append("cache: degraded")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def favicon(request):
    """Browsers and bots ask for /favicon.ico whatever the page says: send them the icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@require_safe
def brand_css(request):
    """
    The newsroom's accent colour as CSS custom properties. The reader site allows no
    inline styles, so the colour comes in a stylesheet of its own; its address carries
    the colour, so browsers may keep it long.
    """
    newsroom = NewsroomSettings.load()
    css = (
        ":root {\n"
        f"  --accent: {newsroom.accent_color};\n"
        f"  --accent-dark: {newsroom.accent_dark};\n"
        f"  --accent-soft: {newsroom.accent_soft};\n"
        "}\n"
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@require_GET
def robots_txt(request):
    """Keep crawlers out of the admin and name the sitemaps."""
    sitemap_names = ["sitemap-index", "django.contrib.sitemaps.views.sitemap", "sitemap-news"]
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.PRESSROOM_ADMIN_PATH}",
        *(f"Sitemap: {request.build_absolute_uri(reverse(name))}" for name in sitemap_names),
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain")


def bad_request(request, exception=None):
    """
    A request the site cannot take. One larger than DATA_UPLOAD_MAX_MEMORY_SIZE (a very
    long body in the admin) says so and how to go on, with 413 (Content Too Large).
    """
    too_large = isinstance(exception, RequestDataTooBig)
    context = {"too_large": too_large, "limit_mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20}
    return render(request, "400.html", context, status=413 if too_large else 400)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """A self-contained error page: it must render even when the database is down."""
    return HttpResponseServerError(loader.get_template("500.html").render())
