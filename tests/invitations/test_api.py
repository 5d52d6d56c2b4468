"""Issue 12.3 through the API: the coordinator lists, creates and revokes the invitations of an enrolment."""

import pytest
from django.core import mail

from invitations.models import Uitnodiging
from tests.factories import PIET, in_group


def url(inschrijving) -> str:
    return f"/api/v1/inschrijvingen/{inschrijving.pk}/uitnodigingen/"


def test_the_coordinator_invites_through_the_api_and_the_mail_goes_after_commit(
    api_client, coordinator, enrolment, django_capture_on_commit_callbacks
):
    api_client.force_authenticate(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(url(enrolment), PIET, format="json")

    assert response.status_code == 201
    body = response.json()
    uitnodiging = Uitnodiging.objects.get()
    assert body["id"] == uitnodiging.pk
    assert (body["naam"], body["email"], body["status"], body["created_by"]) == (
        "Piet Bakker",
        "piet@leerbedrijf.example",
        "actief",
        "Carla Bakker",
    )
    assert body["beoordelaar"] == uitnodiging.beoordelaar_id
    assert body["mailed_at"] is None  # the worker mails after the commit
    assert "token" not in str(body)
    assert [m.to for m in mail.outbox] == [["piet@leerbedrijf.example"]]
    listed = api_client.get(url(enrolment)).json()
    assert listed["count"] == 1
    assert listed["results"][0]["mailed_at"] is not None


def test_a_refused_invitation_is_a_400_with_a_dutch_detail(api_client, coordinator, enrolment, school):
    api_client.force_authenticate(coordinator)

    response = api_client.post(url(enrolment), {"naam": "Samira", "email": school.email}, format="json")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Er is al een account met het e-mailadres")


def test_an_invalid_body_is_a_400_per_field(api_client, coordinator, enrolment):
    api_client.force_authenticate(coordinator)

    response = api_client.post(url(enrolment), {"naam": "", "email": "geen-adres"}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"naam", "email"}
    assert not Uitnodiging.objects.exists()


def test_revoking_through_the_api(api_client, coordinator, enrolment, invite):
    uitnodiging, _link = invite(enrolment)
    api_client.force_authenticate(coordinator)

    response = api_client.post(f"/api/v1/uitnodigingen/{uitnodiging.pk}/intrekken/")
    again = api_client.post(f"/api/v1/uitnodigingen/{uitnodiging.pk}/intrekken/")

    assert response.status_code == 200
    assert response.json()["status"] == "ingetrokken"
    assert response.json()["revoked_at"] is not None
    assert again.status_code == 400
    assert again.json() == {"detail": "Deze uitnodiging is al ingetrokken."}
    assert api_client.get(f"/api/v1/uitnodigingen/{uitnodiging.pk}/").json()["status"] == "ingetrokken"


@pytest.mark.parametrize(
    ("persona", "listing", "detail"),
    [
        ("other_coordinator", 404, 404),
        ("student", 403, 404),
        ("school", 403, 404),
        ("examencommissie", 403, 404),
        ("outsider", 404, 404),
    ],
)
def test_only_the_scoped_coordinator_reaches_the_invitations(
    api_client, request, enrolment, invite, persona, listing, detail
):
    uitnodiging, _link = invite(enrolment)
    user = enrolment.student if persona == "student" else request.getfixturevalue(persona)
    api_client.force_authenticate(user)

    assert api_client.get(url(enrolment)).status_code == listing
    assert api_client.post(url(enrolment), {"naam": "Kees", "email": "kees@x.example"}, format="json").status_code == (
        listing
    )
    assert api_client.get(f"/api/v1/uitnodigingen/{uitnodiging.pk}/").status_code == detail
    assert api_client.post(f"/api/v1/uitnodigingen/{uitnodiging.pk}/intrekken/").status_code == detail
    uitnodiging.refresh_from_db()
    assert uitnodiging.revoked_at is None
    assert Uitnodiging.objects.count() == 1


def test_anonymous_is_refused(api_client, enrolment, invite):
    uitnodiging, _link = invite(enrolment)

    assert api_client.get(url(enrolment)).status_code == 403
    assert api_client.post(f"/api/v1/uitnodigingen/{uitnodiging.pk}/intrekken/").status_code == 403


def test_an_unknown_enrolment_or_invitation_is_a_404(api_client, coordinator, db):
    api_client.force_authenticate(coordinator)

    assert api_client.get("/api/v1/inschrijvingen/999999/uitnodigingen/").status_code == 404
    assert api_client.post("/api/v1/uitnodigingen/999999/intrekken/").status_code == 404
    assert api_client.get("/api/v1/uitnodigingen/abc/").status_code == 404


def test_the_beheerder_sees_every_opleiding(api_client, enrolment, invite):
    from accounts.roles import Role
    from tests.factories import UserFactory

    uitnodiging, _link = invite(enrolment)
    beheerder = in_group(UserFactory.create(username="beheerder"), Role.BEHEERDER)
    api_client.force_authenticate(beheerder)

    assert api_client.get(url(enrolment)).json()["count"] == 1
    assert api_client.post(f"/api/v1/uitnodigingen/{uitnodiging.pk}/intrekken/").status_code == 200


def test_the_operations_are_in_the_schema(api_client, db):
    schema = api_client.get("/api/schema/?format=json").json()

    assert {"get", "post"} <= set(schema["paths"]["/api/v1/inschrijvingen/{id}/uitnodigingen/"])
    assert "post" in schema["paths"]["/api/v1/uitnodigingen/{id}/intrekken/"]
    assert "get" in schema["paths"]["/api/v1/uitnodigingen/{id}/"]
    assert "201" in schema["paths"]["/api/v1/inschrijvingen/{id}/uitnodigingen/"]["post"]["responses"]
    assert schema["components"]["schemas"]["UitnodigingStatusEnum"]["enum"] == [
        "actief",
        "verlopen",
        "ingetrokken",
        "vervangen",
    ]
