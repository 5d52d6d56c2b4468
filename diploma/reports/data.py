"""Reads for the cohort progress report and the marks of the readiness export, in chunks with a fixed number
of queries per chunk.

The coverage rule is the one of `portfolio.selectors.portfolio_progress` (a criterium counts once a
submitted version of an ingediend or beoordeeld bewijsstuk claims it), applied to a chunk of
students at once instead of one student per call; tests/diploma/test_reports.py pins that both agree.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import batched
from typing import TYPE_CHECKING

from diploma.models import GeneriekResultaat, KeuzedeelResultaat, Vrijstelling
from diploma.reports.builders import GradeColumns, GradedReadiness
from diploma.rules import eindcijfer
from dossier.models import Profiel
from dossier.selectors import kerntaak_list, werkproces_list
from portfolio.models import Bewijsstuk, BewijsstukVersie, Cohort, Inschrijving

if TYPE_CHECKING:
    from diploma.selectors import StudentReadiness


@dataclass(frozen=True)
class _KerntaakPlan:
    code: str
    criteria: frozenset  # criterion sleutels: the same criterion in any version of the dossier


@dataclass(frozen=True)
class CohortProgressPlan:
    """What applies to the cohort's profielen: the kerntaak columns, and per profiel its criteria."""

    kerntaken: tuple[tuple[str, str], ...]  # (code, titel) in dossier order, over all profielen
    per_profiel: dict[int, tuple[_KerntaakPlan, ...]]


def cohort_progress_plan(*, cohort: Cohort) -> CohortProgressPlan:
    """A few queries per profiel in the cohort (usually one to three), however many students."""
    profiel_ids = Inschrijving.objects.filter(cohort=cohort).values_list("profiel_id", flat=True).distinct()
    columns: dict[str, tuple[tuple, str]] = {}
    per_profiel: dict[int, tuple[_KerntaakPlan, ...]] = {}
    for profiel in Profiel.objects.filter(pk__in=profiel_ids).select_related("dossier").order_by("pk"):
        criteria: dict[int, set] = {}
        for werkproces in werkproces_list(profiel=profiel):
            criteria.setdefault(werkproces.kerntaak_id, set()).update(c.sleutel for c in werkproces.criteria.all())
        plans = []
        for kerntaak in kerntaak_list(profiel=profiel).prefetch_related(None):
            columns.setdefault(
                kerntaak.code, ((kerntaak.dossier.naam, kerntaak.volgorde, kerntaak.code), kerntaak.titel)
            )
            plans.append(_KerntaakPlan(kerntaak.code, frozenset(criteria.get(kerntaak.pk, ()))))
        per_profiel[profiel.pk] = tuple(plans)
    ordered = sorted(columns.items(), key=lambda item: item[1][0])
    return CohortProgressPlan(
        kerntaken=tuple((code, titel) for code, (_key, titel) in ordered), per_profiel=per_profiel
    )


def _percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def cohort_progress_rows(*, cohort: Cohort, plan: CohortProgressPlan, chunk_size: int = 500) -> Iterator[dict]:
    """One dict per student, by studentnummer: studentnummer, naam, profiel, leerweg, kerntaken
    (code -> percent, only the kerntaken of the student's profiel) and totaal. Two queries per chunk."""
    last = ""
    while True:
        chunk = list(
            Inschrijving.objects.filter(cohort=cohort, studentnummer__gt=last)
            .select_related("student", "profiel")
            .order_by("studentnummer")[:chunk_size]
        )
        if not chunk:
            return
        last = chunk[-1].studentnummer
        claimed = (
            BewijsstukVersie.criteria.through.objects.filter(
                bewijsstukversie__submitted_at__isnull=False,
                bewijsstukversie__bewijsstuk__inschrijving__in=[i.pk for i in chunk],
                bewijsstukversie__bewijsstuk__status__in=[Bewijsstuk.Status.INGEDIEND, Bewijsstuk.Status.BEOORDEELD],
            )
            .values_list("bewijsstukversie__bewijsstuk__inschrijving_id", "criterium__sleutel")
            .distinct()
        )
        covered: dict[int, set] = {}
        for inschrijving_id, sleutel in claimed:
            covered.setdefault(inschrijving_id, set()).add(sleutel)
        for inschrijving in chunk:
            mine = covered.get(inschrijving.pk, set())
            percents, done, total = {}, 0, 0
            for kerntaak in plan.per_profiel.get(inschrijving.profiel_id, ()):
                hit = len(kerntaak.criteria & mine)
                percents[kerntaak.code] = _percent(hit, len(kerntaak.criteria))
                done += hit
                total += len(kerntaak.criteria)
            student = inschrijving.student
            yield {
                "inschrijving_id": inschrijving.pk,
                "studentnummer": inschrijving.studentnummer,
                "naam": student.get_full_name() or student.get_username(),
                "profiel": inschrijving.profiel.code,
                "leerweg": inschrijving.leerweg,
                "kerntaken": percents,
                "totaal": _percent(done, total),
            }
        if len(chunk) < chunk_size:
            return


