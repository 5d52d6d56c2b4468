"""Diploma readiness of one student or many: the facts of each enrolment evaluated against the rule set of its
niveau and cohort, and the stored readiness (Gereedheid) with the grondslag that says whether it is fresh.

Reads in chunks with a fixed number of queries per chunk, so a cohort export streams whatever its size.
"""

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import F, QuerySet

from assessment import rules as assessment_rules
from assessment.selectors import final_niveaus_of
from diploma import rules
from diploma.models import GeneriekResultaat, Gereedheid, KeuzedeelResultaat, Regelset, Vrijstelling
from dossier.models import Kerntaak, Keuzedeel, Profiel
from dossier.selectors import applies_to
from portfolio.models import Cohort, Inschrijving


class ConditionResult(NamedTuple):
    code: str
    naam: str
    status: str  # "met" | "not_met" | "unknown"
    uitleg: str


@dataclass(frozen=True)
class StudentReadiness:
    inschrijving_id: int
    studentnummer: str
    naam: str
    profiel: str
    uitkomst: str  # "gereed" | "nog_niet"
    conditions: tuple[ConditionResult, ...]
    open_items: tuple[str, ...]


class _Structure:
    """Kerntaken and their werkprocessen per profiel, read once per profiel."""

    def __init__(self) -> None:
        self._cache: dict[int, list[tuple[str, list[tuple[int, str]]]]] = {}
        self._titels: dict[int, dict[str, str]] = {}

    def kerntaken(self, profiel: Profiel) -> list[tuple[str, list[tuple[int, str]]]]:
        if profiel.pk not in self._cache:
            kerntaken = (
                Kerntaak.objects.filter(applies_to(profiel), dossier_id=profiel.dossier_id)
                .prefetch_related("werkprocessen")
                .order_by("volgorde")
            )
            self._cache[profiel.pk] = [(k.code, [(w.pk, w.code) for w in k.werkprocessen.all()]) for k in kerntaken]
            titels = {k.code: k.titel for k in kerntaken}
            titels.update((w.code, w.titel) for k in kerntaken for w in k.werkprocessen.all())
            self._titels[profiel.pk] = titels
        return self._cache[profiel.pk]

    def titels(self, profiel: Profiel) -> dict[str, str]:
        """Kerntaak and werkproces code → title, so explanations name what a student has to redo."""
        self.kerntaken(profiel)
        return self._titels[profiel.pk]


def _regelsets() -> list[Regelset]:
    return list(Regelset.objects.all())


def facts_for(
    inschrijving: Inschrijving,
    *,
    structure: _Structure,
    niveaus: dict[str, str],
    generiek: GeneriekResultaat | None,
    keuzedelen: list[KeuzedeelResultaat],
    vrijstellingen: set[str],
    keuzedeel_vrijstellingen: Mapping[str, Vrijstelling] | None = None,
    catalogus: Mapping[str, tuple[str, int]] | None = None,
) -> rules.Facts:
    kerntaken: dict[str, str | None] = {}
    missing: dict[str, tuple[str, ...]] = {}
    onvoldoende: dict[str, tuple[str, ...]] = {}
    for code, werkprocessen in structure.kerntaken(inschrijving.profiel):
        outcome = assessment_rules.kerntaak_outcome(
            werkproces_niveaus={wp_code: niveaus.get(wp_code) for _wp_id, wp_code in werkprocessen}
        )
        kerntaken[code] = str(outcome.niveau) if outcome.niveau else None
        missing[code] = tuple(outcome.missing)
        onvoldoende[code] = tuple(wp for _wp_id, wp in werkprocessen if niveaus.get(wp) == "onvoldoende")
    g = generiek
    return rules.Facts(
        niveau=inschrijving.profiel.niveau,
        cohort=inschrijving.cohort.startjaar,
        kerntaken=kerntaken,
        kerntaak_missing=missing,
        kerntaak_onvoldoende=onvoldoende,
        titels=structure.titels(inschrijving.profiel),
        nederlands_ce=g.nederlands_ce if g else None,
        nederlands_se=g.nederlands_se if g else None,
        engels_ce=g.engels_ce if g else None,
        engels_se=g.engels_se if g else None,
        rekenen=g.rekenen if g else None,
        loopbaan_burgerschap=g.loopbaan_burgerschap if g else None,
        keuzedelen=_keuzedelen(keuzedelen, keuzedeel_vrijstellingen or {}, catalogus or {}),
        bpv_voldaan=g.bpv_voldaan if g else None,
        bpv_uren=g.bpv_uren if g else None,
        vrijstellingen=frozenset(vrijstellingen),
    )


