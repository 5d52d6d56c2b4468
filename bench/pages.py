"""Prints what the pages students, beoordelaars and coordinators open most cost at 2,000 and at 20,000 students, on
PostgreSQL, side by side with a one-row view, and what they cost under a mixed load driven by Locust:

  seed   `manage.py seed_demo --students N` for each size, with its time (it adds only missing students; when more
         are seeded than N it resets first);
  pages  per size, ONE gunicorn run (bench.settings, sync workers) measuring side by side the student dashboard
         /portfolio/<pk>/, the beoordelaar's queue /beoordelen/, a beoordeling form /beoordelen/beoordeling/<pk>/,
         the coordinator's cohort page /portfolio/beheer/cohorten/<pk>/, its readiness table /diploma/cohort/<pk>/
         and /bench/one-row/ (bench/urls.py): cold (the first requests of fresh workers) and warm (req/s, p50, p95,
         ratio to the one-row view's req/s, goal >= 0.25), with each page's query count (in-process test client);
         then a summary over the sizes: p50 at the largest size / p50 at the smallest (goal <= 1.2) and equal
         query counts;
  load   per size, in the same server run after the pages: Locust headless (bench/locustfile.py) with students,
         beoordelaars and a coordinator who exports the cohort's readiness CSV (built by a real Celery worker) for
         --load-seconds; requests, req/s, p50/p95/p99 and failures per page, next to the single-page figures.

The same people at every size: students of block 0 (S00001..S02000), S00001's beoordelaars, the coordinator of
S00001's opleiding and S00001's cohort.

usage: .venv/bin/python bench/pages.py [options]
  --sizes N,N        seeded students per run (2000,20000), measured in ascending order
  --requests N       measured requests per page (500), after --warmup N (100) each
  --concurrency N    client threads for the warm figures (4)     --workers N   gunicorn sync workers (2)
  --sessions N       students whose sessions the dashboard figures spread over (50)
  --load-seconds N   Locust run time (60)     --users N   Locust users (30), spawned over 5 s
  --only PARTS       comma-separated subset of seed,pages,load (all three)

BENCH_DATABASE_URL picks the database (default postgres://postgres@127.0.0.1:5432/dp_bench); it is created when
missing, migrated and given the Commercie dossier. Never point it at a database you care about. Everything the run
adds besides the seeded students is removed at the end: sessions, the beoordeling (with its scores and poging),
the coordinator's bench authenticator, reports and their files, the stored readiness. MEDIA_ROOT and the Celery
broker are temporary folders. All traffic goes to 127.0.0.1; gunicorn, the Celery worker and Locust are started and
stopped by this script. Helpers come from bench/portfolio.py and bench/assessment.py.
"""

import argparse
import csv
import json
import os
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
# Before the script's own folder, or `import assessment` would find bench/assessment.py instead of the app.
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from accounts.models import User
    from portfolio.models import Cohort, Inschrijving

from bench.assessment import QUEUE_URL, Made, beoordeling_make, beoordeling_remove, leftovers_check  # noqa: E402
from bench.assessment import page_queries as _page_queries  # noqa: E402
from bench.portfolio import (  # noqa: E402
    DEFAULT_DATABASE_URL,
    HOST,
    LoadResult,
    database_ensure,
    django_setup,
    drive,
    get,
    gunicorn,
    seed,
    seeded,
    session_cookie,
    sessions_forget,
)

PARTS = ("seed", "pages", "load")
BLOCK = 2000  # students of block 0: the sessions and the cohort are the same at every size
COLD_ROUNDS = 20
WARM_ROUNDS = 5  # the measured requests of each page are sent in this many turns
GOAL_RATIO = 0.25  # page req/s / one-row req/s, at least
GOAL_GROWTH = 1.2  # p50 at the largest size / p50 at the smallest, at most
REPORT_KIND = "readiness_csv"
AUTHENTICATOR_MARK = {"bench": "pages"}  # data of the TOTP row this script gives the coordinator


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--only", default=",".join(PARTS))
    args = parser.parse_args()
    args.sizes = sorted({int(size) for size in args.sizes.split(",") if size.strip()})
    args.parts = {part.strip() for part in args.only.split(",") if part.strip()}
    unknown = args.parts - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    if not args.sizes or not all(0 < size <= 99_999 for size in args.sizes):
        parser.error("sizes are between 1 and 99,999")
    if args.requests < 2 or args.users < 2:
        parser.error("--requests and --users are at least 2")
    return args


