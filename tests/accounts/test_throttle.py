"""Lockout behind a reverse proxy, the limit per address across usernames, and reset-mail limits."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from tests.factories import UserFactory

PASSWORD = "juist-wachtwoord-42"
PROXY = "10.0.0.254"


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def behind_proxy(settings):
    # What production gets from AXES_PROXY_COUNT=1 (config/settings/base.py).
    settings.AXES_IPWARE_PROXY_COUNT = 1


@pytest.fixture
def sanne(db):
    return UserFactory.create(username="sanne", email="sanne@example.test", password=PASSWORD)


def without_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def login(client, username: str, password: str, forwarded_for: str):
    return client.post(
        "/accounts/login/",
        {"login": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_proxy_five_failures_lock_that_username_from_that_client_only(client, behind_proxy, sanne):
    for _ in range(4):
        assert login(client, "sanne", "fout", "203.0.113.5").status_code == 200
    assert login(client, "sanne", "fout", "203.0.113.5").status_code == 429

    assert login(client, "sanne", PASSWORD, "203.0.113.5").status_code == 429
    assert login(client, "sanne", PASSWORD, "198.51.100.7").status_code == 302


def test_behind_a_proxy_a_client_cannot_pick_its_address_by_sending_the_header_itself(client, behind_proxy, sanne):
    # The proxy appends the address it saw; what the client wrote stays on the left and does not count.
    for n in range(5):
        login(client, "sanne", "fout", f"192.0.2.{n}, 203.0.113.5")

    assert login(client, "sanne", PASSWORD, "192.0.2.99, 203.0.113.5").status_code == 429


def test_without_a_proxy_the_header_is_ignored(client, sanne):
    for n in range(5):
        login(client, "sanne", "fout", f"192.0.2.{n}")

    assert login(client, "sanne", PASSWORD, "192.0.2.99").status_code == 429


def test_one_address_trying_many_usernames_is_locked_for_everyone(client, behind_proxy, settings, sanne):
    settings.LOGIN_IP_FAILURE_LIMIT = 30
    for n in range(30):
        assert login(client, f"gok{n}", "fout", "203.0.113.5").status_code == 200

    locked = login(client, "sanne", PASSWORD, "203.0.113.5")

    assert locked.status_code == 429
    assert "Er is te vaak een verkeerd wachtwoord ingevoerd" in locked.content.decode()
    assert login(client, "sanne", PASSWORD, "198.51.100.7").status_code == 302


def test_the_limit_per_address_comes_from_the_environment():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(AXES_IP_FAILURE_LIMIT="12", AXES_PROXY_COUNT="1", DJANGO_SETTINGS_MODULE="config.settings.test")
    code = "from django.conf import settings as s; print(s.LOGIN_IP_FAILURE_LIMIT, s.AXES_IPWARE_PROXY_COUNT)"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)

    assert result.stdout.split() == ["12", "1"], result.stderr


def test_ten_reset_requests_for_one_address_send_at_most_three_mails(client, sanne):
    pages = [client.post("/accounts/password_reset/", {"email": "sanne@example.test"}) for _ in range(10)]

    assert len(mail.outbox) == 3
    assert {(page.status_code, page["Location"]) for page in pages} == {(302, "/accounts/password_reset/done/")}


def test_a_limited_reset_looks_the_same_as_one_for_an_unknown_address(client, sanne):
    for _ in range(3):
        client.post("/accounts/password_reset/", {"email": "sanne@example.test"})

    limited = client.post("/accounts/password_reset/", {"email": "Sanne@Example.test"}, follow=True)
    unknown = client.post("/accounts/password_reset/", {"email": "onbekend@example.test"}, follow=True)

    assert len(mail.outbox) == 3
    assert limited.redirect_chain == unknown.redirect_chain
    assert without_token(limited) == without_token(unknown)
    assert "Als er een account bij dit e-mailadres hoort" in limited.content.decode()


def test_one_address_may_ask_twenty_resets_an_hour(client, db):
    users = [UserFactory.create(username=f"student{n}", email=f"student{n}@example.test") for n in range(25)]

    for user in users:
        client.post("/accounts/password_reset/", {"email": user.email}, REMOTE_ADDR="10.1.2.3")
    client.post("/accounts/password_reset/", {"email": users[0].email}, REMOTE_ADDR="10.9.9.9")

    assert len(mail.outbox) == 21
