"""Security headers, deployment checks and admin login limits."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import REPO_DIR
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "press.example.com",
    # Production sends mail; Django 6.1's checks refuse the console backend there.
    "EMAIL_URL": "smtp+tls://pressroom:password@smtp.example.com:587",
    "DJANGO_SETTINGS_MODULE": "pressroom.settings",
}


def run_manage(*args, env):
    clean_env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    clean_env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_DIR,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_gives_a_clear_error():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_reader_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_reader_pages_send_the_other_security_headers(client):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "geolocation=()" in response["Permissions-Policy"]


def test_https_responses_carry_hsts_for_this_host_only(client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"


def test_hsts_for_subdomains_and_preloading_are_opt_in():
    show = "from django.conf import settings as s; "
    show += "print(s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    opted_in = {**PRODUCTION_ENV, "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1", "SECURE_HSTS_PRELOAD": "1"}
    result = run_manage("shell", "-c", show, env=opted_in)
    assert result.stdout.split()[-2:] == ["True", "True"], result.stderr


def test_session_and_csrf_cookies_are_secure_and_hidden_from_scripts(client):
    make_user("editor", password="the-right-password-1")
    login_url = reverse("admin:login")
    csrf_cookie = client.get(login_url, secure=True).cookies[settings.CSRF_COOKIE_NAME]
    response = client.post(
        login_url,
        {"username": "editor", "password": "the-right-password-1"},
        secure=True,
    )
    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert csrf_cookie["secure"] and session_cookie["secure"]
    assert session_cookie["httponly"]


def test_admin_login_is_locked_after_repeated_failures(client):
    make_user("editor", password="the-right-password-1")
    login_url = reverse("admin:login")
    for _ in range(5):
        client.post(login_url, {"username": "editor", "password": "wrong"})
    response = client.post(login_url, {"username": "editor", "password": "the-right-password-1"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_admin_login_works_with_the_right_password(client):
    make_user("editor", password="the-right-password-1")
    response = client.post(
        reverse("admin:login"), {"username": "editor", "password": "the-right-password-1"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_admin_login_with_a_refused_next_lands_on_the_admin_index(client):
    make_user("editor", password="the-right-password-1")
    response = client.post(
        reverse("admin:login") + "?next=https://evil.example/",
        {"username": "editor", "password": "the-right-password-1"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_admin_lives_at_the_configured_path():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.urls import reverse; "
            "print(reverse('admin:index'))",
        ],
        cwd=REPO_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "PRESSROOM_ADMIN_PATH": "redaktion",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "/redaktion/"


def test_healthz_answers_200_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize(
    "url", ["/posts/%00/", "/tags/a%00b/", "/contacts/%00/", "/old%00path/", "/en/topics/%00/"]
)
def test_nul_byte_in_a_path_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_nul_byte_in_a_query_is_dropped(client, published_post):
    response = client.get("/search/?q=pub%00lished&kind=%00")
    assert response.status_code == 200


BALANCER = "10.0.0.5"


def login_through_balancer(client, client_address, username, password):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR=client_address,
    )


def test_one_clients_failures_behind_the_balancer_do_not_lock_out_another_client(client, settings):
    settings.PRESSROOM_PROXY_COUNT = 1
    make_user("editor", password="the-right-password-1")
    for _ in range(5):
        login_through_balancer(client, "203.0.113.66", "editor", "wrong")
    assert login_through_balancer(client, "203.0.113.66", "editor", "x").status_code == 429

    response = login_through_balancer(client, "198.51.100.7", "editor", "the-right-password-1")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_trying_one_password_on_many_accounts_locks_the_client_out(client, settings):
    settings.PRESSROOM_PROXY_COUNT = 1
    make_user("victim", password="Summer2026!")
    for name in ["anna", "bo", "cecilia", "david", "eva"]:
        make_user(name, password="another-password-1")
        login_through_balancer(client, "203.0.113.66", name, "Summer2026!")
    response = login_through_balancer(client, "203.0.113.66", "victim", "Summer2026!")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_proxy_count_is_read_from_the_environment_under_the_documented_name():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.PRESSROOM_PROXY_COUNT)",
        ],
        cwd=REPO_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "AXES_IPWARE_PROXY_COUNT": "2",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "2", result.stderr
