"""Reads for assessment, scoped to the user: a beoordelaar sees only the students assigned to them."""

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.roles import Role, has_role, is_coordinator, is_examencommissie
from assessment import rules
from assessment.models import Beoordeling, Beoordelingsvoorschrift, Examenpoging, Score, Vaststelling
from dossier.models import Criterium, Kwalificatiedossier, Profiel, Werkproces
from dossier.selectors import applies_to
from dossier.versions import DossierDiff, version_diff
from portfolio.models import Beoordelaarstoewijzing, Bewijsstuk, BewijsstukVersie, Inschrijving
from portfolio.scope import coordinated, coordinates, overseen, oversees, readable, reads, sees_every_opleiding


def voorschrift_for(*, inschrijving: Inschrijving) -> Beoordelingsvoorschrift:
    """The cohort's voorschrift, or the default one (onvoldoende/voldoende/goed, two assessors)."""
    voorschrift = Beoordelingsvoorschrift.objects.filter(cohort_id=inschrijving.cohort_id).order_by("-versie").first()
    return voorschrift or Beoordelingsvoorschrift(cohort_id=inschrijving.cohort_id)


def voorschrift_uses(voorschrift: Beoordelingsvoorschrift) -> int:
    """How many vaststellingen this version produced (before versions existed: those of its cohort)."""
    if voorschrift.pk is None:
        return 0
    legacy = Q(voorschrift__isnull=True, poging__inschrijving__cohort_id=voorschrift.cohort_id)
    return Vaststelling.objects.filter(Q(voorschrift=voorschrift) | legacy).count()


def werkproces_rule(voorschrift: Beoordelingsvoorschrift) -> rules.WerkprocesRule:
    kritisch = frozenset(voorschrift.kritische_criteria.values_list("pk", flat=True)) if voorschrift.pk else frozenset()
    return rules.WerkprocesRule(
        scale=rules.get_scale(voorschrift.schaal),
        pass_rule=cast(rules.PassRule, voorschrift.slaagregel),  # __post_init__ makes the stored value a PassRule
        cesuur_percent=voorschrift.cesuur_procent,
        goed_vanaf_percent=voorschrift.goed_vanaf_procent,
        kritisch=kritisch,
    )


def applicable_criteria(*, inschrijving: Inschrijving, werkproces: Werkproces) -> list[Criterium]:
    return list(
        Criterium.objects.filter(applies_to(inschrijving.profiel), werkproces=werkproces).select_related("profiel")
    )


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


def final_niveaus_of(inschrijving_ids: list[int], *, telt: str | None = None) -> dict[int, dict[str, str]]:
    """Per enrolment and werkproces code the niveau that counts of its vastgestelde examenpogingen: of the latest or
    the best attempt, as the cohort's voorschrift says (`telt`, when the caller read the voorschrift already). By
    code, not by row: a result stays the student's after a move to a newer version of the dossier. Two queries
    for any number of enrolments (one with `telt`)."""
    per_code: dict[int, dict[str, list[str]]] = {}
    cohorts: dict[int, int] = {}
    rows = (
        Examenpoging.objects.filter(inschrijving_id__in=inschrijving_ids, status=Examenpoging.Status.VASTGESTELD)
        .order_by("inschrijving_id", "werkproces__code", "nummer")
        .values_list("inschrijving_id", "inschrijving__cohort_id", "werkproces__code", "uitslag")
    )
    for inschrijving_id, cohort_id, code, uitslag in rows:
        cohorts[inschrijving_id] = cohort_id
        per_code.setdefault(inschrijving_id, {}).setdefault(code, []).append(uitslag)
    per_cohort: dict[int, str] = {}
    if telt is None and cohorts:
        voorschriften = Beoordelingsvoorschrift.objects.filter(cohort_id__in=set(cohorts.values())).order_by("versie")
        for cohort_id, telt_poging in voorschriften.values_list("cohort_id", "telt_poging"):
            per_cohort[cohort_id] = telt_poging  # the latest version wins, as in voorschrift_for
    default = Beoordelingsvoorschrift._meta.get_field("telt_poging").default
    # Every code here has a vastgestelde poging, so counting_uitslag never returns None; this function is
    # fingerprinted rule code (tests/diploma/test_rules_version.py), where a cast would need a RULES_VERSION bump.
    return {
        inschrijving_id: {
            code: rules.counting_uitslag(uitslagen, telt=telt or per_cohort.get(cohorts[inschrijving_id], default))  # type: ignore[misc]
            for code, uitslagen in codes.items()
        }
        for inschrijving_id, codes in per_code.items()
    }


def final_niveaus(*, inschrijving: Inschrijving, telt: str | None = None) -> dict[str, str]:
    """final_niveaus_of for one enrolment."""
    return final_niveaus_of([inschrijving.pk], telt=telt).get(inschrijving.pk, {})


