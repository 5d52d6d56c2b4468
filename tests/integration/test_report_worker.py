"""A report survives the death of its worker: a real worker is killed mid-build, the reaper requeues the
report and a second worker finishes it. Runs on the configured broker (Redis in CI, the filesystem
otherwise) and needs a test database that another process can open (PostgreSQL, or file-based SQLite)."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from openpyxl import load_workbook

from config.celery import app
from diploma.models import Report
from diploma.reports import reports_reap
from diploma.tasks import build_report_task
from tests.factories import CohortFactory, InschrijvingFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
STUDENTS = 40
SLOW_SECONDS_PER_ROW = 0.25  # the first worker needs ~10 s: plenty of time to kill it mid-build
FAST_SECONDS_PER_ROW = 0.01
TIMEOUT = 45

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Starts a worker with REPORT_TEST_DELAY_SECONDS set, the jobs' documented test hook; settings are not
# read from the environment, so the worker process sets it before Celery starts.
WORKER_BOOTSTRAP = """
import os, sys
from django.conf import settings
settings.REPORT_TEST_DELAY_SECONDS = float(os.environ["REPORT_TEST_DELAY_SECONDS"])
from config.celery import app
app.worker_main(["worker", *sys.argv[1:]])
"""


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = quote(settings["USER"] or "", safe="")
        if settings["PASSWORD"]:
            auth += ":" + quote(settings["PASSWORD"], safe="")
        host = settings["HOST"] or "localhost"
        port = f":{settings['PORT']}" if settings["PORT"] else ""
        return f"postgres://{auth}@{host}{port}/{settings['NAME']}"
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            pytest.skip(
                "De testdatabase is SQLite in het geheugen: een workerproces kan die niet openen. "
                "Draai met DATABASE_URL=postgres://... om deze test uit te voeren."
            )
        return f"sqlite:///{settings['NAME']}"
    pytest.skip(f"Geen workertest voor database {connection.vendor}.")


@pytest.fixture
def queue() -> str:
    # A queue of its own, so no other run's worker or leftover message can touch this test's reports.
    return f"reports-{os.getpid()}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def broker(queue, tmp_path):
    """The test process sends real messages instead of running tasks eagerly, to `queue`."""
    url = os.environ.get("CELERY_BROKER_URL", "filesystem://")
    saved = {key: app.conf[key] for key in ("task_always_eager", "task_default_queue", "broker_transport_options")}
    folder = tmp_path / "broker"
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    if url.startswith("filesystem://"):
        for sub in ("queue", "processed"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        app.conf.broker_transport_options = {
            "data_folder_in": str(folder / "queue"),
            "data_folder_out": str(folder / "queue"),
            "processed_folder": str(folder / "processed"),
            "control_folder": str(folder / "control"),
        }
    forget_connections()
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:
        app.conf.update(saved)
        pytest.skip(f"Broker {url} niet bereikbaar: {exc}")
    yield {"url": url, "folder": folder}
    forget_connections()
    app.conf.update(saved)
    if url.startswith("redis://"):
        forget_redis_queue(url, queue)


def forget_redis_queue(url: str, queue: str) -> None:
    """The killed worker's message stays unacknowledged in Redis, to be restored after the visibility
    timeout into a queue nobody reads: remove it, and the queue's keys, so runs leave nothing behind."""
    import redis

    client = redis.Redis.from_url(url)
    for tag, raw in client.hscan_iter("unacked"):
        _message, _exchange, routing_key = json.loads(raw)
        if routing_key == queue:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
    client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    client.close()


def forget_connections() -> None:
    # The app caches its pools, made with the broker settings in force then. Kombu keeps the pools
    # themselves, keyed by those settings, for anyone else who uses them: drop the references, close nothing.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def worker_database(transactional_db) -> str:
    return database_url()


@pytest.fixture
def workers(worker_database, broker, queue, tmp_path, settings):
    """Starts workers on demand; every one still running is stopped before the database is emptied."""
    settings.MEDIA_ROOT = tmp_path / "media"
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=worker_database,
        CELERY_BROKER_URL=broker["url"],
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    env.pop("CELERY_RESULT_BACKEND", None)
    if broker["url"].startswith("filesystem://"):
        env["CELERY_BROKER_FOLDER"] = str(broker["folder"])
    started: list[tuple[subprocess.Popen, Path]] = []

    def start(delay: float) -> subprocess.Popen:
        log = tmp_path / f"worker-{len(started) + 1}.log"
        process = subprocess.Popen(
            [sys.executable, "-c", WORKER_BOOTSTRAP, "--pool=solo", "--loglevel=INFO", "-Q", queue],
            cwd=ROOT,
            env={**env, "REPORT_TEST_DELAY_SECONDS": str(delay)},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append((process, log))
        return process

    yield start
    for process, log in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        print(f"--- {log.name}\n{log.read_text()}")


def wait_for(report: Report, condition, seen: list[str]) -> Report:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        report.refresh_from_db()
        seen.append(report.status)
        if condition(report):
            return report
        time.sleep(0.1)
    pytest.fail(f"Rapport bleef {report.status} met voortgang {report.progress}% (gezien: {sorted(set(seen))})")


def test_a_report_whose_worker_is_killed_is_requeued_and_finished_by_another(workers, commercie):
    cohort = CohortFactory()
    InschrijvingFactory.create_batch(STUDENTS, cohort=cohort)
    report = Report.objects.create(
        kind=Report.Kind.COHORT_PROGRESS, cohort=cohort, requested_by=UserFactory(username="coordinator-worker")
    )
    seen: list[str] = []

    first = workers(SLOW_SECONDS_PER_ROW)
    build_report_task.delay(report.pk)
    wait_for(report, lambda r: r.status == Report.Status.RUNNING and r.progress > 0, seen)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)

    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING
    assert report.attempts == 1
    assert not report.file

    assert reports_reap(stale_after=timedelta(0)) == {"requeued": 1, "failed": 0, "resent": 0}
    report.refresh_from_db()
    assert (report.status, report.attempts, report.progress) == (Report.Status.QUEUED, 1, 0)

    workers(FAST_SECONDS_PER_ROW)
    wait_for(report, lambda r: r.status in (Report.Status.DONE, Report.Status.FAILED), seen)

    assert report.status == Report.Status.DONE, report.error
    assert (report.attempts, report.progress, report.error) == (2, 100, "")
    with report.file.open("rb") as handle:
        sheet = load_workbook(handle).active
        assert sheet.max_row == STUDENTS + 1
    # Never left RUNNING: after the kill it was requeued, then finished.
    assert seen[-1] == Report.Status.DONE
