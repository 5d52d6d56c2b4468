"""Prints what the beoordelaar's pages cost on PostgreSQL with a seeded cohort (`manage.py seed_demo`):

  (a) the query count of the queue /beoordelen/ and of the beoordeling form /beoordelen/beoordeling/<pk>/ at 10 and
      at 2,000 students (they must be equal),
  (b) requests/s and p50/p95 latency of both pages under gunicorn, next to a one-row ORM view (bench/urls.py).

The beoordelaar is the seeded praktijkbeoordelaar of student S00001. The form belongs to an examen beoordeling made
for this run (assessment.services.beoordeling_start) of S00001's werkproces with the most submitted evidence; it is
deleted again at the end, with its scores and examenpoging.

usage: .venv/bin/python bench/assessment.py [options]
  --students N      the large cohort (2000); --small N the small one (10)
  --requests N      measured requests per URL (1000), after --warmup N (100)
  --concurrency N   client threads (4)          --workers N   gunicorn sync workers for (b) (2)
  --only PARTS      comma-separated subset of queries,load (both)

BENCH_DATABASE_URL picks the database (default postgres://postgres@127.0.0.1:5432/dp_bench); it is created when
missing, migrated and given the Commercie dossier. Part (a) replaces the seeded rows (--reset); (b) alone only adds
what is missing. Never point it at a database you care about. All traffic goes to 127.0.0.1; gunicorn is started
and stopped by this script. Helpers come from bench/portfolio.py.
"""

import argparse
import os
import shlex
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Before the script's own folder, or `import assessment` would find this file instead of the app.
sys.path.insert(0, str(ROOT))

from bench.portfolio import (  # noqa: E402
    DEFAULT_DATABASE_URL,
    HOST,
    database_ensure,
    django_setup,
    drive,
    gunicorn,
    seed,
    seeded,
    session_cookie,
    sessions_forget,
)

QUEUE_URL = "/beoordelen/"
QUEUE_CAP = 50  # assessment.views.queue shows this many rows per page


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="queries,load")
    args = parser.parse_args()
    args.parts = {part.strip() for part in args.only.split(",") if part.strip()}
    unknown = args.parts - {"queries", "load"}
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    return args


# -- the beoordeling this run makes ----------------------------------------------------------------------------------


@dataclass
class Made:
    beoordeling_id: int
    poging_id: int
    beoordelaar_id: int
    inschrijving_id: int
    werkproces_code: str
    criteria: int

    @property
    def url(self) -> str:
        return f"/beoordelen/beoordeling/{self.beoordeling_id}/"


def leftovers_check() -> None:
    """seed_demo --reset deletes seeded students with plain DELETEs; a beoordeling or poging left on one of them
    (by a run that was killed) would make it fail halfway. Stop before that, and say what to remove."""
    from assessment.models import Beoordeling, Examenpoging
    from portfolio.seed import seeded_inschrijvingen

    pogingen = Examenpoging.objects.filter(inschrijving__in=seeded_inschrijvingen())
    beoordelingen = Beoordeling.objects.filter(inschrijving__in=seeded_inschrijvingen())
    if pogingen.exists() or beoordelingen.exists():
        sys.exit(
            f"seeded students have {beoordelingen.count()} beoordeling(en) and {pogingen.count()} examenpoging(en) "
            "(left by an interrupted run?); seed_demo --reset cannot remove them. Delete them first, or run with "
            "--only load."
        )


