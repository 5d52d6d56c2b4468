"""A cohort's readiness: every student streamed in chunks (exports), one page of the coordinator's table, and the
counts and chart over the cohort, from stored rows where they are fresh."""

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from diploma import rules
from diploma.models import Gereedheid
from diploma.selectors.readiness import (
    _CHUNK_FIELDS,
    OVERVIEW_STALE_MAX,
    StudentReadiness,
    _cohort_chunks,
    _cohort_inschrijvingen,
    _cohort_inschrijvingen_qs,
    _Context,
    _entries,
    _readiness,
    _regelsets,
    facts_of,
    readiness_for,
)
from portfolio.models import Cohort, Inschrijving

# -- cohorts -------------------------------------------------------------------------------------------------


def cohort_readiness_with_facts(
    *, cohort: Cohort, chunk_size: int = 500
) -> Iterator[tuple[StudentReadiness, Mapping[str, str | None]]]:
    """Every student of the cohort with their kerntaak results, `chunk_size` students at a time; stored
    readiness where it is fresh, computed where it is not."""
    context = _Context()
    for chunk in _cohort_chunks(cohort, chunk_size, kerntaken=True):
        yield from _entries(chunk, context)


def cohort_conditions(*, cohort: Cohort) -> list[tuple[str, str]]:
    """The (code, naam) of every condition some student of the cohort is checked on, in rule set order: the
    columns of an export, known before its first row. A few queries, whatever the cohort's size."""
    regelsets = _regelsets()
    pairs = (
        Inschrijving.objects.filter(cohort=cohort)
        .values_list("profiel__niveau", "cohort__startjaar")
        .distinct()
        .order_by("profiel__niveau", "cohort__startjaar")
    )
    conditions: dict[str, str] = {}
    for niveau, startjaar in pairs:
        facts = rules.Facts(niveau=niveau, cohort=startjaar)
        try:
            regelset = rules.choose(regelsets, niveau=facts.niveau, cohort=facts.cohort)
        except ValueError:
            conditions.setdefault("regelset", "Regelset")  # as _readiness reports a missing rule set
            continue
        for result in rules.evaluate(regelset.checks, facts).results:
            conditions.setdefault(result.code, result.naam)
    return list(conditions.items())


def cohort_readiness_page(*, cohort: Cohort, after: str | None, size: int) -> tuple[list[StudentReadiness], str | None]:
    """One page of the cohort, by studentnummer after `after`; returns the rows and the next cursor.
    Computed, not read from storage: the texts follow the user's language."""
    qs = _cohort_inschrijvingen(cohort)
    if after:
        qs = qs.filter(studentnummer__gt=after)
    chunk = list(qs[: size + 1])
    more = len(chunk) > size
    chunk = chunk[:size]
    return list(readiness_for(chunk)), (chunk[-1].studentnummer if more and chunk else None)


def cohort_readiness(*, cohort: Cohort, chunk_size: int = 500) -> Iterator[StudentReadiness]:
    """Streams the readiness of every student of the cohort, `chunk_size` students at a time."""
    context = _Context()
    for chunk in _cohort_chunks(cohort, chunk_size):
        for row, _kerntaken in _entries(chunk, context):
            yield row


def _fresh_in_cohort(cohort: Cohort, context: _Context) -> QuerySet[Gereedheid]:
    """The stored rows of the cohort that are still true."""
    profiel_ids = list(
        Inschrijving.objects.filter(cohort=cohort)
        .order_by("profiel_id")
        .values_list("profiel_id", flat=True)
        .distinct()
    )
    profielen = context.profielen(profiel_ids)
    current = Q(pk__in=[])
    for profiel_id in profiel_ids:
        grondslag = context.grondslag(profielen[profiel_id], cohort.startjaar)
        current |= Q(inschrijving__profiel_id=profiel_id, grondslag=grondslag)
    return Gereedheid.objects.filter(current, inschrijving__cohort=cohort, berekend_versie=F("versie"))


def _kerntaak_bucket(niveau: str | None) -> str:
    if niveau in ("voldoende", "goed"):
        return "voldaan"
    return "onvoldoende" if niveau == "onvoldoende" else "onbekend"


def _is_open(row: StudentReadiness, conditie: str | None) -> bool:
    """Whether the row belongs in a table filtered on `conditie` (no filter: every row)."""
    return not conditie or any(c.code == conditie and c.status != "met" for c in row.conditions)


@dataclass
class _Tally:
    """The cohort table's counts, one student at a time."""

    totals: dict[str, int] = dataclasses.field(default_factory=lambda: {"gereed": 0, "nog_niet": 0})
    open_per_condition: dict[str, int] = dataclasses.field(default_factory=dict)
    names: dict[str, str] = dataclasses.field(default_factory=dict)
    chart: dict[str, dict[str, int]] = dataclasses.field(default_factory=dict)

    def add(self, row: StudentReadiness, kerntaken: Mapping[str, str | None]) -> None:
        self.totals[row.uitkomst] = self.totals.get(row.uitkomst, 0) + 1
        for c in row.conditions:
            self.names.setdefault(c.code, c.naam)
            if c.status != "met":
                self.open_per_condition[c.code] = self.open_per_condition.get(c.code, 0) + 1
        for code, niveau in kerntaken.items():
            bucket = self.chart.setdefault(code, {"voldaan": 0, "onvoldoende": 0, "onbekend": 0})
            bucket[_kerntaak_bucket(niveau)] += 1

    def overview(self, rows: list[StudentReadiness], matched: int) -> dict:
        counts = self.open_per_condition.items()
        return {
            "totals": self.totals,
            "open": sorted(((code, _(self.names[code]), n) for code, n in counts if n), key=lambda x: x[1]),
            "chart": _bars(self.chart),
            "rows": rows,
            "matched": matched,
        }


