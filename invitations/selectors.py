"""Reads for invitations: the coordinator's lists, the invited assessor's session and page, the history lines."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from assessment.models import Beoordeling, Examenpoging
from invitations.models import Event, Uitnodiging
from invitations.tokens import token_hash
from portfolio.models import Bestand, Bewijsstuk, Inschrijving
from portfolio.scope import coordinated
from portfolio.selectors import portfolio_progress


def uitnodiging_list(*, inschrijving: Inschrijving) -> QuerySet[Uitnodiging]:
    """An enrolment's invitations, newest first (the caller checked that the user coordinates it)."""
    return Uitnodiging.objects.filter(inschrijving=inschrijving).select_related("created_by", "revoked_by")


def uitnodiging_coordinated(*, user) -> QuerySet[Uitnodiging]:
    """The invitations of the opleidingen this user coordinates; any other is not there."""
    return Uitnodiging.objects.filter(coordinated(user, "inschrijving__cohort__opleiding")).select_related(
        "inschrijving__cohort", "created_by", "revoked_by"
    )


def uitnodiging_by_token(*, token: str) -> Uitnodiging | None:
    if not token or len(token) > 100:
        return None
    return Uitnodiging.objects.select_related("inschrijving__student").filter(token_hash=token_hash(token)).first()


def uitnodiging_for_session(*, pk: int | None, user) -> Uitnodiging | None:
    """The invitation a session was started with, if it still belongs to the logged-in user (valid or not)."""
    if pk is None:
        return None
    return Uitnodiging.objects.filter(pk=pk, beoordelaar_id=user.pk).first()


def has_work_in_progress(*, inschrijving: Inschrijving, beoordelaar: User) -> bool:
    """A draft beoordeling, or a submitted one in a poging that is not vastgesteld yet."""
    return (
        Beoordeling.objects.filter(inschrijving=inschrijving, beoordelaar=beoordelaar)
        .filter(
            Q(status=Beoordeling.Status.CONCEPT)
            | (Q(poging__isnull=False) & ~Q(poging__status=Examenpoging.Status.VASTGESTELD))
        )
        .exists()
    )


# -- what an invitation session may reach ---------------------------------------------------------------


def inschrijving_id_of(kind: str, pk: int) -> int | None:
    """The enrolment an object in a URL belongs to, or None when there is no such object."""
    model, path = {
        "beoordeling": (Beoordeling, "inschrijving_id"),
        "poging": (Examenpoging, "inschrijving_id"),
        "bewijsstuk": (Bewijsstuk, "inschrijving_id"),
        "bestand": (Bestand, "versie__bewijsstuk__inschrijving_id"),
    }[kind]
    return model._default_manager.filter(pk=pk).values_list(path, flat=True).first()


def event_subject(subject: object) -> str:
    """The object of an assessor's step, in words that need no translation ("B1-K1-W1 poging 1")."""
    if isinstance(subject, Beoordeling):
        return f"{subject.werkproces.code} {subject.soort}"
    if isinstance(subject, Examenpoging):
        return f"{subject.werkproces.code} #{subject.nummer}"
    return ""


def start_page(*, uitnodiging: Uitnodiging) -> dict:
    """The invited assessor's overview of their one student: per werkproces the evidence, their own
    beoordelingen and the latest poging. A fixed number of queries."""
    inschrijving = (
        Inschrijving.objects.select_related("student", "profiel__dossier", "cohort__opleiding")
        .filter(pk=uitnodiging.inschrijving_id)
        .get()
    )
    progress = portfolio_progress(inschrijving=inschrijving)
    own: dict[str, list[Beoordeling]] = {}
    for beoordeling in Beoordeling.objects.filter(
        inschrijving=inschrijving, beoordelaar_id=uitnodiging.beoordelaar_id
    ).select_related("werkproces"):
        own.setdefault(beoordeling.werkproces.code, []).append(beoordeling)
    pogingen: dict[str, Examenpoging] = {}
    for poging in (
        Examenpoging.objects.filter(inschrijving=inschrijving).select_related("werkproces").order_by("nummer")
    ):
        pogingen[poging.werkproces.code] = poging
    for block in progress:
        for row in block["werkprocessen"]:
            code = row["werkproces"].code
            row["own"] = own.get(code, [])
            row["poging"] = pogingen.get(code)
    return {"inschrijving": inschrijving, "progress": progress}