def beoordeling_make():
    """An examen beoordeling by S00001's praktijkbeoordelaar of S00001's werkproces with the most submitted
    evidence, made through the service as the 'Beoordelen' button does."""
    from django.db.models import Count

    from assessment import services
    from assessment.models import Examenpoging
    from dossier.selectors import werkproces_list
    from portfolio.models import BewijsstukVersie

    inschrijving = seeded(1)
    beoordelaar = inschrijving.toewijzingen.select_related("beoordelaar").get(rol="praktijk").beoordelaar
    werkprocessen = list(werkproces_list(profiel=inschrijving.profiel))
    submitted = dict(
        BewijsstukVersie.objects.filter(bewijsstuk__inschrijving=inschrijving, submitted_at__isnull=False)
        .values_list("bewijsstuk__werkproces_id")
        .annotate(n=Count("pk"))
    )
    werkproces = max(werkprocessen, key=lambda wp: submitted.get(wp.pk, 0))
    if not submitted.get(werkproces.pk):
        raise RuntimeError(f"{inschrijving.studentnummer} has no submitted evidence")
    if Examenpoging.objects.filter(inschrijving=inschrijving, werkproces=werkproces).exists():
        raise RuntimeError(f"{inschrijving.studentnummer} {werkproces.code} already has an examenpoging")
    beoordeling = services.beoordeling_start(
        inschrijving=inschrijving, werkproces=werkproces, by=beoordelaar, soort="examen"
    )
    made = Made(
        beoordeling_id=beoordeling.pk,
        poging_id=beoordeling.poging_id,
        beoordelaar_id=beoordelaar.pk,
        inschrijving_id=inschrijving.pk,
        werkproces_code=werkproces.code,
        criteria=beoordeling.scores.count(),
    )
    print(
        f"made: examen beoordeling {made.beoordeling_id} (poging {made.poging_id}) of {inschrijving.studentnummer} "
        f"{werkproces.code} by {beoordelaar.username}: {made.criteria} criteria, "
        f"{submitted[werkproces.pk]} submitted versions"
    )
    return made


def beoordeling_remove(made: Made) -> None:
    from django.db import transaction

    from assessment.models import Beoordeling, Examenpoging, Score

    with transaction.atomic():
        scores, _ = Score.objects.filter(beoordeling_id=made.beoordeling_id).delete()
        beoordelingen, _ = Beoordeling.objects.filter(pk=made.beoordeling_id).delete()
        # The poging was new for this run (beoordeling_make checks); its akkoord_door rows go with it.
        pogingen, _ = Examenpoging.objects.filter(pk=made.poging_id).delete()
    print(
        f"cleaned up: {scores} scores, {beoordelingen} beoordeling, {pogingen} examenpoging row(s) (pghistory "
        "events stay)"
    )


# -- (a) query counts -------------------------------------------------------------------------------------------------


