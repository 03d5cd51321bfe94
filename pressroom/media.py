"""
Uploaded files (the image library's originals and renditions), served by Django under
MEDIA_URL after asking, on every request, who may see them.

A picture is served to everyone once it is public (``Image.objects.public()``: in the
image bank, or shown with a published post or a public contact); that is decided when
the file is asked for, so a scheduled post's pictures appear the moment its time comes
without any job moving them. Before that the same address answers 404, except to staff
who may see the picture (``Image.objects.visible_to()``) and to a browser that opened a
preview link to the post (``grant_preview()``). Anything in storage that is not a library
file is never served.

The bytes go out as a FileResponse from the storage API (local disk or object storage),
or, with ``PRESSROOM_MEDIA_ACCEL_REDIRECT`` set, as an ``X-Accel-Redirect`` to an
internal location of the web server in front (docs/deploy.md).
"""

import posixpath
import re
import time
from urllib.parse import quote, unquote

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.common import no_append_slash
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from .images import EXTENSIONS, MIME_TYPES
from .models import Image, Rendition

# File extensions of library files, and the type each is served as.
CONTENT_TYPES = {
    extension: MIME_TYPES[image_format] for image_format, extension in EXTENSIONS.items()
} | {"jpeg": "image/jpeg"}

SESSION_KEY = "pressroom_media_grants"


def media_names(html: str) -> set[str]:
    """
    The storage names of the files under MEDIA_URL that ``html`` points at (in src,
    srcset or href): "/media/images/2026/05/a.jpg" gives "images/2026/05/a.jpg".
    """
    pattern = re.escape(settings.MEDIA_URL) + r"""([^"'\s<>?#),]+)"""
    return {unquote(name) for name in re.findall(pattern, html)}


def images_in(html: str):
    """The library images whose originals or renditions ``html`` shows or links to."""
    names = media_names(html)
    if not names:
        return Image.objects.none()
    from_renditions = Rendition.objects.filter(file__in=names).values("image")
    return Image.objects.filter(Q(file__in=names) | Q(pk__in=from_renditions))


def grant_preview(request, images, until):
    """
    Let this browser see ``images`` (their originals and renditions) until ``until``, a
    timezone-aware datetime, at the latest ``PRESSROOM_MEDIA_GRANT_SECONDS`` from now:
    how the page a preview link opens shows the pictures of a post that is not public yet.
    """
    deadline = min(until.timestamp(), time.time() + settings.PRESSROOM_MEDIA_GRANT_SECONDS)
    now = time.time()
    grants = {
        pk: expires for pk, expires in request.session.get(SESSION_KEY, {}).items() if expires > now
    }
    for image in images:
        if image is not None:
            grants[str(image.pk)] = max(deadline, grants.get(str(image.pk), 0))
    request.session[SESSION_KEY] = grants


def has_preview_grant(request, image_id) -> bool:
    """Whether this browser opened a preview link that shows the image, not long ago."""
    session = getattr(request, "session", None)
    if session is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False  # no session: do not make one just to look
    expires = session.get(SESSION_KEY, {}).get(str(image_id), 0)
    return expires > time.time()


def library_image_id(name: str):
    """The pk of the image whose original or rendition is stored as ``name``, or None."""
    image_id = Image.objects.filter(file=name).values_list("pk", flat=True).first()
    if image_id is None:
        image_id = Rendition.objects.filter(file=name).values_list("image", flat=True).first()
    return image_id


def not_found(request):
    """A 404 no cache keeps: the same address may open when its post is published."""
    response = HttpResponse(status=404, content_type="text/plain")
    add_never_cache_headers(response)
    return response


@no_append_slash
@require_safe
def serve(request, path):
    """
    A library file, to whoever may see its picture now; a 404 to everyone else. Public
    files may be kept by browsers and CDNs for as long as a page; others are never cached.
    """
    name = posixpath.normpath(path).lstrip("/")
    extension = posixpath.splitext(name)[1].lower().lstrip(".")
    if name != path or name.startswith("..") or extension not in CONTENT_TYPES:
        return not_found(request)
    image_id = library_image_id(name)
    if image_id is None:
        return not_found(request)
    if Image.objects.public().filter(pk=image_id).exists():
        public = True
    elif Image.objects.visible_to(request.user).filter(pk=image_id).exists() or has_preview_grant(
        request, image_id
    ):
        public = False
    else:
        return not_found(request)
    try:
        response = file_response(request, name, CONTENT_TYPES[extension])
    except Http404:
        return not_found(request)
    if public:
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PRESSROOM_BROWSER_CACHE_SECONDS,
            s_maxage=settings.PRESSROOM_PAGE_CACHE_SECONDS,
        )
    else:
        add_never_cache_headers(response)
    return response


def file_response(request, name, content_type):
    """
    The stored file ``name``: a 304 when the browser's copy is current, an
    X-Accel-Redirect for the web server when one is configured, else the bytes.
    """
    storage = default_storage
    try:
        modified = storage.get_modified_time(name).timestamp()
    except (NotImplementedError, OSError):
        modified = None  # a storage without times, or a missing file (open() says which)
    if modified is not None and not was_modified_since(
        request.headers.get("If-Modified-Since"), int(modified)
    ):
        response = HttpResponseNotModified()
    elif settings.PRESSROOM_MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.PRESSROOM_MEDIA_ACCEL_REDIRECT + quote(name)
    else:
        try:
            response = FileResponse(storage.open(name, "rb"), content_type=content_type)
        except (FileNotFoundError, OSError):
            raise Http404 from None
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    return response
