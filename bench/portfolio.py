"""Prints what the student portfolio costs on PostgreSQL with a seeded cohort (`manage.py seed_demo`):

  (a) the query count of the student dashboard /portfolio/<pk>/ at 10 and at 2,000 students (they must be equal),
  (b) requests/s and p50/p95 latency of that dashboard under gunicorn, next to a one-row ORM view (bench/urls.py),
  (c) the gunicorn worker's resident memory while a 200 MB file is uploaded through the upload form.

usage: .venv/bin/python bench/portfolio.py [options]
  --students N      the large cohort (2000); --small N the small one (10)
  --requests N      measured requests per URL (1000), after --warmup N (100)
  --concurrency N   client threads (4)          --workers N   gunicorn sync workers for (b) (2)
  --sessions N      students whose dashboards (b) spreads its requests over (50)
  --upload-mb N     size of the file in (c) (200)
  --only PARTS      comma-separated subset of queries,load,upload (all three)

BENCH_DATABASE_URL picks the database (default postgres://postgres@127.0.0.1:5432/dp_bench); it is created when
missing, migrated and given the Commercie dossier. Part (a) replaces the seeded rows (--reset); (b) and (c) only add
what is missing. Never point it at a database you care about. MEDIA_ROOT is a temporary folder, removed at the end.
All traffic goes to 127.0.0.1; gunicorn is started and stopped by this script.
"""

import argparse
import http.client
import io
import logging
import os
import re
import shlex
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dp_bench"
HOST = "127.0.0.1"
MB = 1024 * 1024


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--upload-mb", type=int, default=200)
    parser.add_argument("--only", default="queries,load,upload")
    args = parser.parse_args()
    args.parts = {part.strip() for part in args.only.split(",") if part.strip()}
    unknown = args.parts - {"queries", "load", "upload"}
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    return args


# -- database and Django --------------------------------------------------------------------------------------------


def database_ensure(url: str) -> str:
    """Creates the bench database when it does not exist; returns a printable description."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(f"bench/portfolio.py measures PostgreSQL; {url} is not a PostgreSQL URL.")
    connect: dict[str, Any] = {
        "host": config["HOST"] or HOST,
        "port": config["PORT"] or 5432,
        "user": config["USER"] or "postgres",
        "password": config["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **connect) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
        row = conn.execute("SHOW server_version").fetchone()
        assert row is not None  # SHOW always answers one row
        version = row[0]
    created = " (created now)" if not exists else ""
    return f"PostgreSQL {version} at {connect['host']}:{connect['port']}/{config['NAME']}{created}"


def django_setup(database_url: str, media_root: Path, upload_max_mb: int) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ["MEDIA_ROOT"] = str(media_root)
    os.environ["UPLOAD_MAX_MB"] = str(upload_max_mb)
    import django

    django.setup()
    # force_login in part (a) runs django-axes' login handlers, which log every login at INFO.
    logging.getLogger("axes").setLevel(logging.WARNING)


def seed(students: int, *, reset: bool = False) -> float:
    from django.core.management import call_command

    out = io.StringIO()
    started = time.perf_counter()
    call_command("seed_demo", students=students, reset=reset, stdout=out)
    seconds = time.perf_counter() - started
    for line in out.getvalue().splitlines():
        print(f"      {line}")
    return seconds


def session_cookie(user) -> str:
    """A logged-in session made the way django.contrib.auth.login stores it, without a request or django-axes."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def sessions_forget(cookies: list[str]) -> None:
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key__in=[c.split("=", 1)[1] for c in cookies]).delete()


def seeded(number: int):
    from portfolio.models import Inschrijving
    from portfolio.seed import studentnummer

    return Inschrijving.objects.select_related("student", "profiel").get(studentnummer=studentnummer(number))


# -- (a) query counts -----------------------------------------------------------------------------------------------


