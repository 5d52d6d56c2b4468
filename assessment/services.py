"""Every write to beoordelingen, pogingen and vaststellingen; who may do what is checked here."""

from collections.abc import Mapping
from typing import cast

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_coordinator
from assessment import events, rules, selectors
from assessment.models import Beoordeling, Beoordelingsvoorschrift, Examenpoging, Score, Vaststelling
from assessment.selectors import applicable_criteria, voorschrift_for, werkproces_rule
from config.audit import audited
from config.errors import ApplicationError
from dossier.models import Criterium, Kwalificatiedossier, Profiel, Werkproces
from portfolio.models import Beoordelaarstoewijzing, BewijsstukVersie, Cohort, Inschrijving
from portfolio.scope import coordinated, coordinates, coordinates_cohort
from portfolio.services import bewijsstukken_beoordeeld

Status = Examenpoging.Status


class StaleWrite(ApplicationError):
    """Somebody saved the same object since it was loaded: the save is refused, nothing is lost."""


# -- voorschrift ---------------------------------------------------------------------------------------


@audited("voorschrift_save")
@transaction.atomic
def voorschrift_save(*, form, by: User) -> Beoordelingsvoorschrift:
    """Saves the coordinator's voorschrift form (validated against the rules package by the form). A version
    that has produced a vastgestelde result is never edited: the change becomes the next version, which
    applies to results from now on; earlier results keep the version they were decided with."""
    _require_coordinator(by, form.instance.cohort)
    current = form.instance
    # Which attempt counts decides readiness: the cohort's stored readiness is computed again.
    events.results_changed.send(
        sender=Beoordelingsvoorschrift,
        inschrijving_ids=list(Inschrijving.objects.filter(cohort_id=current.cohort_id).values_list("pk", flat=True)),
    )
    if current.pk is None or not selectors.voorschrift_uses(current):
        if current.pk is None:
            current.geldig_vanaf = timezone.now()
        return form.save()
    versie = current.versie + 1
    new = form.save(commit=False)
    new.pk = None
    new._state.adding = True
    new.versie = versie
    new.geldig_vanaf = timezone.now()
    new.save()
    form.save_m2m()
    return new


# -- permissions ---------------------------------------------------------------------------------------


def _rol_of(inschrijving: Inschrijving, user: User) -> str:
    toewijzing = Beoordelaarstoewijzing.objects.filter(inschrijving=inschrijving, beoordelaar=user).first()
    if toewijzing is None:
        raise PermissionDenied(_("Je bent geen beoordelaar van deze student."))
    return toewijzing.rol


def _check_not_coach(inschrijving: Inschrijving, user: User) -> None:
    if inschrijving.bpv_coach_id == user.pk:
        raise ApplicationError(_("De BPV-coach van deze student kan geen examenbeoordelaar zijn."))


def _check_werkproces(inschrijving: Inschrijving, werkproces: Werkproces) -> None:
    kerntaak = werkproces.kerntaak
    profiel = inschrijving.profiel
    if kerntaak.dossier_id != profiel.dossier_id or kerntaak.profiel_id not in (None, profiel.pk):
        raise ApplicationError(
            _("Werkproces %(code)s hoort niet bij profiel %(profiel)s.")
            % {"code": werkproces.code, "profiel": profiel.code}
        )


# -- beoordelingen -------------------------------------------------------------------------------------


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


def _lock_inschrijving(inschrijving: Inschrijving) -> None:
    """Serialises the first writes of a student's pogingen: two assessors starting the same exam at once
    both see the one poging the first created, instead of one of them hitting the unique constraint."""
    list(Inschrijving.objects.select_for_update().filter(pk=inschrijving.pk).values_list("pk", flat=True))


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


