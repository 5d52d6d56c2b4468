"""Every read of portfolios goes through here, scoped to the user: what a user may not see does not exist."""

import uuid
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import User
from accounts.roles import Role, is_coordinator
from dossier.models import Criterium, Kerntaak, Profiel, Werkproces
from dossier.selectors import applies_to
from portfolio.models import (
    Beoordelaarstoewijzing,
    Bestand,
    Bewijsstuk,
    BewijsstukVersie,
    Cohort,
    ImportJob,
    Inschrijving,
    Opleiding,
    StatusWijziging,
)
from portfolio.scope import coordinated, coordinates, overseen, readable, sees_every_opleiding


def profiel_of_student(user) -> Profiel | None:
    """The profiel a student is enrolled for (latest enrolment), so pages open on what applies to them."""
    if not user.is_authenticated:
        return None
    inschrijving = user.inschrijvingen.select_related("profiel__dossier").order_by("-startdatum").first()
    return inschrijving.profiel if inschrijving else None


def _involved(user) -> Q:
    assigned = Beoordelaarstoewijzing.objects.filter(inschrijving=OuterRef("pk"), beoordelaar=user)
    return Q(student=user) | Q(bpv_coach=user) | Q(Exists(assigned))


def inschrijving_list(*, user) -> QuerySet[Inschrijving]:
    """Whom the user may read: their own enrolment, the students they assess or coach, and every student of
    the opleidingen they coordinate or oversee as examencommissie. For reads; writes check who acts."""
    qs = Inschrijving.objects.select_related("student", "profiel__dossier", "cohort__opleiding", "bpv_coach")
    if sees_every_opleiding(user):
        return qs
    return qs.filter(readable(user, "cohort__opleiding") | _involved(user))


def managed_inschrijving_list(*, user) -> QuerySet[Inschrijving]:
    """The enrolments a coordinator manages: of the opleidingen they coordinate, not the ones they only read."""
    return inschrijving_list(user=user).filter(coordinated(user, "cohort__opleiding"))


def inschrijving_search(*, user, q: str = "") -> QuerySet[Inschrijving]:
    """The enrolments a user may see, matching every word of `q` in the student's name, username or
    studentnummer; the user's own enrolment is not among their students."""
    qs = inschrijving_list(user=user).exclude(student=user)
    for word in q.split()[:5]:
        qs = qs.filter(
            Q(studentnummer__icontains=word)
            | Q(student__first_name__icontains=word)
            | Q(student__last_name__icontains=word)
            | Q(student__username__icontains=word)
        )
    return qs.order_by("student__last_name", "student__first_name", "studentnummer")


def inschrijving_of_student(*, user) -> Inschrijving | None:
    return inschrijving_list(user=user).filter(student=user).order_by("-startdatum").first()


def opleiding_list(*, user) -> QuerySet[Opleiding]:
    return Opleiding.objects.filter(coordinated(user, "pk")) if is_coordinator(user) else Opleiding.objects.none()


def cohort_list(*, user) -> QuerySet[Cohort]:
    """The cohorts a coordinator manages."""
    qs = Cohort.objects.select_related("opleiding")
    return qs.filter(coordinated(user, "opleiding")) if is_coordinator(user) else qs.none()


def import_job_detail(*, user, pk: int) -> ImportJob | None:
    """A background import of a cohort the coordinator manages, without the uploaded file."""
    return (
        ImportJob.objects.filter(cohort__in=cohort_list(user=user))
        .select_related("cohort__opleiding")
        .defer("inhoud")
        .filter(pk=pk)
        .first()
    )


def readable_cohort_list(*, user) -> QuerySet[Cohort]:
    """The cohorts whose readiness and reports the user may read: coordinated or overseen as examencommissie."""
    return Cohort.objects.select_related("opleiding").filter(readable(user, "opleiding"))


