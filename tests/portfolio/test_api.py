from django.core.files.uploadedfile import SimpleUploadedFile

from portfolio.models import Bewijsstuk
from tests.factories import criteria_of


def test_student_creates_submits_and_reads_versions_through_the_api(api_client, student, inschrijving, werkproces, pdf):
    api_client.force_authenticate(student)
    criteria = criteria_of(werkproces, profiel_code="P3")

    created = api_client.post(
        "/api/v1/bewijsstukken/",
        {
            "inschrijving": inschrijving.pk,
            "werkproces": "B1-K1-W1",
            "titel": "Vacatureanalyse",
            "reflectie": "Geleerd.",
            "criteria": [c.pk for c in criteria],
            "files": [pdf("analyse.pdf")],
        },
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "concept"
    assert body["versies"][0]["criteria"] == [c.pk for c in criteria]
    download = body["versies"][0]["bestanden"][0]["download"]

    submitted = api_client.post(f"/api/v1/bewijsstukken/{body['id']}/submit/")
    assert submitted.json()["status"] == "ingediend"
    assert api_client.get(download).status_code == 200
    versies = api_client.get(f"/api/v1/bewijsstukken/{body['id']}/versies/").json()
    assert [v["nummer"] for v in versies] == [1]
    assert versies[0]["submitted_at"] is not None


def test_a_refused_upload_is_a_400_with_the_dutch_reason(api_client, student, inschrijving):
    api_client.force_authenticate(student)

    response = api_client.post(
        "/api/v1/bewijsstukken/",
        {
            "inschrijving": inschrijving.pk,
            "werkproces": "B1-K1-W1",
            "titel": "Pagina",
            "files": [SimpleUploadedFile("pagina.html", b"<!doctype html><script>alert(1)</script>")],
        },
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("pagina.html: ")
    assert not Bewijsstuk.objects.exists()


def test_werkproces_of_another_profiel_is_a_400(api_client, student, inschrijving):
    api_client.force_authenticate(student)

    response = api_client.post(
        "/api/v1/bewijsstukken/",
        {"inschrijving": inschrijving.pk, "werkproces": "P4-K1-W1", "titel": "x"},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "Werkproces P4-K1-W1 hoort niet bij profiel P3."}


def test_another_students_inschrijving_is_unknown(api_client, other_student, inschrijving):
    api_client.force_authenticate(other_student)

    response = api_client.post(
        "/api/v1/bewijsstukken/", {"inschrijving": inschrijving.pk, "werkproces": "B1-K1-W1", "titel": "x"}
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "Onbekende inschrijving."}


def test_edit_after_return_makes_a_new_version(api_client, student, school, ingediend, pdf):
    api_client.force_authenticate(school)
    api_client.post(f"/api/v1/bewijsstukken/{ingediend.pk}/return/", {"feedback": "Meer bronnen."})
    api_client.force_authenticate(student)

    response = api_client.patch(
        f"/api/v1/bewijsstukken/{ingediend.pk}/",
        {"reflectie": "Met bronnen.", "files": [pdf("bronnen.pdf")]},
        format="multipart",
    )

    assert response.status_code == 200, response.json()
    versies = response.json()["versies"]
    assert [(v["nummer"], v["reflectie"], len(v["bestanden"])) for v in versies] == [
        (2, "Met bronnen.", 2),
        (1, "Ik heb vacaturesites vergeleken.", 1),
    ]
    assert versies[1]["feedback"] == "Meer bronnen."


def test_delete_a_concept_through_the_api(api_client, student, concept):
    api_client.force_authenticate(student)

    assert api_client.delete(f"/api/v1/bewijsstukken/{concept.pk}/").status_code == 204
    assert not Bewijsstuk.objects.filter(pk=concept.pk).exists()


def test_list_query_count_does_not_grow(
    api_client, student, inschrijving, werkproces, pdf, django_assert_max_num_queries
):
    from portfolio import services

    for n in range(15):
        services.bewijsstuk_create(inschrijving=inschrijving, werkproces=werkproces, titel=f"B{n}", by=student)
    api_client.force_authenticate(student)

    with django_assert_max_num_queries(4):
        response = api_client.get("/api/v1/bewijsstukken/")
    assert response.json()["count"] == 15


def test_inschrijvingen_list_shape(api_client, coordinator, inschrijving, django_assert_max_num_queries):
    api_client.force_authenticate(coordinator)

    with django_assert_max_num_queries(6):
        body = api_client.get("/api/v1/inschrijvingen/").json()

    row = body["results"][0]
    assert (row["studentnummer"], row["profiel"], row["cohort"], row["bpv_coach"]) == (
        inschrijving.studentnummer, "P3", "2025-2026", "coach",
    )  # fmt: skip
    assert sorted((b["beoordelaar"], b["rol"]) for b in row["beoordelaars"]) == [
        ("praktijk", "praktijk"),
        ("school", "school"),
    ]


def test_schema_documents_the_portfolio_endpoints(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    for path in [
        "/api/v1/inschrijvingen/",
        "/api/v1/bewijsstukken/",
        "/api/v1/bewijsstukken/{id}/submit/",
        "/api/v1/bewijsstukken/{id}/withdraw/",
        "/api/v1/bewijsstukken/{id}/versies/",
        "/api/v1/bewijsstukken/{id}/bestanden/{bestand_id}/",
    ]:
        assert path in schema["paths"], path
    assert "multipart/form-data" in schema["paths"]["/api/v1/bewijsstukken/"]["post"]["requestBody"]["content"]
