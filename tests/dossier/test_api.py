from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from dossier.models import Criterium, Werkproces


@pytest.fixture
def client_as_student(api_client, student):
    api_client.force_authenticate(student)
    return api_client


def all_pages(client, url: str) -> list[dict]:
    results = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        results.extend(body["results"])
        url = body["next"]
    return results


def test_anonymous_gets_401_with_a_dutch_message(api_client, commercie):
    response = api_client.get("/api/v1/werkprocessen/")

    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "Authenticatiegegevens zijn niet opgegeven."


def test_token_authentication_works(api_client, student):
    token = Token.objects.create(user=student)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = api_client.get("/api/v1/dossiers/")

    assert response.status_code == 200
    assert [d["crebo"] for d in response.json()["results"]] == ["23064"]


def test_dossier_lists_its_profielen(client_as_student):
    dossier = client_as_student.get("/api/v1/dossiers/23064/").json()

    assert dossier["naam"] == "Commercie"
    assert [(p["code"], p["crebo"]) for p in dossier["profielen"]] == [
        ("P1", "25134"), ("P2", "25135"), ("P3", "25136"), ("P4", "25132"), ("P5", "25133"), ("P6", "25137"),
    ]  # fmt: skip


def test_werkproces_has_the_documented_shape(client_as_student):
    werkproces = Werkproces.objects.get(code="B1-K1-W1")

    body = client_as_student.get(f"/api/v1/werkprocessen/{werkproces.pk}/").json()

    assert body["code"] == "B1-K1-W1"
    assert body["titel"] == "Verzamelt klant-, product- en marktinformatie"
    assert body["kerntaak"] == "B1-K1"
    first = body["criteria"][0]
    assert set(first) == {"id", "soort", "tekst", "profiel"}
    assert first == {
        "id": Criterium.objects.get(werkproces=werkproces, soort="resultaat", profiel=None).pk,
        "soort": "resultaat",
        "tekst": "Relevante informatie (ten behoeve van een opdracht) is verzameld, vastgelegd, gerapporteerd en "
        "gecommuniceerd.",
        "profiel": None,
    }
    assert [(c["soort"], c["profiel"]) for c in body["criteria"]] == [
        ("resultaat", None), ("resultaat", "P3"), ("resultaat", "P3"),
        ("gedrag", None), ("gedrag", None), ("gedrag", "P3"), ("gedrag", "P3"),
    ]  # fmt: skip


def test_profiel_filter_limits_werkprocessen_and_criteria(client_as_student):
    everything = all_pages(client_as_student, "/api/v1/werkprocessen/")
    for_p3 = all_pages(client_as_student, "/api/v1/werkprocessen/?profiel=P3")
    for_p1 = all_pages(client_as_student, "/api/v1/werkprocessen/?profiel=P1")

    assert len(everything) == 37
    assert len(for_p3) == 16
    assert len(for_p1) == 11
    p3_criteria = [c for w in for_p3 for c in w["criteria"]]
    assert sum(c["soort"] == "resultaat" for c in p3_criteria) == 44
    assert sum(c["soort"] == "gedrag" for c in p3_criteria) == 74
    assert {c["profiel"] for c in p3_criteria} == {None, "P3"}
    p1_criteria = [c for w in for_p1 for c in w["criteria"]]
    assert {c["profiel"] for c in p1_criteria} == {None}
    assert (
        sum(c["soort"] == "resultaat" for c in p1_criteria),
        sum(c["soort"] == "gedrag" for c in p1_criteria),
    ) == (15, 37)


def test_profiel_filter_limits_omschrijving_and_competenties(client_as_student):
    werkproces = Werkproces.objects.get(code="B1-K1-W1")

    for_p1 = client_as_student.get(f"/api/v1/werkprocessen/{werkproces.pk}/?profiel=P1").json()
    for_p3 = client_as_student.get(f"/api/v1/werkprocessen/{werkproces.pk}/?profiel=25136").json()

    assert for_p1["omschrijving_aanvullingen"] == []
    assert [c["naam"] for c in for_p1["competenties"]] == [
        "Formuleren en rapporteren", "Onderzoeken", 'Op de behoeften en verwachtingen van de "klant" richten',
    ]  # fmt: skip
    assert [a["profiel"] for a in for_p3["omschrijving_aanvullingen"]] == ["P3"]
    assert len(for_p3["competenties"]) == 6


