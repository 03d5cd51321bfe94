"""The client's address behind trusted proxies (pressroom.clientip)."""

import pytest
from django.test import RequestFactory

from pressroom.clientip import client_ip

BALANCER = "10.0.0.5"


def request_from(remote_addr=BALANCER, **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


def test_without_trusted_proxies_the_connection_address_is_the_client(settings):
    settings.PRESSROOM_PROXY_COUNT = 0
    request = request_from("203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(request) == "203.0.113.7"


def test_behind_one_balancer_the_client_is_the_address_it_appended(settings):
    settings.PRESSROOM_PROXY_COUNT = 1
    assert client_ip(request_from(HTTP_X_FORWARDED_FOR="203.0.113.7")) == "203.0.113.7"


def test_an_address_the_client_wrote_itself_is_not_believed(settings):
    settings.PRESSROOM_PROXY_COUNT = 1
    request = request_from(HTTP_X_FORWARDED_FOR="127.0.0.1, 203.0.113.7")
    assert client_ip(request) == "203.0.113.7"


def test_behind_a_cdn_and_a_balancer_the_client_is_two_entries_from_the_end(settings):
    settings.PRESSROOM_PROXY_COUNT = 2
    request = request_from(HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7, 192.0.2.10")
    assert client_ip(request) == "203.0.113.7"


def test_the_header_the_settings_name_is_the_one_read(settings):
    settings.PRESSROOM_PROXY_COUNT = 1
    settings.PRESSROOM_PROXY_HEADER = "X-Real-IP"
    request = request_from(HTTP_X_REAL_IP="2001:db8::7", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(request) == "2001:db8::7"


@pytest.mark.parametrize("header", ["", "not-an-address", " , "])
def test_a_missing_or_unreadable_header_falls_back_to_the_connection(settings, header):
    settings.PRESSROOM_PROXY_COUNT = 1
    assert client_ip(request_from(HTTP_X_FORWARDED_FOR=header)) == BALANCER


@pytest.mark.parametrize(
    ("entry", "address"),
    [("203.0.113.7:51234", "203.0.113.7"), ("[2001:db8::7]:443", "2001:db8::7")],
)
def test_an_address_with_a_port_is_read_without_it(settings, entry, address):
    settings.PRESSROOM_PROXY_COUNT = 1
    assert client_ip(request_from(HTTP_X_FORWARDED_FOR=entry)) == address
