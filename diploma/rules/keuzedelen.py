"""Keuzedelen: the rule for cohorts from 2020, the older "afgelegd" rule, and entree (DOMAIN.md §2).

A keuzedeel's cijfer counts as a whole number rounded half up (5,45 → 5, 5,5 → 6). The average over two
or more keuzedelen is the plain mean of those whole numbers, unrounded and not weighted by size: 6 and 5
average 5,5, which is below 6 and fails, even though half of them is a 6.
"""

import math
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from .facts import Facts, Keuzedeel, Onderdeel, afgerond, cijfer_tekst, nl
from .results import CheckResult, conclude, opsomming, validate_count


def check_keuzedelen_2020(facts: Facts, *, min_sbu: int | None = None) -> CheckResult:
    """Cohorts from 2020: one keuzedeel ≥ 6; with two or more, average ≥ 6, at least half ≥ 6, none
    below 4. With `min_sbu` (720 at niveau 4 from 1-8-2022), the keuzedelen together need that size.

    A keuzedeel below 4 or too small a total fails at once; the average and the half rule wait until
    every keuzedeel has a cijfer.
    """
    validate_count(min_sbu, "min_sbu")
    naam = _("Keuzedelen")
    if facts.vrijgesteld(Onderdeel.KEUZEDELEN):
        return conclude("keuzedelen_2020", naam, failures=(), pending=(), met=_("Keuzedelen vrijgesteld"))
    if not facts.keuzedelen:
        return conclude("keuzedelen_2020", naam, failures=(), pending=[_("Nog geen keuzedeelresultaten")], met="")

    failures: list[str] = []
    pending = [
        _("%(keuzedeel)s: nog geen cijfer") % {"keuzedeel": _naam(k)} for k in facts.keuzedelen if k.cijfer is None
    ]
    graded = [(k, k.cijfer, afgerond(k.cijfer)) for k in facts.keuzedelen if k.cijfer is not None]
    total_sbu = sum(k.sbu for k in facts.keuzedelen)
    count = len(facts.keuzedelen)
    met = ""
    if count == 1:
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
                    _("Gemiddelde van de keuzedelen %(gemiddelde)s: minimaal 6 vereist") % {"gemiddelde": _nl(average)}
                )
            if 2 * voldoende < count:
                failures.append(
                    _("%(voldoende)d van de %(count)d keuzedelen 6 of hoger: minimaal de helft vereist")
                    % {"voldoende": voldoende, "count": count}
                )
            met = _(
                "Gemiddelde %(gemiddelde)s over %(count)d keuzedelen, %(voldoende)d 6 of hoger, geen onder de 4"
            ) % {
                "gemiddelde": _nl(average),
                "count": count,
                "voldoende": voldoende,
            }
    if min_sbu is not None:
        if total_sbu < min_sbu:
            failures.append(
                _("Keuzedelen samen %(sbu)d SBU: minimaal %(min)d SBU vereist") % {"sbu": total_sbu, "min": min_sbu}
            )
        met = _("%(met)s; samen %(sbu)d SBU (minimaal %(min)d)") % {"met": met, "sbu": total_sbu, "min": min_sbu}
    return conclude("keuzedelen_2020", naam, failures=failures, pending=pending, met=met)


def check_keuzedelen_afgelegd(facts: Facts) -> CheckResult:
    """Cohorts 2016–2019: an exam result must exist for every keuzedeel, whatever the mark.

    A recorded cijfer is such a result, so it counts as afgelegd even when the flag was not set. A
    keuzedeel not afgelegd is not met (the record says so), not unknown.
    """
    naam = _("Keuzedelen afgelegd")
    if facts.vrijgesteld(Onderdeel.KEUZEDELEN):
        return conclude("keuzedelen_afgelegd", naam, failures=(), pending=(), met=_("Keuzedelen vrijgesteld"))
    if not facts.keuzedelen:
        return conclude("keuzedelen_afgelegd", naam, failures=(), pending=[_("Nog geen keuzedeelresultaten")], met="")
    failures = [
        _("%(keuzedeel)s: examen niet afgelegd") % {"keuzedeel": _naam(k)}
        for k in facts.keuzedelen
        if not (k.afgelegd or k.cijfer is not None)
    ]
    met = _("Alle keuzedelen afgelegd: %(codes)s") % {"codes": opsomming([k.code for k in facts.keuzedelen])}
    return conclude("keuzedelen_afgelegd", naam, failures=failures, pending=(), met=met)


def check_entree_keuzedeel(facts: Facts) -> CheckResult:
    """Entree: the keuzedeel at least 6 (every keuzedeel, should the student have more than one)."""
    naam = _("Keuzedeel (entree)")
    if facts.vrijgesteld(Onderdeel.KEUZEDELEN):
        return conclude("entree_keuzedeel", naam, failures=(), pending=(), met=_("Keuzedeel vrijgesteld"))
    if not facts.keuzedelen:
        return conclude("entree_keuzedeel", naam, failures=(), pending=[_("Nog geen keuzedeelresultaat")], met="")
    failures: list[str] = []
    pending: list[str] = []
    delen: list[str] = []
    for k in facts.keuzedelen:
        if k.cijfer is None:
            pending.append(_("%(keuzedeel)s: nog geen cijfer") % {"keuzedeel": _naam(k)})
        elif afgerond(k.cijfer) < 6:
            failures.append(_te_laag(k, k.cijfer, 6))
        else:
            delen.append(f"{_naam(k)}: {cijfer_tekst(k.cijfer)}")
    return conclude("entree_keuzedeel", naam, failures=failures, pending=pending, met="; ".join(delen))


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


def _nl(average: Fraction) -> str:
    """An average to at most two decimals, rounded down: a failing 5,96 never shows as "6"."""
    return nl(Decimal(math.floor(average * 100)).scaleb(-2))