def page_queries(user, url: str) -> tuple[list[str], bytes]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    try:
        client.get(url, HTTP_HOST=HOST)  # the first request of a session may differ; measure a steady one
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, HTTP_HOST=HOST)
    finally:
        sessions_forget([f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"])
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return [q["sql"] for q in ctx.captured_queries], response.content


def measure_queries(made: Made) -> dict[str, tuple[list[str], str]]:
    from accounts.models import User
    from assessment.selectors import queue_count

    user = User.objects.get(pk=made.beoordelaar_id)
    queue, body = page_queries(user, QUEUE_URL)
    rows = body.count(b'<a class="button" href="/beoordelen/')
    waiting = queue_count(user=user)
    form, body = page_queries(user, made.url)
    fieldsets = body.count(b'class="card criterium-score')
    return {
        "queue": (queue, f"{rows} rows of {waiting:,} waiting"),
        "form": (form, f"{fieldsets} criteria"),
    }


# -- (b) load ---------------------------------------------------------------------------------------------------------


def run_load(args: argparse.Namespace, tmp: Path, made: Made) -> None:
    from accounts.models import User
    from assessment.selectors import queue_count
    from portfolio.models import Beoordelaarstoewijzing

    beoordelaars = list(
        User.objects.filter(
            pk__in=Beoordelaarstoewijzing.objects.filter(inschrijving=made.inschrijving_id).values("beoordelaar")
        ).order_by("username")
    )
    own = next(u for u in beoordelaars if u.pk == made.beoordelaar_id)
    cookies = []
    try:
        for user in beoordelaars:
            cookies.append(session_cookie(user))
        own_cookie = cookies[beoordelaars.index(own)]
        queues = [(QUEUE_URL, cookie) for cookie in cookies]
        forms = [(made.url, own_cookie)]
        one_row = [("/bench/one-row/", cookie) for cookie in cookies]
        with gunicorn(tmp, workers=args.workers) as server:
            print(f"    server: {shlex.join(server.command)}")
            print(f"            DJANGO_SETTINGS_MODULE=bench.settings, workers {server.workers()}")
            for targets in (queues, forms, one_row):
                warm = drive(server.port, targets, args.warmup, args.concurrency)
                if warm.errors:
                    raise RuntimeError(f"warm-up of {targets[0][0]} failed: {dict(warm.errors)}; see {server.log}")
            results = [
                (f"{QUEUE_URL} (queue)", drive(server.port, queues, args.requests, args.concurrency)),
                ("/beoordelen/beoordeling/<pk>/ (form)", drive(server.port, forms, args.requests, args.concurrency)),
                ("/bench/one-row/ (one-row ORM view)", drive(server.port, one_row, args.requests, args.concurrency)),
            ]
    finally:
        sessions_forget(cookies)
    waiting = ", ".join(f"{u.username} {min(queue_count(user=u), QUEUE_CAP)}" for u in beoordelaars)
    print(
        f"    {args.requests:,} requests per URL after {args.warmup:,} warm-up, {args.concurrency} client threads, "
        f"new connection per request"
    )
    print(f"    queue: sessions of S00001's beoordelaars, rows shown: {waiting}")
    print(f"    form: {own.username}'s session, {made.criteria} criteria; one-row: all of these sessions")
    print(f"    {'URL':<40} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}  errors")
    for label, result in results:
        errors = ", ".join(f"{k}: {v}" for k, v in result.errors.items()) or "0"
        print(
            f"    {label:<40} {result.per_second:>8.1f} {result.percentile(50):>8.1f} "
            f"{result.percentile(95):>8.1f}  {errors}"
        )


# -- main -------------------------------------------------------------------------------------------------------------


def main() -> None:
    args = parse_args()
    wall = time.perf_counter()
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    tmp = Path(tempfile.mkdtemp(prefix="dp-bench-"))
    print(f"command:  {shlex.join([sys.executable, *sys.argv])}")
    print(f"database: {database_ensure(database_url)}")
    try:
        django_setup(database_url, tmp / "media", 50)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("loaddata", "commercie", verbosity=0)
        run(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"total wall time: {time.perf_counter() - wall:.1f} s")


def run(args: argparse.Namespace, tmp: Path) -> None:
    from portfolio.models import Bewijsstuk
    from portfolio.seed import seeded_inschrijvingen

    if "queries" in args.parts:
        leftovers_check()
        print(f"seed {args.small} students after --reset:")
        small_seconds = seed(args.small, reset=True)
    else:
        print(f"seed up to {args.students:,} students (adds only what is missing):")
        small_seconds, large_seconds = None, seed(args.students)
    made = beoordeling_make()
    try:
        if "queries" in args.parts:
            small = measure_queries(made)
            print(f"seed up to {args.students:,} students:")
            large_seconds = seed(args.students)
            large = measure_queries(made)
        students = seeded_inschrijvingen().count()
        bewijsstukken = Bewijsstuk.objects.filter(inschrijving__in=seeded_inschrijvingen())
        print(
            f"data: {students:,} seeded students, {bewijsstukken.count():,} bewijsstukken "
            f"({bewijsstukken.filter(status=Bewijsstuk.Status.INGEDIEND).count():,} ingediend)"
        )
        if small_seconds is not None:
            print(f"seed time: {args.small} students (incl. reset) {small_seconds:.1f} s; ", end="")
            print(f"{args.small} -> {args.students:,} students {large_seconds:.1f} s")
        else:
            print(f"seed time: {large_seconds:.1f} s")

        if "queries" in args.parts:
            print(f"\n(a) queries per GET (in-process test client, {HOST}), as the beoordelaar")
            print(f"    queue: {QUEUE_URL}, {QUEUE_CAP} rows per page; first page counted")
            print(f"    form:  {made.url} ({made.werkproces_code}, examen, concept)")
            print(f"    {'page':<8} {f'{args.small} students':>14} {f'{args.students:,} students':>16}")
            for page in ("queue", "form"):
                (few, few_note), (many, many_note) = small[page], large[page]
                verdict = "OK" if len(few) == len(many) else "MISMATCH"
                print(f"    {page:<8} {len(few):>14} {len(many):>16}  {verdict}   ({few_note} -> {many_note})")
                if verdict == "MISMATCH":
                    for sql in many:
                        print(f"        {sql[:160]}")
        if "load" in args.parts:
            print(f"\n(b) gunicorn on PostgreSQL at {students:,} students")
            run_load(args, tmp, made)
    finally:
        beoordeling_remove(made)


if __name__ == "__main__":
    main()
