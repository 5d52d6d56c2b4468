"""A realistic demo institution for load tests and query-count benchmarks (`manage.py seed_demo`).

Thousands of students with full portfolios cannot go through the services one file at a time: that would take
hours and write hundreds of thousands of files. So this module writes the rows the services would have written
(versions, claimed criteria, status log, Bestand rows) directly, one batch of students per transaction: with
COPY on PostgreSQL (primary keys reserved from the sequences first, so children can name their parents without
RETURNING) and with bulk_create elsewhere. Every Bestand points at one small PDF stored once. It is demo data and
nothing else; never run it against a database whose students are real.

Seeded rows are recognisable: studentnummer S00001..S99999 with a username starting with `seed-`, and opleidingen
of their own. Students come in blocks of BLOCK_SIZE (S00001..S02000 is block 0): each block has its own opleiding
and cohort, four praktijk- and four schoolbeoordelaars and three BPV-coaches, as a larger school has more staff
rather than busier staff; one coordinator coordinates them all. Each student's portfolio depends only on the seed
and the student's number, so S00001 is the same whether 10, 2,000 or 20,000 students are seeded.
"""

import datetime
import hashlib
import random
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Literal, cast

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import groups_ensure
from config.errors import ApplicationError
from dossier.models import Kwalificatiedossier, Profiel
from dossier.selectors import werkproces_list
from portfolio.models import (
    Beoordelaarstoewijzing,
    Bestand,
    Bewijsstuk,
    BewijsstukVersie,
    Cohort,
    Inschrijving,
    Opleiding,
    StatusWijziging,
)
from portfolio.services import cohort_ensure

DOSSIER_CREBO = "23064"
OPLEIDING_NAAM = "Commercie (seed_demo)"
OPLEIDING_REGEX = r"^Commercie \(seed_demo\)( blok [0-9]+)?$"
COHORT_STARTJAAR = 2025
USERNAME_PREFIX = "seed-"
COORDINATOR_USERNAME = f"{USERNAME_PREFIX}coordinator"
STUDENTNUMMER_PREFIX = "S"
STUDENTNUMMER_REGEX = r"^S[0-9]{5}$"
MAX_STUDENTS = 99_999
SHARED_PDF_NAME = "bewijsstukken/seed-demo/voorbeeldbewijs.pdf"
DEFAULT_PASSWORD = "demo-wachtwoord"  # noqa: S105 - demo accounts on a demo database, printed on purpose

BLOCK_SIZE = 2000
PRAKTIJK_BEOORDELAARS = 4
SCHOOL_BEOORDELAARS = 4
BPV_COACHES = 3
P1_SHARE = 0.15
Status = Bewijsstuk.Status
STATUS_MIX = ((Status.CONCEPT, 0.20), (Status.INGEDIEND, 0.25), (Status.TERUGGEGEVEN, 0.15), (Status.BEOORDEELD, 0.40))
ROW_BATCH = 5000
WORKERS = 2

