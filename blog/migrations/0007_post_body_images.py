"""
Each post's list of the library pictures its body shows, so that they become public with
the post and stay private before it (pressroom.media). Filled in for the posts there are.
"""

from django.db import migrations, models

from pressroom.media import media_names


def note_body_images(apps, schema_editor):
    using = schema_editor.connection.alias
    Post = apps.get_model("blog", "Post")
    Image = apps.get_model("pressroom", "Image")
    Rendition = apps.get_model("pressroom", "Rendition")
    for post in Post.objects.using(using).exclude(body_html="").only("pk", "body_html"):
        names = media_names(post.body_html)
        if not names:
            continue
        from_renditions = Rendition.objects.using(using).filter(file__in=names).values("image")
        images = Image.objects.using(using).filter(
            models.Q(file__in=names) | models.Q(pk__in=from_renditions)
        )
        post.body_images.set(list(images.values_list("pk", flat=True)))


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0006_post_is_pinned"),
        ("pressroom", "0002_image_renditions"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="body_images",
            field=models.ManyToManyField(
                blank=True,
                editable=False,
                related_name="in_post_bodies",
                to="pressroom.image",
                verbose_name="pictures in the body",
            ),
        ),
        migrations.RunPython(note_body_images, migrations.RunPython.noop, elidable=True),
    ]
