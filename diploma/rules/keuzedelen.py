"""Keuzedelen: the rule for cohorts from 2020, the older "afgelegd" rule, and entree (DOMAIN.md §2).

A keuzedeel's cijfer counts as a whole number rounded half up (5,45 → 5, 5,5 → 6). The average over two
or more keuzedelen is the plain mean of those whole numbers, not weighted by size: 6 and 5 average 5,5,
which is below 6 and fails, even though half of them is a 6. It is shown rounded half up to two decimals.

Only the keuzedelen with which the student fills the required size count (art. 17 lid 2: "de keuzedelen
waarmee wordt voldaan aan de minimum studielast"), so an extra keuzedeel beyond it cannot spoil the
diploma. The coordinator marks which ones count (`Keuzedeel.telt_mee`); see `meetellend` for the default.
The required size (keuzedeelverplichting) is the rule set's `min_sbu`: one number, or one per niveau.

A keuzedeel with a vrijstelling counts towards the size; with the cijfer it was granted on it counts with
that cijfer, without one it is met and left out of the average and the half rule.
"""

import itertools
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from .facts import Facts, Keuzedeel, Onderdeel, afgerond, cijfer_tekst, gemiddelde_tekst
from .results import CheckResult, conclude, opsomming, validate_count

# Beyond this many keuzedelen (2^n combinations) every keuzedeel counts unless the coordinator marks some.
MAX_COMBINATIES = 12

MinSbu = int | Mapping[str, int] | None
Beoordeling = tuple[list[str], list[str], str]  # failures, pending, met


def minimale_omvang(min_sbu: MinSbu, niveau: int | None) -> int | None:
    """The required size for this niveau: `min_sbu` itself, or its entry for the niveau (keys "1".."4").

    A mapping without the student's niveau is a rule set error, so it raises rather than skipping the check.
    """
    if min_sbu is None or isinstance(min_sbu, int):
        validate_count(min_sbu, "min_sbu")
        return min_sbu
    if not isinstance(min_sbu, Mapping):
        validate_count(min_sbu, "min_sbu")  # raises: neither a number nor a table per niveau
    for value in min_sbu.values():
        validate_count(value, "min_sbu")
    if str(niveau) not in min_sbu:
        raise ValueError(_("De instelling min_sbu noemt geen omvang voor niveau %(niveau)s.") % {"niveau": niveau})
    return min_sbu[str(niveau)]


def meetellend(
    keuzedelen: Sequence[Keuzedeel], min_sbu: int | None, beoordeel: Callable[[Sequence[Keuzedeel]], Beoordeling]
) -> tuple[Keuzedeel, ...]:
    """The keuzedelen that count: the ones the coordinator marked, if any.

    Otherwise, with a required size, the best combination that reaches it and has no keuzedeel to spare:
    first one that meets the rule, then one that may still meet it (a cijfer is missing), then the highest
    average of whole marks, then the fewest keuzedelen, then the first in code order. So an ungraded or
    failed extra keuzedeel is left out when the others fill the size. Without a required size, or when all of
    them together do not reach it, every keuzedeel counts.
    """
    marked = tuple(k for k in keuzedelen if k.telt_mee)
    if marked:
        return marked
    if min_sbu is None or sum(k.sbu for k in keuzedelen) < min_sbu or len(keuzedelen) > MAX_COMBINATIES:
        return tuple(keuzedelen)
    best: tuple[tuple, tuple[Keuzedeel, ...]] | None = None
    for size in range(1, len(keuzedelen) + 1):
        for combinatie in itertools.combinations(keuzedelen, size):
            total = sum(k.sbu for k in combinatie)
            if total < min_sbu or any(total - k.sbu >= min_sbu for k in combinatie):
                continue  # too small, or a keuzedeel to spare: that one would be an extra
            failures, pending, _met = beoordeel(combinatie)
            rank = 0 if failures else (1 if pending else 2)
            heel = [afgerond(k.cijfer) for k in combinatie if k.cijfer is not None]
            average = Fraction(sum(heel), len(heel)) if heel else Fraction(0)
            key = (rank, average, -size)
            if best is None or key > best[0]:
                best = (key, combinatie)
    return best[1] if best else tuple(keuzedelen)


