"""manage.py seed_demo: a deterministic demo institution, in blocks of students with staff of their own."""

import datetime
import io
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from config.errors import ApplicationError
from dossier.models import Werkproces
from portfolio import seed
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
from portfolio.scope import coordinated_opleiding_ids
from tests.factories import InschrijvingFactory

NOW = datetime.datetime(2026, 2, 1, 12, tzinfo=datetime.UTC)
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and pghistory need PostgreSQL")


def commercie_werkproces() -> Werkproces:
    werkproces = Werkproces.objects.filter(kerntaak__dossier__crebo=seed.DOSSIER_CREBO).first()
    assert werkproces is not None
    return werkproces


def portfolio_rows() -> dict[str, list[tuple]]:
    """Every seeded row by what it holds, with keys replaced by what they point at and no write timestamps.

    Passwords are left out: every run hashes with a salt of its own.
    """
    inschrijvingen = seed.seeded_inschrijvingen()
    bewijsstukken = Bewijsstuk.objects.filter(inschrijving__in=inschrijvingen)
    # A bewijsstuk is known by its student and its place among the student's bewijsstukken.
    keys: dict[int, tuple[str, int]] = {}
    places: Counter[str] = Counter()
    for pk, nummer in bewijsstukken.order_by("inschrijving__studentnummer", "pk").values_list(
        "pk", "inschrijving__studentnummer"
    ):
        places[nummer] += 1
        keys[pk] = (nummer, places[nummer])

    def keyed(queryset, *fields: str) -> list[tuple]:
        return sorted((keys[row[0]], *row[1:]) for row in queryset.order_by("pk").values_list(*fields))

    return {
        "users": sorted(
            User.objects.filter(username__startswith=seed.USERNAME_PREFIX).values_list(
                "username", "first_name", "last_name", "email", "is_active", "is_staff", "groups__name"
            )
        ),
        "opleidingen": sorted(
            Opleiding.objects.filter(naam__regex=seed.OPLEIDING_REGEX).values_list("naam", "coordinatoren__username")
        ),
        "cohorten": sorted(
            Cohort.objects.filter(opleiding__naam__regex=seed.OPLEIDING_REGEX).values_list(
                "opleiding__naam", "startjaar", "dossier_id"
            )
        ),
        "inschrijvingen": sorted(
            inschrijvingen.values_list(
                "studentnummer",
                "student__username",
                "profiel__code",
                "cohort__opleiding__naam",
                "leerweg",
                "startdatum",
                "leerbedrijf",
                "bpv_coach__username",
            )
        ),
        "toewijzingen": sorted(
            Beoordelaarstoewijzing.objects.filter(inschrijving__in=inschrijvingen).values_list(
                "inschrijving__studentnummer", "beoordelaar__username", "rol"
            )
        ),
        "bewijsstukken": keyed(bewijsstukken, "pk", "werkproces__code", "titel", "status", "submitted_at"),
        "versies": keyed(
            BewijsstukVersie.objects.filter(bewijsstuk__in=bewijsstukken),
            "bewijsstuk_id",
            "nummer",
            "titel",
            "reflectie",
            "submitted_at",
            "feedback",
            "feedback_by__username",
            "feedback_at",
        ),
        "criteria": keyed(
            BewijsstukVersie.criteria.through.objects.filter(bewijsstukversie__bewijsstuk__in=bewijsstukken),
            "bewijsstukversie__bewijsstuk_id",
            "bewijsstukversie__nummer",
            "criterium__sleutel",
        ),
        "bestanden": keyed(
            Bestand.objects.filter(versie__bewijsstuk__in=bewijsstukken),
            "versie__bewijsstuk_id",
            "versie__nummer",
            "file",
            "naam",
            "grootte",
            "mime",
            "soort",
            "inline",
            "sha256",
        ),
        # In the order they were written: the log of one bewijsstuk is read by primary key.
        "statuswijzigingen": [
            (keys[b], *rest)
            for b, *rest in StatusWijziging.objects.filter(bewijsstuk__in=bewijsstukken)
            .order_by("bewijsstuk__inschrijving__studentnummer", "pk")
            .values_list("bewijsstuk_id", "van", "naar", "door__username", "toelichting")
        ],
    }


