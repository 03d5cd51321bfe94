"""
Purging a CDN when content changes.

Public pages tell CDNs they may keep them for ``s-maxage`` seconds (up to
PRESSROOM_PAGE_CACHE_SECONDS), so without a purge a CDN would go on serving a post for
that long after it was unpublished. With PRESSROOM_CDN_PURGE_URL set, every committed
content change sends one request there (POST by default), with the headers and body the
CDN's purge API asks for (PRESSROOM_CDN_PURGE_HEADERS, PRESSROOM_CDN_PURGE_BODY), to drop
everything it keeps of the site; see docs/deploy.md for examples.

A purge fails open: a CDN that does not answer within PRESSROOM_CDN_PURGE_TIMEOUT
seconds, or answers with an error, is logged, and the save it followed stands.
"""

import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def purge():
    """Ask the CDN to drop what it keeps of the site. True when it said yes."""
    url = settings.PRESSROOM_CDN_PURGE_URL
    if not url:
        return False
    body = settings.PRESSROOM_CDN_PURGE_BODY
    request = urllib.request.Request(  # noqa: S310 - the operator's own https URL
        url,
        data=body.encode() if body else None,
        headers=settings.PRESSROOM_CDN_PURGE_HEADERS,
        method=settings.PRESSROOM_CDN_PURGE_METHOD,
    )
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=settings.PRESSROOM_CDN_PURGE_TIMEOUT
        ) as response:
            response.read()
    except (urllib.error.URLError, OSError, ValueError) as error:
        logger.error(
            "The CDN purge at %s failed (%s); pages stay there until they expire.", url, error
        )
        return False
    return True


# When this process last sent a purge (time.monotonic()).
_last_purge = 0.0


def purge_after_commit(using=None):
    """
    Purge once the current transaction commits. A transaction that changes many rows
    sends one purge: a change whose purge is due after another purge went out is done.
    """
    if not settings.PRESSROOM_CDN_PURGE_URL:
        return
    changed_at = time.monotonic()

    def run():
        global _last_purge
        if _last_purge >= changed_at:
            return
        _last_purge = time.monotonic()
        purge()

    transaction.on_commit(run, using=using)
