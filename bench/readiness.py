"""Prints what the cohort diploma-readiness export costs on PostgreSQL with 2,000 and 10,000 students:

  (a) wall time, peak memory (tracemalloc peak of Python allocations, and the growth of the process's VmHWM) and
      query count of the full CSV and xlsx export (`diploma.selectors.cohort_readiness` with the columns from
      `cohort_conditions`, streamed into `build_readiness_csv` / `build_readiness_xlsx`, into a temporary file),
      in-process, with every student's readiness stored and fresh; before it, the CSV export with nothing stored
      (every student computed from the facts) and the refresh that stores them;
  (b) next to it, in the same run, ONE raw SQL query that reads the same data (enrolments with names, profiel,
      generiek results, keuzedelen and vrijstellingen aggregated, the vastgestelde pogingen per student), all rows
      fetched; the export must take at most 3x that time and stay under 300 MB;
  (c) the same export through the real job path: a Report of kind readiness_csv built by
      `diploma.reports.jobs.report_build`, in-process, with a temporary MEDIA_ROOT.

usage: .venv/bin/python bench/readiness.py [options]
  --sizes N,N        cohort sizes (2000,10000)     --chunk-size N   cohort_readiness chunk size (500)
  --raw-runs N       timed runs of the raw query, the median counts (5)
  --repeat N         timed runs of each export, the median counts (1)
  --only PARTS       comma-separated subset of cold,csv,xlsx,page,job (all five)
  --profile          also profile the CSV export at the largest size (pyinstrument if installed, else cProfile)

BENCH_READINESS_DATABASE_URL picks the database (default postgres://postgres@127.0.0.1:5432/dp_bench_readiness,
not the dp_bench of the other benches); it is created when missing, migrated and given the Commercie dossier. The
cohorts are seeded with bulk_create under opleidingen "bench-2000" and "bench-10000" and reused by later runs.
Settings: config.settings.local with DEBUG=0. Never point it at a database you care about.
"""

import argparse
import ctypes
import gc
import io
import os
import random
import shlex
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.portfolio import database_ensure, proc_status  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dp_bench_readiness"
MB = 1024 * 1024
GOAL_RATIO = 3.0
GOAL_MEMORY = 300 * MB

