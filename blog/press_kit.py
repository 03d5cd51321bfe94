"""
A post's press kit: one zip file with the post's text, its pictures in full size with
their credits, and its contacts' vCards, for a journalist to take away in one click.

    <slug>/<slug>.md        the post as Markdown: title, kind, date, link, lead, body, links
    <slug>/images/...       the feature image and library images used in the body, as the
                            image page's download gives them (credit and license written in)
    <slug>/credits.txt      each picture's credit, license, usage terms and page
    <slug>/contacts/*.vcf   the public contacts' cards

The zip is built in a temporary file that spills to disk past a few megabytes. Pictures
stop being added once PRESSROOM_PRESS_KIT_MAX_BYTES is reached; credits.txt then lists
the rest with the address of their download.
"""

import html
import re
import zipfile
from tempfile import SpooledTemporaryFile
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pressroom.images import rights_stream
from pressroom.models import Image, NewsroomSettings
from pressroom.vcard import contact_vcard

IMG_SRC = re.compile(r"<img\b[^>]*?\ssrc=\"([^\"]+)\"", re.IGNORECASE)
IN_MEMORY_BYTES = 8 * 1024 * 1024


def body_images(post):
    """Library images the post's body shows (by their original's or a rendition's URL)."""
    media_path = urlsplit(settings.MEDIA_URL).path
    names = []
    for src in IMG_SRC.findall(post.body_html):
        path = unquote(urlsplit(html.unescape(src)).path)
        if media_path and path.startswith(media_path):
            names.append(path[len(media_path) :])
    if not names:
        return []
    found = Image.objects.filter(Q(file__in=names) | Q(renditions__file__in=names))
    return list(found.distinct())


def post_markdown(post, *, url):
    """The post as a Markdown text a journalist can paste from."""
    lines = [f"# {post.title}", ""]
    date = date_format(timezone.localtime(post.publish_at), "j F Y H:i")
    lines += [f"{post.get_kind_display()} · {date}", f"<{url}>", ""]
    if post.byline:
        lines += [post.byline, ""]
    if post.lead:
        lines += [post.lead, ""]
    if post.body:
        lines += [post.body.strip(), ""]
    links = list(post.related_links.all())
    if links:
        lines += [f"## {_('Related links')}", ""]
        lines += [f"- [{link.title}]({link.url})" for link in links]
        lines.append("")
    return "\n".join(lines)


def _credits_entry(image, *, filename, page_url):
    facts = [
        (_("Title"), image.title or image.alt_text),
        (_("Photographer / credit"), image.credit),
        (_("License"), image.license),
        (_("Usage terms"), image.usage_terms),
        (_("Caption"), image.caption),
        (_("Image page"), page_url),
    ]
    lines = [filename]
    lines += [f"  {label}: {value}" for label, value in facts if value]
    return "\n".join(lines)


def _unique(name, taken):
    stem, dot, extension = name.rpartition(".")
    candidate, counter = name, 2
    while candidate in taken:
        candidate = f"{stem}-{counter}{dot}{extension}"
        counter += 1
    taken.add(candidate)
    return candidate


def build_press_kit(post, *, request, max_bytes=None):
    """
    Build the press kit of ``post`` (fetched with ``for_detail()``) and return it as an
    open temporary file positioned at the start. Labels are in the post's language.
    """
    max_bytes = settings.PRESSROOM_PRESS_KIT_MAX_BYTES if max_bytes is None else max_bytes
    archive = SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115 - returned open
    folder = post.slug
    stamp = timezone.localtime(post.updated_at or timezone.now()).timetuple()[:6]

    def add_text(name, text):
        info = zipfile.ZipInfo(f"{folder}/{name}", date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        bundle.writestr(info, text.encode("utf-8"))

    images = [post.feature_image] if post.feature_image else []
    images += [image for image in body_images(post) if image not in images]

    with translation.override(post.language), zipfile.ZipFile(archive, "w") as bundle:
        post_url = request.build_absolute_uri(post.get_url_in_own_language())
        add_text(f"{folder}.md", post_markdown(post, url=post_url))

        credits, taken, used = [], set(), 0
        for image in images:
            page_url = request.build_absolute_uri(image.get_absolute_url())
            try:
                size = image.file.size
                if used + size > max_bytes:
                    raise OverflowError
                original = image.file.open("rb")
            except OverflowError:
                reason = _("Not included (the press kit is full); download: %(url)s") % {
                    "url": request.build_absolute_uri(image.get_download_url())
                }
                credits.append(_credits_entry(image, filename=reason, page_url=page_url))
                continue
            except OSError:
                reason = _("Not included (the file is missing)")
                credits.append(_credits_entry(image, filename=reason, page_url=page_url))
                continue
            filename = "images/" + _unique(image.download_filename, taken)
            chunks, added = rights_stream(original, image.rights)
            info = zipfile.ZipInfo(f"{folder}/{filename}", date_time=stamp)
            # Pictures are compressed already; storing them keeps the zip quick to build.
            info.compress_type = zipfile.ZIP_STORED
            with bundle.open(info, "w", force_zip64=True) as target:
                for chunk in chunks:
                    target.write(chunk)
            used += size + added
            credits.append(_credits_entry(image, filename=filename, page_url=page_url))
        if credits:
            heading = _("Images in this press kit")
            add_text("credits.txt", f"{heading}\n\n" + "\n\n".join(credits) + "\n")

        taken = set()
        for contact in post.ordered_contacts():
            card = contact_vcard(
                contact,
                organization=NewsroomSettings.load().name,
                url=request.build_absolute_uri(contact.get_absolute_url()),
            )
            add_text("contacts/" + _unique(f"{contact.slug}.vcf", taken), card)
    archive.seek(0)
    return archive
