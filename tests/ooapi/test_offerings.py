"""Offerings: the kerntaak and werkproces exams of each cohort, from the dossier version it is pinned to."""

import pytest

from assessment import services as assessment_services
from dossier.models import Kerntaak, Kwalificatiedossier, Werkproces
from ooapi import ids
from ooapi.ids import Exam
from tests.factories import CohortFactory, OpleidingFactory, assert_problem, run_import
from tests.ooapi.spec import COMPONENT_OFFERING, assert_valid, page_of

EXAMS = 9 + 37  # every kerntaak and werkproces of Commercie: offerings of a cohort, for all its profielen


def test_every_exam_of_a_cohort_is_an_offering_in_dossier_order(sis, cohort):
    body = sis.ok("/offerings", pageSize=50)

    assert_valid(body, page_of(COMPONENT_OFFERING))
    assert body["totalPages"] == 1
    codes = [o["abbreviation"] for o in body["items"]]
    assert len(codes) == EXAMS == Kerntaak.objects.count() + Werkproces.objects.count()
    assert codes[:4] == ["B1-K1", "B1-K1-W1", "B1-K1-W2", "B1-K2"]
    assert codes[-1] == "P6-K2-W5"


def test_an_offering_says_what_exam_of_which_cohort_it_is(sis, cohort):
    offering_id = ids.offering_id(cohort.pk, Exam.WERKPROCES, "P3-K1-W1")

    body = sis.ok(f"/offerings/{offering_id}")

    assert_valid(body, COMPONENT_OFFERING)
    werkproces = Werkproces.objects.get(code="P3-K1-W1")
    assert body == {
        "offeringId": offering_id,
        "primaryCode": {"codeType": "offeringCode", "code": "P3-K1-W1 Intercedent 2025-2026"},
        "offeringType": "component",
        "name": [{"language": "nl-NL", "value": f"P3-K1-W1 {werkproces.titel}"}],
        "abbreviation": "P3-K1-W1",
        "description": [{"language": "nl-NL", "value": werkproces.omschrijving}],
        "teachingLanguage": "nld",
        "resultExpected": True,
        "resultValueType": "pass-or-fail",
        "resultWeight": 0,
        "startDateTime": "2025-08-01T00:00:00+02:00",
        "endDateTime": "2029-07-31T23:59:59+02:00",
        "consumers": [
            {
                "consumerKey": "nl-test-admin",
                "offeringState": "active",
                "cohort": "2025-2026",
                "finalResultAllowed": True,
            }
        ],
        "ext": {
            "examType": "werkproces",
            "kerntaakCode": "P3-K1",
            "profielCode": "P3",
            "crebo": "23064",
            "dossierVersion": 1,
        },
    }


def test_offerings_page_across_cohorts(sis, cohort):
    CohortFactory.create(startjaar=2026)

    pages = [sis.ok("/offerings", pageSize=20, pageNumber=n) for n in range(1, 6)]

    assert [p["totalPages"] for p in pages] == [5] * 5
    items = [o for p in pages for o in p["items"]]
    assert len(items) == 2 * EXAMS
    assert len({o["offeringId"] for o in items}) == 2 * EXAMS
    assert items[EXAMS - 1]["consumers"][0]["cohort"] == "2025-2026"
    assert items[EXAMS]["consumers"][0]["cohort"] == "2026-2027"
    assert (pages[-1]["hasNextPage"], len(pages[-1]["items"])) == (False, 2 * EXAMS - 80)


def test_offerings_filter_by_type_and_period(sis, cohort):
    CohortFactory.create(startjaar=2026)

    assert sis.ok("/offerings", offeringType="course")["items"] == []
    assert sis.ok("/offerings", resultExpected="false")["items"] == []
    assert sis.ok("/offerings", offeringType="component")["totalPages"] == 10
    since = sis.ok("/offerings", since="2026-01-01", pageSize=100)["items"]
    assert {o["consumers"][0]["cohort"] for o in since} == {"2026-2027"}
    until = sis.ok("/offerings", until="2029-07-31", pageSize=100)["items"]
    assert {o["consumers"][0]["cohort"] for o in until} == {"2025-2026"}


@pytest.mark.parametrize(
    "query",
    [{"offeringType": "minor"}, {"since": "2026-13-01"}, {"since": "20260101"}, {"resultExpected": "ja"}],
)
def test_offering_parameters_outside_the_spec_are_400(sis, cohort, query):
    assert_problem(sis.get("/offerings", **query), 400)


def test_an_offering_outside_the_scope_or_unknown_is_404(make_client, cohort):
    retail = make_client(naam="Retail", opleidingen=[OpleidingFactory.create(naam="Retail")])
    offering_id = ids.offering_id(cohort.pk, Exam.WERKPROCES, "B1-K1-W1")

    assert_problem(retail.get(f"/offerings/{offering_id}"), 404)
    assert_problem(retail.get(f"/offerings/{offering_id}/associations"), 404)
    assert retail.ok("/offerings")["items"] == []
    sis = make_client()
    assert_problem(sis.get(f"/offerings/{ids.offering_id(cohort.pk, Exam.WERKPROCES, 'B9-K9-W9')}"), 404)
    assert_problem(sis.get(f"/offerings/{ids.offering_id(cohort.pk, Exam.KERNTAAK, 'B1-K1-W1')}"), 404)
    assert_problem(sis.get("/offerings/b1-k1-w1"), 400)


def test_ids_survive_moves_to_a_newer_dossier_version(sis, inschrijving, vaststel, coordinator, three_changes):
    vaststel(inschrijving, "B1-K1-W1", "goed")
    association = ids.association_id(inschrijving.pk, Exam.WERKPROCES, "B1-K1-W1")
    offering = ids.offering_id(inschrijving.cohort_id, Exam.WERKPROCES, "B1-K1-W1")
    run_import(three_changes["path"])
    v2 = Kwalificatiedossier.objects.get(volgnummer=2)

    # The student alone moves: the cohort's offering (version 1) still carries the result, by code.
    assessment_services.inschrijvingen_move_version(inschrijvingen=[inschrijving], target=v2, by=coordinator)
    alone = sis.ok(f"/associations/{association}", expand="offering")
    # An exam only the newer version has is the cohort's offering too, with that version's text.
    kerntaak = Kerntaak.objects.get(dossier=v2, code="B1-K1")
    Werkproces.objects.create(kerntaak=kerntaak, code="B1-K1-W9", titel="Werkt nieuw", volgorde=9)
    new = sis.ok(f"/offerings/{ids.offering_id(inschrijving.cohort_id, Exam.WERKPROCES, 'B1-K1-W9')}")
    assert (new["abbreviation"], new["ext"]["dossierVersion"]) == ("B1-K1-W9", 2)
    person = sis.ok(f"/persons/{ids.person_id(inschrijving.pk)}/associations", pageSize=50)["items"]
    assert "B1-K1-W9" in {item["offering"]["abbreviation"] for item in person}
    # Then the cohort follows (the move service refuses a student already on version 2, hence directly).
    inschrijving.cohort.dossier = v2
    inschrijving.cohort.save(update_fields=["dossier"])
    together = sis.ok(f"/associations/{association}", expand="offering")

    assert alone["result"]["score"] == together["result"]["score"] == "goed"
    assert alone["offering"]["offeringId"] == together["offering"]["offeringId"] == offering
    assert (alone["offering"]["ext"]["dossierVersion"], together["offering"]["ext"]["dossierVersion"]) == (1, 2)
    assert sis.ok(f"/offerings/{offering}")["ext"]["dossierVersion"] == 2