def dashboard_queries(user, inschrijving) -> list[str]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    url = f"/portfolio/{inschrijving.pk}/"
    client.get(url, HTTP_HOST=HOST)  # the first request of a session may differ; measure a steady one
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, HTTP_HOST=HOST)
    sessions_forget([f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"])
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return [q["sql"] for q in ctx.captured_queries]


def query_subjects(small: int) -> list[tuple[str, int, str]]:
    """(label, studentnummer, viewer): the first P3 and P1 student of the small cohort, and a beoordelaar's view."""
    from portfolio.models import Inschrijving
    from portfolio.seed import studentnummer

    subjects = []
    seen = set()
    for number in range(1, small + 1):
        inschrijving = Inschrijving.objects.select_related("profiel").get(studentnummer=studentnummer(number))
        if inschrijving.profiel.code not in seen:
            seen.add(inschrijving.profiel.code)
            subjects.append((f"{studentnummer(number)} ({inschrijving.profiel.code}), own", number, "student"))
    subjects.append((f"{studentnummer(1)} by praktijkbeoordelaar", 1, "praktijk"))
    return subjects


def measure_queries(subjects: list[tuple[str, int, str]]) -> dict[str, list[str]]:
    result = {}
    for label, number, viewer in subjects:
        inschrijving = seeded(number)
        user = inschrijving.student
        if viewer == "praktijk":
            user = inschrijving.toewijzingen.select_related("beoordelaar").get(rol="praktijk").beoordelaar
        result[label] = dashboard_queries(user, inschrijving)
    return result


# -- gunicorn -------------------------------------------------------------------------------------------------------


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    command: list[str]
    log: Path

    def workers(self) -> list[int]:
        return child_pids(self.process.pid)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def child_pids(parent: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Field 4 is the parent pid; the command name before it is in parentheses and may contain spaces.
        if int(stat[stat.rfind(")") + 2 :].split()[1]) == parent:
            children.append(int(entry.name))
    return sorted(children)


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in bytes."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) * 1024
    return values


@contextmanager
def gunicorn(tmp: Path, *, workers: int, timeout: int = 30, extra_env: dict | None = None) -> Iterator[Server]:
    port = free_port()
    log = tmp / f"gunicorn-{port}.log"
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "config.wsgi",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"{HOST}:{port}",
        "--timeout",
        str(timeout),
        "--chdir",
        str(ROOT),
    ]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", **(extra_env or {})}
    with log.open("wb") as log_file:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    server = Server(process, port, command, log)
    try:
        wait_ready(server, workers)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_ready(server: Server, workers: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.process.returncode}; see {server.log}")
        try:
            status, _, _ = get(server.port, "/health/")
            if status == 200 and len(server.workers()) >= workers:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer /health/ within 60 s; see {server.log}")


def get(port: int, path: str, cookie: str = "") -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


# -- (b) load -------------------------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    requests: int
    seconds: float
    latencies: list[float]
    errors: Counter

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: int) -> float:
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1] * 1000


def drive(port: int, targets: list[tuple[str, str]], requests: int, concurrency: int) -> LoadResult:
    """`requests` GETs from `concurrency` threads, round-robin over (path, cookie) targets; a new connection each
    time, as gunicorn's sync workers close the connection after every response."""
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    errors: Counter = Counter()

    def worker() -> None:
        nonlocal issued
        own: list[float] = []
        while True:
            with lock:
                if issued >= requests:
                    break
                index = issued
                issued += 1
            path, cookie = targets[index % len(targets)]
            started = time.perf_counter()
            status: int | str
            try:
                status, _, _ = get(port, path, cookie)
            except OSError as exc:
                status = type(exc).__name__
            own.append(time.perf_counter() - started)
            if status != 200:
                with lock:
                    errors[status] += 1
        with lock:
            latencies.extend(own)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return LoadResult(requests, time.perf_counter() - started, latencies, errors)


