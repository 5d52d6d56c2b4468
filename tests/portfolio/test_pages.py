import re

import pytest
from django.db import connection

from portfolio import services
from portfolio.models import Bewijsstuk, Inschrijving
from tests.factories import criteria_of, png_bytes


@pytest.fixture
def as_student(client, student):
    client.force_login(student)
    return client


def test_student_home_opens_their_dashboard(as_student, inschrijving):
    response = as_student.get("/portfolio/")

    assert response["Location"] == f"/portfolio/{inschrijving.pk}/"


def test_dashboard_shows_every_kerntaak_and_werkproces_of_the_profiel(as_student, inschrijving, ingediend):
    html = as_student.get(f"/portfolio/{inschrijving.pk}/").content.decode()

    for code in ["B1-K1", "B1-K2", "B1-K3", "P3-K1", "B1-K1-W1", "P3-K1-W5"]:
        assert code in html
    assert "P4-K1" not in html
    found = re.search(r'<tr data-werkproces="B1-K1-W1">.*?</tr>', html, re.S)
    assert found is not None
    row = found.group(0)
    assert '<span class="covered">2/7</span>' in row
    assert "1 ingediend" in row


def test_dashboard_query_count_does_not_grow_with_evidence(
    as_student, inschrijving, werkproces, pdf, django_assert_max_num_queries
):
    for n in range(12):
        b = services.bewijsstuk_create(
            inschrijving=inschrijving,
            werkproces=werkproces,
            titel=f"Bewijs {n}",
            criteria=criteria_of(werkproces, profiel_code="P3"),
            files=[pdf()],
            by=inschrijving.student,
        )
        if n % 2:
            services.bewijsstuk_submit(bewijsstuk=b, by=inschrijving.student)

    with django_assert_max_num_queries(25):
        response = as_student.get(f"/portfolio/{inschrijving.pk}/")
    assert response.status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pghistory records history on PostgreSQL only")
def test_a_page_that_only_reads_carries_no_audit_context(as_student, inschrijving, werkproces, pdf, monkeypatch):
    """Writes carry it (tests/invitations/test_views.py checks who is recorded); reads would pay for it on every
    query, as pghistory prefixes each statement with set_config calls while a context is open."""
    import pghistory.middleware

    opened = []
    context = pghistory.middleware.pghistory.context

    def spy(*args, **kwargs):
        opened.append(kwargs.get("url"))
        return context(*args, **kwargs)

    monkeypatch.setattr(pghistory.middleware.pghistory, "context", spy)
    assert as_student.get(f"/portfolio/{inschrijving.pk}/").status_code == 200
    assert opened == []
    url = f"/portfolio/{inschrijving.pk}/werkproces/B1-K1-W1/nieuw/"
    as_student.post(url, {"titel": "Met context", "reflectie": "", "files": [pdf()]})
    assert opened == [url]


def test_upload_form_creates_a_concept_with_files_and_claims(as_student, inschrijving, werkproces, pdf):
    criteria = criteria_of(werkproces, profiel_code="P3")

    response = as_student.post(
        f"/portfolio/{inschrijving.pk}/werkproces/B1-K1-W1/nieuw/",
        {
            "titel": "Arbeidsmarktanalyse",
            "reflectie": "Wat ik leerde.",
            "criteria": [c.pk for c in criteria],
            "files": [pdf("analyse.pdf")],
            "camera": [
                __import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile("foto.png", png_bytes())
            ],
        },
    )

    bewijsstuk = Bewijsstuk.objects.get(titel="Arbeidsmarktanalyse")
    assert response["Location"] == f"/portfolio/bewijsstukken/{bewijsstuk.pk}/"
    versie = bewijsstuk.versies.get()
    assert sorted(versie.bestanden.values_list("naam", "soort")) == [("analyse.pdf", "pdf"), ("foto.png", "png")]
    assert set(versie.criteria.all()) == set(criteria)


def test_a_refused_upload_shows_a_dutch_message_and_keeps_the_form(as_student, inschrijving):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = as_student.post(
        f"/portfolio/{inschrijving.pk}/werkproces/B1-K1-W1/nieuw/",
        {"titel": "Virus", "files": [SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 200)]},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "setup.exe:" in html
    assert 'value="Virus"' in html
    assert not Bewijsstuk.objects.exists()