# -- the enrolment's history -----------------------------------------------------------------------------


def _sentences() -> dict[str, str]:
    S = Event.Soort
    return {
        S.UITGENODIGD: _("Praktijkbeoordelaar uitgenodigd: %(detail)s"),
        S.VERVANGEN: _("Uitnodiging van %(detail)s vervangen door een nieuwe; de oude link werkt niet meer"),
        S.BEOORDELAAR_VERVANGEN: _("%(detail)s is geen praktijkbeoordelaar meer (vervangen door de uitnodiging)"),
        S.LINK_GEOPEND: _("Uitnodigingslink van %(naam)s geopend"),
        S.CODE_VERSTUURD: _("Inlogcode gevraagd voor %(detail)s"),
        S.CODE_FOUT: _("Verkeerde inlogcode ingevoerd (poging %(detail)s)"),
        S.CODE_GEBLOKKEERD: _("Inlogcode geblokkeerd na te veel verkeerde pogingen"),
        S.INGELOGD: _("Ingelogd met de uitnodiging"),
        S.BEOORDELING_GEOPEND: _("Beoordeling geopend via de uitnodiging: %(detail)s"),
        S.BEOORDELING_OPGESLAGEN: _("Beoordeling opgeslagen via de uitnodiging: %(detail)s"),
        S.BEOORDELING_INGEDIEND: _("Beoordeling ingediend via de uitnodiging: %(detail)s"),
        S.VOORSTEL: _("Voorstel gedaan via de uitnodiging: %(detail)s"),
        S.AKKOORD: _("Ingestemd met het voorstel via de uitnodiging: %(detail)s"),
        S.VOORGELEGD: _("Voorgelegd aan de coördinator via de uitnodiging: %(detail)s"),
        S.ACTIE: _("Actie via de uitnodiging: %(detail)s"),
        S.UITGELOGD: _("Uitgelogd"),
        S.INGETROKKEN: _("Uitnodiging van %(naam)s ingetrokken"),
        S.GEWEIGERD: _("Geweigerd: de uitnodiging van %(naam)s is ingetrokken of verlopen (%(detail)s)"),
    }


BEOORDELING_EVENTS = (
    Event.Soort.BEOORDELING_GEOPEND,
    Event.Soort.BEOORDELING_OPGESLAGEN,
    Event.Soort.BEOORDELING_INGEDIEND,
)

POGING_EVENTS = (Event.Soort.VOORSTEL, Event.Soort.AKKOORD, Event.Soort.VOORGELEGD)


def _detail(event: Event) -> str:
    """The event's detail in the reader's language; stored as data ("B1-K1-W1 examen"), not as words."""
    if event.soort == Event.Soort.GEWEIGERD:
        return {"link": _("link"), "sessie": _("sessie")}.get(event.detail, event.detail)
    if event.soort in BEOORDELING_EVENTS:
        code, _sep, soort = event.detail.partition(" ")
        words: dict[str, str] = {Beoordeling.Soort.FORMATIEF: _("formatief"), Beoordeling.Soort.EXAMEN: _("examen")}
        return f"{code} ({words[soort]})" if soort in words else event.detail
    if event.soort in POGING_EVENTS and " #" in event.detail:
        code, _sep, nummer = event.detail.partition(" #")
        return _("%(code)s, poging %(n)s") % {"code": code, "n": nummer}
    return event.detail


@dataclass(frozen=True)
class UseLine:
    """One use of an invitation, as the enrolment's history (history.selectors) shows it."""

    at: datetime.datetime
    who: str
    wat: str


def history_lines(*, inschrijving: Inschrijving) -> list[UseLine]:
    """Every use of the enrolment's invitations, oldest first, on any database; two queries."""
    sentences = _sentences()
    events = Event.objects.filter(inschrijving=inschrijving).select_related("uitnodiging", "door").order_by("at", "pk")
    lines = []
    for event in events:
        who = (event.door.get_full_name() or event.door.username) if event.door else ""
        wat = sentences[event.soort] % {"detail": _detail(event), "naam": event.uitnodiging.naam}
        lines.append(UseLine(event.at, who, wat))
    return lines
