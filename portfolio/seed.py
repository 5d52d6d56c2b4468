"""A realistic demo cohort for load tests and query-count benchmarks (`manage.py seed_demo`).

Thousands of students with full portfolios cannot go through the services one file at a time: that would take
hours and write hundreds of thousands of files. So this module writes the rows the services would have written
(versions, claimed criteria, status log, Bestand rows) with bulk_create, one batch of students per transaction,
and every Bestand points at one small PDF stored once. It is demo data and nothing else; never run it against a
database whose students are real.

Seeded rows are recognisable: studentnummer S00001..S99999 with a username starting with `seed-`, and one
opleiding of their own. Each student's portfolio depends only on the seed and the student's number, so S00001 is
the same whether 10 or 2,000 students are seeded.
"""

import datetime
import hashlib
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import QuerySet
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
COHORT_STARTJAAR = 2025
USERNAME_PREFIX = "seed-"
STUDENTNUMMER_PREFIX = "S"
STUDENTNUMMER_REGEX = r"^S[0-9]{5}$"
MAX_STUDENTS = 99_999
SHARED_PDF_NAME = "bewijsstukken/seed-demo/voorbeeldbewijs.pdf"
DEFAULT_PASSWORD = "demo-wachtwoord"  # noqa: S105 - demo accounts on a demo database, printed on purpose

PRAKTIJK_BEOORDELAARS = 4
SCHOOL_BEOORDELAARS = 4
BPV_COACHES = 3
P1_SHARE = 0.15
Status = Bewijsstuk.Status
STATUS_MIX = ((Status.CONCEPT, 0.20), (Status.INGEDIEND, 0.25), (Status.TERUGGEGEVEN, 0.15), (Status.BEOORDEELD, 0.40))
ROW_BATCH = 5000

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


# -- reset ----------------------------------------------------------------------------------------------------------


def seed_reset() -> Counter:
    """Removes every seeded row, bottom-up so each step is one DELETE rather than Django's cascade collector."""
    deleted: Counter = Counter()
    with transaction.atomic():
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
        for label, queryset in steps:
            deleted[label] = _delete_rows(queryset)
        users = User.objects.filter(username__startswith=USERNAME_PREFIX)
        deleted["users"] = users.count()
        User.groups.through.objects.filter(user__in=users).delete()
        users.delete()
        Cohort.objects.filter(opleiding__naam=OPLEIDING_NAAM, inschrijvingen__isnull=True).delete()
        Opleiding.objects.filter(naam=OPLEIDING_NAAM, cohorten__isnull=True).delete()
        for name in own_files:
            transaction.on_commit(lambda name=name: default_storage.delete(name))
    # Only analyze: vacuumed now, the emptied tables shrink to nothing and seeding them again is a quarter slower
    # (measured); the next seed_cohort vacuums instead.
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
class _Staff:
    praktijk: list[int]
    school: list[int]
    coaches: list[int]


@dataclass(frozen=True)
class _Werkproces:
    pk: int
    code: str
    criteria: list[int]


def _staff_ensure(password_hash: str, result: SeedResult) -> _Staff:
    groups = groups_ensure()
    wanted = [
        *(("praktijk", i, "Praktijkbeoordelaar") for i in range(1, PRAKTIJK_BEOORDELAARS + 1)),
        *(("school", i, "Schoolbeoordelaar") for i in range(1, SCHOOL_BEOORDELAARS + 1)),
        *(("coach", i, "BPV-coach") for i in range(1, BPV_COACHES + 1)),
    ]
    usernames = {f"{USERNAME_PREFIX}{kind}-{i}": (kind, i, label) for kind, i, label in wanted}
    usernames[f"{USERNAME_PREFIX}coordinator"] = ("coordinator", 1, "Coördinator")
    existing = {u.username: u.pk for u in User.objects.filter(username__in=usernames)}
    missing = [
        User(
            username=username,
            first_name=label,
            last_name=str(i),
            email=f"{username}@demo.dossierportaal.local",
            password=password_hash,
        )
        for username, (_kind, i, label) in usernames.items()
        if username not in existing
    ]
    created = User.objects.bulk_create(missing)
    result.rows["users"] += len(created)
    for user in created:
        existing[user.username] = user.pk
        role = Role.COORDINATOR if user.username.endswith("coordinator") else Role.BEOORDELAAR
        user.groups.add(groups[role.value])

    def pks(kind: str, count: int) -> list[int]:
        return [existing[f"{USERNAME_PREFIX}{kind}-{i}"] for i in range(1, count + 1)]

    return _Staff(
        praktijk=pks("praktijk", PRAKTIJK_BEOORDELAARS),
        school=pks("school", SCHOOL_BEOORDELAARS),
        coaches=pks("coach", BPV_COACHES),
    )


