import pytest
from playwright.sync_api import expect

from tests.factories import InschrijvingFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def student_p3(commercie):
    user = UserFactory.create(username="sanne", password="wachtwoord-voor-test")
    InschrijvingFactory.create(student=user, profiel=commercie.profielen.get(code="P3"))
    return user


def log_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/dossier/")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def test_student_reads_the_criteria_of_their_profiel_and_switches_profiel(page, live_server, student_p3):
    log_in(page, live_server, "sanne", "wachtwoord-voor-test")

    expect(page.get_by_role("heading", name="Kwalificatiedossier Commercie")).to_be_visible()
    expect(page.get_by_label("Toon wat geldt voor profiel")).to_have_value("P3")
    page.get_by_role("link", name="B1-K1-W1 Verzamelt klant-, product- en marktinformatie").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("B1-K1-W1 Verzamelt klant-, product- en marktinformatie")
    expect(page.locator("#resultaat li")).to_have_count(3)
    expect(page.locator("#resultaat li.is-aanvulling")).to_have_count(2)
    expect(page.locator("#gedrag li.is-aanvulling").first).to_contain_text("Aanvulling P3")

    page.get_by_label("Toon wat geldt voor profiel").select_option("P1")
    page.get_by_role("button", name="Toon").click()

    expect(page).to_have_url(f"{live_server.url}/dossier/23064/werkproces/B1-K1-W1/?profiel=P1")
    expect(page.locator("#resultaat li")).to_have_count(1)
    expect(page.locator(".is-aanvulling")).to_have_count(0)


def test_pages_fit_a_phone_screen_and_switch_to_english(page, live_server, student_p3):
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server, "sanne", "wachtwoord-voor-test")
    page.goto(f"{live_server.url}/dossier/23064/werkproces/B1-K2-W3/?profiel=P3")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0

    page.get_by_label("Taal").select_option("en")
    expect(page.get_by_role("heading", name="Behaviour (8)")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_keyboard_user_can_skip_to_the_content(page, live_server, student_p3):
    log_in(page, live_server, "sanne", "wachtwoord-voor-test")
    expect(page.get_by_role("heading", name="Kwalificatiedossier Commercie")).to_be_visible()

    page.keyboard.press("Tab")

    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_wrong_password_gets_a_dutch_message(page, live_server, student_p3):
    log_in(page, live_server, "sanne", "fout")

    expect(page.get_by_role("alert")).to_have_text("Gebruikersnaam of wachtwoord klopt niet. Let op hoofdletters.")