# -- who and what ---------------------------------------------------------------------------------------------------


@dataclass
class Page:
    key: str
    url: str  # as printed
    targets: list[tuple[str, str]]  # (path, cookie) the warm figures go round-robin over
    query_user: "User"  # whose in-process request is counted
    query_url: str
    goal: bool = True  # the one-row view is the floor, not a page with goals


@dataclass
class Figures:
    queries: int = 0
    note: str = ""
    cold: list[float] = field(default_factory=list)  # seconds, in the order sent
    cold_errors: Counter = field(default_factory=Counter)
    warm: LoadResult | None = None

    @property
    def measured(self) -> LoadResult:
        """The warm figures, once measure_pages has run."""
        if self.warm is None:
            raise RuntimeError("no warm figures yet: measure_pages has not run")
        return self.warm


@dataclass
class Cast:
    """The people and rows of one run, and what must be removed again."""

    students: "list[Inschrijving]" = field(default_factory=list)
    beoordelaars: "list[User]" = field(default_factory=list)
    coordinator: "User | None" = None
    cohort: "Cohort | None" = None
    made: Made | None = None
    cookies: dict[int, str] = field(default_factory=dict)  # user pk -> cookie
    authenticator_id: int | None = None

    def made_in_full(self) -> "tuple[Cohort, User, Made]":
        """The cohort, coordinator and beoordeling, once cast_make has made them all."""
        if self.cohort is None or self.coordinator is None or self.made is None:
            raise RuntimeError("cast_make has not finished")
        return self.cohort, self.coordinator, self.made


def cast_make(cast: Cast, args: argparse.Namespace, size: int) -> None:
    """Fills `cast` as it goes, so cast_forget removes what was made also when a step fails."""
    from accounts.models import User
    from portfolio.models import Beoordelaarstoewijzing, Inschrijving
    from portfolio.seed import studentnummer

    block = min(size, BLOCK)
    step = max(1, block // args.sessions)
    numbers = list(range(1, block + 1, step))[: args.sessions]
    cast.students = list(
        Inschrijving.objects.select_related("student", "profiel", "cohort")
        .filter(studentnummer__in=[studentnummer(n) for n in numbers])
        .order_by("studentnummer")
    )
    first = seeded(1)
    cast.cohort = first.cohort
    cast.beoordelaars = list(
        User.objects.filter(
            pk__in=Beoordelaarstoewijzing.objects.filter(inschrijving=first).values("beoordelaar")
        ).order_by("username")
    )
    cast.coordinator = cast.cohort.opleiding.coordinatoren.order_by("username").first()
    if cast.coordinator is None:
        sys.exit(f"opleiding {cast.cohort.opleiding} has no coordinator; seed_demo links seed-coordinator to it")
    cast.authenticator_id = authenticator_ensure(cast.coordinator)
    cast.made = beoordeling_make()
    for user in [i.student for i in cast.students] + cast.beoordelaars + [cast.coordinator]:
        if user.pk not in cast.cookies:
            cast.cookies[user.pk] = session_cookie(user)


def cast_forget(cast: Cast) -> None:
    from allauth.mfa.models import Authenticator

    sessions_forget(list(cast.cookies.values()))
    if cast.cohort is None:
        return
    if cast.made is not None:
        beoordeling_remove(cast.made)
    if cast.authenticator_id is not None:
        Authenticator.objects.filter(pk=cast.authenticator_id).delete()
    reports = reports_forget(cast)
    print(f"cleaned up: {len(cast.cookies)} sessions, {reports} report(s) and their files, the bench authenticator")


def authenticator_ensure(user) -> int | None:
    """Coordinators must have a second factor (accounts.mfa), or every page sends them to set one up. The check
    reads whether an Authenticator row exists, so a TOTP row without a usable secret lets the bench's session through
    the same code path as a real one; it is deleted at the end. None when the coordinator already has one."""
    from allauth.mfa.models import Authenticator

    from accounts.mfa import has_mfa

    Authenticator.objects.filter(user=user, data=AUTHENTICATOR_MARK).delete()  # left by an interrupted run
    if has_mfa(user):
        return None
    return Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data=AUTHENTICATOR_MARK).pk