def _keuzedelen(
    resultaten: list[KeuzedeelResultaat],
    vrijstellingen: Mapping[str, Vrijstelling],
    catalogus: Mapping[str, tuple[str, int]],
) -> tuple[rules.Keuzedeel, ...]:
    """The student's keuzedelen; one with a vrijstelling counts with the mark it was granted on (or none), and a
    vrijgesteld keuzedeel without a result of its own takes its name and size from the catalogue."""
    keuzedelen = []
    for k in resultaten:
        vrij = vrijstellingen.get(k.code)
        keuzedelen.append(
            rules.Keuzedeel(
                code=k.code,
                naam=k.naam,
                sbu=k.sbu,
                cijfer=vrij.cijfer if vrij else k.cijfer,
                afgelegd=k.afgelegd,
                telt_mee=k.telt_mee,
                vrijgesteld=vrij is not None,
            )
        )
    eigen = {k.code for k in resultaten}
    for code, vrij in sorted(vrijstellingen.items()):
        if code not in eigen:
            naam, sbu = catalogus.get(code, (code, 0))
            keuzedelen.append(rules.Keuzedeel(code=code, naam=naam, sbu=sbu, cijfer=vrij.cijfer, vrijgesteld=True))
    return tuple(keuzedelen)


def _readiness(inschrijving: Inschrijving, facts: rules.Facts, regelsets: list[Regelset]) -> StudentReadiness:
    try:
        regelset = rules.choose(regelsets, niveau=facts.niveau, cohort=facts.cohort)
    except ValueError as exc:
        condition = ConditionResult(code="regelset", naam="Regelset", status="unknown", uitleg=str(exc))
        return _row(inschrijving, "nog_niet", (condition,), (str(exc),))
    readiness = rules.evaluate(regelset.checks, facts)
    conditions = tuple(ConditionResult(r.code, r.naam, r.status, r.uitleg) for r in readiness.results)
    return _row(inschrijving, readiness.outcome, conditions, tuple(readiness.open_items))


def _row(inschrijving: Inschrijving, uitkomst: str, conditions: tuple, open_items: tuple) -> StudentReadiness:
    student = inschrijving.student
    return StudentReadiness(
        inschrijving_id=inschrijving.pk,
        studentnummer=inschrijving.studentnummer,
        naam=student.get_full_name() or student.username,
        profiel=inschrijving.profiel.code,
        uitkomst=uitkomst,
        conditions=conditions,
        open_items=open_items,
    )


def facts_of(inschrijvingen: list[Inschrijving], *, structure: _Structure | None = None) -> list[rules.Facts]:
    """The facts of each enrolment, in a fixed number of queries for the whole list."""
    structure = structure or _Structure()
    ids = [i.pk for i in inschrijvingen]
    niveaus = final_niveaus_of(ids)
    generiek = {g.inschrijving_id: g for g in GeneriekResultaat.objects.filter(inschrijving_id__in=ids)}
    keuzedelen: dict[int, list[KeuzedeelResultaat]] = {}
    for k in KeuzedeelResultaat.objects.filter(inschrijving_id__in=ids).order_by("inschrijving_id", "code"):
        keuzedelen.setdefault(k.inschrijving_id, []).append(k)
    vrijstellingen: dict[int, set[str]] = {}
    per_keuzedeel: dict[int, dict[str, Vrijstelling]] = {}
    for vrijstelling in Vrijstelling.objects.filter(inschrijving_id__in=ids).order_by("pk"):
        if vrijstelling.onderdeel == Vrijstelling.Onderdeel.KEUZEDEEL:
            per_keuzedeel.setdefault(vrijstelling.inschrijving_id, {})[vrijstelling.keuzedeel_code] = vrijstelling
        else:
            vrijstellingen.setdefault(vrijstelling.inschrijving_id, set()).add(vrijstelling.onderdeel)
    codes = {code for per_student in per_keuzedeel.values() for code in per_student}
    catalogus = {
        code: (naam, omvang)
        for code, naam, omvang in (
            Keuzedeel.objects.filter(code__in=codes).values_list("code", "naam", "omvang") if codes else ()
        )
    }
    return [
        facts_for(
            inschrijving,
            structure=structure,
            niveaus=niveaus.get(inschrijving.pk, {}),
            generiek=generiek.get(inschrijving.pk),
            keuzedelen=keuzedelen.get(inschrijving.pk, []),
            vrijstellingen=vrijstellingen.get(inschrijving.pk, set()),
            keuzedeel_vrijstellingen=per_keuzedeel.get(inschrijving.pk, {}),
            catalogus=catalogus,
        )
        for inschrijving in inschrijvingen
    ]


