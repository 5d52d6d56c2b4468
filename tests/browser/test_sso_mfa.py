"""Issue 12 in Chromium: a coordinator signs in with the school's identity provider (a real OpenID provider),
must set up MFA first, adds a security key, and the next login asks for the second factor."""

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from accounts.roles import Role
from tests.factories import CohortFactory, OpleidingFactory, UserFactory, in_group, totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_at_the_school(page, *, known: bool = False) -> None:
    page.get_by_role("button", name="Log in met Schoolaccount").click()
    if known:  # still signed in at the provider, which sends the browser straight back
        return
    page.locator("input[name=login]").fill("carla")
    page.locator("input[name=password]").fill("wachtwoord-bij-de-school")
    page.get_by_role("button", name="Sign-in").click()
    consent = page.get_by_role("button", name="Continue")
    if consent.count():
        consent.click()


def test_a_coordinator_signs_in_by_sso_sets_up_mfa_and_adds_a_security_key(page, live_server, settings, sso, commercie):
    settings.MFA_REQUIRED = True
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the live server speaks http on localhost
    carla = in_group(UserFactory.create(username="carla", email="carla.coord@school.test"), Role.COORDINATOR)
    carla.set_unusable_password()
    carla.save()
    OpleidingFactory.create().coordinatoren.add(carla)
    cohort = CohortFactory.create()
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"{live_server.url}/accounts/login/")
    sign_in_at_the_school(page)

    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/\?verplicht=1$"))
    expect(page.get_by_text("vraagt om tweestapsverificatie")).to_be_visible()
    expect(page.locator("img[src^='data:image/svg+xml']")).to_be_visible()  # the QR code
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Code uit je authenticator-app").fill(totp(secret))
    page.get_by_role("button", name="Activeren").click()
    expect(page.get_by_role("heading", name="Herstelcodes")).to_be_visible()
    assert len(page.locator("#recovery_codes").input_value().split()) == 10
    page.goto(f"{live_server.url}/portfolio/beheer/cohorten/")
    expect(page.get_by_role("heading", name="Cohorten")).to_be_visible()
    expect(page.get_by_text(f"{cohort.startjaar}-{cohort.startjaar + 1}").first).to_be_visible()

    # A security key (Chromium's virtual authenticator stands in for a YubiKey or a phone's passkey).
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
    page.locator("input[name=name]").fill("Sleutelbos")
    page.get_by_role("button", name="Sleutel toevoegen").click()
    expect(page.get_by_text("Beveiligingssleutel toegevoegd.", exact=True)).to_be_visible()
    expect(page.get_by_text("Je hebt 1 beveiligingssleutel toegevoegd.")).to_be_visible()
    assert Authenticator.objects.get(user=carla, type="webauthn").wrap().name == "Sleutelbos"

    # Logging in again: the school's login alone does not open the coordinator's pages.
    page.get_by_role("button", name="Uitloggen").click()
    page.goto(f"{live_server.url}/accounts/login/")
    sign_in_at_the_school(page, known=True)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.get_by_role("button", name="Gebruik een beveiligingssleutel").click()
    expect(page.get_by_role("heading", name="Wat wacht op mij")).to_be_visible()
    page.goto(f"{live_server.url}/portfolio/beheer/cohorten/")
    expect(page.get_by_role("heading", name="Cohorten")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