VOORNAMEN = (
    "Sanne Daan Noor Milan Emma Sem Julia Lucas Tess Finn Zoë Levi Yara Mohammed Fleur Bram Lotte Ayoub Sophie Thijs "
    "Amira Jesse Lieke Youssef Nina Ruben Esra Stijn Iris Mehmet Femke Luuk Anouk Rayan Maud Joris Ilse Kevin Dewi"
).split()
ACHTERNAMEN = (
    "de Vries|Jansen|de Jong|Bakker|Visser|Smit|Meijer|van den Berg|Mulder|de Boer|Bos|Vos|Peters|Hendriks|Dekker|"
    "Yilmaz|El Amrani|Kaya|Brouwer|van Dijk|Koster|Willems|Verbeek|Kok|Jacobs|Postma|Kramer|Schouten|van Leeuwen"
).split("|")
LEERBEDRIJVEN = (
    "Uitzendbureau Voorbeeld BV",
    "Flexwerk Noord",
    "Randstad-vestiging Centrum",
    "Personeelsdienst De Brug",
    "Tempo-Team Oost",
    "Werving & Selectie Van Dam",
    "Payroll Partners",
    "Detacheerder Techniek Plus",
)
TITELS = (
    "Verslag intakegesprek met kandidaat",
    "Vacaturetekst voor opdrachtgever",
    "Reflectie op matchingsgesprek",
    "Observatieformulier praktijkopleider",
    "Weekplanning en acquisitielijst",
    "Klantcontactverslag",
    "Presentatie voor het team",
    "Mailwisseling met opdrachtgever",
    "Overzicht sollicitatieprocedure",
    "Screeningsverslag referenties",
    "Evaluatie plaatsing na vier weken",
    "Offerte en tariefberekening",
)
REFLECTIES = (
    "In dit gesprek heb ik eerst de wensen van de kandidaat uitgevraagd en daarna de functie toegelicht.",
    "Mijn praktijkopleider keek mee; volgende keer vat ik de afspraken aan het eind beter samen.",
    "Ik heb de opdracht zelfstandig uitgevoerd en de planning met de opdrachtgever afgestemd.",
    "Dit bewijsstuk laat zien hoe ik de wet- en regelgeving rond flexwerk heb toegepast.",
    "Het ging niet meteen goed: ik moest de vacature twee keer herschrijven voordat hij paste.",
)
FEEDBACK = (
    "Goed begin, maar beschrijf welke criteria je precies aantoont.",
    "Voeg het ondertekende observatieformulier toe.",
    "De reflectie is te kort: wat zou je een volgende keer anders doen?",
    "Laat zien hoe je de wensen van de opdrachtgever hebt gecontroleerd.",
)
BIJLAGEN = ("bijlage-observatie.pdf", "feedback-praktijkopleider.pdf", "planning.pdf")


@dataclass
class SeedResult:
    students_requested: int = 0
    students_existing: int = 0
    seconds: float = 0.0
    rows: Counter = field(default_factory=Counter)
    profielen: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    password_set: bool = False

    def add(self, other: "SeedResult") -> None:
        self.rows.update(other.rows)
        self.profielen.update(other.profielen)
        self.statuses.update(other.statuses)


def _pdf_bytes() -> bytes:
    """A one-page PDF with a correct xref table, small enough to store once and share."""
    text = b"BT /F1 18 Tf 72 770 Td (Voorbeeldbewijsstuk - seed_demo) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def shared_pdf_ensure() -> tuple[str, int, str]:
    """Stores the one PDF every seeded Bestand points at (again, if MEDIA_ROOT changed); returns name, size, sha256."""
    content = _pdf_bytes()
    name = SHARED_PDF_NAME
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(content))
    return name, len(content), hashlib.sha256(content).hexdigest()


def seeded_inschrijvingen() -> QuerySet[Inschrijving]:
    return Inschrijving.objects.filter(
        studentnummer__regex=STUDENTNUMMER_REGEX, student__username__startswith=USERNAME_PREFIX
    )


def studentnummer(number: int) -> str:
    return f"{STUDENTNUMMER_PREFIX}{number:05d}"


def student_username(number: int) -> str:
    return f"{USERNAME_PREFIX}{studentnummer(number).lower()}"


def student_block(number: int, *, block_size: int = BLOCK_SIZE) -> int:
    return (number - 1) // block_size


def opleiding_naam(block: int) -> str:
    return OPLEIDING_NAAM if block == 0 else f"{OPLEIDING_NAAM} blok {block}"


def staff_username(kind: str, index: int, block: int) -> str:
    """seed-praktijk-2 in block 0 (the names of a single-block institution), seed-praktijk-2-b1 in block 1."""
    username = f"{USERNAME_PREFIX}{kind}-{index}"
    return username if block == 0 else f"{username}-b{block}"


# -- reset ----------------------------------------------------------------------------------------------------------