def readiness_for(
    inschrijvingen: list[Inschrijving], *, structure: _Structure | None = None, regelsets: list[Regelset] | None = None
) -> Iterator[StudentReadiness]:
    regelsets = regelsets if regelsets is not None else _regelsets()
    for inschrijving, facts in zip(inschrijvingen, facts_of(inschrijvingen, structure=structure), strict=True):
        yield _readiness(inschrijving, facts, regelsets)


def _cohort_inschrijvingen_qs():
    return Inschrijving.objects.select_related("student", "profiel", "cohort").order_by("studentnummer", "pk")


def _cohort_inschrijvingen(cohort: Cohort):
    return _cohort_inschrijvingen_qs().filter(cohort=cohort)


def cohort_size(*, cohort: Cohort) -> int:
    return Inschrijving.objects.filter(cohort=cohort).count()


# What a cohort pass reads per student: enough to use a stored readiness without building a model object.
_CHUNK_FIELDS = (
    "pk",
    "studentnummer",
    "student__first_name",
    "student__last_name",
    "student__username",
    "profiel_id",
    "profiel__code",
    "cohort__startjaar",
    "gereedheid__versie",
    "gereedheid__berekend_versie",
    "gereedheid__grondslag",
    "gereedheid__uitkomst",
    "gereedheid__condities",
)


