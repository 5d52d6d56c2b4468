"""The cohort's beoordelingsvoorschrift and what follows from it for one werkproces."""

from typing import cast

from django.db.models import Q

from assessment import rules
from assessment.models import Beoordelingsvoorschrift, Vaststelling
from dossier.models import Criterium, Werkproces
from dossier.selectors import applies_to
from portfolio.models import Inschrijving


def voorschrift_for(*, inschrijving: Inschrijving) -> Beoordelingsvoorschrift:
    """The cohort's voorschrift, or the default one (onvoldoende/voldoende/goed, two assessors)."""
    voorschrift = Beoordelingsvoorschrift.objects.filter(cohort_id=inschrijving.cohort_id).order_by("-versie").first()
    return voorschrift or Beoordelingsvoorschrift(cohort_id=inschrijving.cohort_id)


def voorschrift_uses(voorschrift: Beoordelingsvoorschrift) -> int:
    """How many vaststellingen this version produced (before versions existed: those of its cohort)."""
    if voorschrift.pk is None:
        return 0
    legacy = Q(voorschrift__isnull=True, poging__inschrijving__cohort_id=voorschrift.cohort_id)
    return Vaststelling.objects.filter(Q(voorschrift=voorschrift) | legacy).count()


def werkproces_rule(voorschrift: Beoordelingsvoorschrift) -> rules.WerkprocesRule:
    kritisch = frozenset(voorschrift.kritische_criteria.values_list("pk", flat=True)) if voorschrift.pk else frozenset()
    return rules.WerkprocesRule(
        scale=rules.get_scale(voorschrift.schaal),
        pass_rule=cast(rules.PassRule, voorschrift.slaagregel),  # __post_init__ makes the stored value a PassRule
        cesuur_percent=voorschrift.cesuur_procent,
        goed_vanaf_percent=voorschrift.goed_vanaf_procent,
        kritisch=kritisch,
    )


def applicable_criteria(*, inschrijving: Inschrijving, werkproces: Werkproces) -> list[Criterium]:
    return list(
        Criterium.objects.filter(applies_to(inschrijving.profiel), werkproces=werkproces).select_related("profiel")
    )