def seed_reset() -> Counter:
    """Removes every seeded row, bottom-up so each step is one statement rather than Django's cascade collector."""
    deleted: Counter = Counter()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Each DELETE checks its foreign keys when it ends: deferred to the commit, the 700,000 queued checks
            # are walked again for every row the audit triggers record, and 2,000 students took a minute, not 10 s.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        inschrijvingen = seeded_inschrijvingen()
        bewijsstukken = Bewijsstuk.objects.filter(inschrijving__in=inschrijvingen)
        versies = BewijsstukVersie.objects.filter(bewijsstuk__in=bewijsstukken)
        bestanden = Bestand.objects.filter(versie__in=versies)
        # Files a benchmark or a person uploaded to a seeded portfolio are removed too; the shared PDF stays.
        own_files = set(bestanden.exclude(file=SHARED_PDF_NAME).values_list("file", flat=True))
        steps = [
            ("criteria", BewijsstukVersie.criteria.through.objects.filter(bewijsstukversie__in=versies)),
            ("bestanden", bestanden),
            ("statuswijzigingen", StatusWijziging.objects.filter(bewijsstuk__in=bewijsstukken)),
            ("versies", versies),
            ("bewijsstukken", bewijsstukken),
            ("toewijzingen", Beoordelaarstoewijzing.objects.filter(inschrijving__in=inschrijvingen)),
            ("inschrijvingen", inschrijvingen),
        ]
        # Where every bewijsstuk is a seeded one (a demo or benchmark database), the evidence tables hold nothing
        # else and are emptied at once: DELETE and its foreign-key checks took over 3 minutes for 20,000
        # students. None of them has an audit trigger that TRUNCATE would pass by.
        evidence, rest = steps[:5], steps[5:]
        only_seeded = not Bewijsstuk.objects.exclude(inschrijving__in=inschrijvingen).exists()
        if connection.vendor == "postgresql" and only_seeded:
            for label, queryset in evidence:
                deleted[label] = queryset.model._default_manager.count()
            tables = ", ".join(connection.ops.quote_name(queryset.model._meta.db_table) for _, queryset in evidence)
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {tables}")
        else:
            rest = steps
        for label, queryset in rest:
            deleted[label] = _delete_rows(queryset)
        users = User.objects.filter(username__startswith=USERNAME_PREFIX)
        deleted["users"] = users.count()
        User.groups.through.objects.filter(user__in=users).delete()
        users.delete()
        Cohort.objects.filter(opleiding__naam__regex=OPLEIDING_REGEX, inschrijvingen__isnull=True).delete()
        opleidingen = Opleiding.objects.filter(naam__regex=OPLEIDING_REGEX, cohorten__isnull=True)
        deleted["opleidingen"] = opleidingen.delete()[1].get(Opleiding._meta.label, 0)
        for name in own_files:
            transaction.on_commit(partial(default_storage.delete, name))
    # Only analyze: vacuumed after the DELETEs, the emptied tables shrank to nothing and seeding them again with
    # bulk_create was a quarter slower (measured); the next seed_cohort vacuums instead.
    refresh_statistics(vacuum=False)
    return deleted


def _delete_rows(queryset: QuerySet) -> int:
    # Children are already gone, so a plain DELETE of the primary keys is safe; it avoids loading 200,000 rows
    # into the collector only to find nothing left to cascade to.
    model = queryset.model
    pks = queryset.values("pk")
    return model.objects.filter(pk__in=pks)._raw_delete(queryset.db)


