"""Reads for the OOAPI, always scoped to the system client's opleidingen, in a fixed number of queries per page.

Persons are enrolments (a student as the school knows them, by studentnummer). Offerings are the kerntaak
and werkproces exams of a cohort, taken from the dossier version the cohort is pinned to. An association is
one enrolment's exam; it carries a result only once the exam is vastgesteld (docs/ooapi.md).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from assessment import rules
from assessment.models import Beoordelingsvoorschrift, Examenpoging
from assessment.selectors import final_niveaus_of
from dossier.models import Kerntaak, Werkproces
from ooapi.ids import Exam, Ref
from ooapi.models import Systeemkoppeling
from portfolio.models import Cohort, Inschrijving


@dataclass(frozen=True)
class Examen:
    """The exam of one kerntaak or werkproces in one dossier version."""

    soort: Exam
    code: str
    titel: str
    omschrijving: str
    kerntaak: Kerntaak
    werkproces_codes: tuple[str, ...] = ()  # for a kerntaak: the werkprocessen its result is derived from

    def applies_to(self, profiel_id: int) -> bool:
        return self.kerntaak.profiel_id is None or self.kerntaak.profiel_id == profiel_id


@dataclass(frozen=True)
class Offering:
    cohort: Cohort
    examen: Examen
    voorschrift: Beoordelingsvoorschrift  # the cohort's current one: does it grade kerntaken with cijfers?


@dataclass(frozen=True)
class Uitslag:
    niveau: str
    cijfer: int | None
    datum: datetime.date
    poging: int | None  # the attempt that counts; None for a kerntaak


@dataclass(frozen=True)
class Association:
    inschrijving: Inschrijving
    offering: Offering
    uitslag: Uitslag | None  # None until vastgesteld


def systeemkoppeling_for_token(*, token_hash: str) -> Systeemkoppeling | None:
    return Systeemkoppeling.objects.filter(token_hash=token_hash, revoked_at__isnull=True).first()


def _scope(koppeling: Systeemkoppeling, opleiding_path: str) -> Q:
    """A subquery on the koppeling's opleidingen, never a join; instellingsbreed sees every opleiding."""
    if koppeling.instellingsbreed:
        return Q()
    linked = Systeemkoppeling.opleidingen.through.objects.filter(systeemkoppeling=koppeling).values("opleiding_id")
    return Q(**{f"{opleiding_path}__in": linked})


# -- persons -------------------------------------------------------------------------------------------------


def person_list(*, koppeling: Systeemkoppeling) -> QuerySet[Inschrijving]:
    return Inschrijving.objects.filter(_scope(koppeling, "cohort__opleiding")).select_related("student")


def person_page(
    *,
    koppeling: Systeemkoppeling,
    primary_code: str | None,
    words: list[str],
    order: list[str],
    offset: int,
    limit: int,
) -> tuple[list[Inschrijving], int]:
    """Students by studentnummer (`primary_code`) and the spec's `q`: each word a part of the given name,
    surname or e-mail address."""
    qs = person_list(koppeling=koppeling)
    if primary_code is not None:
        qs = qs.filter(studentnummer=primary_code)
    for word in words:
        qs = qs.filter(
            Q(student__first_name__icontains=word)
            | Q(student__last_name__icontains=word)
            | Q(student__email__icontains=word)
        )
    return list(qs.order_by(*order)[offset : offset + limit]), qs.count()


def person_get(*, koppeling: Systeemkoppeling, ref: Ref) -> Inschrijving | None:
    return person_list(koppeling=koppeling).filter(pk=ref.pk).first()


# -- exams of a dossier version ------------------------------------------------------------------------------