def kerntaak_results(
    *,
    inschrijving: Inschrijving,
    progress: list[dict],
    cijfers: dict | None,
    niveaus: dict[str, str] | None = None,
    goed_vanaf_percent=None,
) -> dict[int, rules.KerntaakOutcome]:
    """The kerntaak outcome per kerntaak id, from the werkprocessen listed in `progress`."""
    if niveaus is None:
        niveaus = final_niveaus(inschrijving=inschrijving)
    outcomes = {}
    for block in progress:
        per_werkproces = {row["werkproces"].code: niveaus.get(row["werkproces"].code) for row in block["werkprocessen"]}
        outcomes[block["kerntaak"].pk] = rules.kerntaak_outcome(
            werkproces_niveaus=per_werkproces, cijfers=cijfers, goed_vanaf_percent=goed_vanaf_percent
        )
    return outcomes


@dataclass(frozen=True)
class ExamResults:
    niveaus: dict[str, str]  # werkproces code -> the vastgestelde niveau that counts
    kerntaken: dict[int, rules.KerntaakOutcome]  # kerntaak id -> its outcome


def exam_results(*, inschrijving: Inschrijving, progress: list[dict]) -> ExamResults:
    """What the dashboard and the progress report show of the exams: per werkproces the niveau that counts, per
    kerntaak (of `progress`, portfolio.selectors.portfolio_progress) its outcome, both by the cohort's voorschrift."""
    voorschrift = voorschrift_for(inschrijving=inschrijving)
    niveaus = final_niveaus(inschrijving=inschrijving, telt=voorschrift.telt_poging)
    outcomes = kerntaak_results(
        inschrijving=inschrijving,
        progress=progress,
        cijfers=voorschrift.kerntaak_cijfers,
        niveaus=niveaus,
        goed_vanaf_percent=voorschrift.kerntaak_goed_vanaf_procent,
    )
    return ExamResults(niveaus=niveaus, kerntaken=outcomes)


def released_feedback(*, inschrijving: Inschrijving) -> QuerySet[Beoordeling]:
    """What the student may read: formative feedback once submitted, exam feedback once vastgesteld."""
    return (
        Beoordeling.objects.filter(inschrijving=inschrijving, status=Beoordeling.Status.INGEDIEND)
        .filter(Q(soort=Beoordeling.Soort.FORMATIEF) | Q(poging__status=Examenpoging.Status.VASTGESTELD))
        .select_related("werkproces", "beoordelaar", "poging")
        .prefetch_related(
            Prefetch("scores", queryset=Score.objects.select_related("criterium")),
            Prefetch("poging__vaststellingen", queryset=Vaststelling.objects.order_by("revisie")),
        )
        .order_by("werkproces__kerntaak__volgorde", "werkproces__volgorde", "-submitted_at")
    )


def feedback_rows(*, beoordeling: Beoordeling) -> list[dict]:
    """Per criterion what the student reads: for an exam the score the vaststelling used (agreed or
    corrected) first, next to this assessor's own score and remark, so the two never seem to contradict."""
    final: dict[int, str] = {}
    if beoordeling.poging_id and beoordeling.poging is not None:
        vaststellingen = list(beoordeling.poging.vaststellingen.all())
        if vaststellingen:
            final = {int(k): v for k, v in vaststellingen[-1].scores.items()}
    return [
        {
            "criterium": score.criterium,
            "vastgesteld": final.get(score.criterium_id, ""),
            "eigen": score.waarde,
            "opmerking": score.opmerking,
            "differs": bool(final) and final.get(score.criterium_id, "") != score.waarde,
        }
        for score in beoordeling.scores.all()
    ]


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


RECENT = datetime.timedelta(days=14)


def awaiting(*, user, own: Inschrijving | None = None) -> list[dict]:
    """What waits for this user, for the home page of each role: a few lines with a link each, in a
    fixed number of queries (each list is capped). `own` is the student's enrolment where known."""
    items: list[dict] = []
    if is_coordinator(user):
        items += _awaiting_coordinator(user)
    if is_examencommissie(user):
        items += _awaiting_examencommissie(user)
    if has_role(user, Role.BEOORDELAAR):
        items += _awaiting_assessor(user)
    if own is None and has_role(user, Role.STUDENT):
        own = Inschrijving.objects.filter(student=user).order_by("-startdatum").first()
    if own is not None:
        items += _awaiting_student(own)
    return items


