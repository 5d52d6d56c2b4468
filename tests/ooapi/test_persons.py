"""GET /persons and /persons/{personId}: the students, by studentnummer, as far as the client's scope reaches."""

import pytest

from ooapi import ids
from tests.factories import CohortFactory, InschrijvingFactory, OpleidingFactory, UserFactory, assert_problem
from tests.ooapi.spec import PERSON, assert_valid, page_of


@pytest.fixture
def students(cohort):
    return [
        InschrijvingFactory.create(cohort=cohort, studentnummer=f"30{n:04d}", student__first_name=f"Naam{n:02d}")
        for n in range(23)
    ]


def test_a_person_is_the_student_by_studentnummer(sis, inschrijving):
    body = sis.ok(f"/persons/{ids.person_id(inschrijving.pk)}")

    assert_valid(body, PERSON)
    assert body == {
        "personId": ids.person_id(inschrijving.pk),
        "primaryCode": {"codeType": "studentNumber", "code": inschrijving.studentnummer},
        "givenName": "Sanne",
        "surname": "de Vries",
        "displayName": "Sanne de Vries",
        "activeEnrollment": True,
        "affiliations": ["student"],
        "mail": "sanne@example.test",
        "otherCodes": [{"codeType": "userName", "code": "sanne"}],
    }


def test_persons_are_paged_as_the_spec_says(sis, students):
    first = sis.ok("/persons")
    last = sis.ok("/persons", pageSize=10, pageNumber=3)

    assert_valid(first, page_of(PERSON))
    assert (first["pageSize"], first["pageNumber"], first["totalPages"]) == (10, 1, 3)
    assert (first["hasPreviousPage"], first["hasNextPage"]) == (False, True)
    assert [p["primaryCode"]["code"] for p in first["items"]] == [s.studentnummer for s in students[:10]]
    assert (last["hasPreviousPage"], last["hasNextPage"], len(last["items"])) == (True, False, 3)
    assert sis.ok("/persons", pageNumber=4)["items"] == []
    assert len(sis.ok("/persons", pageSize=250)["items"]) == 23


def test_persons_sort_and_filter_by_the_spec_parameters(sis, students):
    newest = sis.ok("/persons", sort="-personId")["items"][0]
    by_name = sis.ok("/persons", sort="-givenName", pageSize=20)["items"]
    found = sis.ok("/persons", primaryCode="300007")["items"]

    assert newest["primaryCode"]["code"] == "300022"
    assert [p["givenName"] for p in by_name[:2]] == ["Naam22", "Naam21"]
    assert [p["primaryCode"]["code"] for p in found] == ["300007"]
    assert [p["givenName"] for p in sis.ok("/persons", q="naam05")["items"]] == ["Naam05"]
    assert sis.ok("/persons", affiliations="employee")["items"] == []


@pytest.mark.parametrize(
    "query",
    [
        {"pageSize": "15"},
        {"pageSize": "abc"},
        {"pageNumber": "0"},
        {"pageNumber": "-1"},
        {"pageNumber": "1" * 30},
        {"sort": "studentnummer"},
        {"sort": ""},
        {"affiliations": "teacher"},
    ],
)
def test_a_parameter_outside_the_spec_is_a_400(sis, students, query):
    assert_problem(sis.get("/persons", **query), 400)


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("not-a-uuid", 400),
        ("123e4567-e89b-12d3-a456-426614174000", 404),  # a UUID, but not one of ours
        ("01000000-ffff-8000-8000-000000000000", 404),  # ours, but no such enrolment
        ("03000000-0001-8002-8000-000000000000", 404),  # an association's id
    ],
)
def test_a_person_id_that_names_nobody_is_400_or_404(sis, inschrijving, value, status):
    assert_problem(sis.get(f"/persons/{value}"), status)


def test_a_client_scoped_to_an_opleiding_sees_only_its_students(make_client, inschrijving, other_coordinator):
    retail = OpleidingFactory.create(naam="Retail")
    ruben = retail.cohorten.get().inschrijvingen.get()
    intercedent = make_client(naam="SIS Intercedent", opleidingen=[inschrijving.cohort.opleiding])
    retail_only = make_client(naam="SIS Retail", opleidingen=[retail])

    assert [p["personId"] for p in intercedent.ok("/persons")["items"]] == [ids.person_id(inschrijving.pk)]
    assert [p["personId"] for p in retail_only.ok("/persons")["items"]] == [ids.person_id(ruben.pk)]
    assert_problem(retail_only.get(f"/persons/{ids.person_id(inschrijving.pk)}"), 404)
    assert_problem(retail_only.get(f"/persons/{ids.person_id(inschrijving.pk)}/associations"), 404)


def test_a_client_with_neither_opleidingen_nor_the_institution_sees_nobody(make_client, inschrijving):
    nobody = make_client(naam="Leeg", opleidingen=[OpleidingFactory.create(naam="Leeg")])
    nobody.koppeling.opleidingen.clear()

    assert nobody.ok("/persons")["items"] == []
    assert nobody.ok("/offerings")["items"] == []


def test_a_second_cohort_of_another_opleiding_is_in_an_institution_wide_client(sis, inschrijving):
    other = InschrijvingFactory.create(
        cohort=CohortFactory.create(opleiding=OpleidingFactory.create(naam="Retail")), student=UserFactory.create()
    )

    codes = {p["primaryCode"]["code"] for p in sis.ok("/persons")["items"]}

    assert codes == {inschrijving.studentnummer, other.studentnummer}