def reports_forget(cast: Cast) -> int:
    from diploma.models import Report

    reports = Report.objects.filter(cohort=cast.cohort, requested_by=cast.coordinator)
    for report in reports:
        if report.file:
            report.file.delete(save=False)
    return reports.delete()[0]


def pages_of(cast: Cast) -> list[Page]:
    cohort, coordinator_user, made = cast.made_in_full()
    own = next(u for u in cast.beoordelaars if u.pk == made.beoordelaar_id)
    student_cookies = [cast.cookies[i.student_id] for i in cast.students]
    coordinator = cast.cookies[coordinator_user.pk]
    cohort_url = f"/portfolio/beheer/cohorten/{cohort.pk}/"
    readiness_url = f"/diploma/cohort/{cohort.pk}/"
    first = cast.students[0]
    dashboards = [(f"/portfolio/{i.pk}/", cast.cookies[i.student_id]) for i in cast.students]
    return [
        # One-row first: in the cold rounds it takes the cost of a worker's very first request (URLconf import).
        Page(
            "one-row",
            "/bench/one-row/",
            [("/bench/one-row/", c) for c in student_cookies],
            first.student,
            "/bench/one-row/",
            goal=False,
        ),
        Page("dashboard", "/portfolio/<pk>/", dashboards, first.student, f"/portfolio/{first.pk}/"),
        Page("queue", QUEUE_URL, [(QUEUE_URL, cast.cookies[u.pk]) for u in cast.beoordelaars], own, QUEUE_URL),
        Page("form", "/beoordelen/beoordeling/<pk>/", [(made.url, cast.cookies[own.pk])], own, made.url),
        Page("cohort", "/portfolio/beheer/cohorten/<pk>/", [(cohort_url, coordinator)], coordinator_user, cohort_url),
        Page("readiness", "/diploma/cohort/<pk>/", [(readiness_url, coordinator)], coordinator_user, readiness_url),
    ]


# -- data that must be there ----------------------------------------------------------------------------------------


def seeded_count() -> int:
    from portfolio.seed import seeded_inschrijvingen

    return seeded_inschrijvingen().count()


def gereedheid_forget() -> int:
    """The stored readiness of seeded students: seed_demo --reset deletes students with plain DELETEs and would trip
    over these rows."""
    from diploma.models import Gereedheid
    from portfolio.seed import seeded_inschrijvingen

    rows = Gereedheid.objects.filter(inschrijving__in=seeded_inschrijvingen())
    return Gereedheid.objects.filter(pk__in=rows.values("pk"))._raw_delete(rows.db)


def cohort_freshness(cohort) -> str:
    """Whether the readiness table read stored rows while measured: a stale row is computed on every request."""
    from diploma.selectors import stale_inschrijving_ids

    ids = set(cohort.inschrijvingen.values_list("pk", flat=True))
    stale = len(ids.intersection(stale_inschrijving_ids(limit=seeded_count() + 1000)))
    return f"stored readiness of the cohort after the pages: {len(ids) - stale:,} of {len(ids):,} fresh"


def readiness_store() -> tuple[int, float]:
    """Stores the readiness of every seeded student whose stored row is missing or stale, as the workers do after a
    change (beat runs refresh_stale_gereedheid_task every 5 minutes). Without it, the readiness table computes all
    students of the cohort on every request, which is what a deploy costs, not the steady state."""
    from diploma.selectors import stale_inschrijving_ids
    from diploma.services import gereedheid_refresh
    from portfolio.seed import seeded_inschrijvingen

    started = time.perf_counter()
    seeded_ids = set(seeded_inschrijvingen().values_list("pk", flat=True))
    stale = [pk for pk in stale_inschrijving_ids(limit=len(seeded_ids) + 1000) if pk in seeded_ids]
    stored = gereedheid_refresh(inschrijving_ids=stale) if stale else 0
    return stored, time.perf_counter() - started


def seed_to(size: int) -> None:
    existing = seeded_count()
    if existing > size:
        leftovers_check()
        removed = gereedheid_forget()
        print(f"seed: {existing:,} seeded, more than {size:,}: reset first ({removed:,} stored readiness rows removed)")
        seconds = seed(size, reset=True)
    else:
        print(f"seed: {existing:,} seeded, up to {size:,} (seed_demo adds only what is missing):")
        seconds = seed(size)
    print(f"seed time: {seconds:.1f} s for {existing:,} -> {size:,} students")