class _Structures:
    """The exams of each dossier version, kerntaak first and then its werkprocessen; two queries per batch."""

    def __init__(self) -> None:
        self._by_dossier: dict[int, list[Examen]] = {}

    def of(self, dossier_ids: Iterable[int]) -> dict[int, list[Examen]]:
        missing = set(dossier_ids) - self._by_dossier.keys()
        if missing:
            kerntaken = (
                Kerntaak.objects.filter(dossier_id__in=missing)
                .select_related("dossier", "profiel")
                .prefetch_related("werkprocessen")
                .order_by("dossier_id", "volgorde", "pk")
            )
            for dossier_id in missing:
                self._by_dossier[dossier_id] = []
            for kerntaak in kerntaken:
                werkprocessen = sorted(kerntaak.werkprocessen.all(), key=lambda w: (w.volgorde, w.pk))
                codes = tuple(w.code for w in werkprocessen)
                exams = self._by_dossier[kerntaak.dossier_id]
                exams.append(Examen(Exam.KERNTAAK, kerntaak.code, kerntaak.titel, "", kerntaak, codes))
                exams += [Examen(Exam.WERKPROCES, w.code, w.titel, w.omschrijving, kerntaak) for w in werkprocessen]
        return self._by_dossier

    def find(self, dossier_id: int, ref: Ref) -> Examen | None:
        return next((e for e in self.of([dossier_id])[dossier_id] if ref.names(e.soort, e.code)), None)


def _voorschriften(cohort_ids: Iterable[int]) -> dict[int, Beoordelingsvoorschrift]:
    """The current version of each cohort's voorschrift, or the default rules (as assessment's voorschrift_for)."""
    cohort_ids = set(cohort_ids)
    current: dict[int, Beoordelingsvoorschrift] = {}
    for voorschrift in Beoordelingsvoorschrift.objects.filter(cohort_id__in=cohort_ids).order_by("versie"):
        current[voorschrift.cohort_id] = voorschrift
    return {pk: current.get(pk) or Beoordelingsvoorschrift(cohort_id=pk) for pk in cohort_ids}


# -- offerings -----------------------------------------------------------------------------------------------


def _cohorts(koppeling: Systeemkoppeling) -> QuerySet[Cohort]:
    return Cohort.objects.filter(_scope(koppeling, "opleiding")).select_related("opleiding")


def offering_page(
    *, koppeling: Systeemkoppeling, offset: int, limit: int, cohort_filter=None
) -> tuple[list[Offering], int]:
    """Every exam of every cohort in scope, by cohort (oldest first) and then in dossier order. The cohorts and
    the exams of their versions are few (not the students or results), so the page is cut out in Python."""
    cohorts = list(_cohorts(koppeling).order_by("startjaar", "opleiding__naam", "pk"))
    if cohort_filter is not None:
        cohorts = [cohort for cohort in cohorts if cohort_filter(cohort)]
    exams = _Structures().of({cohort.dossier_id for cohort in cohorts})
    total = sum(len(exams[cohort.dossier_id]) for cohort in cohorts)
    page: list[tuple[Cohort, Examen]] = []
    skip = offset
    for cohort in cohorts:
        own = exams[cohort.dossier_id]
        if skip >= len(own):
            skip -= len(own)
            continue
        page += [(cohort, examen) for examen in own[skip : skip + limit - len(page)]]
        skip = 0
        if len(page) == limit:
            break
    voorschriften = _voorschriften(cohort.pk for cohort, _examen in page)
    return [Offering(cohort, examen, voorschriften[cohort.pk]) for cohort, examen in page], total


def offering_get(*, koppeling: Systeemkoppeling, ref: Ref, structures: _Structures | None = None) -> Offering | None:
    cohort = _cohorts(koppeling).filter(pk=ref.pk).first()
    if cohort is None:
        return None
    structures = structures or _Structures()
    examen = structures.find(cohort.dossier_id, ref)
    if examen is None:
        # An exam only a newer version has, of a student moved to it on their own (results count by code).
        moved = (
            Inschrijving.objects.filter(cohort=cohort)
            .exclude(profiel__dossier_id=cohort.dossier_id)
            .order_by("-profiel__dossier__volgnummer")
            .values_list("profiel__dossier_id", flat=True)
            .distinct()
        )
        examen = next((e for dossier_id in moved if (e := structures.find(dossier_id, ref))), None)
    if examen is None:
        return None
    return Offering(cohort, examen, _voorschriften([cohort.pk])[cohort.pk])


