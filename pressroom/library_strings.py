"""
Strings the admin shows from the libraries Pressroom uses (django-taggit, django-axes) that
their own catalogues do not translate into Swedish. Listing them here keeps them in
locale/sv/LC_MESSAGES/django.po when ``makemessages`` runs again; Django looks in the
project's LOCALE_PATHS before the libraries' catalogues, so these translations are used.
"""

from django.utils.translation import gettext_noop

LIBRARY_STRINGS = [
    # django-taggit: the help text of every tags field.
    gettext_noop("A comma-separated list of tags."),
    # django-axes: the lockout message after too many failed logins, and its admin.
    gettext_noop("Account locked: too many login attempts. Please try again later."),
    gettext_noop(
        "Account locked: too many login attempts. Contact an admin to unlock your account."
    ),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Locked Out"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Clean up expired attempts"),
]
