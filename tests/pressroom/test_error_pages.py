"""
With DEBUG on (as under bin/start) a missing page or an error shows the site's own pages,
not Django's technical ones; PRESSROOM_TECHNICAL_ERROR_PAGES=1 brings those back.
"""

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from pressroom.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db

DESIGNED_404 = "Vi kunde inte hitta sidan."
TECHNICAL_404 = "Using the URLconf defined in"


def broken_view(request):
    raise ZeroDivisionError("a bug in a view")


def working_view(request):
    return HttpResponse("ok")


urlpatterns = [
    path("broken/", broken_view),
    path("working/", working_view),
    *site_urlpatterns,
]


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    settings.PRESSROOM_TECHNICAL_ERROR_PAGES = False
    return settings


def test_debug_unknown_address_shows_the_designed_404(client, debug):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert DESIGNED_404 in response.content.decode()
    assert TECHNICAL_404 not in response.content.decode()


def test_debug_missing_post_shows_the_designed_404(client, debug):
    response = client.get("/posts/finns-inte/")
    assert response.status_code == 404
    assert DESIGNED_404 in response.content.decode()


def test_debug_designed_404_keeps_the_strict_content_security_policy(client, debug):
    response = client.get("/finns-inte/")
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_debug_error_in_a_view_shows_the_designed_500_and_logs_it(debug, caplog):
    debug.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()
    assert "ZeroDivisionError" not in response.content.decode()
    assert any(record.exc_info and record.status_code == 500 for record in caplog.records)


def test_debug_other_pages_are_untouched(debug):
    debug.ROOT_URLCONF = __name__
    assert Client().get("/working/").content == b"ok"


def test_technical_error_pages_when_a_developer_asks_for_them(client, debug):
    debug.PRESSROOM_TECHNICAL_ERROR_PAGES = True
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert TECHNICAL_404 in response.content.decode()
    # Django's page is styled inline; the CSP lets it be readable.
    assert "style-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]