def bewijsstuk_list(*, user) -> QuerySet[Bewijsstuk]:
    """Students and their BPV coach see all their evidence; beoordelaars what has been submitted at least once."""
    qs = Bewijsstuk.objects.select_related(
        "inschrijving__student", "inschrijving__profiel", "werkproces__kerntaak"
    ).order_by("-updated_at", "-pk")
    if sees_every_opleiding(user):
        return qs
    assigned = Beoordelaarstoewijzing.objects.filter(inschrijving=OuterRef("inschrijving"), beoordelaar=user)
    ever_submitted = BewijsstukVersie.objects.filter(bewijsstuk=OuterRef("pk"), submitted_at__isnull=False)
    # The examencommissie reads the exam record: evidence once submitted, like the beoordelaars.
    visible = (
        Q(inschrijving__student=user)
        | Q(inschrijving__bpv_coach=user)
        | ((Q(Exists(assigned)) | overseen(user, "inschrijving__cohort__opleiding")) & Q(Exists(ever_submitted)))
    )
    if is_coordinator(user):
        visible |= coordinated(user, "inschrijving__cohort__opleiding")
    return qs.filter(visible)


def bewijsstuk_is_editable(bewijsstuk: Bewijsstuk) -> bool:
    """A concept or returned bewijsstuk is the student's to change; so is one that had formative feedback,
    until the exam of its werkproces is vastgesteld (what the examencommissie decided on stays as it was)."""
    if bewijsstuk.status in (Bewijsstuk.Status.CONCEPT, Bewijsstuk.Status.TERUGGEGEVEN):
        return True
    if bewijsstuk.status != Bewijsstuk.Status.BEOORDEELD:
        return False
    return not bewijsstuk.inschrijving.pogingen.filter(
        werkproces_id=bewijsstuk.werkproces_id, status="vastgesteld"
    ).exists()


def versies_visible_to(*, user, bewijsstuk: Bewijsstuk) -> Q:
    """Drafts are the student's own work in progress: beoordelaars only see frozen versions."""
    if (
        coordinates(user, bewijsstuk.inschrijving)
        or bewijsstuk.inschrijving.student_id == user.pk
        or bewijsstuk.inschrijving.bpv_coach_id == user.pk
    ):
        return Q()
    return Q(submitted_at__isnull=False)


def bewijsstuk_detail(*, user, pk: int) -> Bewijsstuk | None:
    bewijsstuk = bewijsstuk_list(user=user).filter(pk=pk).first()
    if bewijsstuk is None:
        return None
    versies = BewijsstukVersie.objects.filter(versies_visible_to(user=user, bewijsstuk=bewijsstuk))
    return (
        Bewijsstuk.objects.filter(pk=pk)
        .select_related("inschrijving__student", "inschrijving__profiel", "werkproces__kerntaak")
        .prefetch_related(
            Prefetch(
                "versies",
                queryset=versies.select_related("feedback_by").prefetch_related("bestanden", "criteria__profiel"),
            ),
            Prefetch("statuswijzigingen", queryset=StatusWijziging.objects.select_related("door")),
        )
        .get()
    )


def bestand_for_download(*, user, pk: int) -> Bestand | None:
    bestand = Bestand.objects.select_related("versie__bewijsstuk__inschrijving").filter(pk=pk).first()
    if bestand is None:
        return None
    bewijsstuk = bestand.versie.bewijsstuk
    if not bewijsstuk_list(user=user).filter(pk=bewijsstuk.pk).exists():
        return None
    visible = BewijsstukVersie.objects.filter(versies_visible_to(user=user, bewijsstuk=bewijsstuk))
    if not visible.filter(pk=bestand.versie_id).exists():
        return None
    return bestand


COVERING = (Bewijsstuk.Status.INGEDIEND, Bewijsstuk.Status.BEOORDEELD)


def _covering_claims(inschrijving: Inschrijving) -> QuerySet:
    """A criterion is covered once a submitted version of evidence that is ingediend or beoordeeld claims it
    (by sleutel: the same criterion in another version of the dossier counts too)."""
    return BewijsstukVersie.criteria.through.objects.filter(
        bewijsstukversie__submitted_at__isnull=False,
        bewijsstukversie__bewijsstuk__inschrijving=inschrijving,
        bewijsstukversie__bewijsstuk__status__in=COVERING,
    )