OPLEIDING_PREFIX = "bench-"  # opleiding "bench-2000" holds the cohort of 2,000 students
COHORT_STARTJAAR = 2023  # niveau 4 (P3): rule set n4-2022; niveau 3 (P1): n23-2022
STARTDATUM = date(2023, 9, 1)
DOSSIER_CREBO = "23064"
COORDINATOR = "bench-readiness-coordinator"  # asks for the reports of part (c)
SEED_BATCH = 1000  # students per bulk_create round, to keep the seeding's memory small
ROW_BATCH = 5000
P1_SHARE = 0.15
KEUZEDELEN = (
    ("K0080", "Ondernemend gedrag", 240),
    ("K0125", "Verdieping sales", 480),
    ("K0499", "Engels B1", 240),
    ("K0728", "Internationaal zakendoen", 480),
    ("K1016", "Digitale vaardigheden", 240),
    ("K0020", "Voorbereiding hbo", 480),
)
VRIJSTELLING_REDEN = "Vrijgesteld op grond van een eerder behaald diploma"
# Students' pace: (share, chance that a werkproces has no vastgestelde poging yet)
PACE = ((0.60, 0.01), (0.30, 0.12), (0.10, 0.45))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,10000")
    parser.add_argument("--chunk-size", type=int, default=500)
    parser.add_argument("--raw-runs", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--only", default="cold,csv,xlsx,page,job")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    args.sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    args.parts = {part.strip() for part in args.only.split(",") if part.strip()}
    unknown = args.parts - {"csv", "xlsx", "job", "cold", "page"}
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    if not all(0 < size <= 99_999 for size in args.sizes):
        parser.error("sizes are between 1 and 99,999")
    return args


def django_setup(database_url: str, media_root: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "0"
    os.environ["MEDIA_ROOT"] = str(media_root)
    import django

    django.setup()
    from django.conf import settings

    if settings.DEBUG:
        sys.exit("DEBUG is on; the figures would include Django's query log.")


# -- memory ---------------------------------------------------------------------------------------------------------


def hwm_reset() -> bool:
    """Sets the process's VmHWM back to its current VmRSS (Linux 4.0+), so a peak is the peak of what follows.

    Free heap memory goes back to the system first (glibc's malloc_trim): otherwise the export would reuse what the
    seeding or the raw query freed, and its growth would look smaller than it is."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


@dataclass
class Memory:
    rss_before: int
    hwm_after: int
    reset: bool  # False: VmHWM could not be reset, the growth may hide under an earlier peak

    @property
    def growth(self) -> int:
        return max(self.hwm_after - self.rss_before, 0)


@contextmanager
def rss_peak() -> Iterator[list[Memory]]:
    gc.collect()
    reset = hwm_reset()
    before = proc_status(os.getpid())
    result: list[Memory] = []
    try:
        yield result
    finally:
        after = proc_status(os.getpid())
        result.append(Memory(before["VmRSS"] if reset else before["VmHWM"], after["VmHWM"], reset))


# -- seeding --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """The profielen P1 and P3, and per profiel the werkprocessen of the kerntaken that apply to it (basisdeel and
    profieldeel), as diploma.selectors reads them."""

    profielen: dict  # code -> Profiel
    werkprocessen: dict[str, list[int]]  # profiel code -> werkproces pks


def _plan():
    from dossier.models import Kerntaak, Kwalificatiedossier, Profiel
    from dossier.selectors import applies_to

    dossier = Kwalificatiedossier.objects.filter(crebo=DOSSIER_CREBO).first()
    if dossier is None:
        sys.exit("The Commercie dossier is missing (manage.py loaddata commercie).")
    profielen = {p.code: p for p in Profiel.objects.filter(dossier=dossier, code__in=["P1", "P3"])}
    werkprocessen = {}
    for code, profiel in profielen.items():
        kerntaken = Kerntaak.objects.filter(applies_to(profiel), dossier=dossier).prefetch_related("werkprocessen")
        werkprocessen[code] = [w.pk for k in kerntaken.order_by("volgorde") for w in k.werkprocessen.all()]
    return dossier, _Plan(profielen, werkprocessen)


def _mark(rng: random.Random, mean: float, spread: float) -> Decimal:
    return Decimal(str(min(10.0, max(1.0, round(rng.gauss(mean, spread), 1)))))


def _seed_students(numbers: list[int], size: int, cohort, plan: _Plan, password_hash: str) -> None:
    import pgtrigger

    from accounts.models import User
    from assessment.models import Examenpoging
    from diploma.models import GeneriekResultaat, KeuzedeelResultaat, Vrijstelling
    from portfolio.models import Inschrijving
    from portfolio.seed import ACHTERNAMEN, LEERBEDRIJVEN, VOORNAMEN

    # Demo data: one RNG per student, so a student is the same whatever else is seeded.
    rngs = {n: random.Random(f"readiness-{size}-{n}") for n in numbers}  # noqa: S311
    users = User.objects.bulk_create(
        [
            User(
                username=f"{OPLEIDING_PREFIX}{size}-{n:05d}",
                first_name=rngs[n].choice(VOORNAMEN),
                last_name=rngs[n].choice(ACHTERNAMEN),
                email=f"{OPLEIDING_PREFIX}{size}-{n:05d}@bench.dossierportaal.local",
                password=password_hash,
            )
            for n in numbers
        ],
        batch_size=ROW_BATCH,
    )
    inschrijvingen = []
    for n, user in zip(numbers, users, strict=True):
        rng = rngs[n]
        code = "P1" if rng.random() < P1_SHARE else "P3"
        inschrijvingen.append(
            Inschrijving(
                student_id=user.pk,
                profiel=plan.profielen[code],
                cohort=cohort,
                studentnummer=f"B{size}-{n:05d}",
                leerweg=Inschrijving.Leerweg.BBL if rng.random() < 0.2 else Inschrijving.Leerweg.BOL,
                startdatum=STARTDATUM,
                leerbedrijf=rng.choice(LEERBEDRIJVEN),
            )
        )
    Inschrijving.objects.bulk_create(inschrijvingen, batch_size=ROW_BATCH)

    pogingen, generiek, keuzedelen, vrijstellingen = [], [], [], []
    Status = Examenpoging.Status
    for n, inschrijving in zip(numbers, inschrijvingen, strict=True):
        rng = rngs[n]
        roll, missing = rng.random(), PACE[-1][1]
        for share, chance in PACE:
            if roll < share:
                missing = chance
                break
            roll -= share
        for werkproces_id in plan.werkprocessen[inschrijving.profiel.code]:
            roll = rng.random()
            if roll < missing:  # no poging yet, or one still open: the kerntaak stays unknown
                if rng.random() < 0.4:
                    pogingen.append(Examenpoging(inschrijving=inschrijving, werkproces_id=werkproces_id))
                continue
            uitslag = rng.choices(("onvoldoende", "voldoende", "goed"), weights=(6, 62, 32))[0]
            pogingen.append(
                Examenpoging(
                    inschrijving=inschrijving,
                    werkproces_id=werkproces_id,
                    status=Status.VASTGESTELD,
                    uitslag=uitslag,
                    percent=Decimal(rng.randint(40, 100)),
                )
            )
            if uitslag == "onvoldoende" and rng.random() < 0.6:  # a herkansing replaces the first result
                pogingen.append(
                    Examenpoging(
                        inschrijving=inschrijving,
                        werkproces_id=werkproces_id,
                        nummer=2,
                        status=Status.VASTGESTELD,
                        uitslag=rng.choice(("voldoende", "goed")),
                        percent=Decimal(rng.randint(60, 100)),
                    )
                )
        if rng.random() < 0.96:
            behind = missing > 0.1
            generiek.append(
                GeneriekResultaat(
                    inschrijving=inschrijving,
                    nederlands_ce=None if behind and rng.random() < 0.3 else _mark(rng, 6.5, 0.9),
                    nederlands_se=_mark(rng, 6.8, 0.8),
                    engels_ce=None if behind and rng.random() < 0.3 else _mark(rng, 6.6, 1.0),
                    engels_se=_mark(rng, 6.9, 0.8),
                    rekenen=None if rng.random() < 0.05 else _mark(rng, 6.3, 1.1),
                    loopbaan_burgerschap=rng.choices((True, None, False), weights=(90, 8, 2))[0],
                    bpv_voldaan=rng.choices((True, None, False), weights=(85, 13, 2))[0],
                    bpv_uren=None if rng.random() < 0.1 else rng.randint(700, 1400),
                )
            )
        for code, naam, sbu in rng.sample(KEUZEDELEN, rng.choice((1, 2, 2, 3, 3))):
            cijfer = None if rng.random() < 0.1 else _mark(rng, 6.8, 1.1)
            keuzedelen.append(
                KeuzedeelResultaat(
                    inschrijving=inschrijving,
                    code=code,
                    naam=naam,
                    sbu=sbu,
                    cijfer=cijfer,
                    afgelegd=cijfer is not None,
                )
            )
        if rng.random() < 0.06:
            onderdeel = rng.choices(list(Vrijstelling.Onderdeel), weights=(3, 3, 3, 1, 1))[0]
            vrijstellingen.append(
                Vrijstelling(inschrijving=inschrijving, onderdeel=onderdeel, reden=VRIJSTELLING_REDEN)
            )
    # Without pghistory's audit trigger, whose exception block costs a subtransaction per row (3 of the 4 s per
    # 1,000 students); the export never reads the audit events.
    with pgtrigger.ignore("assessment.Examenpoging:insert_insert"):
        Examenpoging.objects.bulk_create(pogingen, batch_size=ROW_BATCH)
    GeneriekResultaat.objects.bulk_create(generiek, batch_size=ROW_BATCH)
    KeuzedeelResultaat.objects.bulk_create(keuzedelen, batch_size=ROW_BATCH)
    Vrijstelling.objects.bulk_create(vrijstellingen, batch_size=ROW_BATCH)


def _wipe(cohort) -> None:
    """Removes a cohort that does not have the expected size (a run that was changed or interrupted by hand)."""
    from django.db.models import Model

    from accounts.models import User
    from assessment.models import Examenpoging
    from diploma.models import GeneriekResultaat, KeuzedeelResultaat, Report, Vrijstelling
    from portfolio.models import Inschrijving

    inschrijvingen = Inschrijving.objects.filter(cohort=cohort)
    students = list(inschrijvingen.values_list("student_id", flat=True))
    models: list[type[Model]] = [Examenpoging, GeneriekResultaat, KeuzedeelResultaat, Vrijstelling]
    for model in models:
        queryset = model._default_manager.filter(inschrijving__in=inschrijvingen)
        model._default_manager.filter(pk__in=queryset.values("pk"))._raw_delete(queryset.db)
    Report.objects.filter(cohort=cohort).delete()
    Inschrijving.objects.filter(pk__in=inschrijvingen.values("pk"))._raw_delete(inschrijvingen.db)
    User.objects.filter(pk__in=students)._raw_delete(inschrijvingen.db)


def cohort_ensure(size: int, *, password_hash: Callable[[], str]):
    """The cohort of `size` students under opleiding bench-<size>; seeded in one transaction when missing."""
    from django.db import transaction

    from portfolio.models import Cohort, Opleiding

    dossier, plan = _plan()
    opleiding, _ = Opleiding.objects.get_or_create(naam=f"{OPLEIDING_PREFIX}{size}", defaults={"dossier": dossier})
    cohort, _ = Cohort.objects.get_or_create(opleiding=opleiding, startjaar=COHORT_STARTJAAR)
    existing = cohort.inschrijvingen.count()
    if existing == size:
        return cohort, None
    started = time.perf_counter()
    if existing:  # an interrupted seeding: start again
        with transaction.atomic():
            _wipe(cohort)
    numbers = list(range(1, size + 1))
    hashed = password_hash()
    # One transaction per batch: the foreign keys are deferred, and PostgreSQL gets slower with every pending
    # check in a transaction (one transaction for 10,000 students took 240 s instead of 40 s).
    for start in range(0, size, SEED_BATCH):
        with transaction.atomic():
            _seed_students(numbers[start : start + SEED_BATCH], size, cohort, plan, hashed)
    return cohort, time.perf_counter() - started


def coordinator_ensure(password_hash: Callable[[], str]):
    from accounts.models import User

    user = User.objects.filter(username=COORDINATOR).first()
    return user or User.objects.create(
        username=COORDINATOR, first_name="Bench", last_name="Coördinator", password=password_hash()
    )


def analyze() -> float:
    """VACUUM ANALYZE the tables the seeding fills, as autovacuum would later (it is off on this server)."""
    from django.db import connection

    from accounts.models import User
    from assessment.models import Examenpoging
    from diploma.models import GeneriekResultaat, KeuzedeelResultaat, Vrijstelling
    from portfolio.models import Inschrijving

    started = time.perf_counter()
    models = (User, Inschrijving, Examenpoging, GeneriekResultaat, KeuzedeelResultaat, Vrijstelling)
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return time.perf_counter() - started


def describe(cohort) -> str:
    from django.db.models import Count, Q

    from assessment.models import Examenpoging
    from diploma.models import GeneriekResultaat, KeuzedeelResultaat, Vrijstelling
    from portfolio.models import Inschrijving

    inschrijvingen = Inschrijving.objects.filter(cohort=cohort)
    profielen = dict(inschrijvingen.values_list("profiel__code").annotate(n=Count("pk")).order_by("profiel__code"))
    pogingen = Examenpoging.objects.filter(inschrijving__cohort=cohort).aggregate(
        total=Count("pk"), vastgesteld=Count("pk", filter=Q(status=Examenpoging.Status.VASTGESTELD))
    )
    return (
        f"{sum(profielen.values()):,} students ({', '.join(f'{c} {n:,}' for c, n in profielen.items())}), "
        f"{pogingen['total']:,} examenpogingen ({pogingen['vastgesteld']:,} vastgesteld), "
        f"{GeneriekResultaat.objects.filter(inschrijving__cohort=cohort).count():,} generiek, "
        f"{KeuzedeelResultaat.objects.filter(inschrijving__cohort=cohort).count():,} keuzedelen, "
        f"{Vrijstelling.objects.filter(inschrijving__cohort=cohort).count():,} vrijstellingen"
    )


# -- (b) the raw query ----------------------------------------------------------------------------------------------


def raw_query() -> str:
    """One SELECT that returns, per enrolment of the cohort, everything the export reads."""
    from accounts.models import User
    from assessment.models import Examenpoging
    from diploma.models import GeneriekResultaat, KeuzedeelResultaat, Vrijstelling
    from dossier.models import Profiel
    from portfolio.models import Cohort, Inschrijving

    t = {
        name: model._meta.db_table
        for name, model in {
            "user": User,
            "poging": Examenpoging,
            "generiek": GeneriekResultaat,
            "keuzedeel": KeuzedeelResultaat,
            "vrijstelling": Vrijstelling,
            "profiel": Profiel,
            "cohort": Cohort,
            "inschrijving": Inschrijving,
        }.items()
    }
    mine = f"SELECT id FROM {t['inschrijving']} WHERE cohort_id = %(cohort)s"
    return f"""
        SELECT i.id, i.studentnummer, u.first_name, u.last_name, u.username, p.code, p.niveau, c.startjaar,
               g.nederlands_ce, g.nederlands_se, g.engels_ce, g.engels_se, g.rekenen,
               g.loopbaan_burgerschap, g.bpv_voldaan, g.bpv_uren,
               e.werkprocessen, e.uitslagen, k.codes, k.namen, k.sbu, k.cijfers, k.afgelegd, v.onderdelen
          FROM {t["inschrijving"]} i
          JOIN {t["user"]} u ON u.id = i.student_id
          JOIN {t["profiel"]} p ON p.id = i.profiel_id
          JOIN {t["cohort"]} c ON c.id = i.cohort_id
          LEFT JOIN {t["generiek"]} g ON g.inschrijving_id = i.id
          LEFT JOIN (
                SELECT inschrijving_id,
                       array_agg(werkproces_id ORDER BY werkproces_id, nummer) AS werkprocessen,
                       array_agg(uitslag ORDER BY werkproces_id, nummer) AS uitslagen
                  FROM {t["poging"]}
                 WHERE status = 'vastgesteld' AND inschrijving_id IN ({mine})
                 GROUP BY inschrijving_id
               ) e ON e.inschrijving_id = i.id
          LEFT JOIN (
                SELECT inschrijving_id, array_agg(code ORDER BY code) AS codes, array_agg(naam ORDER BY code) AS namen,
                       array_agg(sbu ORDER BY code) AS sbu, array_agg(cijfer ORDER BY code) AS cijfers,
                       array_agg(afgelegd ORDER BY code) AS afgelegd
                  FROM {t["keuzedeel"]}
                 WHERE inschrijving_id IN ({mine})
                 GROUP BY inschrijving_id
               ) k ON k.inschrijving_id = i.id
          LEFT JOIN (
                SELECT inschrijving_id, array_agg(onderdeel) AS onderdelen
                  FROM {t["vrijstelling"]}
                 WHERE inschrijving_id IN ({mine})
                 GROUP BY inschrijving_id
               ) v ON v.inschrijving_id = i.id
         WHERE i.cohort_id = %(cohort)s
         ORDER BY i.studentnummer
    """


def timed_fetch(sql: str, params: dict, runs: int) -> tuple[list[float], list]:
    """Times of `runs` executions of one query with fetchall, and the rows of the last."""
    from django.db import connection

    times: list[float] = []
    rows: list = []
    for _ in range(runs):
        rows = []
        gc.collect()
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            times.append(time.perf_counter() - started)
    return times, rows


def run_raw(cohort, runs: int) -> tuple[list[float], int, int]:
    """Times of `runs` executions (execute + fetchall), the row count and the number of pogingen fetched."""

    times, rows = timed_fetch(raw_query(), {"cohort": cohort.pk}, runs)
    pogingen = sum(len(row[16] or ()) for row in rows)
    return times, len(rows), pogingen


# -- (a) the export -------------------------------------------------------------------------------------------------


@dataclass
class Export:
    seconds: list[float] = field(default_factory=list)
    rows: int = 0
    gereed: int = 0
    size: int = 0
    queries: int = 0
    sql_seconds: float = 0.0
    chunk_marks: list[int] = field(default_factory=list)  # queries so far at the first row of each chunk
    memory: Memory | None = None
    traced_peak: int = 0
    traced_seconds: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def _export_once(cohort, fmt: str, chunk_size: int, result: Export, *, capture: bool) -> float:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from diploma.reports.builders import build_readiness_csv, build_readiness_xlsx
    from diploma.selectors import cohort_conditions, cohort_readiness

    build = {"csv": build_readiness_csv, "xlsx": build_readiness_xlsx}[fmt]
    marks: list[int] = []
    gereed = 0
    with tempfile.TemporaryFile() as out, CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()

        def rows():
            nonlocal gereed
            for index, row in enumerate(cohort_readiness(cohort=cohort, chunk_size=chunk_size)):
                if index % chunk_size == 0:
                    marks.append(len(ctx.captured_queries))
                gereed += row.uitkomst == "gereed"
                yield row

        count = build(rows(), out, conditions=cohort_conditions(cohort=cohort), cohort_label=str(cohort))
        seconds = time.perf_counter() - started
        size = out.tell()
    if capture:
        result.rows, result.gereed, result.size = count, gereed, size
        result.queries = len(ctx.captured_queries)
        result.sql_seconds = sum(float(q["time"]) for q in ctx.captured_queries)
        result.chunk_marks = marks
    return seconds


def run_export(cohort, fmt: str, chunk_size: int, repeat: int) -> Export:
    result = Export()
    for attempt in range(repeat):
        with rss_peak() as memory:
            result.seconds.append(_export_once(cohort, fmt, chunk_size, result, capture=attempt == 0))
        if attempt == 0:
            result.memory = memory[0]
    # Python allocations in a run of their own: tracemalloc slows the code it watches.
    gc.collect()
    tracemalloc.start()
    try:
        started = time.perf_counter()
        _export_once(cohort, fmt, chunk_size, result, capture=False)
        result.traced_seconds = time.perf_counter() - started
        result.traced_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result


# -- stored readiness ------------------------------------------------------------------------------------------------


def stored_clear(cohort) -> int:
    from diploma.models import Gereedheid

    return Gereedheid.objects.filter(inschrijving__cohort=cohort).delete()[0]


@dataclass
class Refresh:
    seconds: float
    rows: int
    queries: int
    memory: Memory


def run_refresh(cohort) -> Refresh:
    """What the workers do when facts change, here for every student whose stored readiness is missing or stale."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from diploma.models import Gereedheid
    from diploma.selectors import stale_inschrijving_ids
    from diploma.services import gereedheid_refresh

    with rss_peak() as memory, CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        mine = set(cohort.inschrijvingen.values_list("pk", flat=True))
        ids = [pk for pk in stale_inschrijving_ids(limit=10**6) if pk in mine]
        rows = gereedheid_refresh(inschrijving_ids=ids)
        seconds = time.perf_counter() - started
    with connection.cursor() as cursor:  # as autovacuum would, later (it is off on this server)
        cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(Gereedheid._meta.db_table)}")
    return Refresh(seconds, rows, len(ctx.captured_queries), memory[0])


def run_raw_stored(cohort, runs: int) -> tuple[float, int]:
    """One query that reads what the export reads when every row is stored."""

    from accounts.models import User
    from diploma.models import Gereedheid
    from dossier.models import Profiel
    from portfolio.models import Inschrijving

    sql = f"""
        SELECT i.id, i.studentnummer, u.first_name, u.last_name, u.username, p.code,
               g.versie, g.berekend_versie, g.grondslag, g.uitkomst, g.condities, g.kerntaken
          FROM {Inschrijving._meta.db_table} i
          JOIN {User._meta.db_table} u ON u.id = i.student_id
          JOIN {Profiel._meta.db_table} p ON p.id = i.profiel_id
          LEFT JOIN {Gereedheid._meta.db_table} g ON g.inschrijving_id = i.id
         WHERE i.cohort_id = %(cohort)s
         ORDER BY i.studentnummer
    """
    times, rows = timed_fetch(sql, {"cohort": cohort.pk}, runs)
    return statistics.median(times), len(rows)


def run_page(cohort) -> tuple[float, int, float]:
    """What the coordinator's cohort table costs: counts, chart and one page of rows, computed in the user's
    language."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from diploma.selectors import cohort_overview

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        cohort_overview(cohort=cohort, offset=0, limit=100)
        seconds = time.perf_counter() - started
    started = time.perf_counter()
    cohort_overview(cohort=cohort, conditie="bpv", offset=0, limit=100)
    return seconds, len(ctx.captured_queries), time.perf_counter() - started


# -- (c) the job path -----------------------------------------------------------------------------------------------


@dataclass
class Job:
    seconds: float
    status: str
    size: int
    name: str | None
    progress_writes: int
    memory: Memory
    error: str


def run_job(cohort, requested_by) -> Job:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from diploma.models import Report
    from diploma.reports.jobs import report_build

    report = Report.objects.create(kind=Report.Kind.READINESS_CSV, cohort=cohort, requested_by=requested_by)
    try:
        with rss_peak() as memory, CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            report_build(report_id=report.pk)
            seconds = time.perf_counter() - started
        report.refresh_from_db()
        size = report.file.size if report.file else 0
        writes = sum(1 for q in ctx.captured_queries if q["sql"].startswith("UPDATE") and '"progress"' in q["sql"])
        return Job(seconds, report.status, size, report.file.name, writes, memory[0], report.error)
    finally:
        if report.file:
            report.file.delete(save=False)
        report.delete()


# -- profile --------------------------------------------------------------------------------------------------------


def run_profile(cohort, chunk_size: int) -> None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        profiler = None
    else:
        profiler = Profiler(interval=0.001)
    result = Export()
    if profiler is not None:
        profiler.start()
        _export_once(cohort, "csv", chunk_size, result, capture=True)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    else:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        _export_once(cohort, "csv", chunk_size, result, capture=True)
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("cumulative").print_stats(35)
        stats.sort_stats("tottime").print_stats(25)
        print(out.getvalue())
    print(f"    SQL (execute, summed over {result.queries} queries): {result.sql_seconds:.3f} s")


# -- report ---------------------------------------------------------------------------------------------------------


def mb(value: int) -> str:
    return f"{value / MB:.1f} MB"


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISS"


def chunk_summary(export: Export, chunk_size: int) -> tuple[str, set[int]]:
    marks = export.chunk_marks
    if not marks:
        return f"{export.queries} queries, no rows", set()
    diffs = [b - a for a, b in zip(marks, marks[1:], strict=False)]
    middle = set(diffs)
    text = f"first chunk {marks[0]} (incl. rule sets and each profiel's kerntaken)"
    if diffs:
        text += f", each further chunk of {chunk_size}: {'/'.join(str(d) for d in sorted(middle))}"
    text += f", end of stream {export.queries - marks[-1]}"
    return text, middle


def print_export(label: str, export: Export, raw: float, chunk_size: int) -> dict[str, bool]:
    ratio = export.median / raw
    memory = export.memory
    assert memory is not None, "run_export measures memory"
    runs = f" (median of {len(export.seconds)})" if len(export.seconds) > 1 else ""
    chunks, _ = chunk_summary(export, chunk_size)
    print(f"  {label} export: {export.rows:,} rows, {export.size / 1024:,.0f} KiB, {export.gereed:,} gereed")
    goal = verdict(ratio <= GOAL_RATIO)
    print(f"    wall time          {export.median:8.3f} s{runs}  = {ratio:5.1f}x raw SQL  {goal}")
    print(f"    queries            {export.queries:8d}    {chunks}")
    print(f"    SQL in export      {export.sql_seconds:8.3f} s    (execute time of those queries, summed)")
    growth_ok = memory.growth < GOAL_MEMORY
    traced_ok = export.traced_peak < GOAL_MEMORY
    reset = "" if memory.reset else " (VmHWM not reset: may hide under an earlier peak)"
    print(
        f"    VmHWM growth       {mb(memory.growth):>10}  (RSS {mb(memory.rss_before)} -> peak {mb(memory.hwm_after)})"
        f"{reset}  {verdict(growth_ok)}"
    )
    print(
        f"    tracemalloc peak   {mb(export.traced_peak):>10}  (separate run, {export.traced_seconds:.2f} s under "
        f"tracemalloc)  {verdict(traced_ok)}"
    )
    return {"time": ratio <= GOAL_RATIO, "memory": growth_ok and traced_ok}


# -- main -----------------------------------------------------------------------------------------------------------


def main() -> None:
    args = parse_args()
    wall = time.perf_counter()
    database_url = os.environ.get("BENCH_READINESS_DATABASE_URL", DEFAULT_DATABASE_URL)
    tmp = Path(tempfile.mkdtemp(prefix="dp-bench-readiness-"))
    print(f"command:  {shlex.join([sys.executable, *sys.argv])}")
    print(f"database: {database_ensure(database_url)}")
    print(f"settings: config.settings.local, DEBUG=0, chunk_size {args.chunk_size}")
    print(f"media:    {tmp / 'media'} (temporary, removed at the end)")
    print(f"sizes:    {', '.join(f'{size:,}' for size in args.sizes)} students")
    try:
        django_setup(database_url, tmp / "media")
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("loaddata", "commercie", verbosity=0)
        run(args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"total wall time: {time.perf_counter() - wall:.1f} s")


def run(args: argparse.Namespace) -> None:
    from django.contrib.auth.hashers import make_password

    from diploma.models import Report

    hashed: list[str] = []

    def password_hash() -> str:
        if not hashed:  # one hash for every bench account: hashing 12,000 passwords would take minutes
            hashed.append(make_password("bench-wachtwoord"))
        return hashed[0]

    print("\nseed:")
    cohorts = {}
    seeded = False
    for size in args.sizes:
        cohort, made = cohort_ensure(size, password_hash=password_hash)
        cohorts[size] = cohort
        if made is None:
            print(f"  {cohort}: reused")
        else:
            seeded = True
            print(f"  {cohort}: seeded in {made:.1f} s (bulk_create, {SEED_BATCH:,} students per transaction)")
        print(f"    {describe(cohort)}")
    if seeded:
        print(f"  VACUUM ANALYZE: {analyze():.1f} s")
    coordinator = coordinator_ensure(password_hash)
    leftovers = Report.objects.filter(cohort__in=cohorts.values()).delete()[0]
    if leftovers:
        print(f"  removed {leftovers} report row(s) an interrupted run left behind")

    # Warm-up, not measured: imports, translations and the first connection.
    from diploma.reports.builders import build_readiness_csv
    from diploma.selectors import cohort_readiness

    smallest = cohorts[min(args.sizes)]
    with tempfile.TemporaryFile() as out:
        rows = cohort_readiness(cohort=smallest, chunk_size=args.chunk_size)
        build_readiness_csv((row for _, row in zip(range(args.chunk_size), rows, strict=False)), out)
    run_raw(smallest, 1)

    results: dict[tuple[int, str], Any] = {}  # (size, part) -> that part's figures
    for size in args.sizes:
        cohort = cohorts[size]
        print(f"\ncohort {cohort}: {size:,} students")
        times, count, pogingen = run_raw(cohort, args.raw_runs)
        raw = statistics.median(times)
        print(
            f"  raw SQL, 1 query + fetchall: median {raw:.3f} s (min {min(times):.3f}, max {max(times):.3f}, "
            f"{len(times)} runs), {count:,} rows, {pogingen:,} vastgestelde pogingen"
        )
        if "cold" in args.parts:
            cleared = stored_clear(cohort)
            cold = run_export(cohort, "csv", args.chunk_size, 1)
            print_export(f"CSV, nothing stored ({cleared:,} stored rows removed first)", cold, raw, args.chunk_size)
            results[(size, "cold")] = (cold, raw, {})
        refresh = run_refresh(cohort)
        print(
            f"  refresh (diploma.services.gereedheid_refresh of the {refresh.rows:,} stale or missing): "
            f"{refresh.seconds:.3f} s, {refresh.queries} queries, VmHWM growth {mb(refresh.memory.growth)}"
        )
        results[(size, "refresh")] = refresh
        stored_seconds, stored_rows = run_raw_stored(cohort, args.raw_runs)
        print(f"  raw SQL on the stored rows (enrolment, student, profiel, gereedheid): {stored_seconds:.3f} s")
        exports = {}
        for fmt in ("csv", "xlsx"):
            if fmt in args.parts:
                exports[fmt] = run_export(cohort, fmt, args.chunk_size, args.repeat)
                goals = print_export(fmt.upper(), exports[fmt], raw, args.chunk_size)
                results[(size, fmt)] = (exports[fmt], raw, goals)
        if "page" in args.parts:
            page = run_page(cohort)
            print(
                f"  cohort page data (diploma.selectors.cohort_overview, 100 rows, stored): {page[0]:.3f} s, "
                f"{page[1]} queries; filtered on an open condition: {page[2]:.3f} s"
            )
        if "job" in args.parts:
            job = run_job(cohort, coordinator)
            print(
                f"  job path report_build (readiness_csv): {job.seconds:.3f} s, status {job.status}"
                f"{f' ({job.error})' if job.error else ''}, "
                f"{job.size / 1024:,.0f} KiB, {job.progress_writes} report-row updates, "
                f"VmHWM growth {mb(job.memory.growth)}; report row and file removed"
            )
            results[(size, "job")] = job

    print_summary(args, results)
    missed = any(not value[2]["time"] for key, value in results.items() if key[1] in ("csv", "xlsx"))
    if args.profile and "csv" in args.parts:
        largest = max(args.sizes)
        print(f"\nprofile: CSV export of {largest:,} students")
        run_profile(cohorts[largest], args.chunk_size)
    elif missed:
        print("  an export missed the time goal: --profile shows where the time goes")


def print_summary(args: argparse.Namespace, results: dict) -> None:
    print(f"\nsummary (goals: export <= {GOAL_RATIO:.0f}x the raw query, memory < {GOAL_MEMORY // MB} MB)")
    header = f"  {'':<24}" + "".join(f"{f'{size:,} students':>18}" for size in args.sizes)
    print(header)

    def line(label: str, cell: Callable[..., str]) -> None:  # cell(size), a lambda that may bind its format
        print(f"  {label:<24}" + "".join(f"{cell(size):>18}" for size in args.sizes))

    first = next((fmt for fmt in ("csv", "xlsx") if (args.sizes[0], fmt) in results), None)
    if first:
        line("raw SQL", lambda s: f"{results[(s, first)][1]:.3f} s")
    for fmt in ("csv", "xlsx"):
        if (args.sizes[0], fmt) not in results:
            continue
        line(f"{fmt.upper()} export", lambda s, f=fmt: f"{results[(s, f)][0].median:.3f} s")
        line(
            f"{fmt.upper()} / raw",
            lambda s, f=fmt: (
                f"{results[(s, f)][0].median / results[(s, f)][1]:.1f}x {verdict(results[(s, f)][2]['time'])}"
            ),
        )
        line(
            f"{fmt.upper()} peak memory",
            lambda s, f=fmt: (
                f"{max(results[(s, f)][0].memory.growth, results[(s, f)][0].traced_peak) / MB:.0f} MB "
                f"{verdict(results[(s, f)][2]['memory'])}"
            ),
        )
        line(f"{fmt.upper()} queries", lambda s, f=fmt: f"{results[(s, f)][0].queries}")
    if (args.sizes[0], "job") in results:
        line("job path (CSV)", lambda s: f"{results[(s, 'job')].seconds:.3f} s")
    if "csv" in args.parts and len(args.sizes) > 1:
        per_chunk = {size: chunk_summary(results[(size, "csv")][0], args.chunk_size)[1] for size in args.sizes}
        constant = set().union(*per_chunk.values())
        ok = len(constant) == 1
        small, large = min(args.sizes), max(args.sizes)
        print(
            f"  queries per chunk of {args.chunk_size}: {'/'.join(str(n) for n in sorted(constant)) or '-'} at every "
            f"size; {results[(small, 'csv')][0].queries} queries at {small:,} students, "
            f"{results[(large, 'csv')][0].queries} at {large:,}: "
            f"{'OK, no query per student' if ok else 'MISS, the count per chunk varies'}"
        )


if __name__ == "__main__":
    main()
