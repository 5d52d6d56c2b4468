"""A beoordelaar's beoordeling: started, saved, submitted; two submitted exam beoordelingen that agree
settle the poging."""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.models import User
from assessment import events, rules
from assessment.models import Beoordeling, Examenpoging, Score
from assessment.selectors import applicable_criteria, voorschrift_for, werkproces_rule
from assessment.services.checks import (
    Status,
    _check_not_coach,
    _check_werkproces,
    _claim_version,
    _lock_inschrijving,
    _rol_of,
)
from config.audit import audited
from config.errors import ApplicationError
from dossier.models import Criterium, Werkproces
from portfolio.models import Inschrijving
from portfolio.services import bewijsstukken_beoordeeld


@audited("beoordeling_start")
@transaction.atomic
def beoordeling_start(*, inschrijving: Inschrijving, werkproces: Werkproces, by: User, soort: str) -> Beoordeling:
    """A new draft beoordeling (or the assessor's existing one in the open poging) with a row per criterion."""
    rol = _rol_of(inschrijving, by)
    _check_werkproces(inschrijving, werkproces)
    poging = None
    if soort == Beoordeling.Soort.EXAMEN:
        _check_not_coach(inschrijving, by)
        poging = _open_poging(inschrijving, werkproces)
        existing = Beoordeling.objects.filter(poging=poging, beoordelaar=by).first()
        if existing is not None:
            return existing
    elif soort != Beoordeling.Soort.FORMATIEF:
        raise ApplicationError(_("Kies formatief of examen."))
    beoordeling = Beoordeling.objects.create(
        inschrijving=inschrijving,
        werkproces=werkproces,
        beoordelaar=by,
        rol=rol,
        soort=soort,
        poging=poging,
        updated_by=by,
    )
    Score.objects.bulk_create(
        Score(beoordeling=beoordeling, criterium=c)
        for c in applicable_criteria(inschrijving=inschrijving, werkproces=werkproces)
    )
    return beoordeling


def _open_poging(inschrijving: Inschrijving, werkproces: Werkproces) -> Examenpoging:
    _lock_inschrijving(inschrijving)
    latest = (
        Examenpoging.objects.select_for_update()
        .filter(inschrijving=inschrijving, werkproces__code=werkproces.code)
        .order_by("-nummer")
        .first()
    )
    if latest is None:
        return Examenpoging.objects.create(inschrijving=inschrijving, werkproces=werkproces, nummer=1)
    if latest.status == Status.VASTGESTELD:
        raise ApplicationError(
            _("Het examen van %(code)s is vastgesteld. Een nieuwe beoordeling kan alleen in een herkansing.")
            % {"code": werkproces.code}
        )
    return latest


def _check_own_draft(beoordeling: Beoordeling, by: User) -> None:
    if beoordeling.beoordelaar_id != by.pk:
        raise PermissionDenied(_("Alleen de beoordelaar zelf kan deze beoordeling wijzigen."))
    if beoordeling.status != Beoordeling.Status.CONCEPT:
        raise ApplicationError(_("Deze beoordeling is al ingediend en kan niet meer worden gewijzigd."))


@audited("beoordeling_save")
@transaction.atomic
def beoordeling_save(
    *,
    beoordeling: Beoordeling,
    by: User,
    expected_version: int,
    scores: Mapping[int, tuple[str, str]],
    feedback: str,
) -> Beoordeling:
    """Saves a draft: per criterion (waarde, opmerking), plus feedback for the student."""
    _check_own_draft(beoordeling, by)
    scale = rules.get_scale(voorschrift_for(inschrijving=beoordeling.inschrijving).schaal)
    rows = {s.criterium_id: s for s in beoordeling.scores.all()}
    unknown = set(scores) - set(rows)
    if unknown:
        raise ApplicationError(_("Een of meer criteria horen niet bij deze beoordeling."))
    for waarde, _opmerking in scores.values():
        if waarde:
            try:
                scale.level(waarde)
            except ValueError as exc:
                raise ApplicationError(str(exc)) from None
    _claim_version(Beoordeling, beoordeling, expected_version=expected_version, by=by, feedback=feedback)
    changed = []
    for criterium_id, (waarde, opmerking) in scores.items():
        row = rows[criterium_id]
        if (row.waarde, row.opmerking) != (waarde, opmerking):
            row.waarde, row.opmerking = waarde, opmerking
            changed.append(row)
    Score.objects.bulk_update(changed, ["waarde", "opmerking"])
    return beoordeling


