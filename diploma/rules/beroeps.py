"""The beroepsgerichte deel (kerntaken) and the beroepspraktijkvorming (DOMAIN.md §2)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .facts import Eindwaardering, Facts
from .results import CheckResult, conclude, opsomming, validate_count


def check_kerntaken(facts: Facts) -> CheckResult:
    """Every kerntaak (basis and profiel) voldoende or goed; no compensation between kerntaken.

    A rule set without kerntaken is a data error upstream, not a pass: it stays unknown.
    """
    naam = _("Beroepsgericht deel (kerntaken)")
    failures: list[str] = []
    pending: list[str] = []
    if not facts.kerntaken:
        pending.append(_("Nog geen kerntaken bekend"))
    for code, waardering in facts.kerntaken.items():
        if waardering == Eindwaardering.ONVOLDOENDE:
            failures.append(_onvoldoende_kerntaak(facts, code))
        elif waardering is None:
            pending.append(_open_kerntaak(facts, code))
    total = len(facts.kerntaken)
    met = ngettext("De kerntaak is voldoende of goed", "Alle %(total)d kerntaken voldoende of goed", total) % {
        "total": total
    }
    return conclude("kerntaken", naam, failures=failures, pending=pending, met=met)


def _onvoldoende_kerntaak(facts: Facts, code: str) -> str:
    # Named with its title and the werkprocessen that hold it back, so a student knows what to redo.
    werkprocessen = facts.kerntaak_onvoldoende.get(code, ())
    if not werkprocessen:
        return _("Kerntaak %(code)s is onvoldoende") % {"code": facts.benoemd(code)}
    return ngettext(
        "Kerntaak %(code)s is onvoldoende: werkproces %(werkprocessen)s is onvoldoende",
        "Kerntaak %(code)s is onvoldoende: werkprocessen %(werkprocessen)s zijn onvoldoende",
        len(werkprocessen),
    ) % {"code": facts.benoemd(code), "werkprocessen": opsomming([facts.benoemd(w) for w in werkprocessen])}


def _open_kerntaak(facts: Facts, code: str) -> str:
    werkprocessen = facts.kerntaak_missing.get(code, ())
    if not werkprocessen:
        return _("Kerntaak %(code)s heeft nog geen vastgestelde eindwaardering") % {"code": facts.benoemd(code)}
    return ngettext(
        "Kerntaak %(code)s nog niet voldoende: %(werkprocessen)s heeft geen vastgestelde examenbeoordeling",
        "Kerntaak %(code)s nog niet voldoende: %(werkprocessen)s hebben geen vastgestelde examenbeoordeling",
        len(werkprocessen),
    ) % {"code": facts.benoemd(code), "werkprocessen": opsomming([facts.benoemd(w) for w in werkprocessen])}


def check_bpv(facts: Facts, *, min_uren: int | None = None) -> CheckResult:
    """BPV voldaan, as the school records it; with `min_uren`, also at least that many hours.

    The hours depend on leerweg and duration (BOL 3-year ≥ 900 in the 2015 law), so they are a setting
    of the rule set, not part of the rule.
    """
    validate_count(min_uren, "min_uren")
    naam = _("Beroepspraktijkvorming (BPV)")
    uren = facts.bpv_uren
    failures: list[str] = []
    pending: list[str] = []
    if facts.bpv_voldaan is False:
        failures.append(_("BPV niet voldaan"))
    elif facts.bpv_voldaan is None:
        pending.append(_("BPV nog niet beoordeeld"))
    if min_uren is not None:
        if uren is None:
            pending.append(_("BPV-uren nog niet geregistreerd: minimaal %(min)d uur vereist") % {"min": min_uren})
        elif uren < min_uren:
            failures.append(_("BPV %(uren)d uur: minimaal %(min)d uur vereist") % {"uren": uren, "min": min_uren})
    if uren is None:
        met = _("BPV voldaan")
    elif min_uren is None:
        met = _("BPV voldaan (%(uren)d uur)") % {"uren": uren}
    else:
        met = _("BPV voldaan (%(uren)d uur, minimaal %(min)d)") % {"uren": uren, "min": min_uren}
    return conclude("bpv", naam, failures=failures, pending=pending, met=met)
