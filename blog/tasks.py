"""The blog's background work, run by the task worker (see pressroom.tasks)."""

from pressroom.tasks import task


@task()
def build_press_kit(post_pk: int) -> str:
    """
    Build and store the press kit of a published (or scheduled) post, unless the kit of
    its current content is stored already. Returns the kit's storage name ("" for a post
    that is gone or a draft).
    """
    from .models import Post
    from .press_kit import stored_press_kit

    post = Post.objects.filter(pk=post_pk, status=Post.Status.PUBLISHED).for_detail().first()
    if post is None:
        return ""
    return stored_press_kit(post)
