"""Only a system client's bearer token opens the OOAPI, and it opens nothing else."""

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ooapi import services
from ooapi.models import Systeemkoppeling
from tests.factories import OOAPI_BASE as BASE
from tests.factories import Ooapi, assert_problem
from tests.ooapi.spec import SERVICE, assert_valid

PATHS = ["/", "/persons", "/offerings", "/persons/01000000-0001-8000-8000-000000000000"]


def test_the_service_metadata_follows_the_spec(sis):
    response = sis.get("/")

    body = response.json()
    assert_valid(body, SERVICE)
    assert body["contactEmail"] == "noreply@dossierportaal.local"
    assert body["consumers"] == [{"consumerKey": "nl-test-admin"}]
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("path", PATHS)
def test_without_a_token_it_is_401_with_the_bearer_challenge(db, path):
    response = APIClient().get(f"{BASE}{path}")

    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer realm="ooapi"'


@pytest.mark.parametrize("header", ["Bearer ooapi_wrong", "Bearer", "Bearer a b", "Bearer \u00e9t\u00e9"])
def test_a_wrong_or_malformed_token_is_401(sis, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    assert_problem(client.get(f"{BASE}/persons"), 401)


def test_a_revoked_token_is_401(make_client):
    sis = make_client()
    assert sis.get("/persons").status_code == 200

    services.systeemkoppeling_revoke(koppeling=sis.koppeling)

    body = assert_problem(sis.get("/persons"), 401)
    assert body["detail"] == "Onbekende of ingetrokken sleutel."


def test_a_users_token_or_session_does_not_open_the_ooapi(client, coordinator):
    token = Token.objects.create(user=coordinator).key
    for header in (f"Token {token}", f"Bearer {token}"):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=header)
        assert_problem(api.get(f"{BASE}/persons"), 401)
    client.force_login(coordinator)
    assert_problem(client.get(f"{BASE}/persons"), 401)


def test_a_system_token_opens_nothing_else(sis, inschrijving):
    assert sis.client.get("/api/v1/inschrijvingen/").status_code in (401, 403)
    assert sis.client.get(f"/api/v1/inschrijvingen/{inschrijving.pk}/").status_code in (401, 403)
    assert sis.client.get("/portfolio/").status_code == 302  # to the login page


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_ooapi_is_read_only(sis, method):
    response = getattr(sis.client, method)(f"{BASE}/persons", {}, format="json")

    assert_problem(response, 405)


def test_an_unknown_path_is_a_problem_404(sis):
    assert_problem(sis.get("/courses"), 404)
    assert_problem(sis.get("/persons/x/y/z"), 404)


def test_a_nul_in_a_parameter_is_a_problem_400(sis):
    assert_problem(sis.get("/persons", q="a\x00b"), 400)


def test_only_the_hash_of_the_token_is_stored_and_use_is_recorded(make_client):
    koppeling, token = services.systeemkoppeling_create(naam="Eduarte", instellingsbreed=True)

    stored = Systeemkoppeling.objects.filter(pk=koppeling.pk).values().get()
    assert token not in str(stored)
    assert stored["token_hash"] == services.token_hash(token)
    assert stored["last_used_at"] is None
    Ooapi(token).ok("/")
    koppeling.refresh_from_db()
    assert koppeling.last_used_at is not None


def test_the_command_prints_the_token_once_and_scopes_to_opleidingen(commercie, capsys, cohort):
    call_command("create_ooapi_client", "--naam", "SIS", "--opleiding", "Intercedent")

    out = capsys.readouterr().out
    token = out.splitlines()[2]
    koppeling = Systeemkoppeling.objects.get(naam="SIS")
    assert token.startswith("ooapi_")
    assert koppeling.token_hash == services.token_hash(token)
    assert [o.naam for o in koppeling.opleidingen.all()] == ["Intercedent"]
    assert not koppeling.instellingsbreed
    assert Ooapi(token).get("/").status_code == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--naam", "SIS", "--opleiding", "Bakkerij"], "Onbekende opleiding: Bakkerij"),
        (["--naam", " ", "--instellingsbreed"], "Geef de koppeling een naam."),
    ],
)
def test_the_command_refuses_what_it_can_not_make(commercie, cohort, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_ooapi_client", *args)
    assert not Systeemkoppeling.objects.exists()


def test_the_command_needs_a_scope(commercie):
    with pytest.raises(CommandError, match="one of the arguments --opleiding --instellingsbreed is required"):
        call_command("create_ooapi_client", "--naam", "SIS")


def test_the_admin_lists_and_revokes_but_never_makes_a_token(admin_client, make_client):
    sis = make_client()

    page = admin_client.get("/admin/ooapi/systeemkoppeling/")
    assert sis.koppeling.token_prefix in page.content.decode()
    assert admin_client.get("/admin/ooapi/systeemkoppeling/add/").status_code == 403
    admin_client.post("/admin/ooapi/systeemkoppeling/", {"action": "revoke", "_selected_action": [sis.koppeling.pk]})

    sis.koppeling.refresh_from_db()
    assert sis.koppeling.revoked_at is not None
    assert sis.get("/").status_code == 401