def criteria_coverage(*, inschrijving: Inschrijving, werkproces) -> dict[int, list[dict]]:
    """Per criterion of the werkproces the evidence that covers it (id and title), in one query."""
    by_sleutel = {c.sleutel: c.pk for c in werkproces.criteria.all()}
    rows = (
        _covering_claims(inschrijving)
        .filter(criterium__sleutel__in=list(by_sleutel))
        .values_list("criterium__sleutel", "bewijsstukversie__bewijsstuk_id", "bewijsstukversie__bewijsstuk__titel")
        .distinct()
        .order_by("criterium__sleutel", "bewijsstukversie__bewijsstuk_id")
    )
    coverage: dict[int, list[dict]] = {}
    for sleutel, bewijsstuk_id, titel in rows:
        entries = coverage.setdefault(by_sleutel[sleutel], [])
        if not any(e["pk"] == bewijsstuk_id for e in entries):
            entries.append({"pk": bewijsstuk_id, "titel": titel})
    return coverage


@dataclass(frozen=True, slots=True)
class KerntaakRef:
    """What a progress block shows of a kerntaak: read as values, not as a model (the page every student
    opens daily builds ~270 model objects otherwise)."""

    pk: int
    code: str
    titel: str


@dataclass(frozen=True, slots=True)
class WerkprocesRef:
    pk: int
    code: str
    titel: str
    kerntaak_id: int


def portfolio_progress(*, inschrijving: Inschrijving) -> list[dict]:
    """Per kerntaak and werkproces of the student's profiel: criteria covered by submitted evidence and
    evidence per status. Five queries of values, however many werkprocessen and bewijsstukken."""
    profiel = inschrijving.profiel
    kerntaak_rows = (
        Kerntaak.objects.filter(applies_to(profiel), dossier=profiel.dossier_id)
        .order_by("volgorde", "pk")
        .values_list("pk", "code", "titel")
    )
    kerntaken = [KerntaakRef(*row) for row in kerntaak_rows]
    in_profiel = Werkproces.objects.filter(
        applies_to(profiel, field="kerntaak__profiel"), kerntaak__dossier=profiel.dossier_id
    )
    werkprocessen = [
        WerkprocesRef(*row)
        for row in in_profiel.order_by("kerntaak__volgorde", "volgorde", "pk").values_list(
            "pk", "code", "titel", "kerntaak_id"
        )
    ]
    sleutels: dict[int, list[uuid.UUID]] = {}
    for werkproces_id, sleutel in (
        Criterium.objects.filter(applies_to(profiel), werkproces__in=in_profiel.values("pk"))
        .order_by()
        .values_list("werkproces_id", "sleutel")
    ):
        sleutels.setdefault(werkproces_id, []).append(sleutel)
    counts = (
        Bewijsstuk.objects.filter(inschrijving=inschrijving)
        .values("werkproces__code", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # By werkproces code and criterion sleutel: evidence from before a move to a newer version still counts.
    per_status: dict[str, dict[str, int]] = {}
    for row in counts:
        per_status.setdefault(row["werkproces__code"], {})[row["status"]] = row["n"]
    covered = set(_covering_claims(inschrijving).values_list("criterium__sleutel", flat=True).distinct())
    by_kerntaak: dict[int, list[dict]] = {}
    for werkproces in werkprocessen:
        criteria = sleutels.get(werkproces.pk, [])
        statuses = per_status.get(werkproces.code, {})
        by_kerntaak.setdefault(werkproces.kerntaak_id, []).append(
            {
                "werkproces": werkproces,
                "criteria": len(criteria),
                "covered": sum(sleutel in covered for sleutel in criteria),
                "statuses": statuses,
                "bewijsstukken": sum(statuses.values()),
            }
        )
    result = []
    for kerntaak in kerntaken:
        rows = by_kerntaak.get(kerntaak.pk, [])
        total = sum(r["criteria"] for r in rows)
        done = sum(r["covered"] for r in rows)
        result.append(
            {
                "kerntaak": kerntaak,
                "werkprocessen": rows,
                "criteria": total,
                "covered": done,
                "percent": round(100 * done / total) if total else 0,
            }
        )
    for block in result:
        for row in block["werkprocessen"]:
            row["percent"] = round(100 * row["covered"] / row["criteria"]) if row["criteria"] else 0
    return result


def coordinators_of(inschrijving: Inschrijving) -> QuerySet[User]:
    """Who decides for the examencommissie about this enrolment: the coordinators of its opleiding."""
    return User.objects.filter(
        is_active=True, groups__name=Role.COORDINATOR.value, coordinator_van=inschrijving.cohort.opleiding_id
    ).order_by("username")
