"""Settling an examenpoging: a proposal, agreement or referral, the coordinator's vaststelling and correction,
a herkansing."""

from collections.abc import Mapping
from typing import cast

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessment import events
from assessment.models import Beoordeling, Beoordelingsvoorschrift, Examenpoging, Vaststelling
from assessment.selectors import voorschrift_for
from assessment.services.beoordelingen import _agree, _checked_scores, _outcome
from assessment.services.checks import Status, _claim_version, _lock_inschrijving, _require_coordinator, _rol_of
from config.audit import audited
from config.errors import ApplicationError
from dossier.models import Werkproces
from portfolio.models import Inschrijving
from portfolio.scope import coordinated, coordinates
from portfolio.services import bewijsstukken_beoordeeld


def _poging_assessor(poging: Examenpoging, by: User) -> Beoordeling:
    own = poging.beoordelingen.filter(beoordelaar=by, status=Beoordeling.Status.INGEDIEND).first()
    if own is None:
        raise PermissionDenied(_("Alleen een beoordelaar die zijn eigen beoordeling heeft ingediend, kan dit doen."))
    return own


@audited("poging_propose")
@transaction.atomic
def poging_propose(*, poging: Examenpoging, by: User, scores: Mapping[int, str], expected_version: int) -> Examenpoging:
    """One assessor records the agreed scores; the result is final once the other one accepts them."""
    _poging_assessor(poging, by)
    if poging.status != Status.OVERLEG:
        raise ApplicationError(_("Er is geen verschil meer om over te overleggen."))
    scores = _checked_scores(poging, scores)
    _outcome(poging.inschrijving, scores)
    _claim_version(
        Examenpoging,
        poging,
        expected_version=expected_version,
        by=by,
        voorstel={str(k): v for k, v in scores.items()},
        voorstel_door=by,
    )
    poging.akkoord_door.set([by])
    events.settlement_proposed.send(sender=Examenpoging, poging_id=poging.pk)
    return poging


@audited("poging_accept")
@transaction.atomic
def poging_accept(*, poging: Examenpoging, by: User, expected_version: int) -> Examenpoging:
    _poging_assessor(poging, by)
    if poging.status != Status.OVERLEG or not poging.voorstel:
        raise ApplicationError(_("Er ligt geen voorstel om mee in te stemmen."))
    if poging.voorstel_door_id == by.pk:
        raise ApplicationError(_("De andere beoordelaar moet met jouw voorstel instemmen."))
    _claim_version(Examenpoging, poging, expected_version=expected_version, by=by)
    _agree(poging, {int(k): v for k, v in poging.voorstel.items()}, [by])
    return poging


@audited("poging_voorleggen")
@transaction.atomic
def poging_voorleggen(*, poging: Examenpoging, by: User) -> Examenpoging:
    """The assessors cannot agree: the coordinator decides for the examencommissie."""
    _poging_assessor(poging, by)
    if poging.status != Status.OVERLEG:
        raise ApplicationError(_("Alleen een poging waarover de beoordelaars overleggen, kan worden voorgelegd."))
    poging.status = Status.VOORGELEGD
    poging.save(update_fields=["status", "updated_at"])
    events.poging_referred.send(sender=Examenpoging, poging_id=poging.pk)
    return poging


@audited("poging_vaststellen")
@transaction.atomic
def poging_vaststellen(
    *, poging: Examenpoging, by: User, scores: Mapping[int, str] | None = None, reden: str = ""
) -> Vaststelling:
    _require_coordinator(by, poging.inschrijving.cohort)
    poging = Examenpoging.objects.select_for_update().get(pk=poging.pk)
    if poging.status == Status.OVEREENSTEMMING:
        final = {int(k): v for k, v in cast(dict[str, str], poging.voorstel).items()}  # agreed, so proposed
    elif poging.status == Status.VOORGELEGD:
        if not scores:
            raise ApplicationError(_("Geef de scores die de examencommissie vaststelt."))
        final = _checked_scores(poging, scores)
    else:
        raise ApplicationError(_("Deze poging kan (nog) niet worden vastgesteld."))
    outcome = _outcome(poging.inschrijving, final)
    vaststelling = Vaststelling.objects.create(
        poging=poging,
        voorschrift=_voorschrift_row(poging),
        revisie=1,
        uitslag=outcome.niveau,
        scores={str(k): v for k, v in final.items()},
        percent=outcome.percent,
        reden=reden,
        door=by,
    )
    poging.status = Status.VASTGESTELD
    poging.uitslag = outcome.niveau
    poging.percent = outcome.percent
    poging.feedback_vrijgegeven_at = timezone.now()
    poging.save(update_fields=["status", "uitslag", "percent", "feedback_vrijgegeven_at", "updated_at"])
    bewijsstukken_beoordeeld(
        inschrijving=poging.inschrijving,
        werkproces=poging.werkproces,
        by=by,
        toelichting=_("Examen %(code)s vastgesteld (poging %(n)d).")
        % {"code": poging.werkproces.code, "n": poging.nummer},
    )
    events.results_changed.send(sender=Examenpoging, inschrijving_ids=[poging.inschrijving_id])
    events.feedback_released.send(sender=Examenpoging, poging_id=poging.pk)
    return vaststelling