# -- associations --------------------------------------------------------------------------------------------


def _uitslagen(
    inschrijvingen: list[Inschrijving],
    exams: dict[int, list[Examen]],
    voorschriften: dict[int, Beoordelingsvoorschrift],
) -> dict[tuple[int, Exam, str], Uitslag]:
    """The vastgestelde result of each exam of these enrolments (`exams` per enrolment), in four queries.

    Which attempt counts is the portal's rule (assessment.selectors.final_niveaus_of, as the dashboard); a kerntaak
    result is derived from those by assessment.rules.kerntaak_outcome with the cohort's voorschrift.
    """
    ids = [inschrijving.pk for inschrijving in inschrijvingen]
    niveaus = final_niveaus_of(ids)
    pogingen = (
        Examenpoging.objects.filter(inschrijving_id__in=ids, status=Examenpoging.Status.VASTGESTELD)
        .values_list("inschrijving_id", "werkproces__code", "nummer", "uitslag")
        .annotate(at=Max("vaststellingen__at"))
        .order_by("inschrijving_id", "werkproces__code", "nummer")
    )
    counting: dict[tuple[int, str], Uitslag] = {}
    for inschrijving_id, code, nummer, uitslag, at in pogingen:
        # The latest attempt with the uitslag that counts; its latest revision dates the result.
        if at is not None and uitslag == niveaus.get(inschrijving_id, {}).get(code):
            counting[(inschrijving_id, code)] = Uitslag(uitslag, None, timezone.localdate(at), nummer)
    results: dict[tuple[int, Exam, str], Uitslag] = {}
    for inschrijving in inschrijvingen:
        voorschrift = voorschriften[inschrijving.cohort_id]
        for examen in exams[inschrijving.pk]:
            if examen.soort == Exam.WERKPROCES:
                uitslag = counting.get((inschrijving.pk, examen.code))
            else:
                uitslag = _kerntaak_uitslag(inschrijving.pk, examen, counting, voorschrift)
            if uitslag is not None:
                results[(inschrijving.pk, examen.soort, examen.code)] = uitslag
    return results


def _kerntaak_uitslag(
    inschrijving_id: int, examen: Examen, counting: dict[tuple[int, str], Uitslag], voorschrift
) -> Uitslag | None:
    if not examen.werkproces_codes:
        return None
    werkprocessen = {code: counting.get((inschrijving_id, code)) for code in examen.werkproces_codes}
    outcome = rules.kerntaak_outcome(
        werkproces_niveaus={code: u.niveau if u else None for code, u in werkprocessen.items()},
        cijfers=voorschrift.kerntaak_cijfers,
        goed_vanaf_percent=voorschrift.kerntaak_goed_vanaf_procent,
    )
    if outcome.niveau is None:
        return None
    datum = max(u.datum for u in werkprocessen.values() if u is not None)
    return Uitslag(str(outcome.niveau), outcome.cijfer, datum, None)


