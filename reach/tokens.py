"""
Signed links for followers and media contacts, opened without logging in.

A link carries the person's random token signed with the site's secret: it cannot be made
up, and it stops working when the person is deleted. Confirmation links expire; the
manage and unsubscribe links in messages do not, as a message may be read months later.
"""

from django.core import signing

CONFIRM_SALT = "reach.confirm"
MANAGE_SALT = "reach.manage"
CONFIRM_MAX_AGE = 7 * 24 * 60 * 60

FOLLOWER = "f"
MEDIA_CONTACT = "m"


def confirm_token(follower) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(follower.token)


def read_confirm_token(value: str) -> str | None:
    """The follower token in a confirmation link, or None when it is forged or too old."""
    try:
        return signing.TimestampSigner(salt=CONFIRM_SALT).unsign(value, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None


def manage_token(person) -> str:
    """The token of a follower's (or media contact's) manage and unsubscribe links."""
    from .models import MediaContact

    kind = MEDIA_CONTACT if isinstance(person, MediaContact) else FOLLOWER
    return signing.Signer(salt=MANAGE_SALT).sign(f"{kind}.{person.token}")


def read_manage_token(value: str):
    """The follower or media contact a manage token stands for, or None."""
    from .models import Follower, MediaContact

    try:
        kind, _dot, token = signing.Signer(salt=MANAGE_SALT).unsign(value).partition(".")
    except signing.BadSignature:
        return None
    model = {FOLLOWER: Follower, MEDIA_CONTACT: MediaContact}.get(kind)
    return model.objects.filter(token=token).first() if model else None