def pogingen_vaststellen(*, poging_ids: list[int], by: User) -> tuple[list[Vaststelling], list[str]]:
    """Bulk vaststelling of agreed results: each poging on its own (one that can not be vastgesteld, e.g.
    because it changed meanwhile, is named and the others go on)."""
    _require_coordinator(by)
    done: list[Vaststelling] = []
    refused: list[str] = []
    pogingen = Examenpoging.objects.filter(
        coordinated(by, "inschrijving__cohort__opleiding"), pk__in=poging_ids
    ).select_related("inschrijving__student", "inschrijving__cohort", "werkproces")
    for poging in pogingen.order_by("pk"):
        student = poging.inschrijving.student.get_full_name() or poging.inschrijving.student.username
        if poging.status != Status.OVEREENSTEMMING:
            refused.append(
                _(
                    "%(naam)s %(code)s: alleen een uitslag waarover de beoordelaars het eens zijn, "
                    "kan zo worden vastgesteld."
                )
                % {"naam": student, "code": poging.werkproces.code}
            )
            continue
        try:
            done.append(poging_vaststellen(poging=poging, by=by))
        except ApplicationError as exc:
            refused.append(f"{student} {poging.werkproces.code}: {exc.message}")
    return done, refused


def _voorschrift_row(poging: Examenpoging) -> Beoordelingsvoorschrift | None:
    voorschrift = voorschrift_for(inschrijving=poging.inschrijving)
    return voorschrift if voorschrift.pk else None


@audited("poging_correct")
@transaction.atomic
def poging_correct(*, poging: Examenpoging, by: User, scores: Mapping[int, str], reden: str) -> Vaststelling:
    """After vaststelling nothing changes silently: a correction is a new revision with its reason."""
    _require_coordinator(by, poging.inschrijving.cohort)
    if not reden.strip():
        raise ApplicationError(_("Een correctie na vaststelling heeft een reden nodig."))
    poging = Examenpoging.objects.select_for_update().get(pk=poging.pk)
    if poging.status != Status.VASTGESTELD:
        raise ApplicationError(_("Alleen een vastgestelde uitslag kan worden gecorrigeerd."))
    scores = _checked_scores(poging, scores)
    outcome = _outcome(poging.inschrijving, scores)
    last = poging.vaststellingen.order_by("-revisie").first()
    vaststelling = Vaststelling.objects.create(
        poging=poging,
        voorschrift=_voorschrift_row(poging),
        revisie=cast(Vaststelling, last).revisie + 1,  # a vastgestelde poging has one
        uitslag=outcome.niveau,
        scores={str(k): v for k, v in scores.items()},
        percent=outcome.percent,
        reden=reden.strip(),
        door=by,
    )
    poging.uitslag = outcome.niveau
    poging.percent = outcome.percent
    poging.save(update_fields=["uitslag", "percent", "updated_at"])
    events.results_changed.send(sender=Examenpoging, inschrijving_ids=[poging.inschrijving_id])
    return vaststelling


@audited("poging_herkansing")
@transaction.atomic
def poging_herkansing(*, inschrijving: Inschrijving, werkproces: Werkproces, by: User) -> Examenpoging:
    """A new attempt; earlier attempts and their vaststellingen stay as they are."""
    if not coordinates(by, inschrijving):
        _rol_of(inschrijving, by)
    _lock_inschrijving(inschrijving)
    latest = (
        Examenpoging.objects.select_for_update()
        .filter(inschrijving=inschrijving, werkproces__code=werkproces.code)
        .order_by("-nummer")
        .first()
    )
    if latest is None or latest.status != Status.VASTGESTELD:
        raise ApplicationError(_("Een herkansing kan pas als de vorige poging is vastgesteld."))
    # After a move to a newer version of the dossier the herkansing is on the text the student has now.
    current = Werkproces.objects.get(kerntaak__dossier_id=inschrijving.profiel.dossier_id, code=werkproces.code)
    return Examenpoging.objects.create(inschrijving=inschrijving, werkproces=current, nummer=latest.nummer + 1)
