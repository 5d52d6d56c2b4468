"""Issue 15: any input gets a clear Dutch 4xx, never a 500."""

import pytest
from django.db import IntegrityError

from tests.factories import UserFactory


@pytest.fixture
def user(db):
    return UserFactory.create(username="fuzzer")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/bewijsstukken/false/",
        "/api/v1/bewijsstukken/null,null/submit/",
        "/api/v1/bewijsstukken/1e3/",
        "/api/v1/beoordelingen/abc/",
        "/api/v1/inschrijvingen/-1/",
        "/api/v1/rapporten/x/",
        "/api/v1/werkprocessen/B1/",
        "/api/v1/dossiers/abc/framework/",
    ],
)
def test_a_path_id_that_is_not_a_number_is_a_404(api_client, user, path):
    api_client.force_authenticate(user)

    response = api_client.get(path)

    assert response.status_code == 404


def test_a_nul_byte_in_a_query_parameter_is_a_dutch_400_in_the_api_and_on_a_page(api_client, client, user):
    api_client.force_authenticate(user)
    client.force_login(user)

    api = api_client.get("/api/v1/werkprocessen/?werkproces=%00")
    page = client.get("/portfolio/studenten/?q=ab%00c")

    assert api.status_code == 400
    assert api.json()["detail"].startswith("Ongeldige tekens in de invoer")
    assert page.status_code == 400
    assert "Ongeldige tekens in de invoer" in page.content.decode()


def test_a_nul_byte_in_a_json_text_field_is_a_400(api_client, user, inschrijving):
    api_client.force_authenticate(inschrijving.student)

    response = api_client.post(
        "/api/v1/bewijsstukken/",
        '{"inschrijving": ' + str(inschrijving.pk) + ', "werkproces": "B1-K1-W1", "titel": "a\\u0000b"}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Ongeldige tekens in de invoer")


def test_a_deeply_nested_json_body_is_a_400(api_client, user):
    api_client.force_authenticate(user)
    body = "[" * 5000 + "]" * 5000

    response = api_client.post("/api/v1/rapporten/", body, content_type="application/json")

    assert response.status_code == 400
    assert "te diep genest" in response.json()["detail"]


def test_an_integrity_error_that_escapes_is_a_logged_dutch_409(client, user, monkeypatch, caplog):
    from portfolio import views

    def boom(*args, **kwargs):
        raise IntegrityError('duplicate key value violates unique constraint "poging_unique"')

    monkeypatch.setattr(views.selectors, "inschrijving_search", boom)
    client.force_login(user)

    response = client.get("/portfolio/studenten/")

    assert response.status_code == 409
    assert "iemand anders deed tegelijk hetzelfde" in response.content.decode()
    assert "IntegrityError at /portfolio/studenten/" in caplog.text


def test_a_json_body_over_the_upload_limit_is_a_dutch_413(api_client, user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    api_client.force_authenticate(user)

    response = api_client.post(
        "/api/v1/bewijsstukken/", '{"titel": "' + "x" * 2000 + '"}', content_type="application/json"
    )

    assert response.status_code == 413
    assert response.json()["detail"].startswith("De aanvraag is te groot")


def test_a_form_over_the_upload_limit_is_a_413_page(client, user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client.force_login(user)

    response = client.post("/portfolio/studenten/", {"q": "x" * 2000})

    assert response.status_code == 413
    assert "De aanvraag is te groot" in response.content.decode()


def test_a_form_with_too_many_fields_is_a_400(client, user, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    client.force_login(user)

    response = client.post("/portfolio/studenten/", {f"veld{i}": "x" for i in range(20)})

    assert response.status_code == 400
    assert "te veel velden" in response.content.decode()


def test_a_url_under_api_that_matches_nothing_is_a_json_404_and_a_page_stays_a_page(api_client, client, user):
    api_client.force_authenticate(user)
    client.force_login(user)

    api = api_client.get("/api/v1/bestaat-niet/")
    page = client.get("/bestaat-niet/")

    assert api.status_code == 404
    assert api["Content-Type"] == "application/json"
    assert api.json() == {"detail": "Niet gevonden."}
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/bewijsstukken/99999999999999999999/",
        "/api/v1/inschrijvingen/99999999999999999999/gereedheid/",
        "/portfolio/bewijsstukken/99999999999999999999/",
        "/diploma/cohort/99999999999999999999/",
    ],
)
def test_an_id_too_large_for_the_database_is_a_404(api_client, client, user, path):
    api_client.force_authenticate(user)
    client.force_login(user)

    response = (api_client if path.startswith("/api/") else client).get(path)

    assert response.status_code == 404


@pytest.mark.parametrize("value", ["99999999999999999999", "²", "１２"])
def test_a_filter_id_that_is_no_database_number_filters_nothing_instead_of_failing(api_client, user, value):
    api_client.force_authenticate(user)

    bewijsstukken = api_client.get("/api/v1/bewijsstukken/", {"inschrijving": value})
    beoordelingen = api_client.get("/api/v1/beoordelingen/", {"inschrijving": value})
    versie = api_client.get("/api/v1/werkprocessen/", {"dossier": "23064", "versie": value})

    assert bewijsstukken.status_code == 200
    assert beoordelingen.status_code == 200
    assert versie.status_code == 400
    assert versie.json() == {"versie": "Een versie is een volgnummer, zoals 2."}
