"""Stored readiness: what a cohort export and overview read instead of computing every student again."""

import csv
import io
from decimal import Decimal

import kombu.exceptions
from django.utils import translation

from diploma import selectors, services
from diploma.models import GeneriekResultaat, Gereedheid, Regelset
from diploma.reports import builders
from diploma.tasks import refresh_gereedheid_task, refresh_stale_gereedheid_task
from tests.factories import CohortFactory, InschrijvingFactory, complete_student


def export_csv(cohort, *, columns_first: bool = False) -> str:
    out = io.BytesIO()
    with translation.override("nl"):
        conditions = selectors.cohort_conditions(cohort=cohort) if columns_first else None
        builders.build_readiness_csv(selectors.cohort_readiness(cohort=cohort), out, conditions=conditions)
    return out.getvalue().decode("utf-8-sig")


def records(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def tamper(inschrijving, uitleg: str) -> None:
    """Changes a stored text, so a test can tell a stored row from a computed one."""
    row = Gereedheid.objects.get(inschrijving=inschrijving)
    row.condities = [[code, naam, status, uitleg] for code, naam, status, _uitleg in row.condities]
    row.save(update_fields=["condities"])


def test_refresh_stores_what_the_export_would_compute(cohort, p1, p3, inschrijving, praktijk, school, coordinator):
    complete_student(inschrijving, praktijk=praktijk, school=school, coordinator=coordinator)
    for profiel in (p1, p3, p3):
        InschrijvingFactory.create(cohort=cohort, profiel=profiel)
    computed = export_csv(cohort)
    ids = list(cohort.inschrijvingen.values_list("pk", flat=True))

    assert services.gereedheid_refresh(inschrijving_ids=ids) == 4

    rows = Gereedheid.objects.filter(inschrijving__cohort=cohort)
    assert {row.berekend_versie == row.versie for row in rows} == {True}
    assert rows.get(inschrijving=inschrijving).uitkomst == "gereed"
    assert export_csv(cohort) == computed
    # The job's path, with the columns from the rule sets: the same cells, the columns perhaps in another order.
    assert records(export_csv(cohort, columns_first=True)) == records(computed)
    assert ";gereed;" in computed


def test_the_export_reads_a_fresh_row_and_recomputes_one_made_stale_by_a_change(
    cohort, inschrijving, coordinator, django_capture_on_commit_callbacks
):
    services.gereedheid_refresh(inschrijving_ids=[inschrijving.pk])
    tamper(inschrijving, "UIT DE OPSLAG")
    assert "UIT DE OPSLAG" in export_csv(cohort)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.generiek_save(inschrijving=inschrijving, by=coordinator, nederlands_ce=Decimal("7.0"))

    assert "UIT DE OPSLAG" not in export_csv(cohort)
    row = Gereedheid.objects.get(inschrijving=inschrijving)
    assert (row.versie, row.berekend_versie) == (1, 0)
    assert len(callbacks) == 1  # the refresh is asked for after commit


def test_after_commit_a_worker_stores_the_new_readiness(inschrijving, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.generiek_save(
            inschrijving=inschrijving, by=coordinator, nederlands_ce=Decimal("4.0"), nederlands_se=Decimal("4.0")
        )

    row = Gereedheid.objects.get(inschrijving=inschrijving)
    assert row.berekend_versie == row.versie == 1
    assert any("Nederlands (CE 4 en IE 4: eindcijfer 4)" in uitleg for _c, _n, _s, uitleg in row.condities), (
        row.condities
    )


def test_a_result_computed_before_a_change_and_stored_after_it_stays_stale(cohort, inschrijving, coordinator):
    before = selectors.readiness_records([inschrijving.pk])  # a worker read the facts...
    services.generiek_save(inschrijving=inschrijving, by=coordinator, bpv_uren=1000)  # ...then they changed...
    services.gereedheid_store(before)  # ...and the worker stored what it computed

    row = Gereedheid.objects.get(inschrijving=inschrijving)
    assert (row.versie, row.berekend_versie) == (1, 0)
    assert selectors.stale_inschrijving_ids(limit=10) == [inschrijving.pk]


def test_every_write_to_the_facts_marks_the_readiness_stale(inschrijving, coordinator, praktijk, school):
    def versie() -> int:
        return Gereedheid.objects.get(inschrijving=inschrijving).versie

    complete_student(inschrijving, praktijk=praktijk, school=school, coordinator=coordinator)  # vaststellingen
    after_exams = versie()
    assert after_exams == inschrijving.pogingen.count() > 0

    services.generiek_save(inschrijving=inschrijving, by=coordinator, rekenen=Decimal("6.0"))
    services.keuzedeel_save(inschrijving=inschrijving, by=coordinator, code="K0125", naam="Sales", sbu=240)
    services.keuzedeel_save(inschrijving=inschrijving, by=coordinator, code="K0125", naam="Sales", sbu=480)
    services.keuzedeel_delete(inschrijving=inschrijving, by=coordinator, code="K0125")
    assert versie() == after_exams + 4
    services.vrijstelling_save(inschrijving=inschrijving, by=coordinator, onderdeel="rekenen", reden="Diploma")
    services.vrijstelling_delete(inschrijving=inschrijving, by=coordinator, onderdeel="rekenen")
    assert versie() == after_exams + 6


def test_a_new_rule_set_or_another_profiel_makes_stored_rows_stale(cohort, inschrijving, p1):
    other = InschrijvingFactory.create(cohort=cohort, profiel=p1)
    services.gereedheid_refresh(inschrijving_ids=[inschrijving.pk, other.pk])
    assert selectors.stale_inschrijving_ids(limit=10) == []

    regelset = Regelset.objects.get(code="n4-2022")
    regelset.checks = [*regelset.checks[:-1], {"check": "bpv", "min_uren": 1200}]
    regelset.save()
    assert selectors.stale_inschrijving_ids(limit=10) == [inschrijving.pk]  # niveau 3 has its own rule set

    services.gereedheid_refresh_stale()
    other.profiel = inschrijving.profiel
    other.save()

    assert selectors.stale_inschrijving_ids(limit=10) == [other.pk]
    assert services.gereedheid_refresh_stale() == 1
    assert selectors.stale_inschrijving_ids(limit=10) == []


def test_finding_stale_rows_does_not_grow_with_the_cohort(cohort, p3, django_assert_max_num_queries):
    for _ in range(3):
        InschrijvingFactory.create(cohort=cohort, profiel=p3)
    with django_assert_max_num_queries(20) as small:
        assert len(selectors.stale_inschrijving_ids(limit=1000)) == 3
    for _ in range(20):
        InschrijvingFactory.create(cohort=cohort, profiel=p3)

    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(selectors.stale_inschrijving_ids(limit=1000)) == 23


def test_a_stored_cohort_is_read_in_one_query_per_chunk(cohort, p3, django_assert_num_queries):
    for _ in range(30):
        InschrijvingFactory.create(cohort=cohort, profiel=p3)
    services.gereedheid_refresh(inschrijving_ids=list(cohort.inschrijvingen.values_list("pk", flat=True)))

    # Rule sets, profielen, the profiel's kerntaken with their werkprocessen (2), then one query per chunk of
    # 10 and an empty last one: no facts are read.
    with django_assert_num_queries(4 + 4):
        rows = list(selectors.cohort_readiness(cohort=cohort, chunk_size=10))

    assert len(rows) == 30


def test_the_cohort_page_counts_from_storage_but_shows_rows_in_the_users_language(
    client, coordinator, cohort, inschrijving
):
    services.gereedheid_refresh(inschrijving_ids=[inschrijving.pk])
    tamper(inschrijving, "UIT DE OPSLAG")
    client.force_login(coordinator)

    html = client.get(f"/diploma/cohort/{cohort.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "UIT DE OPSLAG" not in html
    assert 'id="nog-niet-count">1<' in html
    assert GeneriekResultaat.objects.count() == 0


def test_in_the_sites_language_the_cohort_page_shows_the_stored_rows_as_they_are(
    client, coordinator, cohort, inschrijving
):
    services.gereedheid_refresh(inschrijving_ids=[inschrijving.pk])
    tamper(inschrijving, "UIT DE OPSLAG")
    client.force_login(coordinator)

    html = client.get(f"/diploma/cohort/{cohort.pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()

    assert "UIT DE OPSLAG" in html  # read, not computed again
    services.generiek_save(inschrijving=inschrijving, by=coordinator, bpv_uren=900)  # stale: computed again
    assert (
        "UIT DE OPSLAG" not in client.get(f"/diploma/cohort/{cohort.pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    )


def test_the_columns_come_from_the_rule_sets_of_every_profiel_in_the_cohort(cohort, p1, p3):
    InschrijvingFactory.create(cohort=cohort, profiel=p3)
    assert [code for code, _naam in selectors.cohort_conditions(cohort=cohort)] == [
        "kerntaken", "nl_en_rekenen_2022", "loopbaan_burgerschap", "keuzedelen_2020", "bpv",
    ]  # fmt: skip
    assert export_csv(cohort, columns_first=True) == export_csv(cohort)

    old = CohortFactory.create(opleiding=cohort.opleiding, startjaar=2019)
    InschrijvingFactory.create(cohort=old, profiel=p3)
    InschrijvingFactory.create(cohort=old, profiel=p1)  # niveau 3 has no rule set before 2022

    codes = {code for code, _naam in selectors.cohort_conditions(cohort=old)}
    assert {"kerntaken", "nl_en_voor_2022", "regelset"} <= codes
    rows = records(export_csv(old, columns_first=True))
    assert rows == records(export_csv(old))
    assert "Geen regels vastgelegd voor cohort 2019-2020 niveau 3: vraag de examencommissie" in {
        row["Regelset: toelichting"] for row in rows
    }


def test_the_beat_task_goes_on_until_nothing_is_stale(cohort, p3):
    for _ in range(5):
        InschrijvingFactory.create(cohort=cohort, profiel=p3)

    # Eager in tests: a full batch of 2 sends the task again, until a batch comes back short.
    assert refresh_stale_gereedheid_task.delay(2).get() == 2

    assert selectors.stale_inschrijving_ids(limit=10) == []
    assert Gereedheid.objects.filter(inschrijving__cohort=cohort, berekend_versie=0).count() == 5


def overview_facts(overview: dict) -> dict:
    return {
        "totals": overview["totals"],
        "open": {code: n for code, _naam, n in overview["open"]},
        "chart": {bar["code"]: bar for bar in overview["chart"]},
        "rows": [row.inschrijving_id for row in overview["rows"]],
        "matched": overview["matched"],
    }


def test_the_cohort_table_counts_in_sql_what_a_full_pass_counts(
    cohort, p1, p3, inschrijving, praktijk, school, coordinator, django_assert_max_num_queries
):
    complete_student(inschrijving, praktijk=praktijk, school=school, coordinator=coordinator)
    others = [InschrijvingFactory.create(cohort=cohort, profiel=profiel) for profiel in (p1, p1, p3, p3, p3)]
    services.generiek_save(inschrijving=others[0], by=coordinator, loopbaan_burgerschap=True, bpv_voldaan=True)
    services.gereedheid_refresh(inschrijving_ids=[inschrijving.pk, *(o.pk for o in others[:4])])
    services.generiek_save(inschrijving=others[1], by=coordinator, bpv_uren=900)  # stale again; others[4] never stored

    for conditie, offset, limit in ((None, 0, 100), ("bpv", 0, 100), ("kerntaken", 1, 2), (None, 4, 2), ("x", 0, 5)):
        with django_assert_max_num_queries(40):
            fast = selectors.cohort_overview(cohort=cohort, conditie=conditie, offset=offset, limit=limit)
        full = selectors.cohort_overview_streamed(cohort=cohort, conditie=conditie, offset=offset, limit=limit)
        assert overview_facts(fast) == overview_facts(full), (conditie, offset, limit)
    assert fast["matched"] == 0
    assert overview_facts(selectors.cohort_overview(cohort=cohort))["totals"] == {"gereed": 1, "nog_niet": 5}


def test_the_cohort_table_does_not_grow_in_queries_with_the_cohort(cohort, p3, django_assert_max_num_queries):
    for _ in range(3):
        InschrijvingFactory.create(cohort=cohort, profiel=p3)
    services.gereedheid_refresh(inschrijving_ids=list(cohort.inschrijvingen.values_list("pk", flat=True)))
    with django_assert_max_num_queries(40) as small:
        selectors.cohort_overview(cohort=cohort, limit=2)
    for _ in range(20):
        InschrijvingFactory.create(cohort=cohort, profiel=p3)
    services.gereedheid_refresh(inschrijving_ids=list(cohort.inschrijvingen.values_list("pk", flat=True)))

    with django_assert_max_num_queries(len(small.captured_queries)):
        overview = selectors.cohort_overview(cohort=cohort, limit=2)

    assert overview["matched"] == 23
    assert len(overview["rows"]) == 2


def test_a_change_is_saved_when_the_broker_is_down(
    inschrijving, coordinator, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broker_down(*args, **kwargs):
        raise kombu.exceptions.OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(refresh_gereedheid_task, "delay", broker_down)

    with django_capture_on_commit_callbacks(execute=True):
        services.generiek_save(inschrijving=inschrijving, by=coordinator, rekenen=Decimal("7.0"))

    assert GeneriekResultaat.objects.get(inschrijving=inschrijving).rekenen == Decimal("7.0")
    assert selectors.stale_inschrijving_ids(limit=10) == [inschrijving.pk]  # for beat to catch up
    assert "Connection refused" in caplog.text
