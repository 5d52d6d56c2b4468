"""The beoordelaar's queue of submitted evidence and their beoordelingen, scoped to the students assigned to them."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum

from accounts.roles import is_coordinator
from assessment.models import Beoordeling, Examenpoging, Score
from portfolio.models import Beoordelaarstoewijzing, Bewijsstuk, BewijsstukVersie, Inschrijving
from portfolio.scope import coordinated, overseen, sees_every_opleiding


def is_assessor_of(*, user, inschrijving: Inschrijving) -> bool:
    """An assigned praktijk- or schoolbeoordelaar who is not also the student's BPV coach."""
    if inschrijving.bpv_coach_id == user.pk:
        return False
    return Beoordelaarstoewijzing.objects.filter(inschrijving=inschrijving, beoordelaar=user).exists()


def _assigned(user, field: str = "inschrijving") -> Q:
    # IN over the beoordelaar's own enrolments, not EXISTS per row: the database then starts from their
    # toewijzingen instead of from every student's evidence, so the cost does not grow with the institution.
    return Q(**{f"{field}__in": Beoordelaarstoewijzing.objects.filter(beoordelaar=user).values("inschrijving_id")})


QUEUE_STATUSES = (Bewijsstuk.Status.INGEDIEND, Bewijsstuk.Status.TERUGGEGEVEN, Bewijsstuk.Status.BEOORDEELD)


OPEN_POGING = (
    Examenpoging.Status.OPEN,
    Examenpoging.Status.OVERLEG,
    Examenpoging.Status.OVEREENSTEMMING,
    Examenpoging.Status.VOORGELEGD,
)


def _waiting_for(user) -> Q:
    """Submitted evidence the beoordelaar still has to act on: not once their own exam beoordeling of
    the werkproces is in (it then waits for the other assessor or the coordinator, not for them)."""
    own_exam_done = Beoordeling.objects.filter(
        inschrijving=OuterRef("inschrijving"),
        werkproces=OuterRef("werkproces"),
        beoordelaar=user,
        status=Beoordeling.Status.INGEDIEND,
        poging__status__in=OPEN_POGING,
    )
    return Q(status=Bewijsstuk.Status.INGEDIEND) & ~Q(Exists(own_exam_done))


def _other_status(status: str | None) -> bool:
    return status in QUEUE_STATUSES and status != Bewijsstuk.Status.INGEDIEND


def queue_is_default(*, cohort: int | None, werkproces: str | None, status: str | None) -> bool:
    """Whether these filters leave the queue as it is by default: what waits for the beoordelaar."""
    return not cohort and not werkproces and not _other_status(status)


def queue(*, user, cohort: int | None = None, werkproces: str | None = None, status: str | None = None) -> QuerySet:
    """Evidence of the beoordelaar's students, oldest submission first; by default what waits for them.
    Only what was submitted at least once is listed: drafts are the student's own."""
    qs = (
        Bewijsstuk.objects.filter(_assigned(user), submitted_at__isnull=False)
        # The cohort by prefetch: with every related row joined in, planning the query took longer than running it.
        .select_related("werkproces", "inschrijving__student")
        .prefetch_related("inschrijving__cohort")
        .order_by("submitted_at", "pk")
    )
    if _other_status(status):
        qs = qs.filter(status=status)
    else:
        qs = qs.filter(_waiting_for(user))
    if cohort:
        qs = qs.filter(inschrijving__cohort_id=cohort)
    if werkproces:
        qs = qs.filter(werkproces__code=werkproces)
    return qs


def queue_cohorts(*, user) -> QuerySet:
    from portfolio.models import Cohort

    return (
        Cohort.objects.filter(
            Exists(Beoordelaarstoewijzing.objects.filter(inschrijving__cohort=OuterRef("pk"), beoordelaar=user))
        )
        .select_related("opleiding")
        .order_by("-startjaar", "opleiding__naam")
    )


def queue_count(*, user) -> int:
    """How much waits for the beoordelaar: the default queue's length. Counted per assigned enrolment from the
    index of waiting evidence, so it costs what the beoordelaar's own students have, not the institution."""
    per_enrolment = (
        Bewijsstuk.objects.filter(_waiting_for(user), inschrijving=OuterRef("inschrijving"), submitted_at__isnull=False)
        .order_by()
        .values("inschrijving")
        .annotate(n=Count("pk"))
        .values("n")
    )
    total = Beoordelaarstoewijzing.objects.filter(beoordelaar=user).aggregate(n=Sum(Subquery(per_enrolment)))["n"]
    return total or 0


def beoordeling_list(*, user) -> QuerySet[Beoordeling]:
    qs = Beoordeling.objects.select_related(
        "inschrijving__student", "inschrijving__profiel", "werkproces__kerntaak", "beoordelaar", "poging", "updated_by"
    )
    if sees_every_opleiding(user):
        return qs
    released = Q(soort=Beoordeling.Soort.FORMATIEF) | Q(poging__status=Examenpoging.Status.VASTGESTELD)
    visible = Q(beoordelaar=user) | (Q(inschrijving__student=user) & Q(status=Beoordeling.Status.INGEDIEND) & released)
    # The examencommissie reads submitted beoordelingen only: a draft is the assessor's own work in progress.
    visible |= overseen(user, "inschrijving__cohort__opleiding") & Q(status=Beoordeling.Status.INGEDIEND)
    if is_coordinator(user):
        visible |= coordinated(user, "inschrijving__cohort__opleiding")
    return qs.filter(visible)


def beoordeling_detail(*, user, pk: int) -> Beoordeling | None:
    return (
        beoordeling_list(user=user)
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterium__profiel")))
        .filter(pk=pk)
        .first()
    )


def evidence_per_criterium(*, inschrijving: Inschrijving, werkproces) -> dict:
    """The latest submitted version of each bewijsstuk, listed under the sleutel of every criterion it
    claims (the same criterion in any version of the dossier)."""
    versies = (
        BewijsstukVersie.objects.filter(
            bewijsstuk__inschrijving=inschrijving,
            bewijsstuk__werkproces__code=werkproces.code,
            submitted_at__isnull=False,
        )
        .select_related("bewijsstuk")
        .prefetch_related("bestanden", "criteria")
        .order_by("bewijsstuk_id", "-nummer")
    )
    latest: dict[int, BewijsstukVersie] = {}
    for versie in versies:
        latest.setdefault(versie.bewijsstuk_id, versie)
    per_criterium: dict = {}
    for versie in latest.values():
        for criterium in versie.criteria.all():
            per_criterium.setdefault(criterium.sleutel, []).append(versie)
    return per_criterium
