import re
from decimal import Decimal

import pytest

from diploma import selectors
from diploma.models import GeneriekResultaat, KeuzedeelResultaat, Report
from dossier.models import Keuzedeel
from tests.factories import InschrijvingFactory, UserFactory, complete_student


def test_a_new_student_is_not_ready_and_every_open_item_is_named(inschrijving):
    readiness = selectors.student_readiness(inschrijving=inschrijving)

    assert readiness.uitkomst == "nog_niet"
    assert any("P3-K1" in item for item in readiness.open_items)
    assert {c.status for c in readiness.conditions} <= {"unknown", "not_met"}


def test_a_complete_student_is_ready(inschrijving, praktijk, school, coordinator):
    complete_student(inschrijving, praktijk=praktijk, school=school, coordinator=coordinator)

    readiness = selectors.student_readiness(inschrijving=inschrijving)

    assert readiness.uitkomst == "gereed", readiness.open_items
    assert readiness.open_items == ()


def test_what_if_shows_another_outcome_without_storing(inschrijving, praktijk, school, coordinator):
    complete_student(inschrijving, praktijk=praktijk, school=school, coordinator=coordinator)

    worse = selectors.student_readiness(
        inschrijving=inschrijving, what_if={"nederlands_ce": Decimal("4.0"), "nederlands_se": Decimal("5.0")}
    )

    assert worse.uitkomst == "nog_niet"
    assert GeneriekResultaat.objects.get(inschrijving=inschrijving).nederlands_ce == Decimal("6.0")


def test_cohort_readiness_query_count_does_not_grow(cohort, p3, django_assert_max_num_queries):
    for _ in range(3):
        InschrijvingFactory.create(cohort=cohort, profiel=p3)
    with django_assert_max_num_queries(12) as small:
        rows_small = list(selectors.cohort_readiness(cohort=cohort, chunk_size=500))
    for _ in range(27):
        InschrijvingFactory.create(cohort=cohort, profiel=p3)

    with django_assert_max_num_queries(len(small.captured_queries)):
        rows = list(selectors.cohort_readiness(cohort=cohort, chunk_size=500))

    assert (len(rows_small), len(rows)) == (3, 30)


def test_student_sees_wat_mis_ik_nog_on_the_dashboard(client, student, inschrijving):
    client.force_login(student)

    html = client.get(f"/portfolio/{inschrijving.pk}/").content.decode()

    assert "nog niet gereed" in html
    assert client.get(f"/diploma/inschrijving/{inschrijving.pk}/").status_code == 200


