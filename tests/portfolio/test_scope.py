"""Issue 12, point 2: a coordinator sees and manages only the opleidingen they coordinate; a beheerder all."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from accounts.roles import Role
from assessment import services as assessment_services
from assessment.models import Examenpoging
from diploma import report_requests
from diploma import services as diploma_services
from diploma.models import Report
from portfolio import selectors
from portfolio.models import Inschrijving
from tests.factories import UserFactory, in_group, score_all


@pytest.fixture
def beheerder(db):
    return in_group(UserFactory.create(username="beheerder"), Role.BEHEERDER)


@pytest.fixture
def agreed(inschrijving, werkproces, praktijk, school) -> Examenpoging:
    for user in (praktijk, school):
        score_all(
            assessment_services.beoordeling_start(
                inschrijving=inschrijving, werkproces=werkproces, by=user, soort="examen"
            ),
            user,
        )
    poging = Examenpoging.objects.get(inschrijving=inschrijving)
    assert poging.status == "overeenstemming"
    return poging


def test_each_coordinator_lists_only_their_own_opleidingen_and_the_beheerder_all(
    inschrijving, coordinator, other_coordinator, beheerder
):
    theirs = Inschrijving.objects.exclude(pk=inschrijving.pk).get()

    assert list(selectors.inschrijving_list(user=coordinator)) == [inschrijving]
    assert list(selectors.inschrijving_list(user=other_coordinator)) == [theirs]
    assert set(selectors.inschrijving_list(user=beheerder)) == {inschrijving, theirs}
    assert [c.opleiding.naam for c in selectors.cohort_list(user=other_coordinator)] == ["Retail"]
    assert [o.naam for o in selectors.opleiding_list(user=coordinator)] == ["Intercedent"]
    assert {o.naam for o in selectors.opleiding_list(user=beheerder)} == {"Intercedent", "Retail"}


def test_another_opleidings_pages_and_api_are_not_found(client, api_client, inschrijving, cohort, other_coordinator):
    client.force_login(other_coordinator)
    api_client.force_authenticate(other_coordinator)
    pages = [
        f"/portfolio/beheer/cohorten/{cohort.pk}/",
        f"/portfolio/beheer/cohorten/{cohort.pk}/inschrijvingen/import/",
        f"/diploma/cohort/{cohort.pk}/",
        f"/diploma/inschrijving/{inschrijving.pk}/",
        f"/geschiedenis/inschrijving/{inschrijving.pk}/",
        f"/portfolio/{inschrijving.pk}/",
        f"/beoordelen/voorschrift/{cohort.pk}/",
    ]
    api = [f"/api/v1/inschrijvingen/{inschrijving.pk}/", f"/api/v1/cohorten/{cohort.pk}/gereedheid/"]

    assert {url: client.get(url).status_code for url in pages} == dict.fromkeys(pages, 404)
    assert {url: api_client.get(url).status_code for url in api} == dict.fromkeys(api, 404)
    listed = api_client.get("/api/v1/inschrijvingen/").json()["results"]
    assert [i["id"] for i in listed] == [Inschrijving.objects.exclude(pk=inschrijving.pk).get().pk]


def test_another_opleidings_results_are_neither_listed_nor_decided(client, agreed, coordinator, other_coordinator):
    client.force_login(other_coordinator)

    listed = client.get("/beoordelen/vaststellen/").content.decode()
    bulk = client.post("/beoordelen/vaststellen/", {"poging": [agreed.pk]}, follow=True)
    with pytest.raises(PermissionDenied):
        assessment_services.poging_vaststellen(poging=agreed, by=other_coordinator)

    agreed.refresh_from_db()
    assert "Sanne" not in listed
    assert bulk.status_code == 200
    assert agreed.status == "overeenstemming"
    assessment_services.poging_vaststellen(poging=agreed, by=coordinator)
    agreed.refresh_from_db()
    assert agreed.status == "vastgesteld"


def test_another_opleidings_diploma_results_reports_and_enrolments_are_refused(
    inschrijving, cohort, p3, other_coordinator
):
    with pytest.raises(PermissionDenied):
        diploma_services.generiek_save(inschrijving=inschrijving, by=other_coordinator, nederlands="voldoende")
    with pytest.raises(PermissionDenied):
        report_requests.report_request(by=other_coordinator, kind=Report.Kind.READINESS_CSV, cohort=cohort)
    with pytest.raises(PermissionDenied):
        report_requests.report_request(
            by=other_coordinator, kind=Report.Kind.STUDENT_PROGRESS, inschrijving=inschrijving
        )
    from portfolio.services import inschrijving_create

    with pytest.raises(PermissionDenied):
        inschrijving_create(
            by=other_coordinator,
            student=UserFactory.create(username="nieuw"),
            profiel=p3,
            cohort=cohort,
            studentnummer="999999",
            startdatum=inschrijving.startdatum,
        )


def test_a_referred_poging_mails_only_the_coordinators_of_its_opleiding(
    inschrijving, werkproces, praktijk, school, coordinator, other_coordinator, django_capture_on_commit_callbacks
):
    a = score_all(
        assessment_services.beoordeling_start(
            inschrijving=inschrijving, werkproces=werkproces, by=praktijk, soort="examen"
        ),
        praktijk,
    )
    score_all(
        assessment_services.beoordeling_start(
            inschrijving=inschrijving, werkproces=werkproces, by=school, soort="examen"
        ),
        school,
        overrides={a.scores.first().criterium_id: "onvoldoende"},
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.poging_voorleggen(poging=Examenpoging.objects.get(), by=praktijk)

    assert [m.to for m in mail.outbox] == [["coordinator@example.test"]]


def test_a_coordinator_who_creates_an_opleiding_coordinates_it_and_offers_only_their_own_in_the_cohort_form(
    client, commercie, coordinator, other_coordinator
):
    client.force_login(coordinator)

    client.post("/portfolio/beheer/cohorten/", {"opleiding": "1", "naam": "Marketing", "dossier": commercie.pk})
    page = client.get("/portfolio/beheer/cohorten/").content.decode()

    assert [o.naam for o in selectors.opleiding_list(user=coordinator)] == ["Intercedent", "Marketing"]
    assert ">Retail<" not in page


def test_a_coordinator_of_no_opleiding_is_told_how_to_get_one(client, db):
    lonely = in_group(UserFactory.create(username="nieuwe-coordinator"), Role.COORDINATOR)
    client.force_login(lonely)

    page = client.get("/portfolio/beheer/cohorten/").content.decode()

    assert "Je coördineert nog geen opleiding." in page
