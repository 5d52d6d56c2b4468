"""Associations: a student's kerntaak and werkproces exams, carrying a result only once it is vastgesteld."""

import datetime

import pytest
from django.utils import timezone

from assessment import services as assessment_services
from assessment.models import Beoordeling, Beoordelingsvoorschrift, Examenpoging, Vaststelling
from dossier.models import Werkproces
from ooapi import ids
from ooapi.ids import Exam
from tests.factories import InschrijvingFactory, assert_problem, score_all
from tests.ooapi.spec import ASSOCIATION_FULL, OFFERING_ASSOCIATION, PERSON_ASSOCIATION, assert_valid, page_of

P3_EXAMS = 4 + 16  # B1-K1..K3 and P3-K1, with their 2 + 5 + 4 + 5 werkprocessen


def by_code(sis, inschrijving) -> dict[str, dict]:
    body = sis.ok(f"/persons/{ids.person_id(inschrijving.pk)}/associations", pageSize=50)
    return {item["offering"]["abbreviation"]: item for item in body["items"]}


def result_of(sis, inschrijving, code: str) -> dict | None:
    return by_code(sis, inschrijving)[code].get("result")


def test_a_student_has_an_association_per_exam_of_their_profiel(sis, inschrijving, vaststel):
    vaststel(inschrijving, "B1-K1-W1", "goed")

    body = sis.ok(f"/persons/{ids.person_id(inschrijving.pk)}/associations", pageSize=50)

    assert_valid(body, page_of(PERSON_ASSOCIATION))
    assert body["totalPages"] == 1
    assert len(body["items"]) == P3_EXAMS
    assert [i["associationId"] for i in body["items"]] == sorted(i["associationId"] for i in body["items"])
    item = by_code(sis, inschrijving)["B1-K1-W1"]
    assert item["associationId"] == ids.association_id(inschrijving.pk, Exam.WERKPROCES, "B1-K1-W1")
    assert (item["role"], item["state"], item["associationType"]) == (
        "student",
        "associated",
        "componentOfferingAssociation",
    )
    assert item["consumers"] == [{"consumerKey": "nl-test-admin", "attempt": 1}]
    assert item["result"] == {
        "state": "completed",
        "pass": "passed",
        "score": "goed",
        "resultDate": timezone.localdate().isoformat(),
        "weight": 0,
        "consumers": [{"consumerKey": "nl-test-admin", "attendance": "present", "final": True}],
    }
    assert item["offering"]["offeringId"] == ids.offering_id(inschrijving.cohort_id, Exam.WERKPROCES, "B1-K1-W1")


def test_only_a_vastgesteld_result_is_published(sis, inschrijving, praktijk, school, werkproces):
    # B1-K1-W1: both assessors agree (overeenstemming), not yet vastgesteld; B1-K1-W2: one draft.
    for user in (praktijk, school):
        beoordeling = assessment_services.beoordeling_start(
            inschrijving=inschrijving, werkproces=werkproces, by=user, soort=Beoordeling.Soort.EXAMEN
        )
        score_all(beoordeling, user, waarde="goed")
    assert Examenpoging.objects.get().status == Examenpoging.Status.OVEREENSTEMMING
    w2 = Werkproces.objects.get(code="B1-K1-W2")
    draft = assessment_services.beoordeling_start(
        inschrijving=inschrijving, werkproces=w2, by=praktijk, soort=Beoordeling.Soort.EXAMEN
    )
    score_all(draft, praktijk, submit=False)

    associations = by_code(sis, inschrijving)

    assert all("result" not in item and "consumers" not in item for item in associations.values())
    assert sis.ok(f"/persons/{ids.person_id(inschrijving.pk)}/associations", **{"result-state": "completed"}) == {
        "pageSize": 10,
        "pageNumber": 1,
        "hasPreviousPage": False,
        "hasNextPage": False,
        "totalPages": 1,
        "items": [],
    }


def test_a_correction_publishes_the_latest_revision(sis, inschrijving, vaststel, coordinator):
    poging = vaststel(inschrijving, "B1-K1-W1")
    first = result_of(sis, inschrijving, "B1-K1-W1")
    assert first is not None
    assert first["score"] == "voldoende"
    Vaststelling.objects.filter(poging=poging).update(at=timezone.now() - datetime.timedelta(days=30))

    assessment_services.poging_correct(
        poging=poging, by=coordinator, scores={int(k): "goed" for k in poging.voorstel}, reden="Rekenfout"
    )

    result = result_of(sis, inschrijving, "B1-K1-W1")
    assert result is not None
    assert (result["score"], result["pass"]) == ("goed", "passed")
    assert result["resultDate"] == timezone.localdate().isoformat()