def _regel_2020(keuzedelen: Sequence[Keuzedeel]) -> Beoordeling:
    """One keuzedeel ≥ 6; with two or more, average ≥ 6, at least half ≥ 6, none below 4."""
    failures: list[str] = []
    pending = [
        _("%(keuzedeel)s: nog geen cijfer") % {"keuzedeel": _naam(k)}
        for k in keuzedelen
        if k.cijfer is None and not k.vrijgesteld
    ]
    graded = [(k, k.cijfer, afgerond(k.cijfer)) for k in keuzedelen if k.cijfer is not None]
    count = len(graded) + len(pending)
    vrij = [k for k in keuzedelen if k.vrijgesteld and k.cijfer is None]
    met = ""
    if count == 0:
        met = opsomming([_("%(keuzedeel)s vrijgesteld") % {"keuzedeel": _naam(k)} for k in vrij])
    elif count == 1:
        for keuzedeel, cijfer, heel in graded:
            if heel < 6:
                failures.append(_te_laag(keuzedeel, cijfer, 6))
            met = f"{_naam(keuzedeel)}: {cijfer_tekst(cijfer)}"
    else:
        failures.extend(_onder_de_4(keuzedeel, cijfer) for keuzedeel, cijfer, heel in graded if heel < 4)
        if not pending:
            average = Fraction(sum(heel for *_rest, heel in graded), count)
            voldoende = sum(1 for *_rest, heel in graded if heel >= 6)
            if average < 6:
                failures.append(
                    _("Gemiddelde van de keuzedelen %(gemiddelde)s: minimaal 6 vereist")
                    % {"gemiddelde": gemiddelde_tekst(average, drempel=6)}
                )
            if 2 * voldoende < count:
                failures.append(
                    _("%(voldoende)d van de %(count)d keuzedelen met een 6 of hoger: minimaal de helft vereist")
                    % {"voldoende": voldoende, "count": count}
                )
            met = _(
                "Gemiddelde %(gemiddelde)s over %(count)d keuzedelen, %(voldoende)d met een 6 of hoger, geen onder de 4"
            ) % {
                "gemiddelde": gemiddelde_tekst(average, drempel=6),
                "count": count,
                "voldoende": voldoende,
            }
    if vrij and count:
        met = _("%(met)s; %(vrij)s") % {
            "met": met,
            "vrij": opsomming([_("%(keuzedeel)s vrijgesteld") % {"keuzedeel": _naam(k)} for k in vrij]),
        }
    return failures, pending, met


def _omvang(facts: Facts, telt: Sequence[Keuzedeel], min_sbu: int | None, beoordeling: Beoordeling) -> Beoordeling:
    """Adds the size to a judgement of the counting keuzedelen, and names the extras that do not count."""
    failures, pending, met = beoordeling
    if min_sbu is not None:
        total = sum(k.sbu for k in telt)
        if total < min_sbu:
            failures = [
                *failures,
                _("Keuzedelen samen %(sbu)d SBU: minimaal %(min)d SBU vereist") % {"sbu": total, "min": min_sbu},
            ]
        met = _("%(met)s; samen %(sbu)d SBU (minimaal %(min)d)") % {"met": met, "sbu": total, "min": min_sbu}
    extra = [k for k in facts.keuzedelen if k not in telt]
    if extra:
        met = _("%(met)s; telt niet mee: %(extra)s") % {"met": met, "extra": opsomming([k.code for k in extra])}
    return failures, pending, met


def check_keuzedelen_2020(facts: Facts, *, min_sbu: MinSbu = None) -> CheckResult:
    """Cohorts from 2020: one keuzedeel ≥ 6; with two or more, average ≥ 6, at least half ≥ 6, none
    below 4, over the keuzedelen that count (see `meetellend`). `min_sbu` is the keuzedeelverplichting; the
    rule sets from cohort 2022-23 give it per niveau: entree 240, niveau 2 480, niveau 3 and 4 720
    (DOMAIN.md §2, "[H, from 1-8-2022]").

    A keuzedeel below 4 or too small a total fails at once; the average and the half rule wait until
    every counting keuzedeel has a cijfer.
    """
    minimum = minimale_omvang(min_sbu, facts.niveau)
    naam = _("Keuzedelen")
    if facts.vrijgesteld(Onderdeel.KEUZEDELEN):
        return conclude("keuzedelen_2020", naam, failures=(), pending=(), met=_("Keuzedelen vrijgesteld"))
    if not facts.keuzedelen:
        return conclude("keuzedelen_2020", naam, failures=(), pending=[_("Nog geen keuzedeelresultaten")], met="")
    telt = meetellend(facts.keuzedelen, minimum, _regel_2020)
    failures, pending, met = _omvang(facts, telt, minimum, _regel_2020(telt))
    return conclude("keuzedelen_2020", naam, failures=failures, pending=pending, met=met)


