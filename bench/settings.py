"""Settings for the HTTP benchmark: production settings plus a constant-response view."""

import os

os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-" + "x" * 30)

from pressroom.settings import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
PRESSROOM_PAGE_CACHE_EXEMPT = [*PRESSROOM_PAGE_CACHE_EXEMPT, "/bench/"]  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False}
