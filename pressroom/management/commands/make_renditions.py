"""Make the renditions images lack, e.g. after changing PRESSROOM_IMAGE_WIDTHS."""

from django.core.management.base import BaseCommand

from pressroom.models import Image


class Command(BaseCommand):
    help = (
        "Make renditions for images that have none (with --all, remake them for every "
        "image, e.g. after changing PRESSROOM_IMAGE_WIDTHS)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Remake the renditions of every image."
        )

    def handle(self, *args, **options):
        images = Image.objects.order_by("pk")
        if not options["all"]:
            images = images.filter(renditions__isnull=True)
        made = failed = 0
        for image in images.iterator():
            try:
                image.make_renditions()
            except Exception as error:  # one unreadable file must not stop the rest
                failed += 1
                self.stderr.write(f"Image {image.pk} ({image.file.name}): {error}")
            else:
                made += 1
        self.stdout.write(f"Renditions made for {made} image(s); {failed} failed.")
