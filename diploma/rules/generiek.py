"""Generic subjects: Nederlands, Engels, rekenen, and loopbaan en burgerschap (DOMAIN.md §2).

Nederlands and Engels count with their eindcijfer (mean of the centraal examen and the instellingsexamen,
CE and IE, rounded half up; explanations show both marks and the eindcijfer); rekenen is one
mark, rounded half up to a whole number. A vrijgesteld subject counts as met. A decisive failure (a 4,
or two 5s) makes a check not met even while another mark is still missing; otherwise a missing mark
leaves it unknown.

Niveau 2/3 before cohort 2022-23 has no rule here: DOMAIN.md gives no source for it, so there is no
rule set for it and `choose` says so, rather than guessing a rule.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .facts import Facts, Onderdeel, afgerond, cijfer_tekst, eindcijfer, nl
from .results import CheckResult, conclude, opsomming


@dataclass(frozen=True)
class _Vak:
    label: str  # lower case where Dutch writes it so mid-sentence: "rekenen"
    cijfer: int | None  # the whole number that counts
    tekst: str  # how the mark reads in an explanation
    ontbreekt: str  # the open item while cijfer is None
    vrijgesteld: bool


def _examenvak(facts: Facts, onderdeel: Onderdeel, label: str, ce: Decimal | None, se: Decimal | None) -> _Vak:
    cijfer = eindcijfer(ce, se)
    if ce is None and se is None:
        ontbreekt = _("%(vak)s: nog geen eindcijfer (centraal examen en instellingsexamen ontbreken)")
    elif ce is None:
        ontbreekt = _("%(vak)s: nog geen eindcijfer (centraal examen ontbreekt)")
    else:
        ontbreekt = _("%(vak)s: nog geen eindcijfer (instellingsexamen ontbreekt)")
    tekst = ""
    if cijfer is not None:
        # Both marks and the rounding, so a student sees why 5,4 and 5,5 make a 5.
        # an eindcijfer has both marks; narrowing here would change fingerprinted rule code (RULES_VERSION)
        tekst = _("(CE %(ce)s en IE %(ie)s: eindcijfer %(cijfer)d)") % {"ce": nl(ce), "ie": nl(se), "cijfer": cijfer}  # type: ignore[arg-type]
    return _Vak(
        label=label,
        cijfer=cijfer,
        tekst=tekst,
        ontbreekt=ontbreekt % {"vak": label},
        vrijgesteld=facts.vrijgesteld(onderdeel),
    )


def _nederlands(facts: Facts) -> _Vak:
    return _examenvak(facts, Onderdeel.NEDERLANDS, _("Nederlands"), facts.nederlands_ce, facts.nederlands_se)


def _engels(facts: Facts) -> _Vak:
    return _examenvak(facts, Onderdeel.ENGELS, _("Engels"), facts.engels_ce, facts.engels_se)


def _rekenen(facts: Facts) -> _Vak:
    label = _("rekenen")
    mark = facts.rekenen
    return _Vak(
        label=label,
        cijfer=None if mark is None else afgerond(mark),
        tekst="" if mark is None else cijfer_tekst(mark),
        ontbreekt=_("%(vak)s: nog geen cijfer") % {"vak": label},
        vrijgesteld=facts.vrijgesteld(Onderdeel.REKENEN),
    )


def _een_vijf_toegestaan(vakken: Sequence[_Vak]) -> tuple[list[str], list[str], str]:
    """The compensation rule: one subject may be a 5, the others at least 6, none below 5.

    Returns failures, pending items and the explanation when met.
    """
    failures: list[str] = []
    pending: list[str] = []
    delen: list[str] = []
    vijven: list[_Vak] = []
    for vak in vakken:
        if vak.vrijgesteld:
            delen.append(_("%(vak)s vrijgesteld") % {"vak": vak.label})
            continue
        if vak.cijfer is None:
            pending.append(vak.ontbreekt)
            continue
        delen.append(f"{vak.label} {vak.tekst}")
        if vak.cijfer < 5:
            failures.append(
                _("%(vak)s %(cijfer)s: geen cijfer onder de 5 toegestaan") % {"vak": vak.label, "cijfer": vak.tekst}
            )
        elif vak.cijfer == 5:
            vijven.append(vak)
    if len(vijven) > 1:
        failures.append(
            _("%(vakken)s: maximaal één 5 toegestaan")
            % {"vakken": opsomming([f"{vak.label} {vak.tekst}" for vak in vijven])}
        )
    met = _("%(vakken)s: hoogstens één 5 en geen cijfer onder de 5") % {"vakken": opsomming(delen)}
    return failures, pending, met


def check_nl_en_rekenen_2022(facts: Facts) -> CheckResult:
    """Niveau 4, cohorts from 2022-23: of Nederlands, Engels and rekenen one may be a 5, the other two at
    least 6."""
    failures, pending, met = _een_vijf_toegestaan([_nederlands(facts), _engels(facts), _rekenen(facts)])
    naam = _("Nederlands, Engels en rekenen")
    return conclude("nl_en_rekenen_2022", naam, failures=failures, pending=pending, met=met)


def check_nl_en_voor_2022(facts: Facts) -> CheckResult:
    """Niveau 4, cohorts before 2022-23: of Nederlands and Engels one may be a 5 (not lower), the other at
    least 6; rekenen must have been taken (a mark, or a vrijstelling) but its mark does not count."""
    failures, pending, met = _een_vijf_toegestaan([_nederlands(facts), _engels(facts)])
    if facts.vrijgesteld(Onderdeel.REKENEN):
        met = _("%(met)s; rekenen vrijgesteld") % {"met": met}
    elif facts.rekenen is None:
        pending.append(_("Rekenen nog niet afgelegd: het cijfer telt niet mee, maar rekenen moet wel afgelegd zijn"))
    else:
        met = _("%(met)s; rekenen afgelegd met %(cijfer)s (telt niet mee)") % {"met": met, "cijfer": nl(facts.rekenen)}
    naam = _("Nederlands en Engels (rekenen afgelegd)")
    return conclude("nl_en_voor_2022", naam, failures=failures, pending=pending, met=met)


def check_nl_rekenen_2022(facts: Facts) -> CheckResult:
    """Niveau 2 and 3, cohorts from 2022-23: of Nederlands and rekenen one may be a 5, the other at least 6.

    Only the 2022 rule exists for niveau 2/3; see the module docstring.
    """
    failures, pending, met = _een_vijf_toegestaan([_nederlands(facts), _rekenen(facts)])
    naam = _("Nederlands en rekenen")
    return conclude("nl_rekenen_2022", naam, failures=failures, pending=pending, met=met)


def check_loopbaan_burgerschap(facts: Facts) -> CheckResult:
    """Voldaan or niet voldaan, as decided by the examencommissie; None while it has not decided."""
    naam = _("Loopbaan en burgerschap")
    failures: list[str] = []
    pending: list[str] = []
    if facts.vrijgesteld(Onderdeel.LOOPBAAN_BURGERSCHAP):
        met = _("Loopbaan en burgerschap vrijgesteld")
    else:
        met = _("Loopbaan en burgerschap voldaan")
        if facts.loopbaan_burgerschap is False:
            failures.append(_("Loopbaan en burgerschap niet voldaan"))
        elif facts.loopbaan_burgerschap is None:
            pending.append(_("Loopbaan en burgerschap: nog geen besluit van de examencommissie"))
    return conclude("loopbaan_burgerschap", naam, failures=failures, pending=pending, met=met)


def check_rekenen_voldaan_entree(facts: Facts) -> CheckResult:
    """Entree: rekenen "voldaan". The law asks that it is taken, not for a pass mark, so any recorded mark
    (or a vrijstelling) satisfies it; without one it stays unknown, never not met."""
    naam = _("Rekenen (entree)")
    pending: list[str] = []
    if facts.vrijgesteld(Onderdeel.REKENEN):
        met = _("Rekenen vrijgesteld")
    elif facts.rekenen is None:
        met = ""
        pending.append(_("Rekenen: nog geen resultaat"))
    else:
        met = _("Rekenen voldaan (cijfer %(cijfer)s)") % {"cijfer": nl(facts.rekenen)}
    return conclude("rekenen_voldaan_entree", naam, failures=(), pending=pending, met=met)