def student_rows(rows: dict[str, list[tuple]], nummers: set[str]) -> dict[str, list[tuple]]:
    """The rows of these students only (their user, enrolment, evidence), from portfolio_rows()."""
    usernames = {f"seed-{nummer.lower()}" for nummer in nummers}
    picked = {"users": [r for r in rows["users"] if r[0] in usernames]}
    for name in ("inschrijvingen", "toewijzingen"):
        picked[name] = [r for r in rows[name] if r[0] in nummers]
    for name in ("bewijsstukken", "versies", "criteria", "bestanden", "statuswijzigingen"):
        picked[name] = [r for r in rows[name] if r[0][0] in nummers]
    return picked


def test_seeding_makes_students_with_full_portfolios_on_one_shared_pdf(commercie):
    result = seed.seed_cohort(students=10, now=NOW)

    assert (result.students_requested, result.students_existing) == (10, 0)
    assert sorted(seed.seeded_inschrijvingen().values_list("studentnummer", flat=True)) == [
        f"S{n:05d}" for n in range(1, 11)
    ]
    assert result.rows["users"] == 10 + 4 + 4 + 3 + 1
    assert result.rows["inschrijvingen"] == 10
    assert result.rows["toewijzingen"] == 20
    assert sum(result.profielen.values()) == 10
    assert sum(result.statuses.values()) == result.rows["bewijsstukken"] == Bewijsstuk.objects.count()
    assert result.rows["versies"] == BewijsstukVersie.objects.count()
    assert result.rows["criteria geclaimd"] == BewijsstukVersie.criteria.through.objects.count()
    assert result.rows["statuswijzigingen"] == StatusWijziging.objects.count()
    assert result.rows["bestanden"] == Bestand.objects.filter(file=seed.SHARED_PDF_NAME).count() > 0
    for inschrijving in seed.seeded_inschrijvingen():
        assert inschrijving.bewijsstukken.count() > 0
        assert inschrijving.toewijzingen.count() == 2
    # A draft is never submitted; everything else has its first version frozen.
    assert not Bewijsstuk.objects.filter(status="concept", submitted_at__isnull=False).exists()
    assert not Bewijsstuk.objects.exclude(status="concept").filter(submitted_at__isnull=True).exists()
    assert result.password_set


def test_block_zero_keeps_the_single_institution_names_and_assignments(commercie):
    seed.seed_cohort(students=4, now=NOW)

    assert set(
        User.objects.filter(username__startswith="seed-")
        .exclude(username__startswith="seed-s0")
        .values_list("username", flat=True)
    ) == {
        *(f"seed-praktijk-{i}" for i in range(1, 5)),
        *(f"seed-school-{i}" for i in range(1, 5)),
        *(f"seed-coach-{i}" for i in range(1, 4)),
        "seed-coordinator",
    }
    assert list(Opleiding.objects.filter(naam__regex=seed.OPLEIDING_REGEX).values_list("naam", flat=True)) == [
        "Commercie (seed_demo)"
    ]
    first = Inschrijving.objects.get(studentnummer="S00001")
    assert first.bpv_coach is not None
    assert first.bpv_coach.username == "seed-coach-2"
    assert set(first.toewijzingen.values_list("beoordelaar__username", "rol")) == {
        ("seed-praktijk-2", "praktijk"),
        ("seed-school-1", "school"),
    }
    praktijk = User.objects.get(username="seed-praktijk-2")
    assert (praktijk.first_name, praktijk.last_name) == ("Praktijkbeoordelaar", "2")