@pytest.mark.parametrize("persona", ["other_student", "outsider", "other_beoordelaar"])
def test_readiness_of_another_student_is_404(client, request, inschrijving, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(f"/diploma/inschrijving/{inschrijving.pk}/").status_code == 404


def test_coordinator_cohort_table_filters_by_open_condition(
    client, coordinator, cohort, inschrijving, praktijk, school
):
    complete_student(inschrijving, praktijk=praktijk, school=school, coordinator=coordinator)
    InschrijvingFactory.create(cohort=cohort, profiel=inschrijving.profiel, studentnummer="999999")
    client.force_login(coordinator)

    everyone = client.get(f"/diploma/cohort/{cohort.pk}/").content.decode()
    open_kerntaken = client.get(f"/diploma/cohort/{cohort.pk}/?conditie=kerntaken").content.decode()

    assert re.search(r'id="gereed-count">1<', everyone)
    assert re.search(r'id="nog-niet-count">1<', everyone)
    assert 'data-studentnummer="999999"' in open_kerntaken
    assert f'data-studentnummer="{inschrijving.studentnummer}"' not in open_kerntaken


def test_cohort_page_is_for_coordinators_only(client, school, cohort):
    client.force_login(school)

    assert client.get(f"/diploma/cohort/{cohort.pk}/").status_code == 403


def test_api_readiness_per_enrolment_and_per_cohort(api_client, student, coordinator, inschrijving, cohort):
    api_client.force_authenticate(student)
    own = api_client.get(f"/api/v1/inschrijvingen/{inschrijving.pk}/gereedheid/")
    forbidden = api_client.get(f"/api/v1/cohorten/{cohort.pk}/gereedheid/")
    api_client.force_authenticate(coordinator)
    per_cohort = api_client.get(f"/api/v1/cohorten/{cohort.pk}/gereedheid/")

    assert own.status_code == 200
    assert own.json()["uitkomst"] == "nog_niet"
    assert forbidden.status_code == 403
    assert [row["studentnummer"] for row in per_cohort.json()["results"]] == [inschrijving.studentnummer]
    assert per_cohort.json()["volgende"] is None


def test_api_cohort_readiness_pages_by_studentnummer(api_client, coordinator, cohort, p3):
    for n in range(5):
        InschrijvingFactory.create(cohort=cohort, profiel=p3, studentnummer=f"80000{n}")
    api_client.force_authenticate(coordinator)

    first = api_client.get(f"/api/v1/cohorten/{cohort.pk}/gereedheid/?aantal=2").json()
    second = api_client.get(f"/api/v1/cohorten/{cohort.pk}/gereedheid/?aantal=2&na={first['volgende']}").json()
    last = api_client.get(f"/api/v1/cohorten/{cohort.pk}/gereedheid/?aantal=2&na={second['volgende']}").json()
    bad = api_client.get(f"/api/v1/cohorten/{cohort.pk}/gereedheid/?aantal=0")

    assert [r["studentnummer"] for r in first["results"]] == ["800000", "800001"]
    assert [r["studentnummer"] for r in second["results"]] == ["800002", "800003"]
    assert ([r["studentnummer"] for r in last["results"]], last["volgende"]) == (["800004"], None)
    assert bad.status_code == 400
    assert bad.json() == {"aantal": "Kies een aantal van 1 tot en met 500."}


def test_reports_api_creates_a_job_and_scopes_it(
    api_client, coordinator, student, cohort, inschrijving, django_capture_on_commit_callbacks
):
    api_client.force_authenticate(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        created = api_client.post("/api/v1/rapporten/", {"kind": "readiness_csv", "cohort": cohort.pk})

    assert created.status_code == 202
    report = Report.objects.get(pk=created.json()["id"])
    report.refresh_from_db()
    assert report.status == "done"
    polled = api_client.get(f"/api/v1/rapporten/{report.pk}/").json()
    assert polled["download"] == f"/api/v1/rapporten/{report.pk}/download/"
    body = b"".join(api_client.get(polled["download"]).streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    assert inschrijving.studentnummer.encode() in body

    api_client.force_authenticate(student)
    assert api_client.get(f"/api/v1/rapporten/{report.pk}/").status_code == 404
    assert api_client.post("/api/v1/rapporten/", {"kind": "readiness_csv", "cohort": cohort.pk}).status_code == 403
    own = api_client.post("/api/v1/rapporten/", {"kind": "student_progress", "inschrijving": inschrijving.pk})
    assert own.status_code == 202
    other = UserFactory.create(username="iemand")
    api_client.force_authenticate(other)
    assert api_client.get(f"/api/v1/rapporten/{own.json()['id']}/").status_code == 404


def test_coordinator_records_results_in_the_page(client, coordinator, inschrijving):
    client.force_login(coordinator)
    url = f"/diploma/inschrijving/{inschrijving.pk}/resultaten/"

    client.post(
        url, {"action": "generiek", "nederlands_ce": "6.5", "nederlands_se": "5.5", "loopbaan_burgerschap": "true"}
    )
    Keuzedeel.objects.create(code="K0123", naam="Ondernemen", omvang=240)
    client.post(url, {"action": "keuzedeel", "keuzedeel": "K0123", "cijfer": "7"})
    bad = client.post(url, {"action": "keuzedeel", "keuzedeel": "X1", "cijfer": "7"}, follow=True)

    generiek = GeneriekResultaat.objects.get(inschrijving=inschrijving)
    assert (generiek.nederlands_ce, generiek.nederlands_se, generiek.loopbaan_burgerschap) == (
        Decimal("6.5"), Decimal("5.5"), True,
    )  # fmt: skip
    assert list(KeuzedeelResultaat.objects.values_list("code", "sbu")) == [("K0123", 240)]
    assert "K0123" in bad.content.decode()


def test_results_page_is_for_coordinators_only(client, school, inschrijving):
    client.force_login(school)

    assert client.get(f"/diploma/inschrijving/{inschrijving.pk}/resultaten/").status_code == 403


def test_results_csv_page_reports_errors_with_line_numbers(client, coordinator, cohort, inschrijving):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator)
    csv = f"studentnummer;nederlands_ce\n{inschrijving.studentnummer};11\n"

    response = client.post(
        f"/diploma/cohort/{cohort.pk}/resultaten/import/", {"bestand": SimpleUploadedFile("r.csv", csv.encode())}
    )

    assert response.status_code == 400
    assert "Regel 2" in response.content.decode()


def test_a_queued_report_whose_message_was_lost_is_sent_again(
    coordinator, cohort, inschrijving, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from diploma.reports import reports_reap

    lost = Report.objects.create(kind="readiness_csv", cohort=cohort, requested_by=coordinator)
    Report.objects.filter(pk=lost.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=10))

    with django_capture_on_commit_callbacks(execute=True):
        counts = reports_reap(stale_after=datetime.timedelta(minutes=5))

    lost.refresh_from_db()
    assert counts["resent"] == 1
    assert lost.status == "done"


def test_student_makes_their_own_progress_report_but_not_someone_elses(
    client, student, other_inschrijving, inschrijving, django_capture_on_commit_callbacks
):
    client.force_login(student)

    with django_capture_on_commit_callbacks(execute=True):
        own = client.post("/diploma/rapporten/", {"kind": "student_progress", "inschrijving": inschrijving.pk})
    other = client.post(
        "/diploma/rapporten/", {"kind": "student_progress", "inschrijving": other_inschrijving.pk}, follow=True
    )

    report = Report.objects.get(inschrijving=inschrijving)
    assert own["Location"] == f"/diploma/rapporten/{report.pk}/"
    assert report.status == "done"
    download = client.get(f"/diploma/rapporten/{report.pk}/download/")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "Kies een student." in other.content.decode()
    assert not Report.objects.filter(inschrijving=other_inschrijving).exists()


def test_what_if_in_the_page_and_a_bad_mark_is_a_dutch_message(client, coordinator, inschrijving):
    client.force_login(coordinator)

    good = client.get(f"/diploma/inschrijving/{inschrijving.pk}/?nederlands_ce=6,5&nederlands_se=6")
    bad = client.get(f"/diploma/inschrijving/{inschrijving.pk}/?nederlands_ce=11")

    assert "Met deze cijfers" in good.content.decode()
    assert bad.status_code == 400
    assert "Nederlands CE: een cijfer ligt tussen 1,0 en 10,0." in bad.content.decode()


def test_a_profiel_without_niveau_is_niveau_onbekend_never_assumed_to_be_4(p3):
    from diploma.selectors import student_readiness
    from dossier.models import Profiel
    from tests.factories import InschrijvingFactory

    Profiel.objects.filter(pk=p3.pk).update(niveau=None)
    inschrijving = InschrijvingFactory.create(profiel=Profiel.objects.get(pk=p3.pk))

    readiness = student_readiness(inschrijving=inschrijving)

    assert readiness.uitkomst != "gereed"
    regelset = next(c for c in readiness.conditions if c.code == "regelset")
    assert (regelset.status, regelset.uitleg) == (
        "unknown",
        "Niveau onbekend: het kwalificatiedossier geeft het mbo-niveau van dit profiel niet.",
    )