def _awaiting_coordinator(user) -> list[dict]:
    counts = dict(vast_te_stellen(user=user).values_list("status").annotate(n=Count("pk")).order_by())
    url = reverse("assessment:vaststellen")
    items = []
    if counts.get(Examenpoging.Status.OVEREENSTEMMING):
        n = counts[Examenpoging.Status.OVEREENSTEMMING]
        items.append(
            {
                "text": ngettext(
                    "%(n)d uitslag klaar om vast te stellen", "%(n)d uitslagen klaar om vast te stellen", n
                )
                % {"n": n},
                "url": url,
            }
        )
    if counts.get(Examenpoging.Status.VOORGELEGD):
        n = counts[Examenpoging.Status.VOORGELEGD]
        items.append(
            {
                "text": ngettext(
                    "%(n)d verschil voorgelegd: jij beslist", "%(n)d verschillen voorgelegd: jij beslist", n
                )
                % {"n": n},
                "url": url,
            }
        )
    return items


def _awaiting_examencommissie(user) -> list[dict]:
    """Nothing waits for the examencommissie to act on here; it reads what was recently decided, in one query."""
    since = timezone.now() - RECENT
    counts = (
        vaststelling_list(user=user)
        .filter(at__gte=since)
        .aggregate(vastgesteld=Count("pk", filter=Q(revisie=1)), gecorrigeerd=Count("pk", filter=Q(revisie__gt=1)))
    )
    url = reverse("diploma:examencommissie")
    items = []
    if n := counts["vastgesteld"]:
        items.append(
            {
                "text": ngettext(
                    "%(n)d uitslag vastgesteld in de afgelopen 14 dagen",
                    "%(n)d uitslagen vastgesteld in de afgelopen 14 dagen",
                    n,
                )
                % {"n": n},
                "url": url,
            }
        )
    if n := counts["gecorrigeerd"]:
        items.append(
            {
                "text": ngettext(
                    "%(n)d correctie na vaststelling in de afgelopen 14 dagen",
                    "%(n)d correcties na vaststelling in de afgelopen 14 dagen",
                    n,
                )
                % {"n": n},
                "url": f"{url}?correcties=1",
            }
        )
    return items


def _awaiting_assessor(user) -> list[dict]:
    items = []
    waiting = queue_count(user=user)
    if waiting:
        items.append(
            {
                "text": ngettext(
                    "%(n)d bewijsstuk wacht op je beoordeling", "%(n)d bewijsstukken wachten op je beoordeling", waiting
                )
                % {"n": waiting},
                "url": reverse("assessment:queue"),
            }
        )
    overleg = (
        Examenpoging.objects.filter(
            status=Examenpoging.Status.OVERLEG,
            beoordelingen__beoordelaar=user,
            beoordelingen__status=Beoordeling.Status.INGEDIEND,
        )
        .select_related("inschrijving__student", "werkproces", "voorstel_door")
        .order_by("updated_at")[:10]
    )
    for poging in overleg:
        student = poging.inschrijving.student.get_full_name() or poging.inschrijving.student.username
        if poging.voorstel and poging.voorstel_door_id != user.pk:
            text = _("%(naam)s: voorstel wacht op jouw akkoord (%(code)s)")
        elif poging.voorstel:
            text = _("%(naam)s: jouw voorstel wacht op de andere beoordelaar (%(code)s)")
        else:
            text = _("%(naam)s: verschil met de andere beoordelaar bespreken (%(code)s)")
        items.append(
            {
                "text": text % {"naam": student, "code": poging.werkproces.code},
                "url": reverse("assessment:poging", args=[poging.pk]),
            }
        )
    drafts = (
        Beoordeling.objects.filter(beoordelaar=user, status=Beoordeling.Status.CONCEPT)
        .select_related("inschrijving__student", "werkproces")
        .order_by("updated_at")[:10]
    )
    for beoordeling in drafts:
        student = beoordeling.inschrijving.student.get_full_name() or beoordeling.inschrijving.student.username
        items.append(
            {
                "text": _("%(naam)s: jouw beoordeling van %(code)s is nog een concept")
                % {"naam": student, "code": beoordeling.werkproces.code},
                "url": reverse("assessment:beoordeling", args=[beoordeling.pk]),
            }
        )
    return items


