"""The facts about one student that the diploma rules judge, and the rounding of generic subjects.

Facts are plain values: the caller reads the database and turns werkproces results into kerntaak
eindwaarderingen (with `assessment.rules.kerntaak_outcome`); nothing here knows about models.
"""

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy


class Eindwaardering(StrEnum):
    """The word scale of a kerntaak; same values as `assessment.rules.Niveau`, without importing it."""

    ONVOLDOENDE = "onvoldoende"
    VOLDOENDE = "voldoende"
    GOED = "goed"


class Onderdeel(StrEnum):
    """What a vrijstelling for a generic subject can cover; same values as `diploma.models.Vrijstelling.Onderdeel`.

    A vrijstelling for one keuzedeel is `Keuzedeel.vrijgesteld`. KEUZEDELEN ("all keuzedelen") only remains for
    vrijstellingen recorded before that existed, for students who had no keuzedeel to attach them to.
    """

    NEDERLANDS = "nederlands"
    ENGELS = "engels"
    REKENEN = "rekenen"
    LOOPBAAN_BURGERSCHAP = "loopbaan_burgerschap"
    KEUZEDELEN = "keuzedelen"


@dataclass(frozen=True)
class Keuzedeel:
    code: str
    naam: str
    sbu: int
    cijfer: Decimal | None = None  # 1–10 with one decimal; None: no result yet
    afgelegd: bool = False
    telt_mee: bool = False  # marked by the coordinator as one that fills the required size (art. 17 lid 2)
    vrijgesteld: bool = False  # a vrijstelling for this keuzedeel; `cijfer` is then the mark it was granted on

    def __post_init__(self) -> None:
        if not isinstance(self.sbu, int) or isinstance(self.sbu, bool) or self.sbu < 0:
            raise ValueError(
                _("De omvang van keuzedeel %(code)s moet een heel aantal SBU zijn, niet %(sbu)r.")
                % {"code": self.code, "sbu": self.sbu}
            )
        object.__setattr__(self, "cijfer", _mark(self.cijfer, lambda: _("Het cijfer van keuzedeel %s") % self.code))


@dataclass(frozen=True)
class Facts:
    niveau: int | None  # 1 is entree; None when the dossier does not give it
    cohort: int  # start year: 2022 for 2022-2023
    kerntaken: Mapping[str, str | None] = field(default_factory=dict)  # code → eindwaardering; None: not yet known
    kerntaak_missing: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # code → open werkprocessen
    kerntaak_onvoldoende: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # code → failed werkprocessen
    titels: Mapping[str, str] = field(default_factory=dict)  # kerntaak or werkproces code → its title
    nederlands_ce: Decimal | None = None
    nederlands_se: Decimal | None = None
    engels_ce: Decimal | None = None
    engels_se: Decimal | None = None
    rekenen: Decimal | None = None
    loopbaan_burgerschap: bool | None = None
    keuzedelen: tuple[Keuzedeel, ...] = ()
    bpv_voldaan: bool | None = None
    bpv_uren: int | None = None
    vrijstellingen: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # Normalise what callers pass (dicts, lists, ints) so a Facts stays immutable and comparable;
        # `dataclasses.replace` runs this again, so every step accepts its own output.
        if self.niveau not in (None, 1, 2, 3, 4) or isinstance(self.niveau, bool):
            raise ValueError(
                _("Onbekend mbo-niveau %(niveau)r; kies uit 1 (entree), 2, 3 of 4.") % {"niveau": self.niveau}
            )
        if not isinstance(self.cohort, int) or isinstance(self.cohort, bool):
            raise ValueError(_("Het cohort is een startjaar, zoals 2022, niet %(cohort)r.") % {"cohort": self.cohort})
        kerntaken: dict[str, Eindwaardering | None] = {}
        for code, waardering in self.kerntaken.items():
            if waardering is not None and waardering not in Eindwaardering:
                raise ValueError(
                    _("Onbekende eindwaardering '%(waardering)s' voor kerntaak %(code)s; kies uit: %(keuzes)s.")
                    % {"waardering": waardering, "code": code, "keuzes": ", ".join(Eindwaardering)}
                )
            kerntaken[code] = None if waardering is None else Eindwaardering(waardering)
        object.__setattr__(self, "kerntaken", MappingProxyType(kerntaken))
        missing = {code: tuple(werkprocessen) for code, werkprocessen in self.kerntaak_missing.items()}
        object.__setattr__(self, "kerntaak_missing", MappingProxyType(missing))
        onvoldoende = {code: tuple(werkprocessen) for code, werkprocessen in self.kerntaak_onvoldoende.items()}
        object.__setattr__(self, "kerntaak_onvoldoende", MappingProxyType(onvoldoende))
        object.__setattr__(self, "titels", MappingProxyType({str(k): str(v) for k, v in self.titels.items()}))
        labels = {
            "nederlands_ce": _lazy("Nederlands centraal examen"),
            "nederlands_se": _lazy("Nederlands instellingsexamen"),
            "engels_ce": _lazy("Engels centraal examen"),
            "engels_se": _lazy("Engels instellingsexamen"),
            "rekenen": _lazy("Rekenen"),
        }
        for name, label in labels.items():
            object.__setattr__(self, name, _mark(getattr(self, name), label))  # type: ignore[arg-type]  # lazy text; the annotation waits for a RULES_VERSION bump
        for name in ("loopbaan_burgerschap", "bpv_voldaan"):
            if getattr(self, name) not in (None, True, False):
                raise ValueError(
                    _("%(name)s is True, False of None, niet %(value)r.") % {"name": name, "value": getattr(self, name)}
                )
        if self.bpv_uren is not None and (
            not isinstance(self.bpv_uren, int) or isinstance(self.bpv_uren, bool) or self.bpv_uren < 0
        ):
            raise ValueError(_("BPV-uren zijn een heel aantal, niet %(uren)r.") % {"uren": self.bpv_uren})
        keuzedelen = tuple(self.keuzedelen)
        if not all(isinstance(keuzedeel, Keuzedeel) for keuzedeel in keuzedelen):
            raise ValueError(_("Keuzedelen moeten Keuzedeel-waarden zijn."))
        object.__setattr__(self, "keuzedelen", keuzedelen)
        vrijstellingen = frozenset(self.vrijstellingen)
        unknown = sorted(str(code) for code in vrijstellingen if code not in Onderdeel)
        if unknown:
            raise ValueError(
                _("Onbekende vrijstelling: %(codes)s; kies uit: %(keuzes)s.")
                % {"codes": ", ".join(unknown), "keuzes": ", ".join(Onderdeel)}
            )
        object.__setattr__(self, "vrijstellingen", vrijstellingen)

    def vrijgesteld(self, onderdeel: str) -> bool:
        return onderdeel in self.vrijstellingen

    def benoemd(self, code: str) -> str:
        """A kerntaak or werkproces as a student reads it: "B1-K1 (Bereidt de verkoop voor)", or the code alone."""
        titel = self.titels.get(code)
        return f"{code} ({titel})" if titel else code