def _cohort_chunks(cohort: Cohort, chunk_size: int, *, kerntaken: bool = False) -> Iterator[list[tuple]]:
    fields = (*_CHUNK_FIELDS, "gereedheid__kerntaken") if kerntaken else _CHUNK_FIELDS
    last: str | None = None
    while True:
        qs = Inschrijving.objects.filter(cohort=cohort).order_by("studentnummer", "pk")
        if last is not None:
            qs = qs.filter(studentnummer__gt=last)  # keyset: studentnummer is unique
        chunk = list(qs.values_list(*fields)[:chunk_size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1][1]


# -- stored readiness ----------------------------------------------------------------------------------------


STORED_FORMAT = 1  # raise when what Gereedheid stores changes shape: every stored row becomes stale
OVERVIEW_STALE_MAX = 500  # beyond this many stale students (after a deploy) the cohort table reads in one pass


class _Context:
    """What the readiness of many students shares: the structure per profiel, the rule sets, and the
    fingerprint (grondslag) of everything but the student's own facts, per profiel and cohort year."""

    def __init__(self) -> None:
        self.structure = _Structure()
        self.regelsets = _regelsets()
        self._profielen: dict[int, Profiel] = {}
        self._grondslagen: dict[tuple[int, int], str] = {}

    def grondslag(self, profiel: Profiel, startjaar: int) -> str:
        key = (profiel.pk, startjaar)
        if key not in self._grondslagen:
            niveau = profiel.niveau
            try:
                regelset = rules.choose(self.regelsets, niveau=niveau, cohort=startjaar)
                regel: object = [regelset.code, regelset.checks]
            except ValueError as exc:
                regel = str(exc)
            payload = [
                STORED_FORMAT,
                rules.RULES_VERSION,
                niveau,
                startjaar,
                regel,
                self.structure.kerntaken(profiel),
            ]
            text = json.dumps(payload, sort_keys=True, default=str)
            self._grondslagen[key] = hashlib.sha256(text.encode()).hexdigest()[:40]
        return self._grondslagen[key]

    def profielen(self, ids: Iterable[int]) -> dict[int, Profiel]:
        missing = set(ids) - self._profielen.keys()
        if missing:
            self._profielen.update(Profiel.objects.in_bulk(missing))
        return self._profielen


@dataclass(frozen=True)
class _Student:
    """One row of `_CHUNK_FIELDS`."""

    pk: int
    studentnummer: str
    first_name: str
    last_name: str
    username: str
    profiel_id: int
    profiel: str
    startjaar: int
    versie: int | None
    berekend_versie: int | None
    grondslag: str | None
    uitkomst: str | None
    condities: list | None
    kerntaken: dict | None = None  # read only for the cohort overview's chart

    def fresh(self, grondslag: str) -> bool:
        return self.berekend_versie is not None and self.berekend_versie == self.versie and self.grondslag == grondslag

    def readiness(self) -> StudentReadiness:
        return StudentReadiness(
            inschrijving_id=self.pk,
            studentnummer=self.studentnummer,
            naam=f"{self.first_name} {self.last_name}".strip() or self.username,  # as User.get_full_name()
            profiel=self.profiel,
            uitkomst=self.uitkomst or "",
            conditions=tuple(map(ConditionResult._make, self.condities or ())),
            # As rules.evaluate: the uitleg of every condition not met, in rule set order.
            open_items=tuple(condition[3] for condition in self.condities or () if condition[2] != "met"),
        )


@dataclass(frozen=True)
class ReadinessRecord:
    """A computed readiness as it is stored: `versie` is the Gereedheid version it was computed from."""

    inschrijving_id: int
    versie: int
    grondslag: str
    readiness: StudentReadiness
    kerntaken: Mapping[str, str | None]


def _entries(chunk: list[tuple], context: _Context) -> Iterator[tuple[StudentReadiness, Mapping[str, str | None]]]:
    """Per enrolment its readiness and kerntaak results: stored where fresh, computed for the rest with a
    fixed number of queries."""
    students = [_Student(*row) for row in chunk]
    profielen = context.profielen(s.profiel_id for s in students)
    stale = [s.pk for s in students if not s.fresh(context.grondslag(profielen[s.profiel_id], s.startjaar))]
    computed = {}
    if stale:
        inschrijvingen = list(_cohort_inschrijvingen_qs().filter(pk__in=stale))
        for inschrijving, facts in zip(
            inschrijvingen, facts_of(inschrijvingen, structure=context.structure), strict=True
        ):
            computed[inschrijving.pk] = (_readiness(inschrijving, facts, context.regelsets), facts.kerntaken)
    for student in students:
        yield computed.get(student.pk) or (student.readiness(), student.kerntaken or {})


def readiness_records(inschrijving_ids: Sequence[int]) -> list[ReadinessRecord]:
    """Computes the readiness of these enrolments, to be stored; the version is read before the facts, so a
    change that commits in between leaves the record stale rather than wrong."""
    inschrijvingen = list(
        Inschrijving.objects.filter(pk__in=inschrijving_ids)
        .select_related("student", "profiel", "cohort", "gereedheid")
        .order_by("pk")
    )
    context = _Context()
    records = []
    for inschrijving, facts in zip(inschrijvingen, facts_of(inschrijvingen, structure=context.structure), strict=True):
        try:
            versie = inschrijving.gereedheid.versie
        except Gereedheid.DoesNotExist:
            versie = 0
        readiness = _readiness(inschrijving, facts, context.regelsets)
        records.append(
            ReadinessRecord(
                inschrijving.pk,
                versie,
                context.grondslag(inschrijving.profiel, inschrijving.cohort.startjaar),
                readiness,
                dict(facts.kerntaken),
            )
        )
    return records


def stale_inschrijving_ids(*, limit: int) -> list[int]:
    """Enrolments whose stored readiness is missing or stale, at most `limit`; a few queries per profiel and
    cohort year, whatever the number of students."""
    context = _Context()
    pairs = (
        Inschrijving.objects.values_list("profiel_id", "cohort__startjaar")
        .distinct()
        .order_by("profiel_id", "cohort__startjaar")
    )
    profielen = {p.pk: p for p in Profiel.objects.all()}
    ids: list[int] = []
    for profiel_id, startjaar in pairs:
        if len(ids) >= limit:
            break
        grondslag = context.grondslag(profielen[profiel_id], startjaar)
        fresh = Gereedheid.objects.filter(grondslag=grondslag, berekend_versie=F("versie"))
        ids += (
            Inschrijving.objects.filter(profiel_id=profiel_id, cohort__startjaar=startjaar)
            .exclude(pk__in=fresh.values("inschrijving_id"))
            .order_by("pk")
            .values_list("pk", flat=True)[: limit - len(ids)]
        )
    return ids


def student_readiness(*, inschrijving: Inschrijving, what_if: dict | None = None) -> StudentReadiness:
    """One student's readiness; `what_if` replaces facts (e.g. {"nederlands_ce": Decimal("6.0")}) to show
    the outcome with grades a coordinator types in, without storing anything."""
    facts = facts_of([inschrijving])[0]
    if what_if:
        facts = dataclasses.replace(facts, **what_if)
    return _readiness(inschrijving, facts, _regelsets())


def keuzedeel_catalogus() -> QuerySet[Keuzedeel]:
    """The keuzedelen a coordinator chooses from when recording a student's result, by code; kept in the beheer."""
    return Keuzedeel.objects.only("code", "naam", "omvang").order_by("code")
