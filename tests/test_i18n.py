"""Dutch pages in Dutch, English pages in English: no English in the Dutch UI and no Dutch in the English one.

Issue 9. The language comes from the request (Accept-Language), as LocaleMiddleware picks it.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.http import Http404
from django.template import Context, Template
from django.utils import translation

from assessment import rules
from assessment import services as assessment_services
from assessment.models import Examenpoging
from config.api import exception_handler
from portfolio.models import Bewijsstuk
from tests.factories import score_all

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}
OCTOBER = datetime.datetime(2025, 10, 14, 9, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture(autouse=True)
def back_to_dutch():
    # LocaleMiddleware leaves the request's language active in the thread; the next test must not inherit it.
    yield
    translation.activate(settings.LANGUAGE_CODE)


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load assessment_tags %}" + source).render(Context(context))


# -- 1. the empty choice of a select ------------------------------------------------------------------


def test_the_empty_choice_of_a_select_is_dutch_in_dutch_and_english_in_english(client, coordinator, cohort):
    client.force_login(coordinator)

    dutch = client.get("/portfolio/beheer/cohorten/", **NL).content.decode()
    english = client.get("/portfolio/beheer/cohorten/", **EN).content.decode()

    assert '<option value="" selected>— Kies een optie —</option>' in dutch
    assert "Select an option" not in dutch
    assert '<option value="" selected>— Select an option —</option>' in english


# -- 2. month names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "short_date", "short_datetime"),
    [("nl", "14 okt 2025", "14 okt 2025 09:30"), ("en", "14 Oct 2025", "14 Oct 2025 09:30")],
)
def test_short_date_formats_follow_the_language(language, short_date, short_datetime):
    html = render('{{ d|date:"SHORT_DATE_FORMAT" }}|{{ d|date:"SHORT_DATETIME_FORMAT" }}', language, d=OCTOBER)

    assert html == f"{short_date}|{short_datetime}"


def test_the_queue_shows_dutch_month_names_in_dutch_and_english_ones_in_english(client, school, ingediend):
    Bewijsstuk.objects.filter(pk=ingediend.pk).update(submitted_at=OCTOBER)
    client.force_login(school)

    assert "14 okt 2025 09:30" in client.get("/beoordelen/", **NL).content.decode()
    assert "14 Oct 2025 09:30" in client.get("/beoordelen/", **EN).content.decode()


# -- 3. score labels and decimals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "nl", "en"),
    [
        ('{{ "voldoende"|score_label }}', "Voldoende", "Sufficient"),
        ('{{ "onvoldoende"|score_label:"ovg" }}', "Onvoldoende", "Insufficient"),
        ('{{ "oefenen"|score_label }}', "Oefenen", "Practising"),
        ('{{ "nooit"|score_label:scale }}', "Nooit", "Never"),
        ('{{ "3"|score_label:"punten" }}', "3 punten", "3 points"),
        ('{{ "onbekend"|score_label }}', "onbekend", "onbekend"),
        ('{{ ""|score_label }}', "", ""),
    ],
)
def test_score_label_translates_a_stored_score(source, nl, en):
    assert render(source, "nl", scale=rules.NOOIT_OEFENEN) == nl
    assert render(source, "en", scale=rules.NOOIT_OEFENEN) == en


def test_the_score_scale_is_english_on_an_english_beoordeling(client, inschrijving, werkproces, school):
    beoordeling = assessment_services.beoordeling_start(
        inschrijving=inschrijving, werkproces=werkproces, by=school, soort="examen"
    )
    client.force_login(school)

    html = client.get(f"/beoordelen/beoordeling/{beoordeling.pk}/", **EN).content.decode()

    assert "Sufficient" in html
    assert not re.search(r"</?[^>]*>\s*(Voldoende|Onvoldoende)\b", html)


@pytest.fixture
def vastgesteld(inschrijving, werkproces, praktijk, school, coordinator):
    for user in (praktijk, school):
        start = {"inschrijving": inschrijving, "werkproces": werkproces, "soort": "examen"}
        score_all(assessment_services.beoordeling_start(**start, by=user), user)
    return assessment_services.poging_vaststellen(poging=Examenpoging.objects.get(), by=coordinator)


def test_released_scores_are_english_on_the_english_feedback_page(client, vastgesteld, inschrijving, student):
    client.force_login(student)

    english = client.get(f"/beoordelen/feedback/{inschrijving.pk}/", **EN).content.decode()

    assert "<strong>Sufficient</strong>" in english
    assert "<strong>voldoende</strong>" not in english


def test_the_werkproces_result_is_english_on_the_english_dashboard(client, vastgesteld, inschrijving, student):
    client.force_login(student)

    english = client.get(f"/portfolio/{inschrijving.pk}/", **EN).content.decode()

    found = re.search(r'<tr data-werkproces="B1-K1-W1">.*?</tr>', english, re.S)
    assert found is not None
    row = found.group(0)
    assert "Sufficient" in row


@pytest.mark.parametrize(("language", "expected"), [("nl", "niet 150,5%"), ("en", "not 150.5%")])
def test_a_percentage_in_an_error_uses_the_languages_decimal_separator(client, coordinator, cohort, language, expected):
    client.force_login(coordinator)

    response = client.post(
        f"/beoordelen/voorschrift/{cohort.pk}/",
        {"schaal": "ovg", "slaagregel": "cesuur", "cesuur_procent": "150.5"},
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 400
    assert expected in response.content.decode()


# -- 4. the API's 404 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/api/v1/inschrijvingen/999999/", "/api/v1/dossiers/99999/", "/api/v1/bewijsstukken/999999/"]
)
@pytest.mark.parametrize(("language", "detail"), [("nl", "Niet gevonden."), ("en", "Not found.")])
def test_an_api_404_is_json_in_the_requests_language(api_client, coordinator, cohort, url, language, detail):
    api_client.force_authenticate(coordinator)

    response = api_client.get(url, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": detail}


def test_an_api_404_keeps_the_message_a_view_chose():
    response = exception_handler(Http404("Dit rapport is nog niet klaar."), {})

    assert response.status_code == 404
    assert response.data == {"detail": "Dit rapport is nog niet klaar."}


# -- 6. accounts: "je", and English in English --------------------------------------------------------


def test_the_password_change_is_confirmed_with_je(client, student):
    client.force_login(student)

    assert "Je wachtwoord is gewijzigd." in client.get("/accounts/password_change/done/", **NL).content.decode()
    assert "Your password has been changed." in client.get("/accounts/password_change/done/", **EN).content.decode()


def test_the_password_reset_speaks_to_the_user_as_je(client, student):
    form = client.get("/accounts/password_reset/", **NL).content.decode()
    done = client.post("/accounts/password_reset/", {"email": student.email}, follow=True, **NL).content.decode()

    assert "Vul je e-mailadres in. Je krijgt een mail" in form
    assert "ontvang je zo een mail" in done
    body = mail.outbox[0].body
    assert "Je vroeg een nieuw wachtwoord aan" in body
    assert "Heb je dit niet gevraagd? Dan kun je deze mail negeren." in body


def test_the_password_reset_mail_is_english_for_an_english_request(client, student):
    client.post("/accounts/password_reset/", {"email": student.email}, **EN)

    assert "You requested a new password for Dossierportaal" in mail.outbox[0].body
    assert "Did you not request this?" in mail.outbox[0].body


def test_password_rules_are_dutch_with_je_in_dutch_and_english_in_english(client, student):
    client.force_login(student)
    wrong = {"old_password": "geheim-wachtwoord-123", "new_password1": "1234", "new_password2": "1234"}

    form = client.get("/accounts/password_change/", **NL).content.decode()
    dutch = client.post("/accounts/password_change/", wrong, **NL).content.decode()
    english = client.post("/accounts/password_change/", wrong, **EN).content.decode()

    assert "Je wachtwoord moet minstens 8 tekens lang zijn." in form
    assert "Je wachtwoord mag niet volledig uit cijfers bestaan." in form
    assert "Uw wachtwoord" not in form
    assert "Dit wachtwoord is te kort: gebruik minstens 8 tekens." in dutch
    assert "This password is too short" not in dutch
    assert "This password is too short. It must contain at least 8 characters." in english
    assert "Your password can’t be entirely numeric." in english
