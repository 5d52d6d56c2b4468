"""Reads for assessment, scoped to the user: a beoordelaar sees only the students assigned to them."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import User
from accounts.roles import is_coordinator
from assessment import rules
from assessment.models import Beoordeling, Examenpoging, Score, Vaststelling
from portfolio.models import Beoordelaarstoewijzing, Bewijsstuk, BewijsstukVersie, Inschrijving


def _assigned(user, field: str = "inschrijving") -> Q:
    return Q(Exists(Beoordelaarstoewijzing.objects.filter(inschrijving=OuterRef(field), beoordelaar=user)))


def queue(*, user, cohort: int | None = None, werkproces: str | None = None, status: str | None = None) -> QuerySet:
    """Evidence of the beoordelaar's students, oldest submission first; by default what waits for them."""
    qs = (
        Bewijsstuk.objects.filter(_assigned(user))
        .select_related("inschrijving__student", "inschrijving__cohort__opleiding", "werkproces")
        .order_by("submitted_at", "pk")
    )
    qs = qs.filter(status=status or Bewijsstuk.Status.INGEDIEND)
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
    return Bewijsstuk.objects.filter(_assigned(user), status=Bewijsstuk.Status.INGEDIEND).count()


def beoordeling_list(*, user) -> QuerySet[Beoordeling]:
    qs = Beoordeling.objects.select_related(
        "inschrijving__student", "inschrijving__profiel", "werkproces__kerntaak", "beoordelaar", "poging", "updated_by"
    )
    if is_coordinator(user):
        return qs
    released = Q(soort=Beoordeling.Soort.FORMATIEF) | Q(poging__status=Examenpoging.Status.VASTGESTELD)
    return qs.filter(
        Q(beoordelaar=user) | (Q(inschrijving__student=user) & Q(status=Beoordeling.Status.INGEDIEND) & released)
    )


def beoordeling_detail(*, user, pk: int) -> Beoordeling | None:
    return (
        beoordeling_list(user=user)
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterium__profiel")))
        .filter(pk=pk)
        .first()
    )


def evidence_per_criterium(*, inschrijving: Inschrijving, werkproces) -> dict[int, list[BewijsstukVersie]]:
    """The latest submitted version of each bewijsstuk, listed under every criterion it claims."""
    versies = (
        BewijsstukVersie.objects.filter(
            bewijsstuk__inschrijving=inschrijving,
            bewijsstuk__werkproces=werkproces,
            submitted_at__isnull=False,
        )
        .select_related("bewijsstuk")
        .prefetch_related("bestanden", "criteria")
        .order_by("bewijsstuk_id", "-nummer")
    )
    latest: dict[int, BewijsstukVersie] = {}
    for versie in versies:
        latest.setdefault(versie.bewijsstuk_id, versie)
    per_criterium: dict[int, list[BewijsstukVersie]] = {}
    for versie in latest.values():
        for criterium in versie.criteria.all():
            per_criterium.setdefault(criterium.pk, []).append(versie)
    return per_criterium


def poging_visible(*, user, pk: int) -> Examenpoging | None:
    qs = Examenpoging.objects.select_related("inschrijving__student", "inschrijving__profiel", "werkproces")
    if not is_coordinator(user):
        qs = qs.filter(
            Q(Exists(Beoordeling.objects.filter(poging=OuterRef("pk"), beoordelaar=user)))
            | Q(inschrijving__student=user, status=Examenpoging.Status.VASTGESTELD)
        )
    return (
        qs.prefetch_related(
            Prefetch(
                "beoordelingen",
                queryset=Beoordeling.objects.select_related("beoordelaar").prefetch_related("scores"),
            ),
            Prefetch("vaststellingen", queryset=Vaststelling.objects.select_related("door")),
            "akkoord_door",
        )
        .filter(pk=pk)
        .first()
    )


def final_niveaus(*, inschrijving: Inschrijving) -> dict[int, str]:
    """Per werkproces id the niveau of its latest vastgestelde examenpoging (a herkansing replaces it)."""
    result: dict[int, str] = {}
    pogingen = Examenpoging.objects.filter(inschrijving=inschrijving, status=Examenpoging.Status.VASTGESTELD).order_by(
        "werkproces_id", "nummer"
    )
    for poging in pogingen:
        result[poging.werkproces_id] = poging.uitslag
    return result


def kerntaak_results(
    *, inschrijving: Inschrijving, progress: list[dict], cijfers: dict | None, niveaus: dict[int, str] | None = None
) -> dict[int, rules.KerntaakOutcome]:
    """The kerntaak outcome per kerntaak id, from the werkprocessen listed in `progress`."""
    if niveaus is None:
        niveaus = final_niveaus(inschrijving=inschrijving)
    outcomes = {}
    for block in progress:
        per_werkproces = {row["werkproces"].code: niveaus.get(row["werkproces"].pk) for row in block["werkprocessen"]}
        outcomes[block["kerntaak"].pk] = rules.kerntaak_outcome(werkproces_niveaus=per_werkproces, cijfers=cijfers)
    return outcomes


def released_feedback(*, inschrijving: Inschrijving) -> QuerySet[Beoordeling]:
    """What the student may read: formative feedback once submitted, exam feedback once vastgesteld."""
    return (
        Beoordeling.objects.filter(inschrijving=inschrijving, status=Beoordeling.Status.INGEDIEND)
        .filter(Q(soort=Beoordeling.Soort.FORMATIEF) | Q(poging__status=Examenpoging.Status.VASTGESTELD))
        .select_related("werkproces", "beoordelaar", "poging")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterium")))
        .order_by("werkproces__kerntaak__volgorde", "werkproces__volgorde", "-submitted_at")
    )


def poging_history(*, poging: Examenpoging) -> list:
    """Every recorded change to the poging, its beoordelingen, their scores and its vaststellingen
    (who, what, when, before → after). PostgreSQL only: the embedded SQLite default records none."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    from pghistory.models import Events

    beoordelingen = list(poging.beoordelingen.all())
    scores = [s for b in beoordelingen for s in b.scores.all()]
    groups = [[poging], beoordelingen, scores, list(poging.vaststellingen.all())]
    # pghistory asks for one model per query: four queries, whatever the number of rows.
    events = [e for group in groups if group for e in Events.objects.tracks(*group)]
    user_ids = {e.pgh_context.get("user") for e in events if e.pgh_context}
    names = {u.pk: u.get_full_name() or u.username for u in User.objects.filter(pk__in=user_ids - {None})}
    for event in events:
        event.who = names.get((event.pgh_context or {}).get("user"), "")
    return sorted(events, key=lambda e: (e.pgh_created_at, e.pgh_model, e.pgh_id))
