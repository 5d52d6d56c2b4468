"""The result of one diploma check, and the small text helpers every check shares."""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"  # a result the check needs is not known yet


@dataclass(frozen=True)
class CheckResult:
    code: str  # the registry key, e.g. "kerntaken"
    naam: str  # Dutch label
    status: Status
    uitleg: str  # Dutch explanation; for an open check its open items joined with "; "
    open_items: tuple[str, ...]  # one Dutch sentence per thing still to do; empty when met


def conclude(code: str, naam: str, *, failures: Sequence[str], pending: Sequence[str], met: str) -> CheckResult:
    """Not met as soon as one failure is known, whatever is still pending; unknown while anything is
    pending; met otherwise. Open items list the failures first, then what is still pending."""
    items = tuple(zin(item) for item in (*failures, *pending))
    if failures:
        return CheckResult(code, naam, Status.NOT_MET, "; ".join(items), items)
    if pending:
        return CheckResult(code, naam, Status.UNKNOWN, "; ".join(items), items)
    return CheckResult(code, naam, Status.MET, zin(met), ())


def opsomming(items: Sequence[str]) -> str:
    """A Dutch enumeration: "a", "a en b", "a, b en c"."""
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s en %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def zin(text: str) -> str:
    """Start a sentence with a capital: "rekenen 4: …" becomes "Rekenen 4: …"."""
    return text[:1].upper() + text[1:]


def validate_count(value: object, name: str) -> None:
    """A rule set's setting such as min_sbu: a whole number of 0 or more, or None for "no minimum"."""
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        raise ValueError(
            _("De instelling %(name)s moet een heel getal van 0 of meer zijn, niet %(value)r.")
            % {"name": name, "value": value}
        )
