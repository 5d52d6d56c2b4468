"""Real Celery workers in their own process, on the configured broker (Redis in CI, the filesystem otherwise),
reading a test database that another process can open (PostgreSQL, or file-based SQLite)."""

import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from typing import cast
from urllib.parse import quote

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper

from config.celery import app
from tests.factories import ROOT, forget_connections

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
        if cast("SQLiteDatabaseWrapper", connection).is_in_memory_db():
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