# -- marks for the readiness export ------------------------------------------------------------------------


def cohort_grade_columns(*, cohort: Cohort) -> GradeColumns:
    """The kerntaken of the cohort's profielen and the keuzedelen recorded for its students (one name per code,
    should they differ): the marks columns, known before the first row. A few queries per profiel, whatever the size."""
    keuzedelen: dict[str, str] = {}
    pairs = (
        KeuzedeelResultaat.objects.filter(inschrijving__cohort=cohort)
        .values_list("code", "naam")
        .distinct()
        .order_by("code", "naam")
    )
    for code, naam in pairs:  # one row per distinct (code, naam), however many students
        keuzedelen.setdefault(code, naam)
    plan = cohort_progress_plan(cohort=cohort)
    return GradeColumns(kerntaken=[code for code, _titel in plan.kerntaken], keuzedelen=list(keuzedelen.items()))


def with_grades(
    entries: Iterable[tuple["StudentReadiness", Mapping[str, str | None]]], *, chunk_size: int = 500
) -> Iterator[GradedReadiness]:
    """Each (readiness, kerntaak results) of `diploma.selectors.cohort_readiness_with_facts` with the student's
    marks, keyed as GradeColumns.keys(); three queries per `chunk_size` students."""
    for chunk in batched(entries, chunk_size):
        ids = [row.inschrijving_id for row, _kerntaken in chunk]
        generiek = {g.inschrijving_id: g for g in GeneriekResultaat.objects.filter(inschrijving_id__in=ids)}
        keuzedelen: dict[int, list[tuple[str, int, object]]] = {}
        for inschrijving_id, code, sbu, cijfer in (
            KeuzedeelResultaat.objects.filter(inschrijving_id__in=ids)
            .order_by("inschrijving_id", "code")
            .values_list("inschrijving_id", "code", "sbu", "cijfer")
        ):
            keuzedelen.setdefault(inschrijving_id, []).append((code, sbu, cijfer))
        onderdelen = dict(Vrijstelling.Onderdeel.choices)
        vrijstellingen: dict[int, list[str]] = {}
        for inschrijving_id, onderdeel in (
            Vrijstelling.objects.filter(inschrijving_id__in=ids)
            .order_by("inschrijving_id", "onderdeel")
            .values_list("inschrijving_id", "onderdeel")
        ):
            vrijstellingen.setdefault(inschrijving_id, []).append(str(onderdelen.get(onderdeel, onderdeel)))
        for row, kerntaken in chunk:
            grades = _generiek_grades(generiek.get(row.inschrijving_id))
            grades |= {f"kerntaak:{code}": niveau for code, niveau in kerntaken.items()}
            mine = keuzedelen.get(row.inschrijving_id, [])
            grades["keuzedelen_sbu"] = sum(sbu for _code, sbu, _cijfer in mine) if mine else None
            grades |= {f"keuzedeel:{code}": cijfer for code, _sbu, cijfer in mine}
            grades["vrijstellingen"] = ", ".join(vrijstellingen.get(row.inschrijving_id, [])) or None
            yield GradedReadiness(row, grades)


def _generiek_grades(g: GeneriekResultaat | None) -> dict[str, object]:
    if g is None:
        return {}
    return {
        "nederlands_ce": g.nederlands_ce,
        "nederlands_se": g.nederlands_se,
        "nederlands": eindcijfer(g.nederlands_ce, g.nederlands_se),
        "engels_ce": g.engels_ce,
        "engels_se": g.engels_se,
        "engels": eindcijfer(g.engels_ce, g.engels_se),
        "rekenen": g.rekenen,
        "loopbaan_burgerschap": g.loopbaan_burgerschap,
        "bpv_uren": g.bpv_uren,
        "bpv_voldaan": g.bpv_voldaan,
    }