@pytest.fixture
def herkansing(inschrijving, vaststel, coordinator):
    """B1-K1-W1 first onvoldoende, then, in a herkansing, voldoende."""

    def run(second: str = "voldoende") -> None:
        first = vaststel(inschrijving, "B1-K1-W1", "onvoldoende")
        assessment_services.poging_herkansing(inschrijving=inschrijving, werkproces=first.werkproces, by=coordinator)
        vaststel(inschrijving, "B1-K1-W1", second)

    return run


def test_after_a_herkansing_the_latest_attempt_counts(sis, inschrijving, herkansing):
    herkansing()

    item = by_code(sis, inschrijving)["B1-K1-W1"]

    assert (item["result"]["score"], item["result"]["pass"]) == ("voldoende", "passed")
    assert item["consumers"] == [{"consumerKey": "nl-test-admin", "attempt": 2}]


def test_with_the_best_attempt_counting_an_earlier_better_attempt_counts(sis, inschrijving, vaststel, coordinator):
    Beoordelingsvoorschrift.objects.create(cohort=inschrijving.cohort, telt_poging="beste")
    first = vaststel(inschrijving, "B1-K1-W1", "goed")
    assessment_services.poging_herkansing(inschrijving=inschrijving, werkproces=first.werkproces, by=coordinator)
    vaststel(inschrijving, "B1-K1-W1", "onvoldoende")

    item = by_code(sis, inschrijving)["B1-K1-W1"]

    assert (item["result"]["score"], item["consumers"]) == ("goed", [{"consumerKey": "nl-test-admin", "attempt": 1}])


def test_a_kerntaak_result_follows_from_its_vastgestelde_werkprocessen(sis, inschrijving, vaststel):
    vaststel(inschrijving, "B1-K1-W1", "goed")
    assert result_of(sis, inschrijving, "B1-K1") is None  # B1-K1-W2 still open

    vaststel(inschrijving, "B1-K1-W2", "voldoende")

    kerntaak = by_code(sis, inschrijving)["B1-K1"]
    assert kerntaak["result"]["score"] == "voldoende"
    assert kerntaak["result"]["weight"] == 100
    assert "consumers" not in kerntaak  # no attempt: a kerntaak is not taken, it is derived
    assert kerntaak["offering"]["resultValueType"] == "pass-or-fail"


def test_one_onvoldoende_werkproces_decides_the_kerntaak_at_once(sis, inschrijving, vaststel):
    vaststel(inschrijving, "B1-K1-W2", "onvoldoende")

    result = result_of(sis, inschrijving, "B1-K1")
    assert result is not None

    assert (result["score"], result["pass"]) == ("onvoldoende", "failed")


def test_a_school_that_grades_kerntaken_with_cijfers_publishes_a_1_10_score(sis, inschrijving, vaststel):
    Beoordelingsvoorschrift.objects.create(
        cohort=inschrijving.cohort, kerntaak_cijfers={"onvoldoende": 4, "voldoende": 6, "goed": 8}
    )
    vaststel(inschrijving, "B1-K1-W1", "goed")
    vaststel(inschrijving, "B1-K1-W2", "goed")

    kerntaak = by_code(sis, inschrijving)["B1-K1"]

    assert kerntaak["offering"]["resultValueType"] == "1-10"
    assert (kerntaak["result"]["score"], kerntaak["result"]["pass"]) == ("8", "passed")
    assert by_code(sis, inschrijving)["B1-K1-W1"]["result"]["score"] == "goed"


@pytest.fixture
def cohort_students(inschrijving, other_inschrijving):
    """Sanne (P3) and Tim (P1) in the same cohort."""
    return inschrijving, other_inschrijving