# -- pages ----------------------------------------------------------------------------------------------------------


def count_queries(pages: list[Page], figures: dict[str, Figures]) -> None:
    from accounts.models import User
    from assessment.selectors import queue_count

    for page in pages:
        queries, _body = _page_queries(page.query_user, page.query_url)
        figures[page.key].queries = len(queries)
        if page.key == "queue":
            figures[page.key].note = f"{queue_count(user=User.objects.get(pk=page.query_user.pk)):,} waiting"


def cold_rounds(port: int, pages: list[Page], figures: dict[str, Figures]) -> None:
    """The first COLD_ROUNDS requests of every page, one at a time, round-robin over the pages."""
    for index in range(COLD_ROUNDS):
        for page in pages:
            path, cookie = page.targets[index % len(page.targets)]
            started = time.perf_counter()
            status: int | str
            try:
                status, _, _ = get(port, path, cookie)
            except OSError as exc:
                status = type(exc).__name__
            figures[page.key].cold.append(time.perf_counter() - started)
            if status != 200:
                figures[page.key].cold_errors[status] += 1


def cache_clear() -> str:
    from django.conf import settings
    from django.core.cache import cache

    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    if backend == "LocMemCache":
        return "Django's cache is LocMemCache, per process: empty in a fresh worker"
    cache.clear()
    return f"Django's cache ({backend}) cleared before the start"


