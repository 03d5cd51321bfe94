"""
Background work on Django's Tasks framework, and the one place Pressroom imports it from.

Django 6 has the framework as ``django.tasks``; on Django 5.2 the ``django-tasks`` backport
provides the same API under ``django_tasks``. The queue itself is ``django-tasks-db``'s
DatabaseBackend on both (settings.TASKS), run by its ``manage.py db_worker`` command.
Everything else writes ``from pressroom.tasks import task``.

Tasks take plain arguments (primary keys, strings) and look up what they need, so a row
deleted or changed since the task was queued is handled where it runs.
"""

from django.apps import apps

try:
    from django.tasks import TaskResultStatus, default_task_backend, task, task_backends
except ImportError:  # Django 5.2: the backport
    from django_tasks import TaskResultStatus, default_task_backend, task, task_backends

__all__ = [
    "TaskResultStatus",
    "default_task_backend",
    "make_image_renditions",
    "task",
    "task_backends",
]


@task()
def make_image_renditions(image_pk: int, checksum: str) -> int:
    """
    Make the renditions of one library image, and return how many were made. Nothing
    is done when the image is gone or its file was replaced since (``checksum`` tells):
    the replacement queued its own task.
    """
    # By name: the models queue this task, so this module does not import them.
    image = (
        apps.get_model("pressroom", "Image").objects.filter(pk=image_pk, checksum=checksum).first()
    )
    if image is None:
        return 0
    return len(image.make_renditions())
