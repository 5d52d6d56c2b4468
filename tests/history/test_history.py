"""The coordinator's history of one student: every fact that decides the diploma, as sentences."""

import pytest
from django.db import connection

from assessment import services as assessment_services
from dossier.models import Werkproces
from tests.factories import score_all

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pghistory records history on PostgreSQL only"
)


def test_the_history_page_reads_every_kind_of_change_as_sentences(
    client, inschrijving, praktijk, school, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = f"/diploma/inschrijving/{inschrijving.pk}/resultaten/"
    client.post(url, {"action": "generiek", "engels_ce": "5,4", "engels_se": "5,4"})
    client.post(url, {"action": "generiek", "engels_ce": "5,4", "engels_se": "5,8", "reden": "herkansing"})
    werkproces = Werkproces.objects.get(kerntaak__dossier=inschrijving.profiel.dossier, code="B1-K1-W1")
    for user in (praktijk, school):
        beoordeling = assessment_services.beoordeling_start(
            inschrijving=inschrijving, werkproces=werkproces, by=user, soort="examen"
        )
        score_all(beoordeling, user)
    assessment_services.poging_vaststellen(poging=inschrijving.pogingen.get(), by=coordinator)

    with django_assert_max_num_queries(25):
        response = client.get(f"/geschiedenis/inschrijving/{inschrijving.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Engels instellingsexamen 5,4 → 5,8" in html
    assert "reden: herkansing" in html
    assert "door Carla" in html or f"door {coordinator.get_full_name() or coordinator.username}" in html
    assert "Vaststelling vastgelegd" in html
    assert "Beoordelaar van een inschrijving vastgelegd" in html


def test_only_a_coordinator_reads_the_history(client, inschrijving, school):
    client.force_login(school)

    assert client.get(f"/geschiedenis/inschrijving/{inschrijving.pk}/").status_code == 403


def test_keuzedelen_vrijstellingen_and_the_voorschrift_are_in_the_history(client, inschrijving, coordinator):
    from decimal import Decimal

    from assessment.models import Beoordelingsvoorschrift
    from diploma import services as diploma_services

    diploma_services.keuzedeel_save(
        inschrijving=inschrijving, by=coordinator, code="K0123", naam="Ondernemen", sbu=240, cijfer=Decimal("7.0")
    )
    diploma_services.vrijstelling_save(
        inschrijving=inschrijving, by=coordinator, onderdeel="engels", reden="Eerder behaald"
    )
    Beoordelingsvoorschrift.objects.create(cohort=inschrijving.cohort, schaal="punten")
    client.force_login(coordinator)

    html = client.get(f"/geschiedenis/inschrijving/{inschrijving.pk}/").content.decode()

    assert "Keuzedeelresultaat vastgelegd: code K0123; naam Ondernemen; omvang (SBU) 240; cijfer 7" in html
    assert "Vrijstelling vastgelegd" in html
    assert "Eerder behaald" in html
    assert "Beoordelingsvoorschrift vastgelegd" in html
