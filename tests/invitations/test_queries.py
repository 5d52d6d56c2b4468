"""Issue 12.3: the lists and pages of invitations read a fixed number of queries, however many rows."""

import datetime

import pytest
from django.utils import timezone

from assessment import services as assessment_services
from invitations import services as invitation_services
from invitations.models import Event, Uitnodiging


@pytest.fixture
def many(enrolment, invite, coordinator):
    """Thirty ended invitations of the enrolment and one live one, each with a few events."""
    uitnodiging, link = invite(enrolment)
    now = timezone.now()
    Uitnodiging.objects.bulk_create(
        Uitnodiging(
            inschrijving=enrolment,
            beoordelaar=uitnodiging.beoordelaar,
            naam=f"Piet {n}",
            email=f"piet{n}@leerbedrijf.example",
            expires_at=now + datetime.timedelta(days=1),
            created_by=coordinator,
            revoked_at=now,
            revoked_by=coordinator,
        )
        for n in range(30)
    )
    for old in Uitnodiging.objects.exclude(pk=uitnodiging.pk):
        for soort in (Event.Soort.UITGENODIGD, Event.Soort.LINK_GEOPEND, Event.Soort.INGETROKKEN):
            invitation_services.event_record(uitnodiging=old, soort=soort, door=coordinator, detail=str(old))
    return uitnodiging, link


def test_the_api_list_does_not_grow_with_the_invitations(
    api_client, coordinator, enrolment, many, django_assert_max_num_queries
):
    api_client.force_authenticate(coordinator)

    with django_assert_max_num_queries(5):
        response = api_client.get(f"/api/v1/inschrijvingen/{enrolment.pk}/uitnodigingen/")

    assert response.json()["count"] == 31


def test_the_coordinators_page_does_not_grow_with_the_invitations(
    client, coordinator, enrolment, many, django_assert_max_num_queries
):
    client.force_login(coordinator)

    with django_assert_max_num_queries(11):
        response = client.get(f"/uitnodiging/inschrijving/{enrolment.pk}/")

    assert response.content.decode().count("data-uitnodiging=") == 31


def test_the_history_reads_the_events_in_a_fixed_number_of_queries(
    client, coordinator, enrolment, many, django_assert_max_num_queries
):
    client.force_login(coordinator)

    with django_assert_max_num_queries(25):
        response = client.get(f"/geschiedenis/inschrijving/{enrolment.pk}/")

    assert response.content.decode().count("Uitnodigingslink van Piet") == 30


def test_the_start_page_and_a_scoring_page_stay_within_bounds(
    client, enrolment, many, log_in, werkproces, ingediend_for, django_assert_max_num_queries
):
    uitnodiging, link = many
    for _n in range(3):
        ingediend_for(enrolment)
    beoordeling = assessment_services.beoordeling_start(
        inschrijving=enrolment, werkproces=werkproces, by=uitnodiging.beoordelaar, soort="examen"
    )
    log_in(client, link)

    with django_assert_max_num_queries(18):
        assert client.get("/uitnodiging/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(f"/beoordelen/beoordeling/{beoordeling.pk}/").status_code == 200
