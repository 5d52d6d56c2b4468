"""The coordinator's beoordelingsvoorschrift: a version that decided a result is never edited, the change is
the next version."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessment import events, selectors
from assessment.models import Beoordelingsvoorschrift
from assessment.services.checks import _require_coordinator
from config.audit import audited
from portfolio.models import Inschrijving


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