def test_profiel_werkproces_is_404_for_another_profiel(client_as_student):
    werkproces = Werkproces.objects.get(code="P3-K1-W1")

    assert client_as_student.get(f"/api/v1/werkprocessen/{werkproces.pk}/?profiel=P1").status_code == 404
    assert client_as_student.get(f"/api/v1/werkprocessen/{werkproces.pk}/?profiel=P3").status_code == 200


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("profiel=P9", "profiel", "Onbekend profiel 'P9'."),
        ("dossier=12345", "dossier", "Onbekend kwalificatiedossier '12345'."),
    ],
)
def test_bad_filter_is_a_400_with_a_dutch_message(client_as_student, query, field, message):
    response = client_as_student.get(f"/api/v1/werkprocessen/?{query}")

    assert response.status_code == 400
    assert response.json() == {field: message}


def test_kerntaken_for_a_profiel(client_as_student):
    body = client_as_student.get("/api/v1/kerntaken/?profiel=P5").json()

    assert [k["code"] for k in body["results"]] == ["B1-K1", "B1-K2", "B1-K3", "P5-K1", "P5-K2"]
    assert [w["code"] for w in body["results"][3]["werkprocessen"]] == [
        "P5-K1-W1",
        "P5-K1-W2",
        "P5-K1-W3",
        "P5-K1-W4",
    ]


def test_profielen_carry_the_overview_data(client_as_student):
    body = client_as_student.get("/api/v1/profielen/?dossier=23064").json()
    p3 = next(p for p in body["results"] if p["code"] == "P3")

    assert (p3["niveau"], p3["typering"], p3["studieduur"], p3["wettelijke_beroepsvereisten"]) == (
        4, "middenkaderopleiding", 4800, False,
    )  # fmt: skip


@pytest.mark.parametrize("query", ["", "?profiel=P1", "?profiel=P3", "?dossier=23064&profiel=P6"])
def test_werkproces_list_query_count_does_not_depend_on_profiel(client_as_student, django_assert_num_queries, query):
    # session auth is forced, so: count, page, and one query per prefetch (criteria, competenties,
    # aanvullingen) plus one for the profiel lookup when filtering and one for the dossier.
    expected = 5 + ("profiel" in query) + ("dossier" in query)
    with django_assert_num_queries(expected):
        response = client_as_student.get(f"/api/v1/werkprocessen/{query}")
    assert response.status_code == 200


def test_openapi_schema_documents_the_endpoints(api_client, commercie):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    for path in [
        "/api/v1/dossiers/",
        "/api/v1/profielen/",
        "/api/v1/kerntaken/",
        "/api/v1/werkprocessen/{id}/",
    ]:
        assert path in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/werkprocessen/"]["get"]["parameters"]}
    assert {"profiel", "dossier", "page"} <= parameters
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_api_docs_page_uses_no_cdn(client, commercie):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html


def test_query_count_stays_the_same_with_a_second_dossier(client_as_student, dossier_txt, tmp_path):
    def count(query: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client_as_student.get(f"/api/v1/werkprocessen/{query}")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    before = {query: count(query) for query in ["", "?profiel=P3&dossier=23064"]}
    other = tmp_path / "ander.txt"
    other.write_text(dossier_txt.read_text(encoding="utf-8").replace("Commercieel medewerker", "Verkoper"))
    call_command("import_dossier", str(other), "--crebo", "99999", "--naam", "Verkoop", stdout=StringIO())

    after = {query: count(query) for query in ["", "?profiel=P3&dossier=23064"]}

    assert after == before
    assert client_as_student.get("/api/v1/werkprocessen/").json()["count"] == 74


def test_profiel_code_alone_is_ambiguous_with_two_dossiers(client_as_student, dossier_txt, tmp_path):
    other = tmp_path / "ander.txt"
    other.write_text(dossier_txt.read_text(encoding="utf-8").replace("Commercieel medewerker", "Verkoper"))
    call_command("import_dossier", str(other), "--crebo", "99999", "--naam", "Verkoop", stdout=StringIO())

    ambiguous = client_as_student.get("/api/v1/werkprocessen/?profiel=P3")
    by_crebo = client_as_student.get("/api/v1/werkprocessen/?profiel=25136")

    assert ambiguous.status_code == 400
    assert ambiguous.json() == {
        "profiel": "Profiel 'P3' bestaat in meer dan één dossier: geef ook het dossier (crebo) op."
    }
    assert by_crebo.json()["count"] == 16
