"""Scoring scales for beoordelingsformulieren: the levels an assessor picks per criterium.

Schools use different scales (DOMAIN.md §3); each level carries points (for a cesuur) and a niveau
(for the "geen onvoldoende" rule and for kritische criteria), so both pass rules work on every scale.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

type StrOrPromise = str | Promise


class Niveau(StrEnum):
    """Same values as `assessment.models.Niveau`, without importing models."""

    ONVOLDOENDE = "onvoldoende"
    VOLDOENDE = "voldoende"
    GOED = "goed"


@dataclass(frozen=True)
class Level:
    code: str
    label: StrOrPromise
    points: int
    niveau: Niveau


@dataclass(frozen=True)
class Scale:
    code: str
    name: StrOrPromise
    levels: tuple[Level, ...]
    # A points scale judges a cesuur on points; a word scale (onvoldoende/voldoende/goed, nooit/oefenen/…)
    # on the share of criteria voldoende or better, since its "points" are only an order.
    counts_points: bool = False

    def __post_init__(self) -> None:
        codes = [level.code for level in self.levels]
        if not codes:
            raise ValueError(gettext("Een schaal heeft minstens één niveau."))
        if len(set(codes)) != len(codes):
            raise ValueError(gettext("De niveaus van een schaal moeten elk een eigen code hebben."))
        if any(level.points < 0 for level in self.levels):
            raise ValueError(gettext("Punten van een niveau kunnen niet negatief zijn."))
        if self.max_points == 0:
            # A cesuur divides by the maximum; a scale without points could never pass.
            raise ValueError(gettext("Minstens één niveau van een schaal moet punten opleveren."))

    def level(self, code: str) -> Level:
        for level in self.levels:
            if level.code == code:
                return level
        raise ValueError(
            gettext("Onbekende score '%(code)s' voor schaal '%(scale)s'; kies uit: %(codes)s.")
            % {"code": code, "scale": self.code, "codes": ", ".join(level.code for level in self.levels)}
        )

    @property
    def max_points(self) -> int:
        return max(level.points for level in self.levels)

    @property
    def choices(self) -> list[tuple[str, StrOrPromise]]:
        return [(level.code, level.label) for level in self.levels]


OVG = Scale(
    code="ovg",
    name=_("Onvoldoende / voldoende / goed"),
    levels=(
        Level("onvoldoende", _("Onvoldoende"), 0, Niveau.ONVOLDOENDE),
        Level("voldoende", _("Voldoende"), 1, Niveau.VOLDOENDE),
        Level("goed", _("Goed"), 2, Niveau.GOED),
    ),
)
PUNTEN = Scale(
    code="punten",
    name=_("Punten 0–3"),
    counts_points=True,
    levels=(
        Level("0", _("0 punten"), 0, Niveau.ONVOLDOENDE),
        Level("1", _("1 punten"), 1, Niveau.ONVOLDOENDE),
        Level("2", _("2 punten"), 2, Niveau.VOLDOENDE),
        Level("3", _("3 punten"), 3, Niveau.GOED),
    ),
)
NOOIT_OEFENEN = Scale(
    code="nooit_oefenen",
    name=_("Nooit / oefenen / voldoende / goed"),
    levels=(
        Level("nooit", _("Nooit"), 0, Niveau.ONVOLDOENDE),
        # "Oefenen" means the student is still practising: not yet enough for an exam.
        Level("oefenen", _("Oefenen"), 1, Niveau.ONVOLDOENDE),
        Level("voldoende", _("Voldoende"), 2, Niveau.VOLDOENDE),
        Level("goed", _("Goed"), 3, Niveau.GOED),
    ),
)

DEFAULT_SCALE_CODE = OVG.code
SCALES: dict[str, Scale] = {scale.code: scale for scale in (OVG, PUNTEN, NOOIT_OEFENEN)}


def get_scale(code: str = DEFAULT_SCALE_CODE) -> Scale:
    try:
        return SCALES[code]
    except KeyError:
        raise ValueError(
            gettext("Onbekende schaal '%(code)s'; kies uit: %(codes)s.") % {"code": code, "codes": ", ".join(SCALES)}
        ) from None