def cohort_overview(*, cohort: Cohort, conditie: str | None = None, offset: int = 0, limit: int = 100) -> dict:
    """Counts, a chart of kerntaak results, and one page of students (optionally those with an open
    `conditie`). Stored rows are counted and filtered in SQL; the few stale ones are computed and added. The
    page's rows are computed again, in the user's language (stored texts are in the site's)."""
    context = _Context()
    fresh = _fresh_in_cohort(cohort, context)
    stale_ids = list(
        Inschrijving.objects.filter(cohort=cohort)
        .exclude(pk__in=fresh.values("inschrijving_id"))
        .values_list("pk", flat=True)[: OVERVIEW_STALE_MAX + 1]
    )
    if len(stale_ids) > OVERVIEW_STALE_MAX:
        return cohort_overview_streamed(cohort=cohort, conditie=conditie, offset=offset, limit=limit)
    stale = list(_cohort_inschrijvingen(cohort).filter(pk__in=stale_ids))
    computed = [
        (inschrijving, _readiness(inschrijving, facts, context.regelsets), facts.kerntaken)
        for inschrijving, facts in zip(stale, facts_of(stale, structure=context.structure), strict=True)
    ]

    tally = _Tally(names=dict(cohort_conditions(cohort=cohort)))
    per_profiel = dict(fresh.values_list("inschrijving__profiel_id").annotate(n=Count("pk")).order_by())
    profielen = context.profielen(per_profiel)
    kerntaken: dict[str, list[int]] = {}  # code -> the profielen it belongs to, in dossier order
    for profiel_id in sorted(per_profiel):
        for code, _werkprocessen in context.structure.kerntaken(profielen[profiel_id]):
            kerntaken.setdefault(code, []).append(profiel_id)
    codes, kerntaak_codes = list(tally.names), list(kerntaken)
    counts = fresh.aggregate(
        total=Count("pk"),
        gereed=Count("pk", filter=Q(uitkomst="gereed")),
        **{f"open{i}": Count("pk", filter=Q(open_codes__contains=f"|{code}|")) for i, code in enumerate(codes)},
        **{f"v{i}": Count("pk", filter=Q(kerntaken_voldaan__contains=f"|{k}|")) for i, k in enumerate(kerntaak_codes)},
        **{
            f"o{i}": Count("pk", filter=Q(kerntaken_onvoldoende__contains=f"|{k}|"))
            for i, k in enumerate(kerntaak_codes)
        },
    )

    tally.totals = {"gereed": counts["gereed"], "nog_niet": counts["total"] - counts["gereed"]}
    tally.open_per_condition = {code: counts[f"open{i}"] for i, code in enumerate(codes)}
    for i, code in enumerate(kerntaak_codes):
        total = sum(per_profiel[profiel_id] for profiel_id in kerntaken[code])
        voldaan, onvoldoende = counts[f"v{i}"], counts[f"o{i}"]
        tally.chart[code] = {"voldaan": voldaan, "onvoldoende": onvoldoende, "onbekend": total - voldaan - onvoldoende}
    matching: list[tuple[str, int]] = []
    for inschrijving, row, row_kerntaken in computed:
        tally.add(row, row_kerntaken)
        if _is_open(row, conditie):
            matching.append((inschrijving.studentnummer, inschrijving.pk))

    matched_fresh = fresh.filter(open_codes__contains=f"|{conditie}|") if conditie else fresh
    first = matched_fresh.order_by("inschrijving__studentnummer", "inschrijving_id").values_list(
        "inschrijving__studentnummer", "inschrijving_id"
    )
    page = sorted([*first[: offset + limit], *matching])[offset : offset + limit]
    return tally.overview(_page_rows([pk for _n, pk in page], context), matched_fresh.count() + len(matching))


def _page_rows(ids: list[int], context: _Context) -> list[StudentReadiness]:
    """The readiness of one page of students, in their order, in the user's language: the stored rows as they
    are when that is the site's language (they are stored in it), else computed again."""
    if translation.get_language() == settings.LANGUAGE_CODE:
        chunk = Inschrijving.objects.filter(pk__in=ids).values_list(*_CHUNK_FIELDS)
        by_pk = {row[0]: row for row in chunk}
        return [readiness for readiness, _kerntaken in _entries([by_pk[pk] for pk in ids if pk in by_pk], context)]
    inschrijvingen = {i.pk: i for i in _cohort_inschrijvingen_qs().filter(pk__in=ids)}
    return list(readiness_for([inschrijvingen[pk] for pk in ids if pk in inschrijvingen], structure=context.structure))


def _bars(chart: dict[str, dict[str, int]]) -> list[dict]:
    bars = []
    for code, bucket in chart.items():
        total = sum(bucket.values())
        if total:
            bars.append({"code": code, **bucket, "total": total, "percent": round(100 * bucket["voldaan"] / total)})
    return bars


def cohort_overview_streamed(*, cohort: Cohort, conditie: str | None = None, offset: int = 0, limit: int = 100) -> dict:
    """cohort_overview in one pass over every student, stored or computed: for when most are stale."""
    tally = _Tally()
    page: list[int] = []
    matched = 0
    for row, kerntaken in cohort_readiness_with_facts(cohort=cohort):
        tally.add(row, kerntaken)
        if not _is_open(row, conditie):
            continue
        if offset <= matched < offset + limit:
            page.append(row.inschrijving_id)
        matched += 1
    inschrijvingen = {i.pk: i for i in _cohort_inschrijvingen(cohort).filter(pk__in=page)}
    return tally.overview(list(readiness_for([inschrijvingen[pk] for pk in page if pk in inschrijvingen])), matched)