def _awaiting_student(inschrijving: Inschrijving) -> list[dict]:
    items = []
    bewijsstukken = (
        Bewijsstuk.objects.filter(
            inschrijving=inschrijving, status__in=[Bewijsstuk.Status.TERUGGEGEVEN, Bewijsstuk.Status.CONCEPT]
        )
        .select_related("werkproces")
        .order_by("-status", "updated_at")[:10]
    )
    for bewijsstuk in bewijsstukken:
        if bewijsstuk.status == Bewijsstuk.Status.TERUGGEGEVEN:
            text = _("Terug naar jou met feedback: %(titel)s (%(code)s)")
        else:
            text = _("Nog niet ingediend: %(titel)s (%(code)s)")
        items.append(
            {
                "text": text % {"titel": bewijsstuk.titel, "code": bewijsstuk.werkproces.code},
                "url": reverse("portfolio:bewijsstuk", args=[bewijsstuk.pk]),
            }
        )
    since = timezone.now() - RECENT
    released = (
        Examenpoging.objects.filter(
            inschrijving=inschrijving, status=Examenpoging.Status.VASTGESTELD, feedback_vrijgegeven_at__gte=since
        )
        .select_related("werkproces")
        .order_by("-feedback_vrijgegeven_at")[:10]
    )
    for poging in released:
        items.append(
            {
                "text": _("Uitslag vastgesteld: %(code)s %(uitslag)s")
                % {"code": poging.werkproces.code, "uitslag": poging.get_uitslag_display()},
                "url": reverse("assessment:poging", args=[poging.pk]),
            }
        )
    feedback = (
        Beoordeling.objects.filter(
            inschrijving=inschrijving,
            soort=Beoordeling.Soort.FORMATIEF,
            status=Beoordeling.Status.INGEDIEND,
            submitted_at__gte=since,
        )
        .select_related("werkproces")
        .order_by("-submitted_at")[:10]
    )
    if feedback:
        codes = ", ".join(sorted({b.werkproces.code for b in feedback}))
        items.append(
            {
                "text": _("Nieuwe feedback op %(codes)s") % {"codes": codes},
                "url": reverse("assessment:feedback", args=[inschrijving.pk]),
            }
        )
    return items


@dataclass
class MovePreview:
    """What moving students to a newer version of their dossier changes, per profiel, and what stops it."""

    target: Kwalificatiedossier
    per_profiel: list[tuple[str, int, DossierDiff]] = field(default_factory=list)  # code, students, diff
    refusals: list[str] = field(default_factory=list)
    claims_dropped: int = 0  # claims in drafts on criteria the new version no longer has


def move_preview(*, inschrijvingen: list[Inschrijving], target: Kwalificatiedossier) -> MovePreview:
    """A few queries per profiel, whatever the number of students."""
    preview = MovePreview(target=target)
    if not inschrijvingen:
        preview.refusals.append(_("Er zijn geen studenten om te verplaatsen."))
        return preview
    current = {i.profiel.dossier_id: i.profiel.dossier for i in inschrijvingen}
    for dossier in current.values():
        if dossier.crebo != target.crebo:
            preview.refusals.append(
                _("%(versie)s is een versie van een ander dossier.") % {"versie": target.versie_label}
            )
        elif dossier.volgnummer >= target.volgnummer:
            preview.refusals.append(
                _("%(versie)s is niet nieuwer dan %(huidig)s.")
                % {"versie": target.versie_label, "huidig": dossier.versie_label}
            )
    target_codes = set(Profiel.objects.filter(dossier=target).values_list("code", flat=True))
    by_profiel: dict[tuple[int, str], int] = {}
    for inschrijving in inschrijvingen:
        key = (inschrijving.profiel.dossier_id, inschrijving.profiel.code)
        by_profiel[key] = by_profiel.get(key, 0) + 1
    for (dossier_id, code), n in sorted(by_profiel.items(), key=lambda item: item[0][1]):
        if code not in target_codes:
            preview.refusals.append(
                _("Profiel %(code)s bestaat niet in %(versie)s.") % {"code": code, "versie": target.versie_label}
            )
            continue
        preview.per_profiel.append((code, n, version_diff(current[dossier_id], target, profiel=code)))
    busy = (
        Inschrijving.objects.filter(pk__in=[i.pk for i in inschrijvingen])
        .filter(Q(pogingen__status__in=OPEN_POGING) | Q(beoordelingen__status=Beoordeling.Status.CONCEPT))
        .select_related("student")
        .distinct()
        .order_by("studentnummer")
    )
    names = [f"{i.student.get_full_name() or i.student.username} ({i.studentnummer})" for i in busy[:20]]
    if names:
        preview.refusals.append(
            _("Rond eerst de lopende examens en concept-beoordelingen af van: %(namen)s.") % {"namen": ", ".join(names)}
        )
    target_sleutels = Criterium.objects.filter(werkproces__kerntaak__dossier=target).values("sleutel")
    preview.claims_dropped = (
        BewijsstukVersie.criteria.through.objects.filter(
            bewijsstukversie__submitted_at__isnull=True,
            bewijsstukversie__bewijsstuk__inschrijving__in=[i.pk for i in inschrijvingen],
        )
        .exclude(criterium__sleutel__in=target_sleutels)
        .count()
    )
    return preview


def newer_versions(*, dossier: Kwalificatiedossier) -> QuerySet[Kwalificatiedossier]:
    return Kwalificatiedossier.objects.filter(crebo=dossier.crebo, volgnummer__gt=dossier.volgnummer).order_by(
        "-volgnummer"
    )