def test_every_block_has_its_own_opleiding_cohort_and_staff(commercie):
    result = seed.seed_cohort(students=15, block_size=5, now=NOW)

    opleidingen = {o.naam: o for o in Opleiding.objects.filter(naam__regex=seed.OPLEIDING_REGEX)}
    assert set(opleidingen) == {"Commercie (seed_demo)", "Commercie (seed_demo) blok 1", "Commercie (seed_demo) blok 2"}
    assert result.rows["users"] == 15 + 3 * (4 + 4 + 3) + 1
    for block, naam in enumerate(
        ["Commercie (seed_demo)", "Commercie (seed_demo) blok 1", "Commercie (seed_demo) blok 2"]
    ):
        cohort = Cohort.objects.get(opleiding=opleidingen[naam])
        assert sorted(cohort.inschrijvingen.values_list("studentnummer", flat=True)) == [
            f"S{n:05d}" for n in range(block * 5 + 1, block * 5 + 6)
        ]
        suffix = "" if block == 0 else f"-b{block}"
        staff = {
            *(f"seed-praktijk-{i}{suffix}" for i in range(1, 5)),
            *(f"seed-school-{i}{suffix}" for i in range(1, 5)),
            *(f"seed-coach-{i}{suffix}" for i in range(1, 4)),
        }
        assert User.objects.filter(username__in=staff).count() == 11
        assigned = set(
            Beoordelaarstoewijzing.objects.filter(inschrijving__cohort=cohort).values_list(
                "beoordelaar__username", flat=True
            )
        )
        coaches = set(cohort.inschrijvingen.values_list("bpv_coach__username", flat=True))
        assert assigned | coaches <= staff
    # The first student of a block gets what S00001 gets, from the block's own staff.
    sixth = Inschrijving.objects.get(studentnummer="S00006")
    assert sixth.bpv_coach is not None
    assert sixth.bpv_coach.username == "seed-coach-2-b1"
    assert set(sixth.toewijzingen.values_list("beoordelaar__username", flat=True)) == {
        "seed-praktijk-2-b1",
        "seed-school-1-b1",
    }
    praktijk = User.objects.get(username="seed-praktijk-2-b1")
    assert (praktijk.first_name, praktijk.last_name) == ("Praktijkbeoordelaar", "2-b1")
    coordinator = User.objects.get(username="seed-coordinator")
    assert coordinated_opleiding_ids(coordinator) == {o.pk for o in opleidingen.values()}


def test_a_student_is_the_same_however_many_are_seeded(commercie):
    seed.seed_cohort(students=3, block_size=5, now=NOW)
    few = student_rows(portfolio_rows(), {"S00001", "S00002", "S00003"})
    seed.seed_reset()

    seed.seed_cohort(students=12, block_size=5, now=NOW)
    many = student_rows(portfolio_rows(), {"S00001", "S00002", "S00003"})

    assert few == many
    assert len(few["bewijsstukken"]) > 0


def test_seeding_again_adds_only_the_missing_students(commercie):
    seed.seed_cohort(students=3, block_size=5, now=NOW)
    before = portfolio_rows()
    first = Inschrijving.objects.get(studentnummer="S00001").pk

    result = seed.seed_cohort(students=7, block_size=5, now=NOW)

    assert (result.students_requested, result.students_existing) == (7, 3)
    assert result.rows["inschrijvingen"] == 4
    assert result.rows["users"] == 4 + 11  # the students and block 1's staff; block 0 and the coordinator exist
    assert Inschrijving.objects.get(studentnummer="S00001").pk == first
    assert student_rows(portfolio_rows(), {"S00001", "S00002", "S00003"}) == student_rows(
        before, {"S00001", "S00002", "S00003"}
    )
    assert seed.seed_cohort(students=7, block_size=5, now=NOW).students_existing == 7


def test_reset_removes_every_seeded_row_and_leaves_the_rest(commercie):
    other = InschrijvingFactory.create()
    theirs = Bewijsstuk.objects.create(inschrijving=other, werkproces=commercie_werkproces(), titel="Eigen werk")
    BewijsstukVersie.objects.create(bewijsstuk=theirs, nummer=1)
    StatusWijziging.objects.create(bewijsstuk=theirs, naar="concept", door=other.student)
    seed.seed_cohort(students=12, block_size=5, now=NOW)

    deleted = seed.seed_reset()

    assert deleted["inschrijvingen"] == 12
    assert deleted["users"] == 12 + 3 * 11 + 1
    assert deleted["opleidingen"] == 3
    assert not User.objects.filter(username__startswith="seed-").exists()
    assert not Opleiding.objects.filter(naam__regex=seed.OPLEIDING_REGEX).exists()
    assert not Cohort.objects.filter(opleiding__naam__contains="seed_demo").exists()
    assert list(Inschrijving.objects.all()) == [other]
    assert list(Bewijsstuk.objects.all()) == [theirs]
    assert BewijsstukVersie.objects.get().bewijsstuk == theirs
    assert StatusWijziging.objects.get().bewijsstuk == theirs


