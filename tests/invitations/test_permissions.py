"""Issue 12.3: who may invite and revoke, and how far a session started with an invitation reaches."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from assessment import services as assessment_services
from invitations import services as invitation_services
from invitations.models import Event, Uitnodiging
from tests.factories import code_from_outbox, path_of

# -- who manages invitations -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "page", "revoke"),
    [
        ("other_coordinator", 404, 404),
        ("student", 403, 404),
        ("school", 403, 404),
        ("examencommissie", 403, 404),
        ("outsider", 404, 404),
    ],
)
def test_only_the_coordinator_of_the_opleiding_manages_invitations(
    client, request, enrolment, invite, persona, page, revoke
):
    uitnodiging, _link = invite(enrolment)
    user = enrolment.student if persona == "student" else request.getfixturevalue(persona)
    client.force_login(user)

    assert client.get(f"/uitnodiging/inschrijving/{enrolment.pk}/").status_code == page
    assert (
        client.post(f"/uitnodiging/inschrijving/{enrolment.pk}/", {"naam": "X", "email": "x@x.nl"}).status_code == page
    )
    assert client.post(f"/uitnodiging/{uitnodiging.pk}/intrekken/").status_code == revoke
    uitnodiging.refresh_from_db()
    assert uitnodiging.revoked_at is None
    assert Uitnodiging.objects.count() == 1


def test_logged_out_visitors_are_sent_to_the_login_page(client, enrolment, invite):
    uitnodiging, _link = invite(enrolment)

    assert client.get(f"/uitnodiging/inschrijving/{enrolment.pk}/")["Location"].startswith("/accounts/login/")
    assert client.post(f"/uitnodiging/{uitnodiging.pk}/intrekken/")["Location"].startswith("/accounts/login/")


# -- how far an invitation session reaches ----------------------------------------------------------------


@pytest.fixture
def session(client, enrolment, invite, log_in):
    """The invited assessor, logged in with the link of `enrolment`."""
    uitnodiging, link = invite(enrolment)
    log_in(client, link)
    return uitnodiging


@pytest.mark.parametrize(
    "url",
    [
        "/portfolio/studenten/",
        "/beoordelen/",
        "/beoordelen/vaststellen/",
        "/diploma/rapporten/",
        "/dossier/",
        "/admin/",
        "/accounts/password_change/",
    ],
)
def test_an_invitation_session_is_refused_everything_but_its_enrolment(client, session, url):
    response = client.get(url)

    assert response.status_code == 403
    assert "Met je uitnodiging kun je alleen de beoordelingen van deze ene student openen." in response.content.decode()


def test_the_history_and_the_students_other_pages_are_refused(client, session, enrolment):
    for url in (
        f"/geschiedenis/inschrijving/{enrolment.pk}/",
        f"/beoordelen/feedback/{enrolment.pk}/",
        f"/diploma/inschrijving/{enrolment.pk}/",
        f"/uitnodiging/inschrijving/{enrolment.pk}/",
    ):
        assert client.get(url).status_code == 403, url


def test_the_api_is_refused_with_json(client, session, enrolment):
    for url in (
        "/api/v1/inschrijvingen/",
        f"/api/v1/inschrijvingen/{enrolment.pk}/uitnodigingen/",
        "/api/schema/",
        "/api/docs/",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert response.json() == {"detail": "Met een uitnodiging gebruik je de API niet."}


def test_an_api_token_of_an_invitation_only_account_is_refused(client, enrolment, invite):
    uitnodiging, _link = invite(enrolment)
    token = Token.objects.create(user=uitnodiging.beoordelaar)

    response = client.get("/api/v1/inschrijvingen/", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 403


def test_the_same_person_invited_for_another_student_reaches_only_the_enrolment_of_the_link_used(
    client, enrolment, second_enrolment, invite, log_in, werkproces
):
    first, first_link = invite(enrolment)
    second, _second_link = invite(second_enrolment)
    assert first.beoordelaar_id == second.beoordelaar_id
    elsewhere = assessment_services.beoordeling_start(
        inschrijving=second_enrolment, werkproces=werkproces, by=second.beoordelaar, soort="formatief"
    )
    poging_elsewhere = assessment_services.beoordeling_start(
        inschrijving=second_enrolment, werkproces=werkproces, by=second.beoordelaar, soort="examen"
    ).poging
    log_in(client, first_link)

    assert client.get(f"/beoordelen/{enrolment.pk}/werkproces/B1-K1-W1/").status_code == 200
    for url in (
        f"/beoordelen/{second_enrolment.pk}/werkproces/B1-K1-W1/",
        f"/beoordelen/beoordeling/{elsewhere.pk}/",
        f"/beoordelen/poging/{poging_elsewhere.pk}/",
        f"/portfolio/{second_enrolment.pk}/",
        f"/portfolio/{second_enrolment.pk}/werkproces/B1-K1-W1/",
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(f"/beoordelen/{second_enrolment.pk}/werkproces/B1-K1-W1/", {"soort": "examen"})
    assert response.status_code == 403
    assert client.post(f"/beoordelen/beoordeling/{elsewhere.pk}/", {"version": 1, "action": "save"}).status_code == 403


def test_evidence_of_another_student_is_refused(client, session, second_enrolment, ingediend_for):
    bewijsstuk = ingediend_for(second_enrolment)
    bestand = bewijsstuk.versies.get().bestanden.get()

    assert client.get(f"/portfolio/bewijsstukken/{bewijsstuk.pk}/").status_code == 403
    assert client.get(f"/portfolio/bestanden/{bestand.pk}/").status_code == 403


def test_returning_evidence_vaststellen_and_herkansing_stay_with_others(
    client, session, enrolment, ingediend_for, werkproces
):
    bewijsstuk = ingediend_for(enrolment)
    poging = assessment_services.beoordeling_start(
        inschrijving=enrolment, werkproces=werkproces, by=session.beoordelaar, soort="examen"
    ).poging

    page = client.get(f"/portfolio/bewijsstukken/{bewijsstuk.pk}/").content.decode()
    assert "Teruggeven aan de student" not in page
    assert client.post(f"/portfolio/bewijsstukken/{bewijsstuk.pk}/teruggeven/", {"feedback": "x"}).status_code == 403
    for action in ("vaststellen", "corrigeren", "herkansing"):
        assert client.post(f"/beoordelen/poging/{poging.pk}/{action}/").status_code == 403, action
    bewijsstuk.refresh_from_db()
    assert bewijsstuk.status == "ingediend"


def test_revoking_ends_a_running_session_at_its_next_request(client, session, enrolment, coordinator):
    assert client.get("/uitnodiging/").status_code == 200

    invitation_services.uitnodiging_revoke(uitnodiging=session, by=coordinator)
    response = client.get(f"/beoordelen/{enrolment.pk}/werkproces/B1-K1-W1/")

    assert response.status_code == 403
    assert "Je uitnodiging is ingetrokken of verlopen." in response.content.decode()
    assert client.get(f"/beoordelen/{enrolment.pk}/werkproces/B1-K1-W1/")["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert Event.objects.filter(soort="geweigerd", detail="sessie").count() == 1


def test_an_expired_invitation_ends_its_session_and_its_link(client, session, enrolment):
    Uitnodiging.objects.filter(pk=session.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    assert client.get("/uitnodiging/").status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_revoked_link_is_refused_and_the_attempt_recorded(client, enrolment, invite, coordinator):
    uitnodiging, link = invite(enrolment)
    invitation_services.uitnodiging_revoke(uitnodiging=uitnodiging, by=coordinator)

    response = client.get(path_of(link))

    assert response.status_code == 410
    assert "Deze uitnodiging is ingetrokken of verlopen." in response.content.decode()
    assert Event.objects.filter(soort="geweigerd", detail="link").count() == 1
    assert client.post("/uitnodiging/code/sturen/").status_code == 400


def test_an_expired_link_is_refused(client, enrolment, invite):
    uitnodiging, link = invite(enrolment)
    Uitnodiging.objects.filter(pk=uitnodiging.pk).update(expires_at=timezone.now())

    assert client.get(path_of(link)).status_code == 410


def test_too_many_wrong_codes_keep_the_door_shut_even_for_the_right_one(
    client, enrolment, invite, django_capture_on_commit_callbacks
):
    _uitnodiging, link = invite(enrolment)
    client.get(path_of(link))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/uitnodiging/code/sturen/")
    code = code_from_outbox()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _attempt in range(5):
        assert client.post("/uitnodiging/code/", {"code": wrong}).status_code == 400

    response = client.post("/uitnodiging/code/", {"code": code})

    assert response.status_code == 400
    assert "Te veel verkeerde pogingen met deze code." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_invitation_only_account_logged_in_any_other_way_is_logged_out(client, enrolment, invite):
    uitnodiging, _link = invite(enrolment)
    client.force_login(uitnodiging.beoordelaar)

    response = client.get(f"/beoordelen/{enrolment.pk}/werkproces/B1-K1-W1/")

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_session_of_one_invitation_is_not_moved_to_another_user(client, enrolment, second_enrolment, invite, log_in):
    first, first_link = invite(enrolment)
    other, other_link = invite(second_enrolment, naam="Kees", email="kees@ander-bedrijf.example")
    log_in(client, first_link)
    log_in(client, other_link)

    assert client.session["_auth_user_id"] == str(other.beoordelaar_id)
    assert client.get(f"/beoordelen/{second_enrolment.pk}/werkproces/B1-K1-W1/").status_code == 200
    assert client.get(f"/beoordelen/{enrolment.pk}/werkproces/B1-K1-W1/").status_code == 403


def test_ordinary_users_are_not_affected(client, school, enrolment):
    client.force_login(school)

    assert client.get(f"/beoordelen/{enrolment.pk}/werkproces/B1-K1-W1/").status_code == 200
    assert client.get("/beoordelen/").status_code == 200
