"""
Writers that run in processes of their own against one SQLite file, as editors, an import
and a background worker do on the embedded set-up. Each starts Django on the database it is
given, waits at a barrier so that all write at once, and puts what happened on a queue.
"""

import html
import os


def start_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django

    django.setup()


def editor(username):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))
    return client


def prepare(database_url, media_root, results):
    """Two editors and a post, in the database the writers share."""
    os.environ["MEDIA_ROOT"] = media_root
    start_django(database_url)
    from tests.factories import make_post, make_user

    make_user("anna", superuser=True)
    make_user("bertil", superuser=True)
    results.put(make_post(title="Shared post", body="First paragraph.").pk)


def add_posts(database_url, username, count, barrier, results):
    """An editor adding posts in the admin, one after another: the answer to each save."""
    start_django(database_url)
    from django.urls import reverse

    from tests.htmlform import form_data

    client = editor(username)
    add_url = reverse("admin:blog_post_add")
    barrier.wait()
    statuses = []
    for number in range(count):
        page = client.get(add_url).content.decode()
        title = f"{username} {number}"
        data = form_data(page, "post_form", _save="Save", title=title, slug=title.replace(" ", "-"))
        statuses.append(client.post(add_url, data).status_code)
    results.put((username, statuses))


def save_post(database_url, username, post_pk, rounds, barriers, results):
    """
    An editor saving the same post as another, round after round: both open the change
    form, then both save at once. What each save answered: 302 (saved), "conflict" (the
    edit-conflict message) or another status.
    """
    start_django(database_url)
    from django.urls import reverse
    from django.utils import translation
    from django.utils.translation import gettext

    from tests.htmlform import form_data

    client = editor(username)
    change_url = reverse("admin:blog_post_change", args=[post_pk])
    outcomes = []
    for number in range(rounds):
        page = client.get(change_url).content.decode()
        data = form_data(page, "post_form", _save="Save", title=f"{username} {number}")
        barriers[0].wait()
        response = client.post(change_url, data)
        with translation.override(response.get("Content-Language", "sv")):
            refused = gettext("Your changes have not been saved, so nothing was overwritten.")
        if response.status_code == 200 and refused in html.unescape(response.content.decode()):
            outcomes.append("conflict")
        else:
            outcomes.append(response.status_code)
        barriers[1].wait()  # both saves are over before anyone opens the form again
    results.put((username, outcomes))


def import_posts(database_url, folder, barrier, results):
    """``manage.py import_posts`` of a folder: its summary, or why it failed."""
    start_django(database_url)
    import io

    from django.core.management import CommandError, call_command

    barrier.wait()
    output = io.StringIO()
    try:
        call_command("import_posts", folder, stdout=output, stderr=output)
    except CommandError as error:
        results.put(("import", f"{error}\n{output.getvalue()}"))
    else:
        results.put(("import", "ok"))


def background_writer(database_url, post_pk, count, barrier, results):
    """What a background worker does: short transactions that save a post."""
    start_django(database_url)
    from django.db import DatabaseError, transaction

    from blog.models import Post

    barrier.wait()
    errors = []
    for number in range(count):
        try:
            with transaction.atomic():
                post = Post.objects.get(pk=post_pk)
                post.lead = f"Updated by the worker, time {number}."
                post.save()
        except DatabaseError as error:
            errors.append(str(error))
    results.put(("worker", errors))
