"""A page costs the same number of queries whatever the number of students, results and cohorts."""

import pytest

from ooapi import ids
from ooapi.ids import Exam
from tests.factories import CohortFactory, InschrijvingFactory

CODES = ("B1-K1-W1", "B1-K1-W2", "P3-K1-W1")


@pytest.fixture(params=[2, 12], ids=["few", "many"])
def world(request, inschrijving, vaststel):
    """`n` students in two cohorts, each with vastgestelde results (a whole kerntaak among them)."""
    n = request.param
    students = [inschrijving] + [
        InschrijvingFactory.create(cohort=inschrijving.cohort, profiel=inschrijving.profiel) for _ in range(n - 1)
    ]
    for student in students:
        for code in CODES:
            vaststel(student, code)
    for startjaar in range(2026, 2026 + n // 2):
        InschrijvingFactory.create(cohort=CohortFactory.create(startjaar=startjaar), profiel=inschrijving.profiel)
    return students


def paths(students) -> list[tuple[str, dict]]:
    sanne = students[0]
    werkproces = ids.offering_id(sanne.cohort_id, Exam.WERKPROCES, "B1-K1-W1")
    kerntaak = ids.offering_id(sanne.cohort_id, Exam.KERNTAAK, "B1-K1")
    return [
        ("/persons", {"pageSize": 250}),
        ("/offerings", {"pageSize": 250}),
        (f"/persons/{ids.person_id(sanne.pk)}/associations", {"pageSize": 50}),
        (f"/offerings/{werkproces}/associations", {"pageSize": 250}),
        (f"/offerings/{kerntaak}/associations", {"pageSize": 250, "result-state": "completed"}),
        (f"/associations/{ids.association_id(sanne.pk, Exam.KERNTAAK, 'B1-K1')}", {"expand": "person,offering"}),
    ]


@pytest.mark.parametrize(
    ("index", "limit"),
    [(0, 3), (1, 5), (2, 8), (3, 10), (4, 9), (5, 8)],
    ids=["persons", "offerings", "person-associations", "offering-associations", "completed", "association"],
)
def test_queries_per_page_do_not_grow_with_the_data(sis, world, index, limit, django_assert_max_num_queries):
    path, query = paths(world)[index]
    sis.ok("/")  # the token was just used: the first request also records that

    with django_assert_max_num_queries(limit):
        body = sis.ok(path, **query)

    if "items" in body:
        assert body["items"]
    if index == 4:
        assert len(body["items"]) == len(world)
        assert {item["result"]["score"] for item in body["items"]} == {"voldoende"}
