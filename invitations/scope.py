"""What a session started with an invitation may reach: that enrolment's beoordelingen, pogingen and settlement,
the evidence they are about, and the basics (language, logging out). Everything else is refused.

The assessor is a praktijkbeoordelaar by the ordinary rule (portfolio.Beoordelaarstoewijzing), so the views and
services decide what they may do exactly as for any beoordelaar; this only narrows the reach to the one
enrolment of the invitation, also when the same person is invited for another student.
"""

from dataclasses import dataclass

from django.urls import ResolverMatch

from invitations import selectors
from invitations.models import Uitnodiging

READ = frozenset({"GET", "HEAD"})
WRITE = READ | {"POST"}

# (namespace, url name) → methods allowed, and how the URL names its object: "inschrijving" (the pk is the
# enrolment) or a kind for selectors.inschrijving_id_of.
ENROLMENT_VIEWS: dict[tuple[str, str], tuple[frozenset[str], str]] = {
    ("assessment", "werkproces"): (WRITE, "inschrijving"),
    ("assessment", "beoordeling"): (WRITE, "beoordeling"),
    ("assessment", "poging"): (READ, "poging"),
    ("assessment", "poging-action"): (frozenset({"POST"}), "poging"),
    ("portfolio", "werkproces"): (READ, "inschrijving"),
    ("portfolio", "bewijsstuk"): (READ, "bewijsstuk"),
    ("portfolio", "bestand"): (READ, "bestand"),
}
# What the two assessors do to settle a difference; vaststellen, correcting and herkansingen stay the coordinator's.
POGING_ACTIONS = frozenset({"voorstellen", "instemmen", "voorleggen"})
BASICS = frozenset({("", "set_language"), ("", "logout"), ("", "account_logout")})
HOME = frozenset({("", "home"), ("portfolio", "home")})


@dataclass(frozen=True)
class Decision:
    allowed: bool
    home: bool = False  # send the assessor to their start page instead


def decide(*, uitnodiging: Uitnodiging, match: ResolverMatch | None, method: str | None) -> Decision:
    if match is None:
        return Decision(allowed=True)  # nothing resolved: the 404 page
    key = (match.namespace, match.url_name)
    if match.namespace == "invitations" or key in BASICS:
        return Decision(allowed=True)
    if key in HOME:
        return Decision(allowed=False, home=True)
    if key == ("portfolio", "dashboard"):
        own = match.kwargs.get("pk") == uitnodiging.inschrijving_id
        return Decision(allowed=False, home=own)
    if key not in ENROLMENT_VIEWS:
        return Decision(allowed=False)
    methods, kind = ENROLMENT_VIEWS[key]
    if method not in methods:
        return Decision(allowed=False)
    if key == ("assessment", "poging-action") and match.kwargs.get("action") not in POGING_ACTIONS:
        return Decision(allowed=False)
    pk = match.kwargs.get("pk")
    if pk is None:  # every enrolment view has one; without it nothing matches the invitation
        return Decision(allowed=False)
    inschrijving_id = pk if kind == "inschrijving" else selectors.inschrijving_id_of(kind, pk)
    return Decision(allowed=inschrijving_id == uitnodiging.inschrijving_id)