def refresh_statistics(*, vacuum: bool) -> None:
    """Analyzes (and vacuums) the tables seeding fills, as autovacuum would some time later, or never where it is off.

    With stale statistics PostgreSQL takes a table of 150,000 rows for a small one and seq-scans every version to
    show one student's progress; the dead rows a reset leaves make every index scan slower until vacuumed.
    """
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    # VACUUM cannot run inside a transaction; SQLite's VACUUM would rewrite the whole file.
    vacuum = vacuum and connection.vendor == "postgresql" and not connection.in_atomic_block
    statement = "VACUUM ANALYZE" if vacuum else "ANALYZE"
    tables = [
        model._meta.db_table
        for model in (
            User,
            User.groups.through,
            Inschrijving,
            Beoordelaarstoewijzing,
            Bewijsstuk,
            BewijsstukVersie,
            BewijsstukVersie.criteria.through,
            Bestand,
            StatusWijziging,
        )
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{statement} {connection.ops.quote_name(table)}")


# -- seed -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    """One block of students: their cohort and the staff they are divided over."""

    cohort_id: int
    praktijk: list[int]
    school: list[int]
    coaches: list[int]


@dataclass(frozen=True)
class _Werkproces:
    pk: int
    code: str
    criteria: list[int]


def _blocks_ensure(
    blocks: Iterable[int], dossier: Kwalificatiedossier, password_hash: str, result: SeedResult
) -> dict[int, _Block]:
    """Each block's opleiding, cohort and staff, made where missing; the coordinator coordinates every block."""
    groups = groups_ensure()
    blocks = sorted(blocks)
    wanted = {
        staff_username(kind, i, block): (label, str(i) if block == 0 else f"{i}-b{block}", Role.BEOORDELAAR)
        for block in blocks
        for kind, count, label in (
            ("praktijk", PRAKTIJK_BEOORDELAARS, "Praktijkbeoordelaar"),
            ("school", SCHOOL_BEOORDELAARS, "Schoolbeoordelaar"),
            ("coach", BPV_COACHES, "BPV-coach"),
        )
        for i in range(1, count + 1)
    }
    wanted[COORDINATOR_USERNAME] = ("Coördinator", "1", Role.COORDINATOR)
    existing = dict(User.objects.filter(username__in=wanted).values_list("username", "pk"))
    created = User.objects.bulk_create(
        User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@demo.dossierportaal.local",
            password=password_hash,
        )
        for username, (first_name, last_name, _role) in wanted.items()
        if username not in existing
    )
    result.rows["users"] += len(created)
    existing.update((user.username, user.pk) for user in created)
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=groups[wanted[user.username][2].value].pk) for user in created
    )

    def pks(kind: str, count: int, block: int) -> list[int]:
        return [existing[staff_username(kind, i, block)] for i in range(1, count + 1)]

    ensured = {}
    for block in blocks:
        opleiding, _ = Opleiding.objects.get_or_create(naam=opleiding_naam(block), defaults={"dossier": dossier})
        cohort, _ = cohort_ensure(opleiding=opleiding, startjaar=COHORT_STARTJAAR)
        opleiding.coordinatoren.add(existing[COORDINATOR_USERNAME])
        ensured[block] = _Block(
            cohort_id=cohort.pk,
            praktijk=pks("praktijk", PRAKTIJK_BEOORDELAARS, block),
            school=pks("school", SCHOOL_BEOORDELAARS, block),
            coaches=pks("coach", BPV_COACHES, block),
        )
    return ensured


def _werkprocessen(profiel: Profiel) -> list[_Werkproces]:
    # werkproces_list limits criteria with applies_to: a student only ever claims criteria of their own profiel.
    return [
        _Werkproces(pk=wp.pk, code=wp.code, criteria=[c.pk for c in wp.criteria.all()])
        for wp in werkproces_list(profiel=profiel)
    ]


Method = Literal["copy", "bulk"]