def test_an_offering_lists_the_students_who_take_its_exam(sis, cohort_students, vaststel):
    sanne, tim = cohort_students
    vaststel(sanne, "B1-K1-W1")
    basis = ids.offering_id(sanne.cohort_id, Exam.WERKPROCES, "B1-K1-W1")
    p3 = ids.offering_id(sanne.cohort_id, Exam.WERKPROCES, "P3-K1-W1")

    body = sis.ok(f"/offerings/{basis}/associations")

    assert_valid(body, page_of(OFFERING_ASSOCIATION))
    assert [i["person"] for i in body["items"]] == [
        {"personId": ids.person_id(sanne.pk)},
        {"personId": ids.person_id(tim.pk)},
    ]
    assert [("result" in i) for i in body["items"]] == [True, False]
    assert [i["person"]["personId"] for i in sis.ok(f"/offerings/{p3}/associations")["items"]] == [
        ids.person_id(sanne.pk)
    ]
    completed = sis.ok(f"/offerings/{basis}/associations", **{"result-state": "completed"})
    assert [i["person"]["personId"] for i in completed["items"]] == [ids.person_id(sanne.pk)]
    descending = sis.ok(f"/offerings/{basis}/associations", sort="-associationId")["items"]
    assert [i["person"]["personId"] for i in descending] == [ids.person_id(tim.pk), ids.person_id(sanne.pk)]


@pytest.mark.parametrize("query", [{"role": "lecturer"}, {"state": "pending"}, {"associationType": "courseOffering"}])
def test_association_filters_the_portal_never_matches_give_an_empty_page(sis, cohort_students, query):
    offering = ids.offering_id(cohort_students[0].cohort_id, Exam.WERKPROCES, "B1-K1-W1")

    assert sis.ok(f"/offerings/{offering}/associations", **query)["items"] == []
    assert sis.ok(f"/persons/{ids.person_id(cohort_students[0].pk)}/associations", **query)["items"] == []


@pytest.mark.parametrize("query", [{"role": "docent"}, {"state": "x"}, {"result-state": "done"}, {"sort": "name"}])
def test_association_filters_outside_the_spec_are_400(sis, cohort_students, query):
    offering = ids.offering_id(cohort_students[0].cohort_id, Exam.WERKPROCES, "B1-K1-W1")

    assert_problem(sis.get(f"/offerings/{offering}/associations", **query), 400)
    assert_problem(sis.get(f"/persons/{ids.person_id(cohort_students[0].pk)}/associations", **query), 400)


def test_one_association_with_person_and_offering_as_ids_or_expanded(sis, inschrijving, vaststel):
    vaststel(inschrijving, "B1-K1-W1")
    association = ids.association_id(inschrijving.pk, Exam.WERKPROCES, "B1-K1-W1")

    plain = sis.ok(f"/associations/{association}")
    expanded = sis.ok(f"/associations/{association}", expand="person,offering")

    assert_valid(plain, ASSOCIATION_FULL)
    assert_valid(expanded, ASSOCIATION_FULL)
    assert plain["person"] == ids.person_id(inschrijving.pk)
    assert plain["offering"] == ids.offering_id(inschrijving.cohort_id, Exam.WERKPROCES, "B1-K1-W1")
    assert plain["result"]["score"] == "voldoende"
    assert expanded["person"]["primaryCode"]["code"] == inschrijving.studentnummer
    assert expanded["offering"]["abbreviation"] == "B1-K1-W1"
    assert_problem(sis.get(f"/associations/{association}", expand="course"), 400)


def test_an_association_that_is_not_the_students_is_404(sis, cohort_students, make_client, other_coordinator):
    sanne, tim = cohort_students
    p3_exam_of_tim = ids.association_id(tim.pk, Exam.WERKPROCES, "P3-K1-W1")
    retail = make_client(naam="Retail", opleidingen=[other_coordinator.coordinator_van.get()])

    assert_problem(sis.get(f"/associations/{p3_exam_of_tim}"), 404)
    assert_problem(sis.get(f"/associations/{ids.association_id(tim.pk, Exam.WERKPROCES, 'X-1')}"), 404)
    assert_problem(retail.get(f"/associations/{ids.association_id(sanne.pk, Exam.WERKPROCES, 'B1-K1-W1')}"), 404)
    assert_problem(sis.get("/associations/nope"), 400)


def test_a_student_in_another_cohort_is_not_in_this_offering(sis, inschrijving, commercie):
    later = InschrijvingFactory.create(cohort__startjaar=2026, profiel=inschrijving.profiel)
    offering = ids.offering_id(inschrijving.cohort_id, Exam.KERNTAAK, "B1-K1")

    people = [i["person"]["personId"] for i in sis.ok(f"/offerings/{offering}/associations")["items"]]

    assert people == [ids.person_id(inschrijving.pk)]
    assert ids.person_id(later.pk) not in people