def check_keuzedelen_afgelegd(facts: Facts) -> CheckResult:
    """Cohorts 2016–2019: an exam result must exist for every counting keuzedeel, whatever the mark.

    A recorded cijfer or a vrijstelling is such a result, so it counts as afgelegd even when the flag was not
    set. A keuzedeel not afgelegd is not met (the record says so), not unknown. With no size in this rule,
    every keuzedeel counts unless the coordinator marked the ones that do.
    """
    naam = _("Keuzedelen afgelegd")
    if facts.vrijgesteld(Onderdeel.KEUZEDELEN):
        return conclude("keuzedelen_afgelegd", naam, failures=(), pending=(), met=_("Keuzedelen vrijgesteld"))
    if not facts.keuzedelen:
        return conclude("keuzedelen_afgelegd", naam, failures=(), pending=[_("Nog geen keuzedeelresultaten")], met="")
    telt = meetellend(facts.keuzedelen, None, _regel_2020)
    failures = [
        _("%(keuzedeel)s: examen niet afgelegd") % {"keuzedeel": _naam(k)}
        for k in telt
        if not (k.afgelegd or k.vrijgesteld or k.cijfer is not None)
    ]
    met = _("Alle keuzedelen afgelegd: %(codes)s") % {"codes": opsomming([k.code for k in telt])}
    failures, pending, met = _omvang(facts, telt, None, (failures, [], met))
    return conclude("keuzedelen_afgelegd", naam, failures=failures, pending=pending, met=met)


def _regel_entree(keuzedelen: Sequence[Keuzedeel]) -> Beoordeling:
    failures: list[str] = []
    pending: list[str] = []
    delen: list[str] = []
    for k in keuzedelen:
        if k.cijfer is None and k.vrijgesteld:
            delen.append(_("%(keuzedeel)s vrijgesteld") % {"keuzedeel": _naam(k)})
        elif k.cijfer is None:
            pending.append(_("%(keuzedeel)s: nog geen cijfer") % {"keuzedeel": _naam(k)})
        elif afgerond(k.cijfer) < 6:
            failures.append(_te_laag(k, k.cijfer, 6))
        else:
            delen.append(f"{_naam(k)}: {cijfer_tekst(k.cijfer)}")
    return failures, pending, "; ".join(delen)


def check_entree_keuzedeel(facts: Facts, *, min_sbu: MinSbu = None) -> CheckResult:
    """Entree: the keuzedeel at least 6 (every counting keuzedeel, should the student have more than one);
    with `min_sbu` (240 from cohort 2022-23) the counting ones together need that size."""
    minimum = minimale_omvang(min_sbu, facts.niveau)
    naam = _("Keuzedeel (entree)")
    if facts.vrijgesteld(Onderdeel.KEUZEDELEN):
        return conclude("entree_keuzedeel", naam, failures=(), pending=(), met=_("Keuzedeel vrijgesteld"))
    if not facts.keuzedelen:
        return conclude("entree_keuzedeel", naam, failures=(), pending=[_("Nog geen keuzedeelresultaat")], met="")
    telt = meetellend(facts.keuzedelen, minimum, _regel_entree)
    failures, pending, met = _omvang(facts, telt, minimum, _regel_entree(telt))
    return conclude("entree_keuzedeel", naam, failures=failures, pending=pending, met=met)


def _naam(keuzedeel: Keuzedeel) -> str:
    return _("Keuzedeel %(code)s %(naam)s") % {"code": keuzedeel.code, "naam": keuzedeel.naam}


def _te_laag(keuzedeel: Keuzedeel, cijfer: Decimal, minimum: int) -> str:
    return _("%(keuzedeel)s: %(cijfer)s, minimaal %(min)d vereist") % {
        "keuzedeel": _naam(keuzedeel),
        "cijfer": cijfer_tekst(cijfer),
        "min": minimum,
    }


def _onder_de_4(keuzedeel: Keuzedeel, cijfer: Decimal) -> str:
    return _("%(keuzedeel)s: %(cijfer)s, geen keuzedeel onder de 4 toegestaan") % {
        "keuzedeel": _naam(keuzedeel),
        "cijfer": cijfer_tekst(cijfer),
    }
