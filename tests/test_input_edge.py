"""Issue 15: any input gets a clear Dutch 4xx, never a 500."""

import pytest
from django.db import IntegrityError

from tests.factories import UserFactory
from tests.portfolio.conftest import *  # noqa: F403  (the portfolio personas)


@pytest.fixture
def user(db):
    return UserFactory(username="fuzzer")


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