def run_load(args: argparse.Namespace, tmp: Path) -> None:
    from portfolio.models import Inschrijving
    from portfolio.seed import studentnummer

    step = max(1, args.students // args.sessions)
    numbers = list(range(1, args.students + 1, step))[: args.sessions]
    inschrijvingen = list(
        Inschrijving.objects.select_related("student").filter(studentnummer__in=[studentnummer(n) for n in numbers])
    )
    cookies = [session_cookie(i.student) for i in inschrijvingen]
    dashboards = [(f"/portfolio/{i.pk}/", cookie) for i, cookie in zip(inschrijvingen, cookies, strict=True)]
    one_row = [("/bench/one-row/", cookie) for cookie in cookies]
    try:
        with gunicorn(tmp, workers=args.workers) as server:
            print(f"    server: {shlex.join(server.command)}")
            print(f"            DJANGO_SETTINGS_MODULE=bench.settings, workers {server.workers()}")
            for targets in (dashboards, one_row):
                warm = drive(server.port, targets, args.warmup, args.concurrency)
                if warm.errors:
                    raise RuntimeError(f"warm-up of {targets[0][0]} failed: {dict(warm.errors)}; see {server.log}")
            results = [
                (
                    "/portfolio/<pk>/ (student dashboard)",
                    drive(server.port, dashboards, args.requests, args.concurrency),
                ),
                ("/bench/one-row/ (one-row ORM view)", drive(server.port, one_row, args.requests, args.concurrency)),
            ]
    finally:
        sessions_forget(cookies)
    print(
        f"    {args.requests:,} requests per URL after {args.warmup:,} warm-up, {args.concurrency} client threads, "
        f"{len(dashboards)} students' sessions, new connection per request"
    )
    print(f"    {'URL':<40} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}  errors")
    for label, result in results:
        errors = ", ".join(f"{k}: {v}" for k, v in result.errors.items()) or "0"
        print(
            f"    {label:<40} {result.per_second:>8.1f} {result.percentile(50):>8.1f} "
            f"{result.percentile(95):>8.1f}  {errors}"
        )


# -- (c) upload memory ----------------------------------------------------------------------------------------------


def write_mp4(path: Path, payload: int) -> int:
    """An MP4 that passes inspect_upload: ftyp (isom), an empty moov (the inspector requires one) and an mdat of
    `payload` zero bytes, written 1 MB at a time."""
    ftyp = struct.pack(">I4s4sI4s4s", 24, b"ftyp", b"isom", 0x200, b"isom", b"mp41")
    moov = struct.pack(">I4s", 8, b"moov")
    if payload + 16 < 2**32:
        mdat = struct.pack(">I4s", 8 + payload, b"mdat")
    else:
        mdat = struct.pack(">I4sQ", 1, b"mdat", 16 + payload)
    zeros = bytes(MB)
    with path.open("wb") as f:
        f.write(ftyp + moov + mdat)
        remaining = payload
        while remaining:
            f.write(zeros[: min(MB, remaining)])
            remaining -= min(MB, remaining)
    return path.stat().st_size


class Sampler(threading.Thread):
    """Reads the worker's VmRSS every `interval` seconds until stopped."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak = 0
        self.samples = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                self.peak = max(self.peak, proc_status(self.pid)["VmRSS"])
                self.samples += 1
            except (OSError, KeyError):
                pass
            self.stopped.wait(self.interval)


def post_file(port: int, path: str, cookie: str, fields: dict[str, str], file: Path, filename: str):
    """A multipart POST whose body is streamed from disk: the client never holds the file either."""
    boundary = uuid.uuid4().hex
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{filename}"\r\n'
        f"Content-Type: video/mp4\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    conn = http.client.HTTPConnection(HOST, port, timeout=600)
    try:
        conn.putrequest("POST", path)
        conn.putheader("Cookie", cookie)
        conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        conn.putheader("Content-Length", str(len(head) + file.stat().st_size + len(tail)))
        conn.endheaders()
        conn.send(head)
        with file.open("rb") as f:
            while chunk := f.read(MB):
                conn.send(chunk)
        conn.send(tail)
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def run_upload(args: argparse.Namespace, tmp: Path, upload_max_mb: int) -> None:
    from django.conf import settings
    from django.core.files.storage import default_storage

    from dossier.selectors import werkproces_list
    from portfolio import services
    from portfolio.models import Bestand, Bewijsstuk
    from portfolio.uploads import inspect_upload

    file = tmp / "bench-upload.mp4"
    payload = args.upload_mb * MB
    size = write_mp4(file, payload)
    with file.open("rb") as f:
        detected = inspect_upload(f, filename=file.name, max_size=settings.UPLOAD_MAX_BYTES)
    print(f"    file: {file.name}, {size:,} bytes, inspect_upload: {detected.kind} ({detected.mime}), accepted")

    inschrijving = seeded(1)
    werkproces = werkproces_list(profiel=inschrijving.profiel).first()
    assert werkproces is not None, "the seeded profiel has werkprocessen"
    form_url = f"/portfolio/{inschrijving.pk}/werkproces/{quote(werkproces.code)}/nieuw/"
    cookie = session_cookie(inschrijving.student)
    try:
        with gunicorn(tmp, workers=1, timeout=600, extra_env={"UPLOAD_MAX_MB": str(upload_max_mb)}) as server:
            print(f"    server: {shlex.join(server.command)}")
            print(f"            DJANGO_SETTINGS_MODULE=bench.settings UPLOAD_MAX_MB={upload_max_mb}")
            (worker,) = server.workers()
            for _ in range(5):  # load the dashboard and form code paths, so the baseline is a warm worker
                get(server.port, f"/portfolio/{inschrijving.pk}/", cookie)
            status, headers, body = get(server.port, form_url, cookie)
            if status != 200:
                raise RuntimeError(f"GET {form_url} answered {status}; see {server.log}")
            jar = SimpleCookie()
            for header in headers.get_all("Set-Cookie") or []:
                jar.load(header)
            match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
            if "csrftoken" not in jar or match is None:
                raise RuntimeError("the form page set no csrftoken cookie or hidden input")
            before = proc_status(worker)
            sampler = Sampler(worker)
            sampler.start()
            started = time.perf_counter()
            status, headers, _ = post_file(
                server.port,
                form_url,
                f"{cookie}; csrftoken={jar['csrftoken'].value}",
                {"csrfmiddlewaretoken": match.group(1).decode(), "titel": f"Bench-upload {args.upload_mb} MB"},
                file,
                file.name,
            )
            seconds = time.perf_counter() - started
            sampler.stopped.set()
            sampler.join()
            after = proc_status(worker)
    finally:
        sessions_forget([cookie])
        file.unlink(missing_ok=True)

    location = headers.get("Location", "")
    created = re.fullmatch(r"/portfolio/bewijsstukken/(\d+)/", location)
    ok = status == 302 and created is not None
    print(
        f"    POST {form_url}: {status} -> {location or '(no Location)'} in {seconds:.1f} s {'OK' if ok else 'FAILED'}"
    )
    if created:
        bewijsstuk = Bewijsstuk.objects.get(pk=int(created.group(1)))
        stored = list(Bestand.objects.filter(versie__bewijsstuk=bewijsstuk).values_list("file", "grootte"))
        print(f"    stored: {len(stored)} file(s), {', '.join(f'{g:,} bytes' for _, g in stored)}")
        # The service removes the stored 200 MB file once the deletion commits.
        services.bewijsstuk_delete(bewijsstuk=bewijsstuk, by=inschrijving.student)
        gone = not any(default_storage.exists(name) for name, _ in stored)
        print(f"    cleaned up: bewijsstuk {bewijsstuk.pk} deleted, stored file removed: {'yes' if gone else 'NO'}")
    # VmHWM is the worker's high-water mark since it started: it counts only if it rose during the upload.
    peak = max(sampler.peak, after["VmHWM"]) if after["VmHWM"] > before["VmHWM"] else sampler.peak
    growth = peak - before["VmRSS"]
    print(f"    worker pid {worker}, VmRSS sampled every 20 ms ({sampler.samples:,} samples)")
    print(f"    {'file size':<34} {size / MB:>9.1f} MB")
    print(f"    {'baseline RSS (warm, before POST)':<34} {before['VmRSS'] / MB:>9.1f} MB")
    print(f"    {'peak RSS sampled during upload':<34} {sampler.peak / MB:>9.1f} MB")
    print(f"    {'VmHWM before / after upload':<34} {before['VmHWM'] / MB:>9.1f} MB / {after['VmHWM'] / MB:.1f} MB")
    if size < 50 * MB:
        verdict = "file too small to judge (a few MB of buffers are constant)"
    else:
        verdict = "OK, far below the file size" if growth < size / 10 else "TOO HIGH (over 10% of the file size)"
    print(f"    {'peak RSS':<34} {peak / MB:>9.1f} MB  (+{growth / MB:.1f} MB over baseline)")
    print(f"    peak growth is {100 * max(growth, 0) / size:.1f}% of the file size: {verdict}")


# -- main -----------------------------------------------------------------------------------------------------------


def main() -> None:
    args = parse_args()
    wall = time.perf_counter()
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    tmp = Path(tempfile.mkdtemp(prefix="dp-bench-"))
    upload_max_mb = max(250, args.upload_mb + 50)
    print(f"command:  {shlex.join([sys.executable, *sys.argv])}")
    print(f"database: {database_ensure(database_url)}")
    print(f"media:    {tmp / 'media'} (temporary, removed at the end)")
    try:
        django_setup(database_url, tmp / "media", upload_max_mb)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("loaddata", "commercie", verbosity=0)
        run(args, tmp, upload_max_mb)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"total wall time: {time.perf_counter() - wall:.1f} s")


def run(args: argparse.Namespace, tmp: Path, upload_max_mb: int) -> None:
    from portfolio.models import Bewijsstuk
    from portfolio.seed import seeded_inschrijvingen

    if "queries" in args.parts:
        print(f"seed {args.small} students after --reset:")
        small_seconds = seed(args.small, reset=True)
        subjects = query_subjects(args.small)
        small = measure_queries(subjects)
        print(f"seed up to {args.students:,} students:")
        large_seconds = seed(args.students)
        large = measure_queries(subjects)
    else:
        print(f"seed up to {args.students:,} students (adds only what is missing):")
        small_seconds, large_seconds = None, seed(args.students)
    students = seeded_inschrijvingen().count()
    bewijsstukken = Bewijsstuk.objects.filter(inschrijving__in=seeded_inschrijvingen()).count()
    print(f"data: {students:,} seeded students, {bewijsstukken:,} bewijsstukken")
    if small_seconds is not None:
        print(f"seed time: {args.small} students (incl. reset) {small_seconds:.1f} s; ", end="")
        print(f"{args.small} -> {args.students:,} students {large_seconds:.1f} s")
    else:
        print(f"seed time: {large_seconds:.1f} s")

    if "queries" in args.parts:
        print(f"\n(a) queries for GET /portfolio/<pk>/ (in-process test client, {HOST})")
        print(f"    {'dashboard':<40} {f'{args.small} students':>14} {f'{args.students:,} students':>16}")
        for label, _, _ in subjects:
            verdict = "OK" if len(small[label]) == len(large[label]) else "MISMATCH"
            print(f"    {label:<40} {len(small[label]):>14} {len(large[label]):>16}  {verdict}")
            if verdict == "MISMATCH":
                for sql in large[label]:
                    print(f"        {sql[:160]}")
    if "load" in args.parts:
        print(f"\n(b) gunicorn on PostgreSQL at {students:,} students")
        run_load(args, tmp)
    if "upload" in args.parts:
        print(f"\n(c) memory of the gunicorn worker while uploading {args.upload_mb} MB")
        run_upload(args, tmp, upload_max_mb)


if __name__ == "__main__":
    main()