def _claim_version(model, obj, *, expected_version: int, by: User, **changes) -> None:
    """Optimistic lock: the row changes only if nobody saved it since `expected_version` was read."""
    updated = model.objects.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), updated_by=by, **changes
    )
    if updated:
        obj.refresh_from_db()
        return
    current = model.objects.select_related("updated_by").get(pk=obj.pk)
    who = current.updated_by
    name = (who.get_full_name() or who.username) if who else _("iemand anders")
    raise StaleWrite(
        _(
            "Niet opgeslagen: %(naam)s heeft dit om %(tijd)s al gewijzigd. Laad de pagina opnieuw en breng je "
            "wijzigingen daarna nogmaals aan."
        )
        % {"naam": name, "tijd": time_format(timezone.localtime(current.updated_at), "H:i")}
    )


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


# -- settling a difference -----------------------------------------------------------------------------


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


# -- vaststelling --------------------------------------------------------------------------------------


def _require_coordinator(by: User, *cohorts: Cohort) -> None:
    """A coordinator, and of each cohort's opleiding (portfolio.scope)."""
    if not is_coordinator(by) or not all(coordinates_cohort(by, cohort) for cohort in cohorts):
        raise PermissionDenied(_("Alleen de coördinator stelt uitslagen vast namens de examencommissie."))


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


# -- moving to a newer version of the dossier -----------------------------------------------------------


@audited("dossierversie_move")
@transaction.atomic
def inschrijvingen_move_version(
    *, inschrijvingen: list[Inschrijving], target: Kwalificatiedossier, by: User, cohort: Cohort | None = None
) -> int:
    """Moves students (and with `cohort` the cohort itself) to a newer version of their dossier.

    Every earlier score, vaststelling and submitted version of evidence stays on the criterion it was given
    on; results count by werkproces code and evidence by criterion sleutel, so nothing the student did is
    lost. Students with an exam or beoordeling in progress are refused: finish those first.
    """
    _require_coordinator(by, *{i.cohort for i in inschrijvingen}, *([cohort] if cohort else []))
    preview = selectors.move_preview(inschrijvingen=inschrijvingen, target=target)
    if preview.refusals:
        raise ApplicationError(" ".join(preview.refusals))
    profielen = {p.code: p for p in Profiel.objects.filter(dossier=target)}
    for inschrijving in inschrijvingen:
        inschrijving.profiel = profielen[inschrijving.profiel.code]
    Inschrijving.objects.bulk_update(inschrijvingen, ["profiel"])
    _claims_to_version(inschrijvingen, target)
    if cohort is not None:
        cohort.dossier = target
        cohort.save(update_fields=["dossier"])
        _voorschrift_to_version(cohort, target)
    events.results_changed.send(sender=Inschrijving, inschrijving_ids=[i.pk for i in inschrijvingen])
    return len(inschrijvingen)


def _claims_to_version(inschrijvingen: list[Inschrijving], target: Kwalificatiedossier) -> None:
    """Drafts are still the student's work: their claims move to the same criteria of the new version.
    Submitted versions are frozen and keep theirs (coverage follows the criterion's sleutel)."""
    by_sleutel = dict(Criterium.objects.filter(werkproces__kerntaak__dossier=target).values_list("sleutel", "pk"))
    links = BewijsstukVersie.criteria.through
    drafts = links.objects.filter(
        bewijsstukversie__submitted_at__isnull=True, bewijsstukversie__bewijsstuk__inschrijving__in=inschrijvingen
    ).values_list("pk", "bewijsstukversie_id", "criterium__sleutel")
    old, new = [], []
    for pk, versie_id, sleutel in drafts:
        old.append(pk)
        if sleutel in by_sleutel:
            new.append(links(bewijsstukversie_id=versie_id, criterium_id=by_sleutel[sleutel]))
    links.objects.filter(pk__in=old).delete()
    links.objects.bulk_create(new, ignore_conflicts=True)


def _voorschrift_to_version(cohort: Cohort, target: Kwalificatiedossier) -> None:
    voorschrift = Beoordelingsvoorschrift.objects.filter(cohort=cohort).first()
    if voorschrift is None:
        return
    sleutels = list(voorschrift.kritische_criteria.values_list("sleutel", flat=True))
    voorschrift.kritische_criteria.set(
        Criterium.objects.filter(werkproces__kerntaak__dossier=target, sleutel__in=sleutels)
    )