def test_reset_of_a_database_with_only_seeded_evidence_empties_the_evidence_tables(commercie):
    seed.seed_cohort(students=6, block_size=5, now=NOW)
    counts = {model: model.objects.count() for model in (Bewijsstuk, BewijsstukVersie, Bestand, StatusWijziging)}

    deleted = seed.seed_reset()

    assert (deleted["bewijsstukken"], deleted["versies"], deleted["bestanden"], deleted["statuswijzigingen"]) == (
        counts[Bewijsstuk],
        counts[BewijsstukVersie],
        counts[Bestand],
        counts[StatusWijziging],
    )
    assert deleted["criteria"] > 0
    assert not BewijsstukVersie.criteria.through.objects.exists()
    assert sum(model.objects.count() for model in counts) == 0
    assert not User.objects.filter(username__startswith="seed-").exists()


@on_postgresql
def test_copy_writes_the_same_rows_as_bulk_create(commercie):
    seed.seed_cohort(students=8, block_size=5, method="bulk", now=NOW)
    bulk = portfolio_rows()
    seed.seed_reset()

    started = timezone.now()
    seed.seed_cohort(students=8, block_size=5, method="copy", now=NOW)
    copied = portfolio_rows()

    assert copied == bulk
    assert len(copied["bewijsstukken"]) > 0
    # The columns COPY is not given get what bulk_create would have put there: the moment of writing.
    assert not Bewijsstuk.objects.filter(Q(created_at__lt=started) | Q(updated_at__lt=started)).exists()
    assert not StatusWijziging.objects.filter(at__lt=started).exists()
    assert not User.objects.filter(username__startswith="seed-s", date_joined__lt=started).exists()


@on_postgresql
def test_copy_fires_the_audit_triggers_like_bulk_create(commercie):
    InschrijvingEvent = apps.get_model("portfolio", "InschrijvingEvent")
    BeoordelaarstoewijzingEvent = apps.get_model("portfolio", "BeoordelaarstoewijzingEvent")

    seed.seed_cohort(students=6, block_size=5, method="copy", now=NOW)

    ids = set(seed.seeded_inschrijvingen().values_list("pk", flat=True))
    assert set(InschrijvingEvent.objects.filter(pgh_label="insert").values_list("pgh_obj_id", flat=True)) == ids
    assert BeoordelaarstoewijzingEvent.objects.filter(pgh_label="insert", inschrijving_id__in=ids).count() == 12


@pytest.mark.skipif(connection.vendor == "postgresql", reason="COPY is there on PostgreSQL")
def test_copy_is_refused_where_there_is_no_postgresql(commercie):
    with pytest.raises(ApplicationError):
        seed.seed_cohort(students=1, method="copy")
    assert not seed.seeded_inschrijvingen().exists()


def test_command_seeds_and_resets(commercie):
    out = io.StringIO()

    call_command("seed_demo", students=3, stdout=out)
    call_command("seed_demo", reset=True, stdout=out)

    output = out.getvalue()
    assert "Studenten: 3 gemaakt, 0 bestonden al (S00001..S00003)" in output
    assert "Verwijderd: " in output
    assert "3 inschrijvingen" in output
    assert not seed.seeded_inschrijvingen().exists()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_batches_written_side_by_side_are_the_rows_of_one_connection(commercie, monkeypatch):
    # Outside a transaction, as the command runs: each thread commits its batches on a connection of its own.
    side_by_side_runs = []
    original = seed._seed_side_by_side

    def recorded(*args):
        side_by_side_runs.append(args)
        return original(*args)

    monkeypatch.setattr(seed, "_seed_side_by_side", recorded)
    result = seed.seed_cohort(students=8, block_size=5, batch_size=2, workers=2, now=NOW)
    side_by_side = portfolio_rows()
    seed.seed_reset()

    seed.seed_cohort(students=8, block_size=5, batch_size=2, workers=1, now=NOW)

    assert portfolio_rows() == side_by_side
    assert len(side_by_side_runs) == 1
    assert result.rows["inschrijvingen"] == 8
    assert sum(result.statuses.values()) == len(side_by_side["bewijsstukken"]) > 0
