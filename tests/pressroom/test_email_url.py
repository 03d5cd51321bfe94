"""EMAIL_URL: one address chooses the mail server, its login and TLS or SSL."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage

from pressroom.mail import connection
from pressroom.settings.email_url import (
    CONSOLE_BACKEND,
    SMTP_BACKEND,
    mail_settings,
    parse_email_url,
)


def test_no_email_url_prints_mail_to_the_console():
    assert parse_email_url("")[0] == CONSOLE_BACKEND


def test_smtp_url_gives_host_port_and_login():
    backend, options = parse_email_url("smtp://mailer:s3cret@mail.example.com:2525")
    assert backend == SMTP_BACKEND
    assert (options["host"], options["port"]) == ("mail.example.com", 2525)
    assert (options["username"], options["password"]) == ("mailer", "s3cret")
    assert not options["use_tls"] and not options["use_ssl"]


def test_smtp_tls_url_asks_for_starttls_on_port_587():
    _backend, settings = parse_email_url("smtp+tls://u:p@mail.example.com")
    assert settings["use_tls"] and not settings["use_ssl"]
    assert settings["port"] == 587


@pytest.mark.parametrize("url", ["smtp+ssl://u:p@mail.example.com", "smtps://u:p@mail.example.com"])
def test_smtp_ssl_url_asks_for_tls_from_the_start_on_port_465(url):
    _backend, settings = parse_email_url(url)
    assert settings["use_ssl"] and not settings["use_tls"]
    assert settings["port"] == 465


def test_query_parameters_choose_tls_and_the_timeout():
    _backend, settings = parse_email_url("smtp://mail.example.com:587?tls=1&timeout=3")
    assert settings["use_tls"]
    assert settings["timeout"] == 3


def test_percent_encoded_login_is_decoded():
    _backend, settings = parse_email_url("smtp://me%40example.com:p%3Ass%2Fw@mail.example.com")
    assert settings["username"] == "me@example.com"
    assert settings["password"] == "p:ss/w"


@pytest.mark.parametrize(
    "url",
    ["http://mail.example.com", "smtp://", "smtp+tls://h?ssl=1", "smtp://h:notaport"],
)
def test_a_bad_email_url_is_refused_with_a_clear_message(url):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        parse_email_url(url)


def test_mail_goes_to_the_server_the_url_names(settings, mail_server):
    for name, value in mail_settings(f"smtp://127.0.0.1:{mail_server.port}").items():
        setattr(settings, name, value)
    message = EmailMessage("Hej", "Text", "news@example.com", ["reader@example.com"])
    with connection() as opened:
        opened.send_messages([message])
    [received] = mail_server.messages
    assert received["To"] == "reader@example.com"