@audited("beoordeling_submit")
@transaction.atomic
def beoordeling_submit(*, beoordeling: Beoordeling, by: User, expected_version: int) -> Beoordeling:
    _check_own_draft(beoordeling, by)
    scores = list(beoordeling.scores.select_related("criterium"))
    outcome: rules.WerkprocesOutcome | None
    if beoordeling.poging_id:
        _require_every_score(scores)
        outcome = _outcome(beoordeling.inschrijving, {s.criterium_id: s.waarde for s in scores})
    else:
        outcome = _formative_outcome(beoordeling, scores)
    _claim_version(
        Beoordeling,
        beoordeling,
        expected_version=expected_version,
        by=by,
        status=Beoordeling.Status.INGEDIEND,
        submitted_at=timezone.now(),
        uitslag=outcome.niveau if outcome else "",
        percent=outcome.percent if outcome else None,
    )
    if beoordeling.poging_id:
        _after_exam_submit(Examenpoging.objects.select_for_update().get(pk=beoordeling.poging_id))
    else:
        bewijsstukken_beoordeeld(
            inschrijving=beoordeling.inschrijving,
            werkproces=beoordeling.werkproces,
            by=by,
            toelichting=_("Formatieve feedback gegeven."),
        )
        events.feedback_released.send(sender=Beoordeling, beoordeling_id=beoordeling.pk)
    return beoordeling


def _criterium_names(criteria: list[Criterium]) -> str:
    return "; ".join(f"‘{Truncator(c.tekst).chars(70)}’" for c in criteria)


def _require_every_score(scores: list[Score]) -> None:
    missing = [s.criterium for s in scores if not s.waarde]
    if missing:
        raise ApplicationError(
            _("Een examen heeft bij elk criterium een score nodig; er ontbreken er %(n)d: %(criteria)s.")
            % {"n": len(missing), "criteria": _criterium_names(missing)}
        )


def _formative_outcome(beoordeling: Beoordeling, scores: list[Score]) -> rules.WerkprocesOutcome | None:
    """Formative feedback may cover a few criteria; only a fully scored one gets an indicative uitslag."""
    if not beoordeling.feedback.strip() and not any(s.waarde or s.opmerking.strip() for s in scores):
        raise ApplicationError(_("Geef feedback of scoor ten minste één criterium voordat je indient."))
    if not scores or not all(s.waarde for s in scores):
        return None
    return _outcome(beoordeling.inschrijving, {s.criterium_id: s.waarde for s in scores})


def _checked_scores(poging: Examenpoging, scores: Mapping[int, str]) -> dict[int, str]:
    """Scores for exactly the criteria that apply, each on the voorschrift's scale; a criterion left blank
    is named, so the assessor sees which one still needs a choice."""
    criteria = applicable_criteria(inschrijving=poging.inschrijving, werkproces=poging.werkproces)
    if set(scores) - {c.pk for c in criteria}:
        raise ApplicationError(_("Een of meer criteria horen niet bij dit werkproces."))
    missing = [c for c in criteria if not scores.get(c.pk)]
    if missing:
        raise ApplicationError(
            _("Kies een score voor elk criterium. Nog niet gekozen: %(criteria)s.")
            % {"criteria": _criterium_names(missing)}
        )
    scale = rules.get_scale(voorschrift_for(inschrijving=poging.inschrijving).schaal)
    for waarde in scores.values():
        try:
            scale.level(waarde)
        except ValueError as exc:
            raise ApplicationError(str(exc)) from None
    return dict(scores)


def _outcome(inschrijving: Inschrijving, scores: Mapping[int, str]) -> rules.WerkprocesOutcome:
    voorschrift = voorschrift_for(inschrijving=inschrijving)
    missing = [pk for pk, waarde in scores.items() if not waarde]
    if missing:
        raise ApplicationError(_("Geef bij elk criterium een score; er ontbreken er %(n)d.") % {"n": len(missing)})
    return rules.werkproces_outcome(rule=werkproces_rule(voorschrift), scores=dict(scores), criteria=list(scores))


def _after_exam_submit(poging: Examenpoging) -> None:
    submitted = list(poging.beoordelingen.filter(status=Beoordeling.Status.INGEDIEND).prefetch_related("scores"))
    voorschrift = voorschrift_for(inschrijving=poging.inschrijving)
    if voorschrift.twee_beoordelaars:
        roles = {b.rol: b for b in submitted}
        if not {"praktijk", "school"} <= set(roles):
            return
        a, b = ({s.criterium_id: s.waarde for s in roles[r].scores.all()} for r in ("praktijk", "school"))
        if a == b:
            _agree(poging, a, [roles["praktijk"].beoordelaar, roles["school"].beoordelaar])
        else:
            poging.status = Status.OVERLEG
            poging.save(update_fields=["status", "updated_at"])
        return
    first = submitted[0]
    _agree(poging, {s.criterium_id: s.waarde for s in first.scores.all()}, [first.beoordelaar])


def _agree(poging: Examenpoging, scores: Mapping[int, str], by: list[User]) -> None:
    outcome = _outcome(poging.inschrijving, scores)
    poging.voorstel = {str(k): v for k, v in scores.items()}
    poging.uitslag = outcome.niveau
    poging.percent = outcome.percent
    poging.status = Status.OVEREENSTEMMING
    poging.save(update_fields=["voorstel", "uitslag", "percent", "status", "updated_at"])
    poging.akkoord_door.add(*by)