def _werkprocessen(profiel: Profiel) -> list[_Werkproces]:
    # werkproces_list limits criteria with applies_to: a student only ever claims criteria of their own profiel.
    return [
        _Werkproces(pk=wp.pk, code=wp.code, criteria=[c.pk for c in wp.criteria.all()])
        for wp in werkproces_list(profiel=profiel)
    ]


def seed_cohort(
    *, students: int, password: str = DEFAULT_PASSWORD, batch_size: int = 100, seed: int = 2025
) -> SeedResult:
    """Makes sure students S00001..S<students> exist with full portfolios; existing ones are left as they are."""
    if not 0 <= students <= MAX_STUDENTS:
        raise ApplicationError(f"Kies tussen 0 en {MAX_STUDENTS} studenten.")
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

    # One hash for every seeded account: hashing 2,000 passwords with PBKDF2 would take longer than the rest.
    password_hash = make_password(password)
    result.password_set = True
    with transaction.atomic():
        opleiding, _ = Opleiding.objects.get_or_create(naam=OPLEIDING_NAAM, defaults={"dossier": dossier})
        cohort, _ = cohort_ensure(opleiding=opleiding, startjaar=COHORT_STARTJAAR)
        staff = _staff_ensure(password_hash, result)
        opleiding.coordinatoren.add(*User.objects.filter(username=f"{USERNAME_PREFIX}coordinator"))
    student_group = groups_ensure()[Role.STUDENT.value]
    context = _Context(
        profielen=profielen,
        plan=plan,
        cohort=cohort,
        staff=staff,
        pdf=pdf,
        password_hash=password_hash,
        group_id=student_group.pk,
        seed=seed,
        now=timezone.now(),
    )
    for start in range(0, len(missing), batch_size):
        with transaction.atomic():
            _seed_batch(missing[start : start + batch_size], context, result)
    refresh_statistics(vacuum=True)
    result.seconds = time.perf_counter() - started
    return result


@dataclass(frozen=True)
class _Context:
    profielen: dict[str, Profiel]
    plan: dict[str, list[_Werkproces]]
    cohort: Cohort
    staff: _Staff
    pdf: tuple[str, int, str]
    password_hash: str
    group_id: int
    seed: int
    now: datetime.datetime


