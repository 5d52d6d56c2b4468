import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.utils import timezone

from tests.factories import UserFactory

PASSWORD = "juist-wachtwoord-42"


@pytest.fixture
def sanne(db):
    return UserFactory.create(username="sanne", email="sanne@example.test", password=PASSWORD)


def login(client, username: str, password: str, ip: str):
    return client.post("/accounts/login/", {"login": username, "password": password}, REMOTE_ADDR=ip)


def fail_five_times(client, username: str, ip: str) -> None:
    for _ in range(4):
        assert login(client, username, "fout", ip).status_code == 200
    assert login(client, username, "fout", ip).status_code == 429


def test_login_and_logout(client, sanne):
    response = login(client, "sanne", PASSWORD, "10.0.0.1")

    assert response.status_code == 302
    assert client.get("/dossier/").status_code in (200, 302)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/dossier/23064/")["Location"].startswith("/accounts/login/")


def test_five_failures_lock_that_username_from_that_address(client, sanne):
    fail_five_times(client, "sanne", "10.0.0.1")

    locked = login(client, "sanne", PASSWORD, "10.0.0.1")

    assert locked.status_code == 429
    assert "Er is te vaak een verkeerd wachtwoord ingevoerd" in locked.content.decode()


def test_lockout_does_not_reach_other_addresses_or_other_users(client, sanne):
    UserFactory.create(username="pieter", password=PASSWORD)
    fail_five_times(client, "sanne", "10.0.0.1")

    assert login(client, "sanne", PASSWORD, "10.0.0.2").status_code == 302
    client.logout()
    assert login(client, "pieter", PASSWORD, "10.0.0.1").status_code == 302


def test_lockout_ends_after_the_cool_off(client, sanne):
    fail_five_times(client, "sanne", "10.0.0.1")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))

    assert login(client, "sanne", PASSWORD, "10.0.0.1").status_code == 302


def test_password_reset_by_mail(client, sanne, settings):
    settings.SITE_URL = "https://portaal.school.example"
    response = client.post("/accounts/password_reset/", {"email": "sanne@example.test"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Nieuw wachtwoord voor Dossierportaal"
    assert f"(gebruikersnaam: {sanne.username})" in mail.outbox[0].body
    # The link starts at SITE_URL, whatever Host the request came with.
    found = re.search(r"https://portaal\.school\.example(/accounts/reset/\S+/)", str(mail.outbox[0].body))
    assert found is not None, mail.outbox[0].body
    link = found.group(1)
    form_url = client.get(link)["Location"]
    done = client.post(form_url, {"new_password1": "nieuw-Wachtwoord-99", "new_password2": "nieuw-Wachtwoord-99"})
    assert done.status_code == 302
    sanne.refresh_from_db()
    assert sanne.check_password("nieuw-Wachtwoord-99")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, sanne):
    response = client.post("/accounts/password_reset/", {"email": "onbekend@example.test"}, follow=True)

    assert "Als er een account bij dit e-mailadres hoort" in response.content.decode()
    assert mail.outbox == []


def test_password_change(client, sanne):
    client.force_login(sanne)

    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "ander-Wachtwoord-77", "new_password2": "ander-Wachtwoord-77"},
    )

    assert response.status_code == 302
    sanne.refresh_from_db()
    assert sanne.check_password("ander-Wachtwoord-77")
