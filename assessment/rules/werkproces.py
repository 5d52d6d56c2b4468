"""The result of one werkproces from the scores on its criteria.

The caller passes the ids of the criteria that apply to this student (basis plus profiel additions) and
one score per criterium; the result is the same for a formatieve and an examen beoordeling, which of the
two counts is the caller's concern.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .scales import OVG, Level, Niveau, Scale


class PassRule(StrEnum):
    GEEN_ONVOLDOENDE = "geen_onvoldoende"
    CESUUR = "cesuur"


class IncompleteScores(ValueError):
    """Not every applicable criterium has a score yet."""

    def __init__(self, *, missing: tuple[int, ...], total: int) -> None:
        self.missing = missing
        self.total = total
        super().__init__(
            ngettext(
                "%(missing)d van de %(total)d criteria heeft nog geen score.",
                "%(missing)d van de %(total)d criteria hebben nog geen score.",
                len(missing),
            )
            % {"missing": len(missing), "total": total}
        )


@dataclass(frozen=True)
class WerkprocesRule:
    """How a werkproces passes.

    `geen_onvoldoende`: voldoende when no criterion is onvoldoende; goed when all are goed, or, with
    `goed_vanaf_percent`, when at least that share of the criteria is goed. `cesuur` needs `cesuur_percent`:
    on a points scale the share of the points, on a word scale the share of the criteria voldoende or
    better; goed needs `goed_vanaf_percent` (on a word scale: that share goed and none onvoldoende).
    `kritisch` holds criterium ids that fail the werkproces when their level is onvoldoende; ids that do not
    apply to this student (another profiel's addition) are ignored.
    """

    scale: Scale = OVG
    pass_rule: PassRule = PassRule.GEEN_ONVOLDOENDE
    cesuur_percent: Decimal | None = None
    goed_vanaf_percent: Decimal | None = None
    kritisch: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        # Accept the plain values a form or model field holds; the object stays immutable afterwards.
        try:
            object.__setattr__(self, "pass_rule", PassRule(self.pass_rule))
        except ValueError:
            raise ValueError(
                _("Onbekende slaagregel '%(rule)s'; kies uit: %(rules)s.")
                % {"rule": self.pass_rule, "rules": ", ".join(PassRule)}
            ) from None
        object.__setattr__(self, "kritisch", frozenset(self.kritisch))
        object.__setattr__(self, "cesuur_percent", _as_decimal(self.cesuur_percent, _("De cesuur")))
        object.__setattr__(self, "goed_vanaf_percent", _as_decimal(self.goed_vanaf_percent, _("De grens voor goed")))
        if self.pass_rule != PassRule.CESUUR:
            if self.goed_vanaf_percent is not None and not 0 < self.goed_vanaf_percent <= 100:
                raise ValueError(
                    _("De grens voor goed moet groter dan 0%% en hoogstens 100%% zijn, niet %(goed)s%%.")
                    % {"goed": _number(self.goed_vanaf_percent)}
                )
            return
        if self.cesuur_percent is None:
            raise ValueError(_("De slaagregel 'cesuur' heeft een cesuur in procenten nodig."))
        if not 0 < self.cesuur_percent <= 100:
            raise ValueError(
                _("De cesuur moet groter dan 0%% en hoogstens 100%% zijn, niet %(cesuur)s%%.")
                % {"cesuur": _number(self.cesuur_percent)}
            )
        if self.goed_vanaf_percent is not None and not self.cesuur_percent <= self.goed_vanaf_percent <= 100:
            raise ValueError(
                _("De grens voor goed moet tussen de cesuur (%(cesuur)s%%) en 100%% liggen, niet %(goed)s%%.")
                % {"cesuur": _number(self.cesuur_percent), "goed": _number(self.goed_vanaf_percent)}
            )


@dataclass(frozen=True)
class WerkprocesOutcome:
    niveau: Niveau
    percent: Decimal | None  # one decimal, rounded half up; None under the geen_onvoldoende rule
    reasons: tuple[str, ...]


def werkproces_outcome(
    *, rule: WerkprocesRule, scores: Mapping[int, str], criteria: Sequence[int]
) -> WerkprocesOutcome:
    """Judge one werkproces; an empty score counts as missing, so a half-filled form never passes."""
    criteria = tuple(criteria)
    if not criteria:
        raise ValueError(_("Er zijn geen criteria om te beoordelen."))
    if len(set(criteria)) != len(criteria):
        raise ValueError(_("Elk criterium mag maar één keer meetellen."))
    applicable = set(criteria)
    extra = [criterium for criterium in scores if criterium not in applicable]
    if extra:
        raise ValueError(
            _("Er zijn scores voor criteria die niet bij dit werkproces horen: %(ids)s.")
            % {"ids": ", ".join(str(criterium) for criterium in extra)}
        )
    missing = tuple(criterium for criterium in criteria if not scores.get(criterium))
    if missing:
        raise IncompleteScores(missing=missing, total=len(criteria))
    levels = {criterium: rule.scale.level(scores[criterium]) for criterium in criteria}

    kritisch_reasons = tuple(
        _("Kritisch criterium niet voldoende: criterium %(id)s") % {"id": criterium}
        for criterium in criteria
        if criterium in rule.kritisch and levels[criterium].niveau == Niveau.ONVOLDOENDE
    )
    if rule.pass_rule == PassRule.CESUUR and rule.scale.counts_points:
        return _by_cesuur(rule, list(levels.values()), kritisch_reasons)
    if rule.pass_rule == PassRule.CESUUR:
        return _by_share(rule, list(levels.values()), kritisch_reasons)
    return _by_geen_onvoldoende(rule, list(levels.values()), kritisch_reasons)


def _by_geen_onvoldoende(
    rule: WerkprocesRule, levels: list[Level], kritisch_reasons: tuple[str, ...]
) -> WerkprocesOutcome:
    total = len(levels)
    onvoldoende = sum(1 for level in levels if level.niveau == Niveau.ONVOLDOENDE)
    goed = sum(1 for level in levels if level.niveau == Niveau.GOED)
    if onvoldoende:
        counted = _("%(count)d van %(total)d criteria onvoldoende") % {"count": onvoldoende, "total": total}
        return WerkprocesOutcome(Niveau.ONVOLDOENDE, None, (*kritisch_reasons, counted))
    if goed == total:
        reason = ngettext("Het criterium is goed", "Alle %(total)d criteria goed", total) % {"total": total}
        return WerkprocesOutcome(Niveau.GOED, None, (reason,))
    if rule.goed_vanaf_percent is not None:
        return _goed_by_share(rule, goed, total, _("Geen criterium onvoldoende"), None)
    return WerkprocesOutcome(
        Niveau.VOLDOENDE,
        None,
        (
            _("Geen criterium onvoldoende"),
            _("%(count)d van %(total)d criteria goed; voor goed moeten alle criteria goed zijn")
            % {"count": goed, "total": total},
        ),
    )


def _by_share(rule: WerkprocesRule, levels: list[Level], kritisch_reasons: tuple[str, ...]) -> WerkprocesOutcome:
    """A cesuur on a word scale: the share of the criteria that is voldoende or better."""
    if rule.cesuur_percent is None:  # WerkprocesRule.__post_init__ prevents this; it narrows the type
        raise ValueError(_("De slaagregel 'cesuur' heeft een cesuur in procenten nodig."))
    total = len(levels)
    enough = sum(1 for level in levels if level.niveau != Niveau.ONVOLDOENDE)
    goed = sum(1 for level in levels if level.niveau == Niveau.GOED)
    exact = Fraction(100 * enough, total)
    percent = _half_up(exact)
    passed = exact >= Fraction(rule.cesuur_percent)
    template = (
        _("%(count)d van %(total)d criteria voldoende of beter (%(score)s%%): de cesuur is %(grens)s%%")
        if passed
        else _("%(count)d van %(total)d criteria voldoende of beter (%(score)s%%): onder de cesuur van %(grens)s%%")
    )
    reason = template % {
        "count": enough,
        "total": total,
        "score": _score_text(exact, rule.cesuur_percent, passed),
        "grens": _number(rule.cesuur_percent),
    }
    if kritisch_reasons or not passed:
        return WerkprocesOutcome(Niveau.ONVOLDOENDE, percent, (*kritisch_reasons, reason))
    if rule.goed_vanaf_percent is None:
        return WerkprocesOutcome(Niveau.VOLDOENDE, percent, (reason,))
    if enough < total:
        # Goed never goes with an onvoldoende criterion on a word scale.
        return WerkprocesOutcome(Niveau.VOLDOENDE, percent, (reason, _("Een criterium is onvoldoende, dus niet goed")))
    return _goed_by_share(rule, goed, total, reason, percent)


def _goed_by_share(
    rule: WerkprocesRule, goed: int, total: int, first_reason: str, percent: Decimal | None
) -> WerkprocesOutcome:
    bound = rule.goed_vanaf_percent
    if bound is None:  # the callers check this; it narrows the type
        raise ValueError(_("Er is geen grens voor goed."))
    exact = Fraction(100 * goed, total)
    reached = exact >= Fraction(bound)
    template = (
        _("%(count)d van %(total)d criteria goed (%(score)s%%): de grens voor goed is %(grens)s%%")
        if reached
        else _("%(count)d van %(total)d criteria goed (%(score)s%%): onder de grens voor goed van %(grens)s%%")
    )
    reason = template % {
        "count": goed,
        "total": total,
        "score": _score_text(exact, bound, reached),
        "grens": _number(bound),
    }
    return WerkprocesOutcome(Niveau.GOED if reached else Niveau.VOLDOENDE, percent, (first_reason, reason))


def _by_cesuur(rule: WerkprocesRule, levels: list[Level], kritisch_reasons: tuple[str, ...]) -> WerkprocesOutcome:
    if rule.cesuur_percent is None:  # WerkprocesRule.__post_init__ prevents this; it narrows the type
        raise ValueError(_("De slaagregel 'cesuur' heeft een cesuur in procenten nodig."))
    points = sum(level.points for level in levels)
    max_points = len(levels) * rule.scale.max_points
    # Compare the exact fraction: 54.96% rounds to 55.0% for display but must not pass a 55% cesuur.
    exact = Fraction(100 * points, max_points)
    percent = _half_up(exact)
    punten = _("%(points)d van %(max)d punten") % {"points": points, "max": max_points}

    def versus(bound: Decimal, met: str, not_met: str) -> tuple[bool, str]:
        passed = exact >= Fraction(bound)
        template = met if passed else not_met
        return passed, template % {
            "score": _score_text(exact, bound, passed),
            "punten": punten,
            "grens": _number(bound),
        }

    passed, cesuur_reason = versus(
        rule.cesuur_percent,
        _("Score %(score)s%% (%(punten)s) haalt de cesuur van %(grens)s%%"),
        _("Score %(score)s%% (%(punten)s) ligt onder de cesuur van %(grens)s%%"),
    )
    if kritisch_reasons or not passed:
        return WerkprocesOutcome(Niveau.ONVOLDOENDE, percent, (*kritisch_reasons, cesuur_reason))
    if rule.goed_vanaf_percent is None:
        return WerkprocesOutcome(Niveau.VOLDOENDE, percent, (cesuur_reason,))
    goed, goed_reason = versus(
        rule.goed_vanaf_percent,
        _("Score %(score)s%% (%(punten)s) haalt de grens voor goed van %(grens)s%%"),
        _("Score %(score)s%% (%(punten)s) ligt onder de grens voor goed van %(grens)s%%"),
    )
    if goed:
        return WerkprocesOutcome(Niveau.GOED, percent, (goed_reason,))
    return WerkprocesOutcome(Niveau.VOLDOENDE, percent, (cesuur_reason, goed_reason))


def _score_text(exact: Fraction, bound: Decimal, passed: bool) -> str:
    """The score as shown next to a bound; never a rounded figure that seems to contradict the outcome."""
    shown = _half_up(exact)
    if (shown >= bound) != passed:
        # Round towards the truth with one more decimal: 54.96 becomes "54,96", not "55,0".
        hundredths = math.ceil(exact * 100) if passed else math.floor(exact * 100)
        shown = Decimal(hundredths).scaleb(-2)
    return _number(shown)


def _half_up(exact: Fraction) -> Decimal:
    """One decimal, rounded half up (scores are never negative)."""
    return Decimal(math.floor(exact * 10 + Fraction(1, 2))).scaleb(-1)


def _number(value: Decimal) -> str:
    """In the active language's notation, without trailing zeros: 55 → "55", 54.50 → "54,5" (Dutch), "54.5"."""
    if value == value.to_integral_value():
        return str(int(value))
    return formats.number_format(value.normalize())


def _as_decimal(value: Decimal | int | None, what: str) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    # A float such as 54.99 is not exact; percentages come from a DecimalField or a Decimal literal.
    raise ValueError(
        _("%(what)s moet een Decimal of een geheel getal zijn, niet %(value)r.") % {"what": what, "value": value}
    )
