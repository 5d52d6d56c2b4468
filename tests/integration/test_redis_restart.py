"""A Redis restart loses no report: the message dies with a Redis that keeps nothing on disk, the Report
row stays queued, the reaper sends it again and a worker builds it. Uses a Redis of its own on a free port."""

import shutil
import socket
import subprocess
import time
from datetime import timedelta

import pytest

from config.celery import app
from diploma.models import Report
from diploma.reports import reports_reap
from diploma.tasks import build_report_task
from tests.factories import (
    FAST_SECONDS_PER_ROW,
    CohortFactory,
    InschrijvingFactory,
    UserFactory,
    forget_connections,
    wait_for,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        pytest.fail("Redis startte niet.")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def private_redis():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is niet geïnstalleerd.")
    redis = PrivateRedis(free_port())
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def redis_broker(private_redis, queue, monkeypatch):
    saved = {key: app.conf[key] for key in ("task_always_eager", "task_default_queue", "broker_url")}
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    app.conf["broker_url"] = private_redis.url
    forget_connections()
    monkeypatch.setenv("CELERY_BROKER_URL", private_redis.url)
    yield private_redis
    forget_connections()
    app.conf.update(saved)


@pytest.fixture
def queue() -> str:
    return f"restart-{int(time.time() * 1000)}"


def test_a_redis_restart_loses_no_report(redis_broker, workers, commercie):
    cohort = CohortFactory.create()
    InschrijvingFactory.create_batch(5, cohort=cohort)
    report = Report.objects.create(
        kind=Report.Kind.READINESS_CSV, cohort=cohort, requested_by=UserFactory.create(username="coordinator-redis")
    )
    build_report_task.delay(report.pk)

    redis_broker.stop()  # no worker has read the message, and this Redis keeps nothing on disk
    redis_broker.start()
    forget_connections()

    report.refresh_from_db()
    assert report.status == Report.Status.QUEUED
    assert reports_reap(stale_after=timedelta(0)) == {"requeued": 0, "failed": 0, "resent": 1}

    workers(FAST_SECONDS_PER_ROW)
    seen: list[str] = []
    wait_for(report, lambda r: r.status in (Report.Status.DONE, Report.Status.FAILED), seen)
    assert report.status == Report.Status.DONE, report.error
    assert report.attempts == 1
