"""Moving enrolments to a newer version of the dossier, with their claims and the cohort's voorschrift."""

from django.db import transaction

from accounts.models import User
from assessment import events, selectors
from assessment.models import Beoordelingsvoorschrift
from assessment.services.checks import _require_coordinator
from config.audit import audited
from config.errors import ApplicationError
from dossier.models import Criterium, Kwalificatiedossier, Profiel
from portfolio.models import BewijsstukVersie, Cohort, Inschrijving


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