def test_only_criteria_of_the_profiel_are_offered(as_student, inschrijving):
    html = as_student.get(f"/portfolio/{inschrijving.pk}/werkproces/B1-K1-W1/nieuw/").content.decode()

    assert html.count('name="criteria"') == 7


def test_submit_and_withdraw_buttons(as_student, concept):
    as_student.post(f"/portfolio/bewijsstukken/{concept.pk}/indienen/")
    concept.refresh_from_db()
    assert concept.status == "ingediend"

    page = as_student.get(f"/portfolio/bewijsstukken/{concept.pk}/", follow=True).content.decode()
    assert "Intrekken" in page

    as_student.post(f"/portfolio/bewijsstukken/{concept.pk}/intrekken/")
    concept.refresh_from_db()
    assert concept.status == "concept"


def test_submitting_twice_gives_a_message_not_an_error(as_student, ingediend):
    response = as_student.post(f"/portfolio/bewijsstukken/{ingediend.pk}/indienen/", follow=True)

    assert response.status_code == 200
    assert "Dit bewijsstuk is al ingediend." in response.content.decode()


def test_beoordelaar_returns_with_feedback_and_student_sees_it(client, school, student, ingediend):
    client.force_login(school)
    client.post(f"/portfolio/bewijsstukken/{ingediend.pk}/teruggeven/", {"feedback": "Noem je bronnen."})
    client.force_login(student)

    html = client.get(f"/portfolio/bewijsstukken/{ingediend.pk}/").content.decode()

    assert "Terug naar student" in html
    assert "Noem je bronnen." in html


def test_download_headers(as_student, ingediend):
    bestand = ingediend.versies.get().bestanden.get()

    response = as_student.get(f"/portfolio/bestanden/{bestand.pk}/")

    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_coordinator_creates_an_enrolment(client, coordinator, cohort, p3, praktijk, school):
    client.force_login(coordinator)

    response = client.post(
        f"/portfolio/beheer/cohorten/{cohort.pk}/inschrijvingen/nieuw/",
        {
            "gebruikersnaam": "lotte",
            "voornaam": "Lotte",
            "achternaam": "Smit",
            "email": "lotte@example.test",
            "studentnummer": "300300",
            "profiel": p3.pk,
            "leerweg": "BBL",
            "startdatum": "2025-09-01",
            "leerbedrijf": "Flex BV",
            "praktijkbeoordelaar": praktijk.pk,
            "schoolbeoordelaar": school.pk,
        },
    )

    assert response.status_code == 302
    inschrijving = Inschrijving.objects.get(studentnummer="300300")
    assert (inschrijving.student.username, inschrijving.leerweg, inschrijving.profiel.code) == ("lotte", "BBL", "P3")
    assert sorted(inschrijving.toewijzingen.values_list("beoordelaar__username", "rol")) == [
        ("praktijk", "praktijk"), ("school", "school"),
    ]  # fmt: skip
    assert not inschrijving.student.has_usable_password()


def test_bpv_coach_cannot_also_be_beoordelaar(client, coordinator, cohort, p3, praktijk):
    client.force_login(coordinator)

    response = client.post(
        f"/portfolio/beheer/cohorten/{cohort.pk}/inschrijvingen/nieuw/",
        {
            "gebruikersnaam": "lotte", "voornaam": "Lotte", "achternaam": "Smit", "email": "lotte@example.test",
            "studentnummer": "300300", "profiel": p3.pk, "leerweg": "BOL", "startdatum": "2025-09-01",
            "praktijkbeoordelaar": praktijk.pk, "bpv_coach": praktijk.pk,
        },
    )  # fmt: skip

    assert response.status_code == 400
    assert "is de BPV-coach van deze student en kan niet ook beoordelaar zijn" in response.content.decode()
    assert not Inschrijving.objects.filter(studentnummer="300300").exists()


def test_csv_import_page_lists_errors_with_line_numbers(client, coordinator, cohort):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator)
    csv = "studentnummer;voornaam;achternaam;email;profiel;startdatum\n1;A;B;a@example.test;P9;2025-09-01\n"

    response = client.post(
        f"/portfolio/beheer/cohorten/{cohort.pk}/inschrijvingen/import/",
        {"bestand": SimpleUploadedFile("klas.csv", csv.encode(), content_type="text/csv")},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Regel 2" in html
    assert "P9" in html
