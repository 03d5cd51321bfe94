"""Press-room pages: contacts, vCards, images, and the site's plain endpoints."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView

from .models import Contact, Image
from .vcard import contact_vcard as make_vcard


class ContactListView(ListView):
    template_name = "pressroom/contact_list.html"
    context_object_name = "contacts"

    def get_queryset(self):
        return Contact.objects.public().select_related("photo")


class ContactDetailView(DetailView):
    template_name = "pressroom/contact_detail.html"
    context_object_name = "contact"

    def get_queryset(self):
        return Contact.objects.public().select_related("photo")


@require_GET
def contact_vcard(request, slug):
    """The contact card as a .vcf file that a phone or mail program imports."""
    contact = get_object_or_404(Contact.objects.public(), slug=slug)
    text = make_vcard(
        contact,
        organization=settings.PRESSROOM_NAME,
        url=request.build_absolute_uri(contact.get_absolute_url()),
    )
    response = HttpResponse(text, content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{contact.slug}.vcf"'
    return response


class ImageDetailView(DetailView):
    model = Image
    template_name = "pressroom/image_detail.html"
    context_object_name = "image"


@never_cache
@require_GET
def healthz(request):
    """200 when the database and the cache answer, 503 naming what does not."""
    problems = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        problems.append("database unavailable")
    try:
        cache.set("pressroom:healthz", "ok", timeout=10)
        if cache.get("pressroom:healthz") != "ok":
            problems.append("cache unavailable")
    except Exception:  # a cache server that is down raises its own errors
        problems.append("cache unavailable")
    if problems:
        return HttpResponse("\n".join(problems) + "\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("django.contrib.sitemaps.views.sitemap"))
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.PRESSROOM_ADMIN_PATH}",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """A self-contained error page: it must render even when the database is down."""
    return HttpResponseServerError(loader.get_template("500.html").render())
