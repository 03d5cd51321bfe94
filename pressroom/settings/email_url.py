"""
Mail settings from one address, EMAIL_URL:

    smtp://user:password@host:port        plain SMTP (port 25 by default)
    smtp+tls://user:password@host:587     STARTTLS after connecting (port 587 by default)
    smtp+ssl://user:password@host:465     TLS from the start, "SMTPS" (port 465 by default)
    smtps://...                           the same as smtp+ssl://
    console://                            print each message (the default when unset)

A user name or password with "@", ":" or "/" in it is written percent-encoded ("%40").
Query parameters: ``tls=1`` or ``ssl=1`` choose the same as the schemes, ``timeout=N``
(seconds, default 10) bounds how long a dead server can hold a worker.
"""

from urllib.parse import parse_qs, unquote, urlsplit

import django
from django.core.exceptions import ImproperlyConfigured

DEFAULT_TIMEOUT = 10
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
TRUE = {"1", "true", "yes", "on"}


def parse_email_url(url: str) -> tuple[str, dict]:
    """The mail backend that ``url`` stands for and its options (host, port, username, ...)."""
    console = (CONSOLE_BACKEND, {})
    if not url:
        return console
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return console
    if scheme not in {"smtp", "smtp+tls", "smtp+ssl", "smtps"}:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with smtp://, smtp+tls://, smtp+ssl:// or console://, "
            f"not {scheme or 'nothing'}://."
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    use_ssl = scheme in {"smtp+ssl", "smtps"} or query.get("ssl", "").lower() in TRUE
    use_tls = scheme == "smtp+tls" or query.get("tls", "").lower() in TRUE
    if use_ssl and use_tls:
        raise ImproperlyConfigured("EMAIL_URL asks for both TLS (STARTTLS) and SSL; pick one.")
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL names no host.")
    try:
        port = parts.port or (465 if use_ssl else 587 if use_tls else 25)
        timeout = float(query.get("timeout", DEFAULT_TIMEOUT))
    except ValueError as error:
        raise ImproperlyConfigured(f"EMAIL_URL: {error}") from None
    return SMTP_BACKEND, {
        "host": parts.hostname,
        "port": port,
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "use_tls": use_tls,
        "use_ssl": use_ssl,
        "timeout": timeout,
    }


def mail_settings(url: str) -> dict:
    """
    The Django settings for ``url``: MAILERS on Django 6.1 and later, where the EMAIL_*
    settings are deprecated, the EMAIL_* settings before.
    """
    backend, options = parse_email_url(url)
    if django.VERSION >= (6, 1):
        return {"MAILERS": {"default": {"BACKEND": backend, "OPTIONS": options}}}
    names = {
        "host": "EMAIL_HOST",
        "port": "EMAIL_PORT",
        "username": "EMAIL_HOST_USER",
        "password": "EMAIL_HOST_PASSWORD",
        "use_tls": "EMAIL_USE_TLS",
        "use_ssl": "EMAIL_USE_SSL",
        "timeout": "EMAIL_TIMEOUT",
    }
    return {"EMAIL_BACKEND": backend} | {names[key]: value for key, value in options.items()}