def afgerond(cijfer: Decimal) -> int:
    """A mark as a whole number, rounded half up: 5,45 → 5 and 5,5 → 6 (marks are never negative)."""
    value = _mark(cijfer, _lazy("Het cijfer"))  # type: ignore[arg-type]  # lazy text; the annotation waits for a RULES_VERSION bump
    if value is None:
        raise ValueError(_("Er is geen cijfer om af te ronden."))
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def eindcijfer(ce: Decimal | None, se: Decimal | None) -> int | None:
    """The eindcijfer of a generic subject: the mean of centraal examen (CE) and instellingsexamen (IE; `se` in
    the models, mbo law never says schoolexamen), rounded half up.

    Both are needed; with only one of them the eindcijfer is not yet known (None). CE 5,4 and IE 5,5
    average 5,45 and give a 5; CE 5,4 and IE 5,6 average exactly 5,5 and give a 6.
    """
    # _mark takes lazy text too, but rule code is fingerprinted (tests/diploma/test_rules_version.py): changing
    # its annotation would force a RULES_VERSION bump and a recomputation of every stored readiness.
    ce = _mark(ce, _lazy("Het centraal examen"))  # type: ignore[arg-type]  # lazy text; the annotation waits for a RULES_VERSION bump
    se = _mark(se, _lazy("Het instellingsexamen"))  # type: ignore[arg-type]  # lazy text; the annotation waits for a RULES_VERSION bump
    if ce is None or se is None:
        return None
    # Both have at most one decimal, so the mean is exact in Decimal: no float ever rounds 5,45 up.
    return afgerond((ce + se) / 2)


def nl(value: Decimal | int) -> str:
    """A number in the active language, without trailing zeros: 6 → "6", 5.50 → "5,5" (English "5.5")."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return formats.number_format(value.normalize())


def gemiddelde_tekst(value: Decimal | Fraction, *, drempel: int) -> str:
    """An average to at most two decimals, rounded half up as DOMAIN.md §2 rounds marks ("rounded half up"),
    never cut: 17/3 shows as 5,67. An average below `drempel` never shows as reaching it (5,999 → 5,99),
    so a failing average cannot read as a pass."""
    exact = Fraction(value)
    shown = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if exact < drempel <= shown:
        shown = Decimal(math.floor(exact * 100)).scaleb(-2)
    return nl(shown)


def cijfer_tekst(cijfer: Decimal) -> str:
    """A mark as shown in an explanation: "6", or "5,4 (afgerond 5)" when rounding changed it."""
    heel = afgerond(cijfer)
    if cijfer == heel:
        return str(heel)
    return _("%(cijfer)s (afgerond %(heel)d)") % {"cijfer": nl(cijfer), "heel": heel}


def _mark(value: object, what: str | Callable[[], str]) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    # A float such as 5.45 is not exact; marks come from a DecimalField or a Decimal literal.
    if not isinstance(value, Decimal) or not value.is_finite() or not 1 <= value <= 10:
        raise ValueError(
            _("%(what)s moet een Decimal van 1 tot en met 10 zijn, niet %(value)r.")
            % {"what": what() if callable(what) else what, "value": value}
        )
    return value
