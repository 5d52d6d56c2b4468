"""Report files and report jobs: the builders' output, and the Report row's life cycle under failure."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessment.selectors import final_niveaus, kerntaak_results
from diploma.models import Report
from diploma.reports import builders, jobs, report_build, report_retry, reports_reap
from diploma.reports.data import cohort_progress_plan, cohort_progress_rows
from diploma.selectors import ConditionResult, StudentReadiness
from diploma.tasks import build_report_task, reap_reports_task
from dossier.models import Werkproces
from portfolio.models import Bewijsstuk, BewijsstukVersie
from portfolio.selectors import portfolio_progress
from tests.factories import CohortFactory, InschrijvingFactory, UserFactory, first_sheet

Status = Report.Status
Kind = Report.Kind


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def cohort(commercie):
    return CohortFactory.create()


def readiness(nummer: str, naam: str, uitkomst: str, *conditions: ConditionResult, open_items=()) -> StudentReadiness:
    return StudentReadiness(
        inschrijving_id=int(nummer),
        studentnummer=nummer,
        naam=naam,
        profiel="P3",
        uitkomst=uitkomst,
        conditions=conditions,
        open_items=tuple(open_items),
    )


NED_MET = ConditionResult("nederlands", "Nederlands", "met", "CE 6,1 en SE 6,4")
NED_NOT_MET = ConditionResult("nederlands", "Nederlands", "not_met", "-2+3")
BPV_UNKNOWN = ConditionResult("bpv", "BPV", "unknown", "nog niet ingevuld")


def readiness_rows() -> list[StudentReadiness]:
    return [
        readiness("100001", "Sanne de Vries", "gereed", NED_MET),
        readiness("100002", "=SUM(A1)", "nog_niet", NED_NOT_MET, BPV_UNKNOWN, open_items=["@cmd", "BPV afronden"]),
    ]


def progress_counter():
    calls: list[int] = []
    return calls, calls.append


# -- builders ----------------------------------------------------------------------------------------------


def test_readiness_csv_is_utf8_with_bom_semicolons_and_no_formulas():
    out = io.BytesIO()
    calls, on_progress = progress_counter()

    count = builders.build_readiness_csv(iter(readiness_rows()), out, on_progress=on_progress)

    raw = out.getvalue()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert count == 2
    assert calls[:2] == [1, 2]
    assert rows[0] == [
        "Studentnummer",
        "Naam",
        "Profiel",
        "Uitkomst",
        "Nederlands",
        "Nederlands: toelichting",
        "BPV",
        "BPV: toelichting",
        "Open punten",
    ]
    # The BPV condition appeared only in the second row: the first row leaves it empty.
    assert rows[1] == ["100001", "Sanne de Vries", "P3", "gereed", "voldaan", "CE 6,1 en SE 6,4", "", "", ""]
    assert rows[2] == [
        "100002",
        "'=SUM(A1)",
        "P3",
        "nog niet gereed",
        "niet voldaan",
        "'-2+3",
        "onbekend",
        "nog niet ingevuld",
        "'@cmd | BPV afronden",
    ]
    assert len(rows) == 3


def test_safe_text_prefixes_every_formula_start():
    assert [builders.safe_text(v) for v in ["=1", "+1", "-1", "@a", "\tx", "\rx", "a=1", "", None, 5]] == [
        "'=1",
        "'+1",
        "'-1",
        "'@a",
        "'\tx",
        "'\rx",
        "a=1",
        "",
        "",
        "5",
    ]


def test_readiness_xlsx_writes_text_as_text_never_formulas():
    out = io.BytesIO()

    count = builders.build_readiness_xlsx(readiness_rows(), out, cohort_label="Intercedent 2025-2026")

    out.seek(0)
    sheet = first_sheet(out)
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert count == 2
    assert sheet.title == "Diplomagereedheid"
    assert rows[0][:5] == ["Studentnummer", "Naam", "Profiel", "Uitkomst", "Nederlands"]
    assert rows[2][:6] == ["100002", "'=SUM(A1)", "P3", "nog niet gereed", "niet voldaan", "'-2+3"]
    assert rows[2][-1] == "'@cmd | BPV afronden"
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value is not None)
    assert sheet.freeze_panes == "C2"
    assert sheet["A1"].font.b
    assert (sheet["E2"].value, sheet["E3"].value) == ("voldaan", "niet voldaan")
    colours = {
        (str(cf.sqref), rule.text, rule.dxf.fill.bgColor.rgb)
        for cf in sheet.conditional_formatting
        for rule in cf.rules
    }
    assert {("E2:E3", "voldaan", "FFD8F0D8"), ("E2:E3", "niet voldaan", "FFF6D5D5")} <= colours


def test_an_empty_cohort_still_gets_the_header():
    out = io.BytesIO()

    assert builders.build_readiness_xlsx([], out, conditions=[("bpv", "BPV")]) == 0

    out.seek(0)
    rows = [[cell.value for cell in row] for row in first_sheet(out).iter_rows()]
    assert rows == [["Studentnummer", "Naam", "Profiel", "Uitkomst", "BPV", "BPV: toelichting", "Open punten"]]


def test_readiness_xlsx_strips_characters_that_xml_cannot_hold():
    out = io.BytesIO()
    row = readiness("100003", "Naam\x07met bel", "gereed", NED_MET)

    builders.build_readiness_xlsx([row], out)

    out.seek(0)
    assert first_sheet(out)["B2"].value == "Naammet bel"


def test_readiness_pdf_summarises_a_generator_once():
    out = io.BytesIO()
    calls, on_progress = progress_counter()

    count = builders.build_readiness_pdf(
        (row for row in readiness_rows()), out, on_progress=on_progress, cohort_label="Intercedent 2025-2026"
    )

    assert count == 2
    assert calls == [1, 2]
    assert out.getvalue().startswith(b"%PDF-")
    assert len(out.getvalue()) > 2_000


def test_readiness_pdf_lists_at_most_the_maximum_of_names():
    out = io.BytesIO()
    rows = (
        readiness(f"{300000 + i}", f"Student {i}", "nog_niet", NED_NOT_MET, open_items=["x"])
        for i in range(builders.NOT_READY_LIST_MAX + 5)
    )

    count = builders.build_readiness_pdf(rows, out)

    assert count == builders.NOT_READY_LIST_MAX + 5
    assert out.getvalue().startswith(b"%PDF-")


def test_readiness_pdf_of_an_empty_cohort():
    out = io.BytesIO()

    assert builders.build_readiness_pdf([], out) == 0

    assert out.getvalue().startswith(b"%PDF-")


def submit_evidence(inschrijving, werkproces, criteria, *, status=Bewijsstuk.Status.INGEDIEND, submitted=True):
    now = timezone.now()
    bewijsstuk = Bewijsstuk.objects.create(
        inschrijving=inschrijving,
        werkproces=werkproces,
        titel="Verslag",
        status=status,
        submitted_at=now if submitted else None,
    )
    versie = BewijsstukVersie.objects.create(bewijsstuk=bewijsstuk, nummer=1, submitted_at=now if submitted else None)
    versie.criteria.add(*criteria)
    return bewijsstuk


@pytest.fixture
def student_with_evidence(cohort):
    inschrijving = InschrijvingFactory.create(
        cohort=cohort, studentnummer="100010", student__first_name="Şahin", student__last_name="<Yılmaz & Co>"
    )
    listed = portfolio_progress(inschrijving=inschrijving)[0]["werkprocessen"][0]["werkproces"]
    first = Werkproces.objects.get(pk=listed.pk)
    criteria = list(first.criteria.all())
    submit_evidence(inschrijving, first, criteria[:2])
    submit_evidence(inschrijving, first, criteria[2:4], status=Bewijsstuk.Status.CONCEPT, submitted=False)
    return inschrijving


def test_student_progress_pdf(student_with_evidence):
    inschrijving = student_with_evidence
    blocks = portfolio_progress(inschrijving=inschrijving)
    niveaus = final_niveaus(inschrijving=inschrijving)
    outcomes = kerntaak_results(inschrijving=inschrijving, progress=blocks, cijfers=None, niveaus=niveaus)
    out = io.BytesIO()

    builders.build_student_progress_pdf(
        inschrijving=inschrijving,
        progress_blocks=blocks,
        kerntaak_outcomes=outcomes,
        werkproces_niveaus=niveaus,
        out=out,
    )

    assert out.getvalue().startswith(b"%PDF-")
    assert len(out.getvalue()) > 5_000


def test_cohort_progress_rows_agree_with_portfolio_progress(cohort, student_with_evidence):
    other = InschrijvingFactory.create(cohort=cohort, studentnummer="100011")
    plan = cohort_progress_plan(cohort=cohort)

    rows = {row["studentnummer"]: row for row in cohort_progress_rows(cohort=cohort, plan=plan)}

    for inschrijving in (student_with_evidence, other):
        expected = {block["kerntaak"].code: block["percent"] for block in portfolio_progress(inschrijving=inschrijving)}
        assert rows[inschrijving.studentnummer]["kerntaken"] == expected
    assert any(rows["100010"]["kerntaken"].values())
    assert not any(rows["100011"]["kerntaken"].values())
    assert [code for code, _titel in plan.kerntaken] == list(rows["100010"]["kerntaken"])


def test_cohort_progress_rows_take_two_queries_per_chunk(cohort, django_assert_num_queries):
    InschrijvingFactory.create_batch(5, cohort=cohort)
    plan = cohort_progress_plan(cohort=cohort)

    # Chunks of 2, 2 and 1 student: a query for the students and one for their evidence per chunk.
    with django_assert_num_queries(6):
        rows = list(cohort_progress_rows(cohort=cohort, plan=plan, chunk_size=2))

    assert len(rows) == 5


def test_cohort_progress_xlsx(cohort, student_with_evidence):
    plan = cohort_progress_plan(cohort=cohort)
    out = io.BytesIO()

    count = builders.build_cohort_progress_xlsx(
        cohort_label=str(cohort),
        kerntaken=plan.kerntaken,
        rows=cohort_progress_rows(cohort=cohort, plan=plan),
        out=out,
    )

    out.seek(0)
    rows = [[cell.value for cell in row] for row in first_sheet(out).iter_rows()]
    expected = [block["percent"] for block in portfolio_progress(inschrijving=student_with_evidence)]
    assert count == 1
    assert rows[0][:4] == ["Studentnummer", "Naam", "Profiel", "Leerweg"]
    assert rows[0][-1] == "Totaal (%)"
    assert rows[1][:4] == ["100010", "Şahin <Yılmaz & Co>", "P3", "BOL"]
    assert rows[1][4:-1] == expected


# -- jobs --------------------------------------------------------------------------------------------------


def queued(kind=Kind.COHORT_PROGRESS, **subject) -> Report:
    return Report.objects.create(kind=kind, requested_by=UserFactory.create(username="aanvrager"), **subject)


def test_report_build_makes_the_file_and_a_second_call_does_nothing(cohort, student_with_evidence):
    report = queued(cohort=cohort)

    report_build(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == Status.DONE
    assert report.progress == 100
    assert report.attempts == 1
    assert report.error == ""
    assert report.started_at is not None
    assert report.finished_at is not None
    assert report.started_at <= report.finished_at
    today = timezone.localdate().isoformat()
    assert report.file.name == f"rapporten/voortgang-intercedent-2025-2026-{today}.xlsx"
    with report.file.open("rb") as handle:
        assert handle.read(2) == b"PK"
    done_state = (report.file.name, report.finished_at, report.attempts)

    report_build(report_id=report.pk)

    report.refresh_from_db()
    assert (report.file.name, report.finished_at, report.attempts) == done_state


def test_a_running_report_is_not_claimed_again(cohort):
    report = queued(cohort=cohort)
    Report.objects.filter(pk=report.pk).update(status=Status.RUNNING, attempts=1)

    report_build(report_id=report.pk)

    report.refresh_from_db()
    assert (report.status, report.attempts, report.file.name) == (Status.RUNNING, 1, "")


def test_a_report_that_is_gone_is_ignored(db):
    report_build(report_id=987654)


def test_student_progress_report(student_with_evidence):
    report = queued(kind=Kind.STUDENT_PROGRESS, inschrijving=student_with_evidence)

    report_build(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == Status.DONE
    assert report.file.name is not None
    assert report.file.name.startswith("rapporten/voortgang-100010-")
    with report.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


@pytest.mark.parametrize(
    ("kind", "extension", "magic"),
    [
        (Kind.READINESS_XLSX, "xlsx", b"PK"),
        (Kind.READINESS_CSV, "csv", b"\xef\xbb\xbf"),
        (Kind.READINESS_PDF, "pdf", b"%PDF"),
    ],
)
def test_readiness_reports(cohort, kind, extension, magic):
    InschrijvingFactory.create_batch(3, cohort=cohort)
    report = queued(kind=kind, cohort=cohort)

    report_build(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == Status.DONE, report.error
    assert report.file.name == f"rapporten/diplomagereedheid-intercedent-2025-2026-{timezone.localdate()}.{extension}"
    with report.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(magic)
    if kind == Kind.READINESS_CSV:
        assert len(content.decode("utf-8-sig").splitlines()) == 4


def test_a_failing_build_is_failed_with_a_dutch_message(cohort):
    # A student report that names no student: the job refuses it with a message for the user.
    report = queued(kind=Kind.STUDENT_PROGRESS, cohort=cohort)

    report_build(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == Status.FAILED
    assert report.error == "Dit rapport hoort bij een student, maar er is geen inschrijving gekozen."
    assert report.finished_at is not None
    assert report.file.name == ""


def test_an_unexpected_error_is_failed_without_a_traceback(cohort, settings, tmp_path):
    # The storage cannot write: MEDIA_ROOT is a file, not a folder.
    blocker = tmp_path / "geen-map"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker
    report = queued(cohort=cohort)

    report_build(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == Status.FAILED
    assert report.error == (
        "Het rapport kon niet worden gemaakt door een onverwachte fout. Probeer het opnieuw; blijft het misgaan, "
        "neem dan contact op met de beheerder."
    )
    assert "Traceback" not in report.error


def test_retry_puts_a_failed_report_back_in_the_queue(cohort, django_capture_on_commit_callbacks):
    report = queued(kind=Kind.STUDENT_PROGRESS, cohort=cohort)
    report_build(report_id=report.pk)

    with django_capture_on_commit_callbacks() as callbacks:
        assert report_retry(report_id=report.pk) is True

    report.refresh_from_db()
    assert (report.status, report.progress, report.error, report.attempts) == (Status.QUEUED, 0, "", 0)
    assert report.finished_at is None
    assert len(callbacks) == 1


def test_retry_leaves_other_reports_alone(cohort, django_capture_on_commit_callbacks):
    report = queued(cohort=cohort)

    with django_capture_on_commit_callbacks() as callbacks:
        assert report_retry(report_id=report.pk) is False

    assert Report.objects.get(pk=report.pk).status == Status.QUEUED
    assert callbacks == []


def running(cohort, *, attempts: int, heartbeat_age: timedelta) -> Report:
    report = queued(cohort=cohort)
    beat = timezone.now() - heartbeat_age
    Report.objects.filter(pk=report.pk).update(
        status=Status.RUNNING, attempts=attempts, progress=40, started_at=beat, heartbeat_at=beat
    )
    return report


def test_reaper_requeues_a_report_whose_worker_stopped(cohort, django_capture_on_commit_callbacks):
    stale = running(cohort, attempts=1, heartbeat_age=timedelta(minutes=10))
    alive = running(cohort, attempts=1, heartbeat_age=timedelta(seconds=20))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        counts = reports_reap(stale_after=timedelta(minutes=5))

    assert counts == {"requeued": 1, "failed": 0, "resent": 0}
    assert len(callbacks) == 1
    stale.refresh_from_db()
    alive.refresh_from_db()
    # The requeued report was built again at once, eagerly, by the task the reaper queued.
    assert (stale.status, stale.attempts, stale.progress) == (Status.DONE, 2, 100)
    assert (alive.status, alive.progress) == (Status.RUNNING, 40)


def test_reaper_requeues_without_building_when_callbacks_wait(cohort, django_capture_on_commit_callbacks):
    stale = running(cohort, attempts=2, heartbeat_age=timedelta(minutes=10))

    with django_capture_on_commit_callbacks() as callbacks:
        reports_reap(stale_after=timedelta(minutes=5))

    stale.refresh_from_db()
    assert (stale.status, stale.attempts, stale.progress, stale.heartbeat_at) == (Status.QUEUED, 2, 0, None)
    assert len(callbacks) == 1


def test_reaper_fails_a_report_after_three_attempts(cohort, django_capture_on_commit_callbacks):
    report = running(cohort, attempts=3, heartbeat_age=timedelta(minutes=10))

    with django_capture_on_commit_callbacks() as callbacks:
        counts = reports_reap(stale_after=timedelta(minutes=5))

    assert counts == {"requeued": 0, "failed": 1, "resent": 0}
    assert callbacks == []
    report.refresh_from_db()
    assert report.status == Status.FAILED
    assert report.error == "De worker is gestopt tijdens het maken van dit rapport; probeer het opnieuw."
    assert report.finished_at is not None


def test_reap_task_uses_the_given_staleness(cohort):
    report = running(cohort, attempts=3, heartbeat_age=timedelta(seconds=30))

    assert reap_reports_task(stale_seconds=300) == {"requeued": 0, "failed": 0, "resent": 0}
    assert reap_reports_task(stale_seconds=10) == {"requeued": 0, "failed": 1, "resent": 0}

    report.refresh_from_db()
    assert report.status == Status.FAILED


def test_build_task_runs_the_job(cohort):
    report = queued(cohort=cohort)

    build_report_task.delay(report.pk)

    report.refresh_from_db()
    assert report.status == Status.DONE


class FakeClock:
    def __init__(self, step: float) -> None:
        self.now = 0.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def owned_running(cohort) -> tuple[Report, QuerySet[Report]]:
    report = running(cohort, attempts=1, heartbeat_age=timedelta(0))
    report.refresh_from_db()
    return report, Report.objects.filter(pk=report.pk, status=Status.RUNNING, started_at=report.started_at)


@pytest.mark.parametrize("seconds_per_row", [0.001, 0.02, 0.1, 1.0])
def test_progress_writes_are_bounded(cohort, seconds_per_row):
    report, owned = owned_running(cohort)
    progress = jobs._Progress(owned, total=1_000, clock=FakeClock(seconds_per_row))

    with CaptureQueriesContext(connection) as queries:
        for done in range(1, 1_001):
            progress(done)

    # Progress every 2% and once a second at most, and a heartbeat every 10 seconds.
    seconds = 1_000 * seconds_per_row
    assert progress.writes <= min(seconds / jobs.PROGRESS_INTERVAL, 100 / jobs.PROGRESS_STEP + seconds / 10)
    assert len(queries) == progress.writes
    report.refresh_from_db()
    assert report.progress == progress.percent <= 99


def test_progress_keeps_a_heartbeat_when_percent_stands_still(cohort):
    report, owned = owned_running(cohort)
    progress = jobs._Progress(owned, total=1_000_000, clock=FakeClock(1.0))

    for done in range(1, 31):
        progress(done)

    # 30 seconds at 0% progress: a heartbeat every 10 seconds.
    assert progress.writes == 3


def test_progress_stops_a_job_that_lost_its_report(cohort):
    report, owned = owned_running(cohort)
    progress = jobs._Progress(owned, total=10, clock=FakeClock(5.0))
    # The reaper took the report away from this job.
    Report.objects.filter(pk=report.pk).update(status=Status.QUEUED)

    with pytest.raises(jobs.ReportLost):
        progress(5)


def test_a_build_writes_few_report_updates(cohort):
    InschrijvingFactory.create_batch(40, cohort=cohort)
    report = queued(cohort=cohort)

    with CaptureQueriesContext(connection) as queries:
        report_build(report_id=report.pk)

    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "diploma_report"')]
    # The claim and the finish; a build this fast writes no progress in between.
    assert len(updates) == 2
    report.refresh_from_db()
    assert report.status == Status.DONE