def seed_cohort(
    *,
    students: int,
    password: str = DEFAULT_PASSWORD,
    batch_size: int = 100,
    seed: int = 2025,
    block_size: int = BLOCK_SIZE,
    method: Method | None = None,
    workers: int = WORKERS,
    now: datetime.datetime | None = None,
) -> SeedResult:
    """Makes sure students S00001..S<students> exist with full portfolios; existing ones are left as they are.

    `method` is "copy" (PostgreSQL only, the default there) or "bulk" (bulk_create, the default elsewhere); both
    write the same rows. With COPY, `workers` connections write batches side by side, unless this runs inside a
    transaction (a test), where one connection must see everything. `now` is the moment the portfolios are
    planned up to (the present by default): a student's evidence spreads over the time since the cohort started,
    so two runs compare equal only at the same `now`.
    """
    if not 0 <= students <= MAX_STUDENTS:
        raise ApplicationError(f"Kies tussen 0 en {MAX_STUDENTS} studenten.")
    method = method or ("copy" if connection.vendor == "postgresql" else "bulk")
    if method == "copy" and connection.vendor != "postgresql":
        raise ApplicationError("COPY kan alleen op PostgreSQL.")
    started = time.perf_counter()
    result = SeedResult(students_requested=students)
    dossier = Kwalificatiedossier.objects.filter(crebo=DOSSIER_CREBO).first()
    if dossier is None:
        raise ApplicationError("Lees eerst het dossier Commercie in (manage.py loaddata commercie).")
    profielen = {p.code: p for p in Profiel.objects.filter(dossier=dossier, code__in=["P1", "P3"])}
    plan = {code: _werkprocessen(profiel) for code, profiel in profielen.items()}
    existing = set(seeded_inschrijvingen().values_list("studentnummer", flat=True))
    missing = [n for n in range(1, students + 1) if studentnummer(n) not in existing]
    result.students_existing = students - len(missing)
    pdf = shared_pdf_ensure()
    if not missing:
        result.seconds = time.perf_counter() - started
        return result

    # One hash for every seeded account: hashing 20,000 passwords with PBKDF2 would take longer than the rest.
    password_hash = make_password(password)
    result.password_set = True
    with transaction.atomic():
        blocks = _blocks_ensure(
            {student_block(n, block_size=block_size) for n in missing}, dossier, password_hash, result
        )
    context = _Context(
        profielen={code: profiel.pk for code, profiel in profielen.items()},
        plan=plan,
        blocks=blocks,
        block_size=block_size,
        pdf=pdf,
        password_hash=password_hash,
        group_id=groups_ensure()[Role.STUDENT.value].pk,
        seed=seed,
        now=now or timezone.now(),
    )
    writer = _CopyWriter() if method == "copy" else _BulkWriter()
    batches = [missing[start : start + batch_size] for start in range(0, len(missing), batch_size)]
    if isinstance(writer, _CopyWriter) and workers > 1 and len(batches) > 1 and not connection.in_atomic_block:
        result.add(_seed_side_by_side(batches, context, writer, workers))
    else:
        for numbers in batches:
            with transaction.atomic():
                _seed_batch(numbers, context, result, writer)
    refresh_statistics(vacuum=True)
    result.seconds = time.perf_counter() - started
    return result


def _seed_side_by_side(batches: list[list[int]], ctx: "_Context", writer: "_CopyWriter", workers: int) -> SeedResult:
    """The batches over `workers` threads, each with a connection and a transaction per batch of its own.

    PostgreSQL does most of the work (indexes, and the foreign-key checks at each commit): one connection
    leaves the second core idle while Python plans the next batch, two keep both busy. Each student's rows
    depend only on the student, so which thread writes them changes nothing but their keys.
    """
    failed = threading.Event()

    def work(share: list[list[int]]) -> SeedResult:
        result = SeedResult()
        try:
            for numbers in share:
                if failed.is_set():
                    break
                with transaction.atomic():
                    _seed_batch(numbers, ctx, result, writer)
        except BaseException:
            failed.set()
            raise
        finally:
            connection.close()  # this thread's own connection
        return result

    total = SeedResult()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(work, batches[i::workers]) for i in range(workers)]
        try:
            for future in futures:
                total.add(future.result())
        except BaseException:
            failed.set()  # a failure or Ctrl-C: the other threads stop after the batch they are writing
            raise
    return total


@dataclass(frozen=True)
class _Context:
    profielen: dict[str, int]
    plan: dict[str, list[_Werkproces]]
    blocks: dict[int, _Block]
    block_size: int
    pdf: tuple[str, int, str]
    password_hash: str
    group_id: int
    seed: int
    now: datetime.datetime


# -- writing rows ---------------------------------------------------------------------------------------------------


