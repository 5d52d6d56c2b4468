"""The diploma app listens to the apps below it: what they announce changes the facts its stored readiness rests on.
Connected in DiplomaConfig.ready(), so assessment never imports diploma."""

from django.dispatch import receiver

from assessment import events as assessment_events
from diploma.services import gereedheid_invalidate


@receiver(assessment_events.results_changed, dispatch_uid="diploma-results-changed")
def _results_changed(sender, *, inschrijving_ids: list[int], **kwargs) -> None:
    # In the transaction of the change: the stored readiness is stale the moment the change commits.
    gereedheid_invalidate(inschrijving_ids=inschrijving_ids)
