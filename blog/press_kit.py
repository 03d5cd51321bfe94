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

A kit is built once per change and kept in storage (``stored_press_kit()``): the task
worker builds it when a post is saved as published (``blog.tasks.build_press_kit``), and a
download finds it there. Its name carries a keyed fingerprint of everything in it (texts,
pictures, credits, cards), so a change to any of them makes a new kit, and the name of a
scheduled post's kit cannot be guessed before the post is out.
"""

import hashlib
import html
import re
import zipfile
from dataclasses import dataclass, field
from tempfile import SpooledTemporaryFile
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pressroom.images import rights_stream
from pressroom.models import Image, NewsroomSettings
from pressroom.site import absolute_url
from pressroom.vcard import contact_vcard

IMG_SRC = re.compile(r"<img\b[^>]*?\ssrc=\"([^\"]+)\"", re.IGNORECASE)
IN_MEMORY_BYTES = 8 * 1024 * 1024
KITS_FOLDER = "press-kits"


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


@dataclass
class KitPlan:
    """What a press kit holds, worked out without reading a picture's bytes."""

    folder: str
    stamp: tuple
    texts: list[tuple[str, str]] = field(default_factory=list)  # (name in the zip, text)
    pictures: list[tuple[str, Image]] = field(default_factory=list)  # (name, image)

    def fingerprint(self) -> str:
        """A keyed digest of everything the zip is made of: equal plans give equal zips."""
        digest = hashlib.sha256(repr((self.folder, self.stamp)).encode())
        for name, text in self.texts:
            digest.update(f"{name}\0{text}\0".encode())
        for name, image in self.pictures:
            digest.update(f"{name}\0{image.pk}\0{image.checksum}\0{image.file.name}\0".encode())
        return salted_hmac("pressroom.press_kit", digest.hexdigest()).hexdigest()[:32]


def plan_press_kit(post, *, max_bytes=None) -> KitPlan:
    """
    Plan the press kit of ``post`` (fetched with ``for_detail()``): its texts in the
    post's language, with full addresses from PRESSROOM_SITE_URL, and the pictures that fit.
    """
    max_bytes = settings.PRESSROOM_PRESS_KIT_MAX_BYTES if max_bytes is None else max_bytes
    stamp = timezone.localtime(post.updated_at or timezone.now()).timetuple()[:6]
    plan = KitPlan(folder=post.slug, stamp=stamp)

    images = [post.feature_image] if post.feature_image else []
    images += [image for image in body_images(post) if image not in images]

    with translation.override(post.language):
        post_url = absolute_url(post.get_url_in_own_language())
        plan.texts.append((f"{post.slug}.md", post_markdown(post, url=post_url)))

        credits, taken, used = [], set(), 0
        for image in images:
            page_url = absolute_url(image.get_absolute_url())
            try:
                size = image.file.size
            except OSError:
                reason = _("Not included (the file is missing)")
                credits.append(_credits_entry(image, filename=reason, page_url=page_url))
                continue
            if used + size > max_bytes:
                reason = _("Not included (the press kit is full); download: %(url)s") % {
                    "url": absolute_url(image.get_download_url())
                }
                credits.append(_credits_entry(image, filename=reason, page_url=page_url))
                continue
            filename = "images/" + _unique(image.download_filename, taken)
            plan.pictures.append((filename, image))
            used += size
            credits.append(_credits_entry(image, filename=filename, page_url=page_url))
        if credits:
            heading = _("Images in this press kit")
            plan.texts.append(("credits.txt", f"{heading}\n\n" + "\n\n".join(credits) + "\n"))

        taken = set()
        for contact in post.ordered_contacts():
            card = contact_vcard(
                contact,
                organization=NewsroomSettings.load().name,
                url=absolute_url(contact.get_absolute_url()),
            )
            plan.texts.append(("contacts/" + _unique(f"{contact.slug}.vcf", taken), card))
    return plan


def write_press_kit(plan: KitPlan):
    """The zip of ``plan``, as an open temporary file positioned at the start."""
    archive = SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115 - returned open
    with zipfile.ZipFile(archive, "w") as bundle:
        for name, text in plan.texts:
            info = zipfile.ZipInfo(f"{plan.folder}/{name}", date_time=plan.stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, text.encode("utf-8"))
        for name, image in plan.pictures:
            chunks, _added = rights_stream(image.file.open("rb"), image.rights)
            info = zipfile.ZipInfo(f"{plan.folder}/{name}", date_time=plan.stamp)
            # Pictures are compressed already; storing them keeps the zip quick to build.
            info.compress_type = zipfile.ZIP_STORED
            with bundle.open(info, "w", force_zip64=True) as target:
                for chunk in chunks:
                    target.write(chunk)
    archive.seek(0)
    return archive


def kit_folder(post) -> str:
    """Where a post's kits are kept in storage."""
    return f"{KITS_FOLDER}/{post.pk}"


def stored_press_kit(post) -> str:
    """
    The storage name of the press kit of ``post`` as it is now, building and storing it
    first when it is not there yet. Older kits of the post are deleted.
    """
    storage = default_storage
    plan = plan_press_kit(post)
    folder = kit_folder(post)
    name = f"{folder}/{plan.fingerprint()}/{post.slug}-press-kit.zip"
    if storage.exists(name):
        return name
    with write_press_kit(plan) as archive:
        saved = storage.save(name, File(archive))
    if saved != name:  # built at the same moment elsewhere: keep the one already there
        storage.delete(saved)
    delete_press_kits(post, keep=name)
    return name


def delete_press_kits(post, keep=None) -> None:
    """Delete the stored press kits of ``post`` (but ``keep``)."""
    storage = default_storage
    folder = kit_folder(post)
    try:
        fingerprints, _files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for fingerprint in fingerprints:
        try:
            _folders, names = storage.listdir(f"{folder}/{fingerprint}")
        except FileNotFoundError:
            continue
        for filename in names:
            name = f"{folder}/{fingerprint}/{filename}"
            if name != keep:
                storage.delete(name)
