"""Examenpogingen and vaststellingen: who reaches which, what their page shows, their history."""

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import User
from accounts.roles import is_coordinator, is_examencommissie
from assessment import rules
from assessment.models import Beoordeling, Examenpoging, Vaststelling
from assessment.selectors.beoordelingen import is_assessor_of
from assessment.selectors.voorschrift import applicable_criteria, voorschrift_for
from portfolio.models import Beoordelaarstoewijzing, Inschrijving
from portfolio.scope import coordinated, coordinates, oversees, readable, reads, sees_every_opleiding


def _poging_visibility(user) -> Q:
    """The coordinator and the examencommissie see every poging of their opleidingen; the student's assigned
    beoordelaars see theirs (the page keeps the scores hidden until they submitted their own); the student and
    BPV coach only a vastgestelde."""
    if sees_every_opleiding(user):
        return Q()
    assessor = Q(Exists(Beoordelaarstoewijzing.objects.filter(inschrijving=OuterRef("inschrijving"), beoordelaar=user)))
    assessor &= ~Q(inschrijving__bpv_coach=user)
    released = Q(status=Examenpoging.Status.VASTGESTELD) & (
        Q(inschrijving__student=user) | Q(inschrijving__bpv_coach=user)
    )
    if is_coordinator(user) or is_examencommissie(user):
        return assessor | released | readable(user, "inschrijving__cohort__opleiding")
    return assessor | released


def poging_list(*, user, inschrijving: Inschrijving, werkproces) -> QuerySet[Examenpoging]:
    return Examenpoging.objects.filter(
        _poging_visibility(user), inschrijving=inschrijving, werkproces__code=werkproces.code
    ).order_by("nummer")


def poging_visible(*, user, pk: int) -> Examenpoging | None:
    qs = Examenpoging.objects.select_related(
        "inschrijving__student", "inschrijving__profiel", "werkproces", "voorstel_door"
    ).filter(_poging_visibility(user))
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


def sees_submitted_scores(*, user, poging: Examenpoging, own: Beoordeling | None) -> bool:
    """Who reads each assessor's submitted scores of a poging: the assessors once their own (`own`, the user's
    beoordeling of this poging) is submitted; the coordinator and the examencommissie always (the exam record)."""
    if own is not None and own.beoordelaar_id == user.pk and own.status == Beoordeling.Status.INGEDIEND:
        return True
    return reads(user, poging.inschrijving)


def sees_agreed_scores(*, user, poging: Examenpoging, own: Beoordeling | None) -> bool:
    """Who reads a poging's agreed or proposed scores and its uitslag: whoever reads the submitted scores, and
    everyone who reaches the poging (the student, the BPV coach) once it is vastgesteld."""
    return poging.status == Examenpoging.Status.VASTGESTELD or sees_submitted_scores(user=user, poging=poging, own=own)


def own_beoordeling(*, user, poging: Examenpoging) -> Beoordeling | None:
    return Beoordeling.objects.filter(poging=poging, beoordelaar=user).first() if user.is_authenticated else None


def poging_page(*, poging: Examenpoging, user) -> dict:
    """What the poging page shows this user. Each assessor sees the other's scores only after submitting
    their own; the student and BPV coach (who only reach a vastgestelde poging) see the vastgestelde scores."""
    coordinator = coordinates(user, poging.inschrijving)
    # The examencommissie reads what was submitted and decided, and gets no form to change it.
    overseer = not coordinator and oversees(user, poging.inschrijving)
    beoordelingen = list(poging.beoordelingen.all())
    own = next((b for b in beoordelingen if b.beoordelaar_id == user.pk), None)
    may_compare = sees_submitted_scores(user=user, poging=poging, own=own)
    submitted = [b for b in beoordelingen if b.status == Beoordeling.Status.INGEDIEND] if may_compare else []
    criteria = applicable_criteria(inschrijving=poging.inschrijving, werkproces=poging.werkproces)
    scale = rules.get_scale(voorschrift_for(inschrijving=poging.inschrijving).schaal)
    labels = dict(scale.choices)
    vaststellingen = list(poging.vaststellingen.all())
    final = {int(k): v for k, v in (vaststellingen[-1].scores if vaststellingen else {}).items()}
    voorstel = {int(k): v for k, v in (poging.voorstel or {}).items()}
    by_pk = {b.pk: {s.criterium_id: s.waarde for s in b.scores.all()} for b in submitted}
    rows: list[dict[str, Any]] = []
    for criterium in criteria:
        values = [by_pk[b.pk].get(criterium.pk, "") for b in submitted]
        rows.append(
            {
                "criterium": criterium,
                "values": [(b.get_rol_display(), labels.get(v, v)) for b, v in zip(submitted, values, strict=True)],
                "agreed": values[0] if values and len(set(values)) == 1 else "",
                "differs": len(set(values)) > 1,
                "voorstel": labels.get(voorstel.get(criterium.pk, ""), ""),
                "final": labels.get(final.get(criterium.pk, ""), ""),
            }
        )
    agreed = {f"waarde_{r['criterium'].pk}": r["agreed"] for r in rows}
    settle_initial = {**agreed, **{f"waarde_{k}": v for k, v in voorstel.items()}}
    vastgesteld = poging.status == Examenpoging.Status.VASTGESTELD
    coordinator_initial = {f"waarde_{k}": v for k, v in final.items()} if vastgesteld else settle_initial
    assessor = own is not None or (
        not coordinator and not overseer and is_assessor_of(user=user, inschrijving=poging.inschrijving)
    )
    may_read_history = may_read_poging_history(user=user, poging=poging)
    return {
        "poging": poging,
        "criteria": criteria,
        "scale": scale,
        "submitted": submitted,
        "rows": rows,
        "may_compare": may_compare,
        "is_coordinator": coordinator,
        "is_overseer": overseer,
        "is_assessor": assessor,
        "own": own,
        "show_result": sees_agreed_scores(user=user, poging=poging, own=own),
        "released_view": vastgesteld and not coordinator and not overseer and not assessor,
        "voorstel": voorstel,
        "akkoord": list(poging.akkoord_door.all()),
        "settle_initial": settle_initial,
        "coordinator_initial": coordinator_initial,
        "coordinator_action": "corrigeren" if vastgesteld else "vaststellen",
        "vaststellingen": vaststellingen,
        "may_read_history": may_read_history,
        "history": poging_history(poging=poging) if may_read_history else [],
    }


