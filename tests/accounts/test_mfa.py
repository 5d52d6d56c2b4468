"""MFA with django-allauth: required for coordinators, beheerders and the examencommissie, optional for students."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from rest_framework.authtoken.models import Token

from accounts.roles import Role
from tests.factories import UserFactory, activate_totp, in_group, totp

PASSWORD = "geheim-wachtwoord-123"


@pytest.fixture(autouse=True)
def mfa_required(settings):
    settings.MFA_REQUIRED = True


def login(client, username: str):
    return client.post("/accounts/login/", {"login": username, "password": PASSWORD})


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.BEHEERDER, Role.EXAMENCOMMISSIE])
def test_staff_without_mfa_reach_only_its_set_up(client, db, role):
    in_group(UserFactory.create(username="staf"), role)
    login(client, "staf")

    for page in ("/", "/portfolio/beheer/cohorten/", "/portfolio/studenten/", "/admin/"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == "/accounts/2fa/totp/activate/?verplicht=1"
    setup = client.get("/accounts/2fa/totp/activate/?verplicht=1").content.decode()
    assert "vraagt om tweestapsverificatie" in setup
    assert 'src="data:image/svg+xml;base64,' in setup  # the QR code, allowed by the CSP's img-src


def test_the_api_refuses_staff_without_mfa_also_by_token(client, api_client, coordinator):  # noqa: F811
    token = Token.objects.create(user=coordinator)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    for response in (api_client.get("/api/v1/inschrijvingen/"), api_client.post("/api/v1/beoordelingen/", {})):
        assert response.status_code == 403
        assert "tweestapsverificatie" in response.json()["detail"]
    login(client, "coordinator")
    assert client.get("/api/v1/inschrijvingen/").status_code == 403


def test_after_setting_up_totp_the_coordinator_works_and_later_logins_ask_the_code(client, coordinator):  # noqa: F811
    login(client, "coordinator")
    secret = activate_totp(client)

    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()
    assert client.get("/portfolio/beheer/cohorten/").status_code == 200
    assert client.get("/api/v1/inschrijvingen/").status_code == 200
    client.post("/accounts/logout/")

    first = login(client, "coordinator")

    assert first["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/portfolio/beheer/cohorten/")["Location"].startswith("/accounts/login/")
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000" if totp(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "/portfolio/beheer/cohorten/" not in client.get("/", follow=True).request["PATH_INFO"]
    cache.clear()  # the code used to activate is spent for this 30-second window; a new window begins
    done = client.post("/accounts/2fa/authenticate/", {"code": totp(secret)})
    assert done.status_code == 302
    assert client.get("/portfolio/beheer/cohorten/").status_code == 200


def test_a_recovery_code_logs_in_once(client, coordinator):  # noqa: F811
    login(client, "coordinator")
    activate_totp(client)
    codes = re.findall(r"\b[0-9a-f]{8}\b", client.get("/accounts/2fa/recovery-codes/").content.decode())
    assert len(set(codes)) >= 10
    client.post("/accounts/logout/")

    login(client, "coordinator")
    assert client.post("/accounts/2fa/authenticate/", {"code": codes[0]}).status_code == 302
    assert client.get("/portfolio/beheer/cohorten/").status_code == 200
    client.post("/accounts/logout/")
    login(client, "coordinator")
    assert client.post("/accounts/2fa/authenticate/", {"code": codes[0]}).status_code == 200


def test_a_password_alone_never_opens_a_coordinator_page_once_mfa_is_set_up(client, coordinator):  # noqa: F811
    login(client, "coordinator")
    activate_totp(client)
    client.post("/accounts/logout/")

    login(client, "coordinator")

    assert client.get("/portfolio/beheer/cohorten/")["Location"].startswith("/accounts/login/")
    assert client.get("/api/v1/inschrijvingen/").status_code == 403


def test_students_need_no_mfa_and_may_enable_it(client, student):
    login(client, student.username)

    assert client.get("/portfolio/", follow=True).status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200
    activate_totp(client)
    assert Authenticator.objects.filter(user=student, type=Authenticator.Type.TOTP).exists()


def test_mfa_can_be_switched_off_for_a_demo(client, settings, coordinator):  # noqa: F811
    settings.MFA_REQUIRED = False
    login(client, "coordinator")

    assert client.get("/portfolio/beheer/cohorten/").status_code == 200


def test_the_password_page_leads_to_the_mfa_settings(client, student):
    client.force_login(student)

    assert 'href="/accounts/2fa/"' in client.get("/accounts/password_change/").content.decode()
