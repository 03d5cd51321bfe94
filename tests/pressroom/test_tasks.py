"""The task queue: Django's Tasks framework on the database, worked by db_worker."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from pressroom.db_routers import ReadReplicaRouter
from pressroom.models import Image
from pressroom.tasks import TaskResultStatus, make_image_renditions, task_backends
from tests.factories import image_bytes


def test_the_queue_is_kept_in_the_database():
    assert isinstance(task_backends["default"], DatabaseBackend)


def test_an_upload_queues_its_renditions(db):
    image = Image.objects.create(file=SimpleUploadedFile("a.jpg", image_bytes()))
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == make_image_renditions.module_path
    assert queued.args_kwargs["args"] == [image.pk, image.checksum]


def test_the_worker_in_batch_mode_does_what_is_due_and_exits(task_worker):
    Image.objects.create(file=SimpleUploadedFile("a.jpg", image_bytes()))
    task_worker()
    [done] = DBTaskResult.objects.all()
    assert done.status == TaskResultStatus.SUCCESSFUL


def test_the_worker_leaves_tasks_that_are_not_due_yet(task_worker):
    image = Image.objects.create(file=SimpleUploadedFile("a.jpg", image_bytes()))
    DBTaskResult.objects.update(run_after=timezone.now() + timedelta(hours=1))
    task_worker()
    assert not image.renditions.exists()
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY


def test_the_queue_is_read_from_the_primary_database_only():
    assert ReadReplicaRouter().db_for_read(DBTaskResult) == "default"
