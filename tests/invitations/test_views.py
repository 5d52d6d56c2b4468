"""Issue 12.3 through the pages: the coordinator invites and revokes, the invited assessor opens the link, logs
in with the mailed code and scores and settles exactly as an assessor with an account does."""

import html
import re

import pytest
from django.core import mail
from django.db import connection

from assessment import services as assessment_services
from assessment.models import Beoordeling, Examenpoging
from invitations.models import Event, Uitnodiging
from tests.factories import INVITATION_LINK as LINK
from tests.factories import PIET, code_from_outbox, path_of, score_all


def scores_form(beoordeling: Beoordeling, waarde: str = "voldoende", **extra) -> dict:
    data = {"version": beoordeling.version, "feedback": "Netjes gewerkt.", **extra}
    for score in beoordeling.scores.all():
        data[f"waarde_{score.criterium_id}"] = waarde
    return data


def history_of(client, coordinator, inschrijving) -> str:
    client.force_login(coordinator)
    response = client.get(f"/geschiedenis/inschrijving/{inschrijving.pk}/")
    assert response.status_code == 200
    return html.unescape(re.sub(r"<[^>]+>", "", response.content.decode()))


# -- the coordinator's page -----------------------------------------------------------------------------


def test_the_coordinator_invites_from_the_enrolment_page_and_the_mail_goes_after_commit(
    client, coordinator, enrolment, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    cohort_page = client.get(f"/portfolio/beheer/cohorten/{enrolment.cohort_id}/").content.decode()
    assert f'href="/uitnodiging/inschrijving/{enrolment.pk}/"' in cohort_page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/uitnodiging/inschrijving/{enrolment.pk}/", PIET, follow=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Uitnodiging verstuurd naar piet@leerbedrijf.example; de link werkt tot" in page
    assert '<p id="praktijkbeoordelaar">Praktijkbeoordelaar nu: <strong>Piet Bakker</strong>' in page
    assert re.search(r'class="uitnodiging-status">Actief <span class="muted">\(mail onderweg\)</span><', page)
    assert len(mail.outbox) == 1
    assert LINK.search(str(mail.outbox[0].body))


def test_a_refused_invitation_is_a_400_with_the_reason(client, coordinator, enrolment, school):
    client.force_login(coordinator)

    response = client.post(f"/uitnodiging/inschrijving/{enrolment.pk}/", {"naam": "Samira", "email": school.email})

    assert response.status_code == 400
    assert "Er is al een account met het e-mailadres" in response.content.decode()
    assert not Uitnodiging.objects.exists()


def test_the_coordinator_revokes_from_the_page(client, coordinator, enrolment, invite):
    uitnodiging, _link = invite(enrolment)
    client.force_login(coordinator)

    response = client.post(f"/uitnodiging/{uitnodiging.pk}/intrekken/", follow=True)

    assert "De uitnodiging van Piet Bakker is ingetrokken; de link werkt niet meer." in response.content.decode()
    uitnodiging.refresh_from_db()
    assert uitnodiging.status == "ingetrokken"
    assert 'class="uitnodiging-status">Ingetrokken<' in response.content.decode()


# -- the invited assessor ------------------------------------------------------------------------------


def test_the_link_asks_for_a_code_to_the_same_address_then_opens_the_student(
    client, enrolment, invite, django_capture_on_commit_callbacks
):
    uitnodiging, link = invite(enrolment)

    response = client.get(path_of(link))
    assert (response.status_code, response["Location"]) == (302, "/uitnodiging/code/")
    page = client.get("/uitnodiging/code/").content.decode()
    assert "p•••@leerbedrijf.example" in page
    assert "Stuur mij de code" in page
    assert 'name="code"' not in page  # no code to type before one is sent
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/uitnodiging/code/sturen/")
    assert mail.outbox[-1].to == [PIET["email"]]
    page = client.get("/uitnodiging/code/").content.decode()
    assert 'autocomplete="one-time-code"' in page
    assert 'inputmode="numeric"' in page
    wrong = client.post("/uitnodiging/code/", {"code": "000000" if code_from_outbox() != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "Deze code klopt niet. Je kunt het nog 4 keer proberen." in wrong.content.decode()
    assert client.get("/uitnodiging/").status_code == 400  # not logged in yet

    response = client.post("/uitnodiging/code/", {"code": code_from_outbox()})

    assert (response.status_code, response["Location"]) == (302, "/uitnodiging/")
    start = client.get("/uitnodiging/").content.decode()
    assert "Beoordelen: Sanne de Vries" in start
    assert f'href="/beoordelen/{enrolment.pk}/werkproces/B1-K1-W1/"' in start
    assert "/uitnodiging/uitloggen/" in start
    assert "Wachtwoord wijzigen" not in start
    assert "/api/docs/" not in start
    kinds = list(Event.objects.order_by("at", "pk").values_list("soort", flat=True))
    assert kinds == ["uitgenodigd", "link_geopend", "code_verstuurd", "code_fout", "ingelogd"]


def test_opening_the_link_again_in_a_running_session_goes_straight_to_the_student(client, enrolment, invite, log_in):
    _uitnodiging, link = invite(enrolment)
    log_in(client, link)

    response = client.get(path_of(link))

    assert response["Location"] == "/uitnodiging/"


def test_the_invited_assessor_scores_and_submits_the_exam_through_the_pages(
    client, enrolment, invite, log_in, werkproces, ingediend_for
):
    uitnodiging, link = invite(enrolment)
    bewijsstuk = ingediend_for(enrolment)
    log_in(client, link)

    page = client.get(f"/beoordelen/{enrolment.pk}/werkproces/B1-K1-W1/")
    assert page.status_code == 200
    assert "Beoordeling openen" in page.content.decode()
    response = client.post(f"/beoordelen/{enrolment.pk}/werkproces/B1-K1-W1/", {"soort": "examen"})
    beoordeling = Beoordeling.objects.get(beoordelaar=uitnodiging.beoordelaar)
    assert response["Location"] == f"/beoordelen/beoordeling/{beoordeling.pk}/"
    form = client.get(response["Location"]).content.decode()
    assert f'href="/portfolio/bewijsstukken/{bewijsstuk.pk}/"' in form
    assert client.get(f"/portfolio/bewijsstukken/{bewijsstuk.pk}/").status_code == 200
    bestand = bewijsstuk.versies.get().bestanden.get()
    assert client.get(f"/portfolio/bestanden/{bestand.pk}/").status_code == 200

    client.post(f"/beoordelen/beoordeling/{beoordeling.pk}/", scores_form(beoordeling, action="save"))
    beoordeling.refresh_from_db()
    client.post(f"/beoordelen/beoordeling/{beoordeling.pk}/", scores_form(beoordeling, action="submit"))

    beoordeling.refresh_from_db()
    assert (beoordeling.status, beoordeling.rol, beoordeling.soort) == ("ingediend", "praktijk", "examen")
    kinds = list(Event.objects.filter(soort__startswith="beoordeling").values_list("soort", "detail"))
    assert kinds == [
        ("beoordeling_geopend", "B1-K1-W1 examen"),
        ("beoordeling_opgeslagen", "B1-K1-W1 examen"),
        ("beoordeling_opgeslagen", "B1-K1-W1 examen"),
        ("beoordeling_ingediend", "B1-K1-W1 examen"),
    ]


def test_the_settlement_works_as_today_and_the_history_names_every_use(
    client, enrolment, invite, log_in, werkproces, school, coordinator
):
    uitnodiging, link = invite(enrolment)
    log_in(client, link)
    client.post(f"/beoordelen/{enrolment.pk}/werkproces/B1-K1-W1/", {"soort": "examen"})
    own = Beoordeling.objects.get(beoordelaar=uitnodiging.beoordelaar)
    client.post(f"/beoordelen/beoordeling/{own.pk}/", scores_form(own, action="submit"))
    theirs = assessment_services.beoordeling_start(
        inschrijving=enrolment, werkproces=werkproces, by=school, soort="examen"
    )
    first = theirs.scores.order_by("pk").first().criterium_id
    score_all(theirs, school, overrides={first: "goed"})
    poging = Examenpoging.objects.get()
    assert poging.status == "overleg"
    assessment_services.poging_propose(
        poging=poging,
        by=school,
        scores={s.criterium_id: "voldoende" for s in theirs.scores.all()},
        expected_version=poging.version,
    )
    poging.refresh_from_db()

    page = client.get(f"/beoordelen/poging/{poging.pk}/").content.decode()
    assert "Akkoord" in page
    response = client.post(f"/beoordelen/poging/{poging.pk}/instemmen/", {"version": poging.version}, follow=True)

    assert "Je stemt in; de uitslag is afgesproken." in response.content.decode()
    poging.refresh_from_db()
    assert poging.status == "overeenstemming"
    assert set(poging.akkoord_door.all()) == {uitnodiging.beoordelaar, school}
    client.post("/uitnodiging/uitloggen/")
    text = history_of(client, coordinator, enrolment)
    for sentence in (
        "Praktijkbeoordelaar uitgenodigd: Piet Bakker <piet@leerbedrijf.example> — door Carla Bakker",
        "Uitnodigingslink van Piet Bakker geopend",
        "Inlogcode gevraagd voor piet@leerbedrijf.example",
        "Ingelogd met de uitnodiging — door Piet Bakker",
        "Beoordeling geopend via de uitnodiging: B1-K1-W1 (examen) — door Piet Bakker",
        "Beoordeling ingediend via de uitnodiging: B1-K1-W1 (examen) — door Piet Bakker",
        "Ingestemd met het voorstel via de uitnodiging: B1-K1-W1, poging 1 — door Piet Bakker",
        "Uitgelogd — door Piet Bakker",
    ):
        assert sentence in text, sentence


def test_a_proposal_and_a_referral_under_the_invitation_are_recorded(
    client, enrolment, invite, log_in, werkproces, school
):
    uitnodiging, link = invite(enrolment)
    log_in(client, link)
    client.post(f"/beoordelen/{enrolment.pk}/werkproces/B1-K1-W1/", {"soort": "examen"})
    own = Beoordeling.objects.get(beoordelaar=uitnodiging.beoordelaar)
    client.post(f"/beoordelen/beoordeling/{own.pk}/", scores_form(own, action="submit"))
    theirs = assessment_services.beoordeling_start(
        inschrijving=enrolment, werkproces=werkproces, by=school, soort="examen"
    )
    score_all(theirs, school, waarde="goed")
    poging = Examenpoging.objects.get()
    data = {"version": poging.version, **{f"waarde_{s.criterium_id}": "voldoende" for s in own.scores.all()}}

    client.post(f"/beoordelen/poging/{poging.pk}/voorstellen/", data)
    client.post(f"/beoordelen/poging/{poging.pk}/voorleggen/")

    poging.refresh_from_db()
    assert (poging.status, poging.voorstel_door) == ("voorgelegd", uitnodiging.beoordelaar)
    assert list(Event.objects.filter(soort__in=["voorstel", "voorgelegd"]).values_list("soort", "detail")) == [
        ("voorstel", "B1-K1-W1 #1"),
        ("voorgelegd", "B1-K1-W1 #1"),
    ]


def test_logging_out_ends_the_session_and_says_how_to_come_back(client, enrolment, invite, log_in):
    _uitnodiging, link = invite(enrolment)
    log_in(client, link)

    response = client.post("/uitnodiging/uitloggen/", follow=True)

    assert "Open de link uit je uitnodigingsmail opnieuw" in response.content.decode()
    assert client.get(f"/beoordelen/{enrolment.pk}/werkproces/B1-K1-W1/").status_code == 302  # to the login page
    assert Event.objects.filter(soort="uitgelogd").count() == 1


def test_the_home_page_and_the_students_dashboard_lead_to_the_start_page(client, enrolment, invite, log_in):
    _uitnodiging, link = invite(enrolment)
    log_in(client, link)

    for url in ("/", "/portfolio/", f"/portfolio/{enrolment.pk}/"):
        assert client.get(url)["Location"] == "/uitnodiging/", url


def test_an_unknown_link_is_a_404_and_a_code_page_without_a_link_a_400(client, db):
    assert client.get("/uitnodiging/link/" + "x" * 43 + "/").status_code == 404
    assert client.get("/uitnodiging/code/").status_code == 400
    assert client.post("/uitnodiging/code/sturen/").status_code == 400


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_code_page_renders_for_a_phone_in_dutch_and_english(client, enrolment, invite, language):
    # The phone layout itself is checked in Chromium (test_browser.py); here: the page renders in both languages.
    _uitnodiging, link = invite(enrolment)
    client.get(path_of(link))

    response = client.get("/uitnodiging/code/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pghistory records history on PostgreSQL only")
def test_pghistory_records_the_invitation_with_each_write_of_the_assessor(
    client, enrolment, invite, log_in, coordinator
):
    from pghistory.models import Events

    uitnodiging, link = invite(enrolment)
    log_in(client, link)
    client.post(f"/beoordelen/{enrolment.pk}/werkproces/B1-K1-W1/", {"soort": "examen"})
    beoordeling = Beoordeling.objects.get(beoordelaar=uitnodiging.beoordelaar)
    client.post(f"/beoordelen/beoordeling/{beoordeling.pk}/", scores_form(beoordeling, action="save"))

    events = list(Events.objects.tracks(beoordeling))
    assert events
    assert {e.pgh_context["uitnodiging"] for e in events} == {uitnodiging.pk}
    assert {e.pgh_context["user"] for e in events} == {uitnodiging.beoordelaar_id}
    client.post("/uitnodiging/uitloggen/")
    assert "Piet Bakker (via uitnodiging)" in history_of(client, coordinator, enrolment)
