"""Opening the mail connection the settings name, on Django 5.2 and 6.x alike."""

from django.core import mail


def connection():
    """
    A new connection to the configured mail server (settings.MAILERS["default"] on Django
    6.1+, the EMAIL_* settings before). Open it once to send many messages over it.
    """
    mailers = getattr(mail, "mailers", None)
    if mailers is not None and mailers._is_configured:
        return mailers["default"]
    return mail.get_connection()
