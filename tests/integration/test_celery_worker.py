"""A real Celery worker, in its own process, on the configured broker (Redis in CI, the filesystem otherwise)."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from celery import Celery

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.integration


@pytest.fixture
def worker_env(tmp_path) -> dict[str, str]:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    env["CELERY_RESULT_BACKEND"] = f"file://{tmp_path / 'results'}"
    (tmp_path / "results").mkdir()
    broker = os.environ.get("CELERY_BROKER_URL", "filesystem://")
    env["CELERY_BROKER_URL"] = broker
    if broker.startswith("filesystem://"):
        env["CELERY_BROKER_FOLDER"] = str(tmp_path / "broker")
    return env


@pytest.fixture
def worker(worker_env, tmp_path):
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "-Q",
            queue_name(),
        ],
        cwd=ROOT,
        env=worker_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    yield process
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    log.close()


def queue_name() -> str:
    # A queue of its own, so a leftover message from another run can never answer for this one.
    return f"test-{os.getpid()}"


def client_app(env: dict[str, str]) -> Celery:
    app = Celery("dossierportaal-test", broker=env["CELERY_BROKER_URL"], backend=env["CELERY_RESULT_BACKEND"])
    if env["CELERY_BROKER_URL"].startswith("filesystem://"):
        folder = Path(env["CELERY_BROKER_FOLDER"])
        for sub in ("queue", "processed"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        app.conf.broker_transport_options = {
            "data_folder_in": str(folder / "queue"),
            "data_folder_out": str(folder / "queue"),
            "processed_folder": str(folder / "processed"),
            "control_folder": str(folder / "control"),
        }
    return app


def test_a_real_worker_answers_through_the_broker(worker, worker_env, tmp_path):
    app = client_app(worker_env)

    result = app.send_task("dossierportaal.ping", queue=queue_name())

    try:
        assert result.get(timeout=60) == "pong"
    finally:
        print((tmp_path / "worker.log").read_text())
    assert worker.poll() is None