def _associations(
    inschrijvingen: list[Inschrijving],
    only: tuple[Exam, str] | None = None,
    structures: _Structures | None = None,
    voorschriften: dict[int, Beoordelingsvoorschrift] | None = None,
) -> list[Association]:
    """Each enrolment's exams (those of its own version that apply to its profiel), with their results."""
    structures = structures or _Structures()
    dossiers = {i.profiel.dossier_id for i in inschrijvingen} | {i.cohort.dossier_id for i in inschrijvingen}
    by_dossier = structures.of(dossiers)
    exams = {
        i.pk: [
            e
            for e in by_dossier[i.profiel.dossier_id]
            if e.applies_to(i.profiel_id) and (only is None or (e.soort, e.code) == only)
        ]
        for i in inschrijvingen
    }
    if voorschriften is None:
        voorschriften = _voorschriften(i.cohort_id for i in inschrijvingen)
    uitslagen = _uitslagen(inschrijvingen, exams, voorschriften)
    associations = []
    for inschrijving in inschrijvingen:
        pinned = {(e.soort, e.code): e for e in by_dossier[inschrijving.cohort.dossier_id]}
        for examen in exams[inschrijving.pk]:
            # The offering is the cohort's: its text comes from the version the cohort is pinned to.
            offering = Offering(
                inschrijving.cohort,
                pinned.get((examen.soort, examen.code), examen),
                voorschriften[inschrijving.cohort_id],
            )
            uitslag = uitslagen.get((inschrijving.pk, examen.soort, examen.code))
            associations.append(Association(inschrijving, offering, uitslag))
    return associations


def _enrolments(koppeling: Systeemkoppeling) -> QuerySet[Inschrijving]:
    return Inschrijving.objects.filter(_scope(koppeling, "cohort__opleiding")).select_related(
        "student", "profiel", "cohort__opleiding"
    )


def person_associations(*, koppeling: Systeemkoppeling, ref: Ref) -> list[Association] | None:
    """Every exam of the student, by id; None when the person is not in scope."""
    inschrijving = _enrolments(koppeling).filter(pk=ref.pk).first()
    return None if inschrijving is None else _associations([inschrijving])


def association_get(*, koppeling: Systeemkoppeling, ref: Ref) -> Association | None:
    inschrijving = _enrolments(koppeling).filter(pk=ref.pk).first()
    if inschrijving is None:
        return None
    associations = _associations([inschrijving])
    return next((a for a in associations if ref.names(a.offering.examen.soort, a.offering.examen.code)), None)


def _takes(examen: Examen) -> Q:
    """Enrolments whose own version has this exam (by code) and for whose profiel it applies."""
    rows: QuerySet[Kerntaak] | QuerySet[Werkproces]
    if examen.soort == Exam.KERNTAAK:
        rows = Kerntaak.objects.filter(dossier_id=OuterRef("profiel__dossier_id"), code=examen.code).filter(
            Q(profiel__isnull=True) | Q(profiel_id=OuterRef("profiel_id"))
        )
    else:
        rows = Werkproces.objects.filter(kerntaak__dossier_id=OuterRef("profiel__dossier_id"), code=examen.code).filter(
            Q(kerntaak__profiel__isnull=True) | Q(kerntaak__profiel_id=OuterRef("profiel_id"))
        )
    return Q(Exists(rows))


def offering_associations(
    *,
    koppeling: Systeemkoppeling,
    ref: Ref,
    offset: int,
    limit: int,
    descending: bool = False,
    completed: bool = False,
) -> tuple[Offering, list[Association], int] | None:
    """The offering and the students of its cohort who take its exam, by enrolment (the order of their ids);
    None when the offering is not in scope.

    Paged in SQL; only `completed` (results only) reads the results of the whole cohort for this one exam
    first, since which attempt counts is decided in Python: a cohort, not the institution, in the same queries.
    """
    structures = _Structures()
    offering = offering_get(koppeling=koppeling, ref=ref, structures=structures)
    if offering is None:
        return None
    qs = _enrolments(koppeling).filter(_takes(offering.examen), cohort_id=offering.cohort.pk)
    qs = qs.order_by("-pk" if descending else "pk")
    context: dict[str, Any] = {  # the keyword arguments of _associations
        "only": (offering.examen.soort, offering.examen.code),
        "structures": structures,
        "voorschriften": {offering.cohort.pk: offering.voorschrift},
    }
    if completed:
        done = [a for a in _associations(list(qs), **context) if a.uitslag is not None]
        return offering, done[offset : offset + limit], len(done)
    total = qs.count()
    return offering, _associations(list(qs[offset : offset + limit]), **context), total