_RESERVING = threading.Lock()


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """Primary keys for `count` new rows, taken before they are written so that children can point at them."""
    if not count:
        return []
    if connection.vendor == "postgresql":
        # One setval moves the sequence past the whole range: a nextval per row cost 15 s of 20,000 students.
        # The lock keeps this process's threads apart. Another session inserting into the table at that very
        # moment could take a key inside the range; then one of the two fails on the primary key, loudly.
        with _RESERVING, connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(seq, nextval(seq) + %s - 1) FROM pg_get_serial_sequence(%s, %s) AS seq",
                [count, connection.ops.quote_name(model._meta.db_table), model._meta.pk.column],
            )
            (last,) = cursor.fetchone()
        return list(range(last - count + 1, last + 1))
    # Elsewhere (SQLite) after the highest key: right for a demo database that nobody else writes to meanwhile.
    highest = model._base_manager.aggregate(highest=Max("pk"))["highest"] or 0
    return list(range(highest + 1, highest + 1 + count))


class _BulkWriter:
    """Rows as model instances through bulk_create, which fills the defaults and timestamps itself."""

    def write(self, model: type[models.Model], attnames: Sequence[str], rows: list[tuple]) -> None:
        model._default_manager.bulk_create(
            [model(**dict(zip(attnames, row, strict=True))) for row in rows], batch_size=ROW_BATCH
        )


class _CopyWriter:
    """Rows as they are through COPY; the columns not given get what bulk_create would have put there."""

    def write(self, model: type[models.Model], attnames: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        fields = {f.attname: f for f in model._meta.concrete_fields}
        now = timezone.now()
        filled = {}
        for attname, f in fields.items():
            if attname in attnames or f.primary_key:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                filled[f.column] = now
            elif f.has_default() or f.null or f.empty_strings_allowed:
                filled[f.column] = f.get_default()
            else:
                raise ValueError(f"{model.__name__}.{f.name} needs a value")
        quote = connection.ops.quote_name
        # concrete fields all have a column
        columns = ", ".join(quote(cast(str, c)) for c in [*(fields[a].column for a in attnames), *filled])
        rest = tuple(filled.values())
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row + rest)


# -- one batch ------------------------------------------------------------------------------------------------------

USER_COLUMNS = ("id", "username", "first_name", "last_name", "email", "password")
INSCHRIJVING_COLUMNS = (
    "id",
    "student_id",
    "profiel_id",
    "cohort_id",
    "studentnummer",
    "leerweg",
    "startdatum",
    "leerbedrijf",
    "bpv_coach_id",
)
BEWIJSSTUK_COLUMNS = ("id", "inschrijving_id", "werkproces_id", "titel", "status", "submitted_at")
VERSIE_COLUMNS = (
    "id",
    "bewijsstuk_id",
    "nummer",
    "reflectie",
    "submitted_at",
    "feedback",
    "feedback_by_id",
    "feedback_at",
)
BESTAND_COLUMNS = ("versie_id", "file", "naam", "grootte", "mime", "soort", "inline", "sha256")
STATUSWIJZIGING_COLUMNS = ("bewijsstuk_id", "van", "naar", "door_id", "toelichting")


