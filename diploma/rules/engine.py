"""Run a rule set's checks on one student's facts, and pick the rule set for a niveau and cohort."""

import functools
import inspect
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from django.utils.translation import gettext as _

from .beroeps import check_bpv, check_kerntaken
from .facts import Facts
from .generiek import (
    check_loopbaan_burgerschap,
    check_nl_en_rekenen_2022,
    check_nl_en_voor_2022,
    check_nl_rekenen_2022,
    check_rekenen_voldaan_entree,
)
from .keuzedelen import check_entree_keuzedeel, check_keuzedelen_2020, check_keuzedelen_afgelegd
from .results import CheckResult, Status

# The names a Regelset's `checks` JSON refers to; renaming one breaks stored rule sets.
CHECKS: dict[str, Callable[..., CheckResult]] = {
    "kerntaken": check_kerntaken,
    "nl_en_rekenen_2022": check_nl_en_rekenen_2022,
    "nl_en_voor_2022": check_nl_en_voor_2022,
    "nl_rekenen_2022": check_nl_rekenen_2022,
    "loopbaan_burgerschap": check_loopbaan_burgerschap,
    "keuzedelen_2020": check_keuzedelen_2020,
    "keuzedelen_afgelegd": check_keuzedelen_afgelegd,
    "entree_keuzedeel": check_entree_keuzedeel,
    "rekenen_voldaan_entree": check_rekenen_voldaan_entree,
    "bpv": check_bpv,
}


class Outcome(StrEnum):
    GEREED = "gereed"
    NOG_NIET = "nog_niet"


@dataclass(frozen=True)
class Readiness:
    outcome: Outcome
    results: tuple[CheckResult, ...]
    open_items: tuple[str, ...]  # the uitleg of every check that is not met or unknown, in rule set order

    @property
    def gereed(self) -> bool:
        return self.outcome == Outcome.GEREED


def evaluate(checks: Sequence[Mapping[str, object]], facts: Facts) -> Readiness:
    """Run every check of a rule set, e.g. `[{"check": "kerntaken"}, {"check": "bpv", "min_uren": 900}]`.

    Gereed only when every check is met; an empty rule set is an error, never a vacuous pass. An unknown
    check name or setting raises ValueError, so a mistyped rule set fails loudly instead of being skipped.
    """
    results = [CHECKS[name](facts, **params) for name, params in _parsed(checks)]
    open_items = tuple(result.uitleg for result in results if result.status != Status.MET)
    outcome = Outcome.NOG_NIET if open_items else Outcome.GEREED
    return Readiness(outcome=outcome, results=tuple(results), open_items=open_items)


def _parsed(checks: Sequence[Mapping[str, object]]) -> tuple[tuple[str, dict[str, object]], ...]:
    # A cohort export evaluates the same rule set for every student: validate it once, not per student.
    try:
        key = json.dumps(checks, sort_keys=True)
    except TypeError:
        return _parse_all(checks)
    return _parse_cached(key)


@functools.lru_cache(maxsize=64)
def _parse_cached(key: str) -> tuple[tuple[str, dict[str, object]], ...]:
    return _parse_all(json.loads(key))


def _parse_all(checks: object) -> tuple[tuple[str, dict[str, object]], ...]:
    if isinstance(checks, str | bytes | Mapping) or not checks:
        raise ValueError(_("Een regelset heeft een lijst met minstens één controle nodig."))
    parsed = []
    seen: set[str] = set()
    # checks is any JSON; annotating it would change fingerprinted rule code (RULES_VERSION)
    for spec in checks:  # type: ignore[attr-defined]
        name, params = _parse(spec)
        if name in seen:
            raise ValueError(_("De controle '%(name)s' staat twee keer in de regelset.") % {"name": name})
        seen.add(name)
        parsed.append((name, params))
    return tuple(parsed)


def _parse(spec: object) -> tuple[str, dict[str, object]]:
    if not isinstance(spec, Mapping) or not isinstance(spec.get("check"), str):
        raise ValueError(
            _('Elke controle in een regelset is een object met een naam onder "check", niet %(spec)r.') % {"spec": spec}
        )
    name = spec["check"]
    if name not in CHECKS:
        raise ValueError(
            _("Onbekende controle '%(name)s'; kies uit: %(names)s.") % {"name": name, "names": ", ".join(CHECKS)}
        )
    params = {str(key): value for key, value in spec.items() if key != "check"}
    try:
        inspect.signature(CHECKS[name]).bind(None, **params)
    except TypeError:
        raise ValueError(
            _("Onbekende instelling voor controle '%(name)s': %(params)s.")
            % {"name": name, "params": ", ".join(sorted(params))}
        ) from None
    return name, params


def geen_regels(*, niveau: int, cohort: int) -> str:
    """What a student and coordinator read when no rule set covers the cohort: who decides, not "regelset"."""
    jaren = f"{cohort}-{cohort + 1}"
    if niveau == 1:
        return _("Geen regels vastgelegd voor cohort %(cohort)s entree: vraag de examencommissie") % {"cohort": jaren}
    return _("Geen regels vastgelegd voor cohort %(cohort)s niveau %(niveau)s: vraag de examencommissie") % {
        "cohort": jaren,
        "niveau": niveau,
    }


class RegelsetLike(Protocol):
    niveaus: Sequence[int]
    cohort_vanaf: int
    cohort_tot: int | None


def choose[R: RegelsetLike](regelsets: Iterable[R], *, niveau: int | None, cohort: int) -> R:
    """The one rule set for this niveau and cohort (start year); `cohort_tot` is inclusive, None is open.

    None or several is a configuration error the coordinator must see, so both raise ValueError; so does
    an unknown niveau (the dossier did not give it), which is never taken to be 4.
    """
    if niveau is None:
        raise ValueError(_("Niveau onbekend: het kwalificatiedossier geeft het mbo-niveau van dit profiel niet."))
    matches = [
        regelset
        for regelset in regelsets
        if niveau in regelset.niveaus
        and regelset.cohort_vanaf <= cohort
        and (regelset.cohort_tot is None or cohort <= regelset.cohort_tot)
    ]
    if not matches:
        raise ValueError(geen_regels(niveau=niveau, cohort=cohort))
    if len(matches) > 1:
        raise ValueError(
            _("Meer dan één regelset voor niveau %(niveau)s, cohort %(cohort)s: %(codes)s")
            % {
                "niveau": niveau,
                "cohort": cohort,
                "codes": ", ".join(str(getattr(regelset, "code", regelset)) for regelset in matches),
            }
        )
    return matches[0]