def measure_pages(args: argparse.Namespace, server, pages: list[Page], figures: dict[str, Figures]) -> None:
    cold_rounds(server.port, pages, figures)
    for page in pages:
        warm = drive(server.port, page.targets, args.warmup, args.concurrency)
        if warm.errors:
            raise RuntimeError(f"warm-up of {page.url} failed: {dict(warm.errors)}; see {server.log}")
    # In rounds, the pages taking turns: a change in the machine's background load then falls on every page alike,
    # not on whichever page was being measured, and the ratios stay comparable.
    parts = [args.requests // WARM_ROUNDS + (1 if i < args.requests % WARM_ROUNDS else 0) for i in range(WARM_ROUNDS)]
    for requests in (n for n in parts if n):
        for page in pages:
            result = drive(server.port, page.targets, requests, args.concurrency)
            figures[page.key].warm = merged(figures[page.key].warm, result)


def merged(total: LoadResult | None, part: LoadResult) -> LoadResult:
    if total is None:
        return part
    return LoadResult(
        total.requests + part.requests,
        total.seconds + part.seconds,
        total.latencies + part.latencies,
        total.errors + part.errors,
    )


def ms(seconds: float) -> float:
    return seconds * 1000


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISS"


def print_pages(args: argparse.Namespace, pages: list[Page], figures: dict[str, Figures]) -> None:
    floor = figures["one-row"].measured.per_second
    print(
        f"    cold: the first {COLD_ROUNDS} requests of each page right after the start, one at a time, round-robin "
        "over the pages"
    )
    print(
        "          (fresh workers: no database connection, empty template, URL, translation and rule caches; "
        "PostgreSQL's buffers stay warm)"
    )
    print(
        f"    warm: {args.requests:,} requests per page after {args.warmup:,} warm-up each, in {WARM_ROUNDS} rounds "
        f"taking turns, {args.concurrency} client threads, a new connection per request"
    )
    print(
        f"    {'page':<40} {'queries':>7} {'first':>7} {'cold50':>7} {'req/s':>7} {'p50':>7} {'p95':>7} "
        f"{'/1-row':>7}  {'goal':<4}  errors"
    )
    for page in pages:
        fig = figures[page.key]
        warm = fig.measured
        ratio = warm.per_second / floor
        goal = verdict(ratio >= GOAL_RATIO) if page.goal else "-"
        errors = fig.cold_errors + warm.errors
        error_text = ", ".join(f"{k}: {v}" for k, v in errors.items()) or "0"
        note = f"  ({fig.note})" if fig.note else ""
        print(
            f"    {f'{page.key} {page.url}':<40} {fig.queries:>7} {ms(fig.cold[0]):>7.1f} "
            f"{ms(statistics.median(fig.cold)):>7.1f} {warm.per_second:>7.1f} {warm.percentile(50):>7.1f} "
            f"{warm.percentile(95):>7.1f} {ratio:>6.2f}x  {goal:<4}  {error_text}{note}"
        )
    print(
        f"    first/cold50/p50/p95 in ms; /1-row: req/s over the one-row view's {floor:.1f} req/s (goal >= "
        f"{GOAL_RATIO}); queries: one steady GET in-process (Django test client, force_login)"
    )


def print_summary(args: argparse.Namespace, results: dict[int, dict[str, Figures]]) -> None:
    sizes = sorted(results)
    small, large = sizes[0], sizes[-1]
    print(f"\nsummary: per-request time and queries at {large:,} against {small:,} students")
    if small == large:
        print("    one size only: nothing to compare (--sizes 2000,20000)")
        return
    print(
        f"    {'page':<10} {'/1-row ' + f'{small:,}':>13} {'/1-row ' + f'{large:,}':>13} "
        f"{'p50 ' + f'{small:,}':>11} {'p50 ' + f'{large:,}':>11} {'ratio':>6}  {'goal':<4}  "
        f"{'p95 ratio':>9}  queries"
    )
    for key, fig in results[small].items():
        other = results[large][key]
        mine, theirs = fig.measured, other.measured
        growth = theirs.percentile(50) / mine.percentile(50)
        goal = verdict(growth <= GOAL_GROWTH) if key != "one-row" else "-"
        floors = [results[s]["one-row"].measured.per_second for s in (small, large)]
        same = "OK" if fig.queries == other.queries else "MISMATCH"
        print(
            f"    {key:<10} {mine.per_second / floors[0]:>12.2f}x {theirs.per_second / floors[1]:>12.2f}x "
            f"{mine.percentile(50):>8.1f} ms {theirs.percentile(50):>8.1f} ms {growth:>5.2f}x  {goal:<4}  "
            f"{theirs.percentile(95) / mine.percentile(95):>8.2f}x  {fig.queries} / {other.queries} {same}"
        )
    print(
        f"    goals: /1-row >= {GOAL_RATIO} at {small:,}; p50 ratio <= {GOAL_GROWTH} (cost must not grow with the "
        "size of the institution); equal query counts"
    )


# -- load -----------------------------------------------------------------------------------------------------------


def locust_data(cast: Cast, path: Path) -> dict[str, int]:
    """The sessions and URLs bench/locustfile.py reads."""
    from django.conf import settings

    from dossier.selectors import werkproces_list
    from portfolio.models import Bewijsstuk

    werkprocessen: dict[int, list[str]] = {}
    for inschrijving in cast.students:
        if inschrijving.profiel_id not in werkprocessen:
            codes = [wp.code for wp in werkproces_list(profiel=inschrijving.profiel)]
            werkprocessen[inschrijving.profiel_id] = codes
    own: dict[int, list[int]] = {}
    for inschrijving_id, pk in Bewijsstuk.objects.filter(inschrijving__in=cast.students).values_list(
        "inschrijving_id", "pk"
    ):
        own.setdefault(inschrijving_id, []).append(pk)

    def value(cookie: str) -> str:
        return cookie.split("=", 1)[1]

    students = []
    for inschrijving in cast.students:
        pks = sorted(own.get(inschrijving.pk, []))
        rng = random.Random(inschrijving.studentnummer)  # which evidence to open, not a secret
        students.append(
            {
                "session": value(cast.cookies[inschrijving.student_id]),
                "dashboard": f"/portfolio/{inschrijving.pk}/",
                "werkprocessen": [
                    f"/portfolio/{inschrijving.pk}/werkproces/{quote(code)}/"
                    for code in werkprocessen[inschrijving.profiel_id]
                ],
                "bewijsstukken": [f"/portfolio/bewijsstukken/{pk}/" for pk in rng.sample(pks, min(5, len(pks)))],
            }
        )
    cohort, coordinator, made = cast.made_in_full()
    data = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "students": students,
        "beoordelaars": [
            {
                "session": value(cast.cookies[user.pk]),
                "forms": [made.url] if user.pk == made.beoordelaar_id else [],
            }
            for user in cast.beoordelaars
        ],
        "coordinators": [
            {
                "session": value(cast.cookies[coordinator.pk]),
                "cohort_page": f"/portfolio/beheer/cohorten/{cohort.pk}/",
                "readiness_page": f"/diploma/cohort/{cohort.pk}/",
                "cohort": cohort.pk,
                "kind": REPORT_KIND,
            }
        ],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return {role: len(data[role]) for role in ("students", "beoordelaars", "coordinators")}


@contextmanager
def celery_worker(tmp: Path) -> Iterator[list[str]]:
    """A real worker as `make worker` starts it (solo pool), on the run's own filesystem broker, without beat."""
    log = tmp / "celery.log"
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--loglevel=INFO",
        "--without-mingle",
        "--without-gossip",
    ]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    with log.open("wb") as log_file:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while b" ready." not in log.read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Celery worker did not start; see {log}:\n{log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield command
    finally:
        process.terminate()  # warm shutdown: a report being built is finished first
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class LocustRow:
    name: str
    requests: int
    failures: int
    per_second: float
    p50: str
    p95: str
    p99: str


def run_locust(args: argparse.Namespace, tmp: Path, port: int, data: Path) -> tuple[list[LocustRow], list, list, str]:
    prefix = tmp / f"locust-{port}"
    exports = tmp / f"locust-{port}-exports.json"
    log = tmp / f"locust-{port}.log"
    spawn_rate = max(1, args.users // 5)
    command = [
        str(Path(sys.executable).parent / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--host",
        f"http://{HOST}:{port}",
        "-u",
        str(args.users),
        "-r",
        str(spawn_rate),
        "--run-time",
        f"{args.load_seconds}s",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = {**os.environ, "BENCH_LOCUST_DATA": str(data), "BENCH_LOCUST_EXPORTS": str(exports)}
    print(f"    locust: {shlex.join(command)}")
    with log.open("wb") as log_file:
        # Bounded: Locust stops itself after --run-time; this is the backstop.
        # Its exit code is 1 whenever a request failed: reported, not raised.
        process = subprocess.run(
            command,
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            timeout=args.load_seconds + 120,
            check=False,
        )
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        raise RuntimeError(f"Locust wrote no stats (exit {process.returncode}); see {log}:\n{log.read_text()[-3000:]}")
    rows = []
    with stats.open(newline="") as f:
        for row in csv.DictReader(f):
            rows.append(
                LocustRow(
                    name=row["Name"],
                    requests=int(row["Request Count"]),
                    failures=int(row["Failure Count"]),
                    per_second=float(row["Requests/s"]),
                    p50=row["50%"],
                    p95=row["95%"],
                    p99=row["99%"],
                )
            )
    with Path(f"{prefix}_failures.csv").open(newline="") as f:
        failures = [(row["Name"], row["Error"], int(row["Occurrences"])) for row in csv.DictReader(f)]
    waits = json.loads(exports.read_text(encoding="utf-8")) if exports.exists() else []
    return rows, failures, waits, f"spawn rate {spawn_rate}/s, exit code {process.returncode}"


def run_load(args: argparse.Namespace, tmp: Path, server, cast: Cast, figures: dict[str, Figures]) -> None:
    from diploma.models import Report

    data = tmp / f"locust-sessions-{server.port}.json"
    people = locust_data(cast, data)
    print(
        f"\n    load: Locust, {args.users} users for {args.load_seconds} s (Student : Beoordelaar weights 50 : 10, "
        "exactly 1 Coordinator), wait 0.5-2 s between tasks"
    )
    print(
        f"          sessions: {people['students']} students, {people['beoordelaars']} beoordelaars, "
        f"{people['coordinators']} coordinator; the coordinator's {REPORT_KIND} exports are built by a Celery worker"
    )
    with celery_worker(tmp) as worker:
        print(f"    worker: {shlex.join(worker)} (broker: a temporary filesystem:// folder)")
        rows, failures, exports, note = run_locust(args, tmp, server.port, data)
    data.unlink()
    reports = Counter(
        Report.objects.filter(cohort=cast.cohort, requested_by=cast.coordinator).values_list("status", flat=True)
    )
    print(f"    {note}; reports: {', '.join(f'{n} {s}' for s, n in reports.items()) or 'none'}")
    print(
        f"    {'request name':<26} {'requests':>8} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'fails':>6}   "
        f"| single page: {'req/s':>7} {'p50':>7} {'p95':>7}"
    )
    for row in rows:
        alone = figures.get(row.name)
        single = (
            f"{alone.warm.per_second:>7.1f} {alone.warm.percentile(50):>7.1f} {alone.warm.percentile(95):>7.1f}"
            if alone is not None and alone.warm is not None
            else ""
        )
        print(
            f"    {row.name:<26} {row.requests:>8,} {row.per_second:>7.1f} {row.p50:>7} {row.p95:>7} {row.p99:>7} "
            f"{row.failures:>6}   | {'':13}{single}"
        )
    print("    ms; Locust rounds percentiles to 2 significant digits")
    done = [e for e in exports if e["status"] == "done"]
    if done:
        waits = sorted(e["seconds"] for e in done)
        print(
            f"    exports ({REPORT_KIND}, by the worker): {len(done)} done; from the POST to done (polled once a "
            f"second): median {statistics.median(waits):.1f} s, max {waits[-1]:.1f} s; "
            f"{done[0]['bytes'] / 1024:,.0f} KiB downloaded each"
        )
    for export in exports:
        if export["status"] != "done":
            print(f"    export NOT done: {export['status']} after {export['seconds']:.0f} s")
    for name, error, occurrences in failures:
        print(f"    failure: {name}: {error} ({occurrences}x)")


# -- main -----------------------------------------------------------------------------------------------------------


def run_size(args: argparse.Namespace, tmp: Path, size: int) -> dict[str, Figures] | None:
    from portfolio.models import Bewijsstuk
    from portfolio.seed import seeded_inschrijvingen

    print(f"\n== {size:,} students")
    if "seed" in args.parts:
        seed_to(size)
    students = seeded_count()
    if students != size:
        sys.exit(f"{students:,} students are seeded, not {size:,}: run with the seed part (--only seed,...)")
    if not args.parts & {"pages", "load"}:
        return None
    bewijsstukken = Bewijsstuk.objects.filter(inschrijving__in=seeded_inschrijvingen())
    print(f"data: {students:,} seeded students, {bewijsstukken.count():,} bewijsstukken")
    stored, seconds = readiness_store()
    print(f"stored readiness: {stored:,} students refreshed in {seconds:.1f} s (diploma.services.gereedheid_refresh)")
    cast = Cast()
    try:
        cast_make(cast, args, size)
        cohort, coordinator, _made = cast.made_in_full()
        print(
            f"people: {len(cast.students)} students of block 0 ({cast.students[0].studentnummer}.."
            f"{cast.students[-1].studentnummer}), beoordelaars {', '.join(u.username for u in cast.beoordelaars)}, "
            f"coordinator {coordinator.username}, cohort {cohort} "
            f"({cohort.inschrijvingen.count():,} students)"
        )
        pages = pages_of(cast)
        figures = {page.key: Figures() for page in pages}
        if "pages" in args.parts:
            count_queries(pages, figures)
        print(f"    {cache_clear()}; load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
        with gunicorn(tmp, workers=args.workers) as server:
            print(f"    server: {shlex.join(server.command)}")
            print(f"            DJANGO_SETTINGS_MODULE=bench.settings, workers {server.workers()}")
            if "pages" in args.parts:
                measure_pages(args, server, pages, figures)
                print_pages(args, pages, figures)
                print(f"    {cohort_freshness(cast.cohort)}")
            if "load" in args.parts:
                run_load(args, tmp, server, cast, figures)
        return figures if "pages" in args.parts else None
    finally:
        cast_forget(cast)


def main() -> None:
    args = parse_args()
    wall = time.perf_counter()
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    tmp = Path(tempfile.mkdtemp(prefix="dp-bench-pages-"))
    # The run's own broker folder: the web workers queue the exports there and the run's Celery worker reads them;
    # var/broker of `make run` is left alone.
    os.environ["CELERY_BROKER_URL"] = "filesystem://"
    os.environ["CELERY_BROKER_FOLDER"] = str(tmp / "broker")
    print(f"command:  {shlex.join([sys.executable, *sys.argv])}")
    print(f"database: {database_ensure(database_url)}")
    print(f"sizes:    {', '.join(f'{size:,}' for size in args.sizes)} students; parts: {', '.join(sorted(args.parts))}")
    try:
        django_setup(database_url, tmp / "media", 50)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("loaddata", "commercie", verbosity=0)
        results = {}
        try:
            for size in args.sizes:
                figures = run_size(args, tmp, size)
                if figures is not None:
                    results[size] = figures
        finally:
            removed = gereedheid_forget()
            print(f"\ncleaned up: {removed:,} stored readiness rows of seeded students")
        if results:
            print_summary(args, results)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"total wall time: {time.perf_counter() - wall:.1f} s")


if __name__ == "__main__":
    main()
