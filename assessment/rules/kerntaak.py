"""The result of a kerntaak from the results of its werkprocessen (DOMAIN.md §2–3).

The law judges the kerntaak; how werkprocessen feed it is school policy. The rule here is the common one:
a kerntaak is voldoende when all its werkprocessen are, goed when all are goed, with no compensation.

Only **final exam results** feed `kerntaak_outcome`: the vastgestelde uitslag of an examenpoging.
Formatieve beoordelingen, and exam scores the examencommissie has not yet vastgesteld, must be passed
as None ("nog niet bekend"); picking them is the caller's concern, since this package reads no database.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .scales import Niveau


@dataclass(frozen=True)
class KerntaakOutcome:
    niveau: Niveau | None  # None: nog niet bekend
    cijfer: int | None
    missing: tuple[str, ...]  # werkproces codes without a final exam result, also when niveau is onvoldoende
    reasons: tuple[str, ...]


def kerntaak_outcome(
    *,
    werkproces_niveaus: Mapping[str, str | None],
    cijfers: Mapping[str, int] | None = None,
    goed_vanaf_percent: Decimal | None = None,
) -> KerntaakOutcome:
    """Derive the kerntaak niveau, and its cijfer when the school grades kerntaken with numbers.

    One onvoldoende werkproces decides at once, even while others are still open: no later result can
    compensate it. Otherwise an open werkproces leaves the kerntaak undecided. A kerntaak is goed when all
    its werkprocessen are, or, with the school's `goed_vanaf_percent`, when at least that share is.
    """
    if not werkproces_niveaus:
        raise ValueError(_("Een kerntaak heeft minstens één werkproces."))
    if cijfers is not None:
        validate_kerntaak_cijfers(cijfers)
    niveaus: dict[str, Niveau | None] = {}
    for code, niveau in werkproces_niveaus.items():
        if niveau is not None and niveau not in Niveau:
            raise ValueError(
                _("Onbekend niveau '%(niveau)s' voor %(code)s; kies uit: %(niveaus)s.")
                % {"niveau": niveau, "code": code, "niveaus": ", ".join(Niveau)}
            )
        niveaus[code] = None if niveau is None else Niveau(niveau)

    missing = tuple(code for code, niveau in niveaus.items() if niveau is None)
    onvoldoende = [code for code, niveau in niveaus.items() if niveau == Niveau.ONVOLDOENDE]
    total = len(niveaus)
    result: Niveau | None
    if onvoldoende:
        result = Niveau.ONVOLDOENDE
        reasons = tuple(_("%(code)s is onvoldoende") % {"code": code} for code in onvoldoende)
    elif missing:
        result = None
        reasons = tuple(
            _("%(code)s heeft nog geen vastgestelde examenbeoordeling") % {"code": code} for code in missing
        )
    elif all(niveau == Niveau.GOED for niveau in niveaus.values()):
        result = Niveau.GOED
        reasons = (ngettext("Het werkproces is goed", "Alle %(total)d werkprocessen goed", total) % {"total": total},)
    elif goed_vanaf_percent is not None:
        goed = sum(1 for niveau in niveaus.values() if niveau == Niveau.GOED)
        reached = Fraction(100 * goed, total) >= Fraction(goed_vanaf_percent)
        result = Niveau.GOED if reached else Niveau.VOLDOENDE
        template = (
            _("%(count)d van %(total)d werkprocessen goed: de grens voor goed is %(grens)s%%")
            if reached
            else _("%(count)d van %(total)d werkprocessen goed: onder de grens voor goed van %(grens)s%%")
        )
        reasons = (
            template % {"count": goed, "total": total, "grens": formats.number_format(goed_vanaf_percent.normalize())},
        )
    else:
        goed = sum(1 for niveau in niveaus.values() if niveau == Niveau.GOED)
        result = Niveau.VOLDOENDE
        reasons = (
            _("Geen werkproces onvoldoende"),
            _("%(count)d van %(total)d werkprocessen goed; voor goed moeten alle werkprocessen goed zijn")
            % {"count": goed, "total": total},
        )
    cijfer = cijfers[result] if cijfers is not None and result is not None else None
    return KerntaakOutcome(niveau=result, cijfer=cijfer, missing=missing, reasons=reasons)


def validate_kerntaak_cijfers(cijfers: Mapping[str, object]) -> None:
    """Check a school's niveau → cijfer mapping, e.g. {"onvoldoende": 4, "voldoende": 6, "goed": 8}.

    A kerntaak passes with "voldoende" or at least a 6 (art. 17), so the mapping must agree with that:
    onvoldoende below 6, voldoende and goed 6 or more, goed not lower than voldoende.
    """
    expected = [str(niveau) for niveau in Niveau]
    unknown = [str(key) for key in cijfers if key not in expected]
    if unknown:
        raise ValueError(
            _("Onbekend niveau in de cijfers: %(keys)s; gebruik %(niveaus)s.")
            % {"keys": ", ".join(unknown), "niveaus": ", ".join(expected)}
        )
    absent = [niveau for niveau in expected if niveau not in cijfers]
    if absent:
        raise ValueError(_("Er ontbreekt een cijfer voor: %(niveaus)s.") % {"niveaus": ", ".join(absent)})
    grades: dict[str, int] = {}
    for niveau in expected:
        value = cijfers[niveau]
        # bool is an int in Python; True as a grade is a data error, not a 1.
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 10:
            raise ValueError(
                _("Het cijfer voor %(niveau)s moet een heel getal van 1 tot en met 10 zijn, niet %(value)r.")
                % {"niveau": niveau, "value": value}
            )
        grades[niveau] = value
    onvoldoende, voldoende, goed = (grades[niveau] for niveau in expected)
    if onvoldoende >= 6:
        raise ValueError(
            _("Het cijfer voor onvoldoende moet lager dan 6 zijn, niet %(value)d.") % {"value": onvoldoende}
        )
    if voldoende < 6:
        raise ValueError(_("Het cijfer voor voldoende moet minstens 6 zijn, niet %(value)d.") % {"value": voldoende})
    if goed < voldoende:
        raise ValueError(
            _("Het cijfer voor goed (%(goed)d) mag niet lager zijn dan dat voor voldoende (%(voldoende)d).")
            % {"goed": goed, "voldoende": voldoende}
        )


class TeltPoging(StrEnum):
    """Which vastgestelde attempt of a werkproces counts after a herkansing: school policy (DOMAIN §3)."""

    LAATSTE = "laatste"
    BESTE = "beste"


ORDER = {Niveau.ONVOLDOENDE: 0, Niveau.VOLDOENDE: 1, Niveau.GOED: 2}


def counting_uitslag(uitslagen: Sequence[str], *, telt: str = TeltPoging.LAATSTE) -> str | None:
    """The uitslag that counts from the vastgestelde attempts of one werkproces, in attempt order."""
    if not uitslagen:
        return None
    if TeltPoging(telt) == TeltPoging.BESTE:
        return max(uitslagen, key=lambda uitslag: ORDER[Niveau(uitslag)])
    return uitslagen[-1]