def may_read_poging_history(*, user, poging: Examenpoging) -> bool:
    """The coordinator reads every change to a poging; the examencommissie once it is vastgesteld and the
    record closed (while it is open the history would show the assessors' draft scores as they type them)."""
    if coordinates(user, poging.inschrijving):
        return True
    return poging.status == Examenpoging.Status.VASTGESTELD and oversees(user, poging.inschrijving)


def vast_te_stellen(*, user, q: str = "") -> QuerySet[Examenpoging]:
    """Pogingen that wait for this coordinator, agreed ones first, oldest first; `q` matches student or code."""
    qs = Examenpoging.objects.filter(
        coordinated(user, "inschrijving__cohort__opleiding"),
        status__in=[Examenpoging.Status.OVEREENSTEMMING, Examenpoging.Status.VOORGELEGD],
    ).select_related("inschrijving__student", "werkproces", "inschrijving__cohort__opleiding")
    for word in q.split()[:5]:
        qs = qs.filter(
            Q(inschrijving__studentnummer__icontains=word)
            | Q(inschrijving__student__first_name__icontains=word)
            | Q(inschrijving__student__last_name__icontains=word)
            | Q(werkproces__code__icontains=word)
        )
    return qs.order_by("-status", "updated_at", "pk")


def vaststelling_list(*, user, cohort: int | None = None, q: str = "", correcties: bool = False) -> QuerySet:
    """Vaststellingen and their corrections in the opleidingen the user coordinates or oversees, newest first;
    `q` matches the student or the werkproces code, `correcties` keeps only the corrections."""
    qs = Vaststelling.objects.filter(readable(user, "poging__inschrijving__cohort__opleiding")).select_related(
        "poging__inschrijving__student", "poging__inschrijving__cohort__opleiding", "poging__werkproces", "door"
    )
    if cohort:
        qs = qs.filter(poging__inschrijving__cohort_id=cohort)
    if correcties:
        qs = qs.filter(revisie__gt=1)
    for word in q.split()[:5]:
        qs = qs.filter(
            Q(poging__inschrijving__studentnummer__icontains=word)
            | Q(poging__inschrijving__student__first_name__icontains=word)
            | Q(poging__inschrijving__student__last_name__icontains=word)
            | Q(poging__werkproces__code__icontains=word)
        )
    return qs.order_by("-at", "-pk")


def poging_history(*, poging: Examenpoging) -> list:
    """Every recorded change to the poging, its beoordelingen, their scores and its vaststellingen
    (who, what, when, before → after). PostgreSQL only: the embedded SQLite default records none."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    from pghistory.models import Events

    beoordelingen = list(poging.beoordelingen.all())
    scores = [s for b in beoordelingen for s in b.scores.all()]
    groups: list[list[Any]] = [[poging], beoordelingen, scores, list(poging.vaststellingen.all())]
    # pghistory asks for one model per query: four queries, whatever the number of rows.
    events = [e for group in groups if group for e in Events.objects.tracks(*group)]
    user_ids = {e.pgh_context.get("user") for e in events if e.pgh_context}
    names: dict[int | None, str] = {
        u.pk: u.get_full_name() or u.username for u in User.objects.filter(pk__in=user_ids - {None})
    }
    for event in events:
        event.who = names.get((event.pgh_context or {}).get("user"), "")
    return sorted(events, key=lambda e: (e.pgh_created_at, e.pgh_model, e.pgh_id))