def _seed_batch(numbers: list[int], ctx: _Context, result: SeedResult) -> None:
    # Demo data: a per-student RNG seeded with the student's number, not for anything security-related.
    rngs = {n: random.Random(f"{ctx.seed}-{n}") for n in numbers}  # noqa: S311
    usernames = {n: student_username(n) for n in numbers}
    users = {u.username: u for u in User.objects.filter(username__in=usernames.values())}
    new_users = []
    for n in numbers:
        if usernames[n] in users:
            continue
        rng = rngs[n]
        voornaam, achternaam = rng.choice(VOORNAMEN), rng.choice(ACHTERNAMEN)
        new_users.append(
            User(
                username=usernames[n],
                first_name=voornaam,
                last_name=achternaam,
                email=f"{usernames[n]}@demo.dossierportaal.local",
                password=ctx.password_hash,
            )
        )
    for user in User.objects.bulk_create(new_users, batch_size=ROW_BATCH):
        users[user.username] = user
    result.rows["users"] += len(new_users)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=ctx.group_id) for u in new_users], batch_size=ROW_BATCH
    )

    inschrijvingen = []
    for n in numbers:
        rng = rngs[n]
        code = "P1" if rng.random() < P1_SHARE else "P3"
        result.profielen[code] += 1
        inschrijvingen.append(
            Inschrijving(
                student_id=users[usernames[n]].pk,
                profiel=ctx.profielen[code],
                cohort=ctx.cohort,
                studentnummer=studentnummer(n),
                leerweg=Inschrijving.Leerweg.BBL if rng.random() < 0.3 else Inschrijving.Leerweg.BOL,
                startdatum=datetime.date(COHORT_STARTJAAR, 9, 1),
                leerbedrijf=rng.choice(LEERBEDRIJVEN),
                bpv_coach_id=ctx.staff.coaches[n % len(ctx.staff.coaches)],
            )
        )
    Inschrijving.objects.bulk_create(inschrijvingen, batch_size=ROW_BATCH)
    result.rows["inschrijvingen"] += len(inschrijvingen)
    toewijzingen = []
    assigned = {}
    for n, inschrijving in zip(numbers, inschrijvingen, strict=True):
        praktijk = ctx.staff.praktijk[n % len(ctx.staff.praktijk)]
        school = ctx.staff.school[(n // len(ctx.staff.praktijk)) % len(ctx.staff.school)]
        assigned[n] = (praktijk, school)
        toewijzingen += [
            Beoordelaarstoewijzing(
                inschrijving_id=inschrijving.pk, beoordelaar_id=praktijk, rol=Beoordelaarstoewijzing.Rol.PRAKTIJK
            ),
            Beoordelaarstoewijzing(
                inschrijving_id=inschrijving.pk, beoordelaar_id=school, rol=Beoordelaarstoewijzing.Rol.SCHOOL
            ),
        ]
    Beoordelaarstoewijzing.objects.bulk_create(toewijzingen, batch_size=ROW_BATCH)
    result.rows["toewijzingen"] += len(toewijzingen)

    # Plan every bewijsstuk first, then write level by level: each level needs the primary keys of the one above.
    plans = []
    for n, inschrijving in zip(numbers, inschrijvingen, strict=True):
        plans += _plan_portfolio(rngs[n], inschrijving, assigned[n], ctx)
    Bewijsstuk.objects.bulk_create([p.bewijsstuk for p in plans], batch_size=ROW_BATCH)
    versies = []
    for p in plans:
        for versie in p.versies:
            versie.bewijsstuk_id = p.bewijsstuk.pk
            versies.append(versie)
    BewijsstukVersie.objects.bulk_create(versies, batch_size=ROW_BATCH)

    through = BewijsstukVersie.criteria.through
    claims, bestanden, log = [], [], []
    name, size, digest = ctx.pdf
    for p in plans:
        for versie, criteria, namen in zip(p.versies, p.criteria, p.bestanden, strict=True):
            claims += [through(bewijsstukversie_id=versie.pk, criterium_id=c) for c in criteria]
            # Every Bestand points at the one stored PDF: the rows are real, the 160,000 files are not.
            bestanden += [
                Bestand(
                    versie_id=versie.pk,
                    file=name,
                    naam=naam,
                    grootte=size,
                    mime="application/pdf",
                    soort="pdf",
                    inline=True,
                    sha256=digest,
                )
                for naam in namen
            ]
        for van, naar, door, toelichting in p.log:
            log.append(
                StatusWijziging(
                    bewijsstuk_id=p.bewijsstuk.pk, van=van, naar=naar, door_id=door, toelichting=toelichting
                )
            )
        result.statuses[p.bewijsstuk.status] += 1
    through.objects.bulk_create(claims, batch_size=ROW_BATCH)
    Bestand.objects.bulk_create(bestanden, batch_size=ROW_BATCH)
    StatusWijziging.objects.bulk_create(log, batch_size=ROW_BATCH)
    result.rows["bewijsstukken"] += len(plans)
    result.rows["versies"] += len(versies)
    result.rows["criteria geclaimd"] += len(claims)
    result.rows["bestanden"] += len(bestanden)
    result.rows["statuswijzigingen"] += len(log)


@dataclass
class _Plan:
    bewijsstuk: Bewijsstuk
    versies: list[BewijsstukVersie]
    criteria: list[list[int]]
    bestanden: list[list[str]]
    log: list[tuple[str, str, int, str]]


def _pick_status(rng: random.Random) -> str:
    roll = rng.random()
    for status, share in STATUS_MIX:
        if roll < share:
            return status
        roll -= share
    return STATUS_MIX[-1][0]


def _plan_portfolio(
    rng: random.Random, inschrijving: Inschrijving, beoordelaars: tuple[int, int], ctx: _Context
) -> list[_Plan]:
    """About five bewijsstukken per werkproces, each with the versions and log the services would have left."""
    student = inschrijving.student_id
    start = datetime.datetime(COHORT_STARTJAAR, 9, 1, 9, tzinfo=datetime.UTC)
    span = max((ctx.now - start).total_seconds(), 86400.0)

    def later(moment: datetime.datetime) -> datetime.datetime:
        return min(moment + datetime.timedelta(hours=rng.uniform(4, 240)), ctx.now)

    plans = []
    for wp in ctx.plan[inschrijving.profiel.code]:
        for index in range(rng.choice((4, 5, 5, 5, 6))):
            status = _pick_status(rng)
            beoordelaar = rng.choice(beoordelaars)
            moment = min(start + datetime.timedelta(seconds=span * rng.uniform(0.02, 0.8)), ctx.now)
            returned = status == Status.TERUGGEGEVEN or (status != Status.CONCEPT and rng.random() < 0.3)
            second_draft = status == Status.TERUGGEGEVEN and rng.random() < 0.4
            first = rng.sample(wp.criteria, k=min(len(wp.criteria), rng.randint(1, 3)))
            files = [f"{wp.code.lower()}-bewijs-{index + 1}.pdf"]
            if rng.random() < 0.2:
                files.append(rng.choice(BIJLAGEN))
            log = [("", Status.CONCEPT, student, "")]
            v1 = BewijsstukVersie(nummer=1, reflectie=rng.choice(REFLECTIES))
            versies, criteria, bestanden = [v1], [first], [files]
            submitted = None
            if status != Status.CONCEPT:
                submitted = moment = later(moment)
                v1.submitted_at = moment
                log.append((Status.CONCEPT, Status.INGEDIEND, student, ""))
            if returned:
                feedback = rng.choice(FEEDBACK)
                v1.feedback, v1.feedback_by_id, v1.feedback_at = feedback, beoordelaar, later(moment)
                moment = v1.feedback_at
                log.append((Status.INGEDIEND, Status.TERUGGEGEVEN, beoordelaar, feedback))
                if status != Status.TERUGGEGEVEN or second_draft:
                    # Like services._draft: the new version starts as a copy of the last one, files and all.
                    extra = [c for c in wp.criteria if c not in first][:1]
                    v2 = BewijsstukVersie(nummer=2, reflectie=v1.reflectie + " Aangevuld na feedback.")
                    versies.append(v2)
                    criteria.append(first + extra)
                    bestanden.append(files)
                    if status != Status.TERUGGEGEVEN:
                        submitted = moment = v2.submitted_at = later(moment)
                        log.append((Status.TERUGGEGEVEN, Status.INGEDIEND, student, ""))
            if status == Status.BEOORDEELD:
                log.append((Status.INGEDIEND, Status.BEOORDEELD, beoordelaar, ""))
            bewijsstuk = Bewijsstuk(
                inschrijving_id=inschrijving.pk,
                werkproces_id=wp.pk,
                titel=f"{rng.choice(TITELS)} ({wp.code})",
                status=status,
                submitted_at=submitted,
            )
            plans.append(_Plan(bewijsstuk, versies, criteria, bestanden, log))
    return plans
