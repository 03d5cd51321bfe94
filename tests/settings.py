"""Settings for the test suite: fast hashing, no manifest for static files."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from pressroom.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Serve static files from the finders; there is no collectstatic before tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The test client speaks plain HTTP; everything else stays as in production.
SECURE_SSL_REDIRECT = False
AXES_VERBOSE = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Links made without a request (press kits, e-mail) point where the test client asks.
PRESSROOM_SITE_URL = "http://testserver"
