"""Single sign-on through a real OpenID Connect provider: users land on their existing account, never a new one."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount

from accounts.models import User
from accounts.roles import Role
from tests.factories import InschrijvingFactory, UserFactory, activate_totp, in_group, totp
from tests.oidc_provider import callback_path, sign_in_at_provider

pytestmark = pytest.mark.django_db


def sso_login(client, login: str):
    start = client.post("/accounts/oidc/school/login/?process=login")
    assert start.status_code == 302, start.content[:500]
    return client.get(callback_path(sign_in_at_provider(start["Location"], login)))


def logged_in_user(client):
    return User.objects.filter(pk=client.session.get("_auth_user_id")).first()


def test_the_login_page_offers_the_school_account_and_posts_to_the_provider(client, sso):
    html = client.get("/accounts/login/").content.decode()

    assert "Log in met Schoolaccount" in html
    assert 'action="/accounts/oidc/school/login/?process=login"' in html
    start = client.post("/accounts/oidc/school/login/?process=login")
    assert start["Location"].startswith(f"{sso.issuer}/auth?")
    assert "code_challenge=" in start["Location"]  # PKCE


def test_without_configuration_the_login_page_has_no_sso_button(client):
    html = client.get("/accounts/login/").content.decode()

    assert "Log in met Schoolaccount" not in html
    assert "oidc" not in html


def test_a_student_is_found_by_the_studentnummer_claim_and_linked_once(client, sso, p3):
    inschrijving = InschrijvingFactory.create(profiel=p3, studentnummer="500123", student__email="noor@school.test")
    users_before = User.objects.count()

    response = sso_login(client, "noor")

    assert response.status_code == 302
    assert response["Location"] == "/portfolio/"
    assert logged_in_user(client) == inschrijving.student
    account = SocialAccount.objects.get(user=inschrijving.student)
    assert (account.provider, account.uid) == ("school", "noor")
    client.post("/accounts/logout/")
    assert logged_in_user(client) is None

    sso_login(client, "noor")

    assert logged_in_user(client) == inschrijving.student
    assert SocialAccount.objects.count() == 1
    assert User.objects.count() == users_before


def test_staff_are_found_by_e_mail_address_whatever_its_case(client, sso):
    carla = UserFactory.create(username="carla", email="carla.coord@school.test")

    sso_login(client, "carla")

    assert logged_in_user(client) == carla


def test_someone_the_portal_does_not_know_is_refused_and_no_account_is_made(client, sso):
    users_before = User.objects.count()

    response = sso_login(client, "nieuw")

    assert response.status_code == 403
    assert "Geen account in het portaal" in response.content.decode()
    assert logged_in_user(client) is None
    assert User.objects.count() == users_before
    assert not SocialAccount.objects.exists()


def test_an_address_shared_by_two_accounts_is_not_guessed(client, sso):
    UserFactory.create(username="dubbel1", email="dubbel@school.test")
    UserFactory.create(username="dubbel2", email="Dubbel@school.test")

    response = sso_login(client, "dubbel")

    assert response.status_code == 403
    assert logged_in_user(client) is None


def test_a_disabled_account_is_refused_also_once_linked(client, sso):
    carla = UserFactory.create(username="carla", email="carla.coord@school.test")
    sso_login(client, "carla")
    client.post("/accounts/logout/")
    User.objects.filter(pk=carla.pk).update(is_active=False)

    response = sso_login(client, "carla")

    assert response.status_code == 403
    assert logged_in_user(client) is None


def test_a_student_number_that_is_not_enrolled_falls_back_to_no_match(client, sso, p3):
    InschrijvingFactory.create(profiel=p3, studentnummer="999999")

    assert sso_login(client, "noor").status_code == 403


def test_a_tampered_callback_is_refused_without_logging_in(client, sso):
    start = client.post("/accounts/oidc/school/login/?process=login")
    callback = callback_path(sign_in_at_provider(start["Location"], "carla"))

    response = client.get(callback.replace("state=", "state=x"))

    assert response.status_code == 401
    assert "Inloggen met je schoolaccount is niet gelukt" in response.content.decode()
    assert 'href="/accounts/login/"' in response.content.decode()
    assert logged_in_user(client) is None


def test_single_sign_on_does_not_skip_the_second_factor(client, settings, sso):
    settings.MFA_REQUIRED = True
    carla = in_group(UserFactory.create(username="carla", email="carla.coord@school.test"), Role.COORDINATOR)
    secret = generate_totp_secret()
    TOTP.activate(carla, secret)

    response = sso_login(client, "carla")

    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert logged_in_user(client) is None
    client.post("/accounts/2fa/authenticate/", {"code": totp(secret)})
    assert logged_in_user(client) == carla
    assert client.get("/portfolio/beheer/cohorten/").status_code == 200


def test_a_coordinator_with_only_sso_sets_up_mfa_without_a_portal_password(client, settings, sso):
    settings.MFA_REQUIRED = True
    carla = in_group(UserFactory.create(username="carla", email="carla.coord@school.test"), Role.COORDINATOR)
    carla.set_unusable_password()
    carla.save()
    sso_login(client, "carla")

    assert client.get("/portfolio/beheer/cohorten/")["Location"] == "/accounts/2fa/totp/activate/?verplicht=1"
    activate_totp(client)
    assert client.get("/portfolio/beheer/cohorten/").status_code == 200
