"""Queue the followers' mail of a post for the moment it becomes public."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from blog.models import Post

from .models import Mailing
from .tasks import send_post_to_followers, wants_followers_mail


@receiver(post_save, sender=Post, dispatch_uid="reach_followers_on_publish")
def queue_followers_mail(sender, instance, raw, **kwargs):
    """
    A published post is mailed to its followers when its publish time comes: now, or
    later by a task the worker holds until then (no cron job). The task checks again
    when it runs, so a post unpublished or moved in between sends nothing early, and
    a post already mailed is never mailed again.
    """
    if raw or instance.status != Post.Status.PUBLISHED or not wants_followers_mail(instance):
        return
    if Mailing.objects.filter(post=instance, audience=Mailing.Audience.FOLLOWERS).exists():
        return
    task = send_post_to_followers
    if instance.publish_at > timezone.now():
        task = task.using(run_after=instance.publish_at)
    task.enqueue(instance.pk)
