"""Exam results: the niveau that counts per werkproces, the kerntaak outcomes, the feedback a student reads."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from assessment import rules
from assessment.models import Beoordeling, Beoordelingsvoorschrift, Examenpoging, Score, Vaststelling
from assessment.selectors.voorschrift import voorschrift_for
from portfolio.models import Inschrijving


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