def _seed_batch(numbers: list[int], ctx: _Context, result: SeedResult, writer: _BulkWriter | _CopyWriter) -> None:
    # Demo data: a per-student RNG seeded with the student's number, not for anything security-related.
    rngs = {n: random.Random(f"{ctx.seed}-{n}") for n in numbers}  # noqa: S311
    usernames = {n: student_username(n) for n in numbers}
    user_ids = dict(User.objects.filter(username__in=usernames.values()).values_list("username", "pk"))
    # Names are drawn for every student, also one whose account exists, so the rest of the portfolio is the same.
    names = {n: (rngs[n].choice(VOORNAMEN), rngs[n].choice(ACHTERNAMEN)) for n in numbers}
    new_users = [n for n in numbers if usernames[n] not in user_ids]
    users = []
    for n, pk in zip(new_users, _reserve_ids(User, len(new_users)), strict=True):
        user_ids[usernames[n]] = pk
        email = f"{usernames[n]}@demo.dossierportaal.local"
        users.append((pk, usernames[n], *names[n], email, ctx.password_hash))
    writer.write(User, USER_COLUMNS, users)
    writer.write(User.groups.through, ("user_id", "group_id"), [(row[0], ctx.group_id) for row in users])
    result.rows["users"] += len(users)

    inschrijvingen, toewijzingen, students = [], [], []
    for n, pk in zip(numbers, _reserve_ids(Inschrijving, len(numbers)), strict=True):
        rng, block = rngs[n], ctx.blocks[student_block(n, block_size=ctx.block_size)]
        # Every block divides its students over its staff as block 0 does: S02001 gets what S00001 gets.
        local = n - student_block(n, block_size=ctx.block_size) * ctx.block_size
        code = "P1" if rng.random() < P1_SHARE else "P3"
        result.profielen[code] += 1
        leerweg = Inschrijving.Leerweg.BBL.value if rng.random() < 0.3 else Inschrijving.Leerweg.BOL.value
        student = user_ids[usernames[n]]
        inschrijvingen.append(
            (
                pk,
                student,
                ctx.profielen[code],
                block.cohort_id,
                studentnummer(n),
                leerweg,
                datetime.date(COHORT_STARTJAAR, 9, 1),
                rng.choice(LEERBEDRIJVEN),
                block.coaches[local % len(block.coaches)],
            )
        )
        praktijk = block.praktijk[local % len(block.praktijk)]
        school = block.school[(local // len(block.praktijk)) % len(block.school)]
        toewijzingen += [
            (pk, praktijk, Beoordelaarstoewijzing.Rol.PRAKTIJK.value),
            (pk, school, Beoordelaarstoewijzing.Rol.SCHOOL.value),
        ]
        students.append((pk, _plan_portfolio(rng, student, code, (praktijk, school), ctx)))
    writer.write(Inschrijving, INSCHRIJVING_COLUMNS, inschrijvingen)
    writer.write(Beoordelaarstoewijzing, ("inschrijving_id", "beoordelaar_id", "rol"), toewijzingen)
    result.rows["inschrijvingen"] += len(inschrijvingen)
    result.rows["toewijzingen"] += len(toewijzingen)

    # Every bewijsstuk is planned, so the keys of the whole batch can be taken at once and the rows written level by
    # level, each child naming its parent's key.
    plans = [p for _pk, portfolio in students for p in portfolio]
    bewijsstuk_ids = iter(_reserve_ids(Bewijsstuk, len(plans)))
    versie_ids = iter(_reserve_ids(BewijsstukVersie, sum(len(p[4]) for p in plans)))
    bewijsstukken, versies, claims, bestanden, log = [], [], [], [], []
    name, size, digest = ctx.pdf
    for inschrijving, portfolio in students:
        for werkproces, titel, status, submitted, planned_versies, planned_log in portfolio:
            bewijsstuk = next(bewijsstuk_ids)
            bewijsstukken.append((bewijsstuk, inschrijving, werkproces, titel, status, submitted))
            for versie_fields, criteria, namen in planned_versies:
                versie = next(versie_ids)
                versies.append((versie, bewijsstuk, *versie_fields))
                claims += [(versie, c) for c in criteria]
                # Every Bestand points at the one stored PDF: the rows are real, the 2,000,000 files are not.
                bestanden += [(versie, name, naam, size, "application/pdf", "pdf", True, digest) for naam in namen]
            log += [(bewijsstuk, *entry) for entry in planned_log]
            result.statuses[status] += 1
    writer.write(Bewijsstuk, BEWIJSSTUK_COLUMNS, bewijsstukken)
    writer.write(BewijsstukVersie, VERSIE_COLUMNS, versies)
    writer.write(BewijsstukVersie.criteria.through, ("bewijsstukversie_id", "criterium_id"), claims)
    writer.write(Bestand, BESTAND_COLUMNS, bestanden)
    writer.write(StatusWijziging, STATUSWIJZIGING_COLUMNS, log)
    result.rows["bewijsstukken"] += len(bewijsstukken)
    result.rows["versies"] += len(versies)
    result.rows["criteria geclaimd"] += len(claims)
    result.rows["bestanden"] += len(bestanden)
    result.rows["statuswijzigingen"] += len(log)


# A planned bewijsstuk: (werkproces, titel, status, submitted_at, versies, log); a versie is (the VERSIE_COLUMNS after
# id and bewijsstuk_id, criteria, file names); a log entry is (van, naar, door, toelichting).
_Plan = tuple[int, str, str, datetime.datetime | None, list[tuple[tuple, list[int], list[str]]], list[tuple]]

CONCEPT, INGEDIEND, TERUGGEGEVEN, BEOORDEELD = (s.value for s in Status)


def _pick_status(rng: random.Random) -> str:
    roll = rng.random()
    for status, share in STATUS_MIX:
        if roll < share:
            return status.value
        roll -= share
    return STATUS_MIX[-1][0].value


def _plan_portfolio(
    rng: random.Random, student: int, profiel: str, beoordelaars: tuple[int, int], ctx: _Context
) -> list[_Plan]:
    """About five bewijsstukken per werkproces, each with the versions and log the services would have left.

    The draws from `rng` and their order are the data set: changing either changes every seeded portfolio.
    """
    start = datetime.datetime(COHORT_STARTJAAR, 9, 1, 9, tzinfo=datetime.UTC)
    now = ctx.now
    span = max((now - start).total_seconds(), 86400.0)

    def later(moment: datetime.datetime) -> datetime.datetime:
        return min(moment + datetime.timedelta(hours=rng.uniform(4, 240)), now)

    plans = []
    for wp in ctx.plan[profiel]:
        for index in range(rng.choice((4, 5, 5, 5, 6))):
            status = _pick_status(rng)
            beoordelaar = rng.choice(beoordelaars)
            moment = min(start + datetime.timedelta(seconds=span * rng.uniform(0.02, 0.8)), now)
            returned = status == TERUGGEGEVEN or (status != CONCEPT and rng.random() < 0.3)
            second_draft = status == TERUGGEGEVEN and rng.random() < 0.4
            first = rng.sample(wp.criteria, k=min(len(wp.criteria), rng.randint(1, 3)))
            files = [f"{wp.code.lower()}-bewijs-{index + 1}.pdf"]
            if rng.random() < 0.2:
                files.append(rng.choice(BIJLAGEN))
            log = [("", CONCEPT, student, "")]
            reflectie = rng.choice(REFLECTIES)
            # (nummer, reflectie, submitted_at, feedback, feedback_by, feedback_at)
            v1 = [1, reflectie, None, "", None, None]
            versies = [(v1, first, files)]
            submitted = None
            if status != CONCEPT:
                submitted = moment = v1[2] = later(moment)
                log.append((CONCEPT, INGEDIEND, student, ""))
            if returned:
                feedback = rng.choice(FEEDBACK)
                moment = later(moment)
                v1[3:] = [feedback, beoordelaar, moment]
                log.append((INGEDIEND, TERUGGEGEVEN, beoordelaar, feedback))
                if status != TERUGGEGEVEN or second_draft:
                    # Like services._draft: the new version starts as a copy of the last one, files and all.
                    extra = [c for c in wp.criteria if c not in first][:1]
                    v2 = [2, reflectie + " Aangevuld na feedback.", None, "", None, None]
                    versies.append((v2, first + extra, files))
                    if status != TERUGGEGEVEN:
                        submitted = moment = v2[2] = later(moment)
                        log.append((TERUGGEGEVEN, INGEDIEND, student, ""))
            if status == BEOORDEELD:
                log.append((INGEDIEND, BEOORDEELD, beoordelaar, ""))
            titel = f"{rng.choice(TITELS)} ({wp.code})"
            plans.append((wp.pk, titel, status, submitted, [(tuple(v), c, f) for v, c, f in versies], log))
    return plans
