"""Moving enrolments to a newer version of the dossier: what it changes, which versions exist."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from assessment.models import Beoordeling
from assessment.selectors.beoordelingen import OPEN_POGING
from dossier.models import Criterium, Kwalificatiedossier, Profiel
from dossier.versions import DossierDiff, version_diff
from portfolio.models import BewijsstukVersie, Inschrijving


@dataclass
class MovePreview:
    """What moving students to a newer version of their dossier changes, per profiel, and what stops it."""

    target: Kwalificatiedossier
    per_profiel: list[tuple[str, int, DossierDiff]] = field(default_factory=list)  # code, students, diff
    refusals: list[str] = field(default_factory=list)
    claims_dropped: int = 0  # claims in drafts on criteria the new version no longer has


def move_preview(*, inschrijvingen: list[Inschrijving], target: Kwalificatiedossier) -> MovePreview:
    """A few queries per profiel, whatever the number of students."""
    preview = MovePreview(target=target)
    if not inschrijvingen:
        preview.refusals.append(_("Er zijn geen studenten om te verplaatsen."))
        return preview
    current = {i.profiel.dossier_id: i.profiel.dossier for i in inschrijvingen}
    for dossier in current.values():
        if dossier.crebo != target.crebo:
            preview.refusals.append(
                _("%(versie)s is een versie van een ander dossier.") % {"versie": target.versie_label}
            )
        elif dossier.volgnummer >= target.volgnummer:
            preview.refusals.append(
                _("%(versie)s is niet nieuwer dan %(huidig)s.")
                % {"versie": target.versie_label, "huidig": dossier.versie_label}
            )
    target_codes = set(Profiel.objects.filter(dossier=target).values_list("code", flat=True))
    by_profiel: dict[tuple[int, str], int] = {}
    for inschrijving in inschrijvingen:
        key = (inschrijving.profiel.dossier_id, inschrijving.profiel.code)
        by_profiel[key] = by_profiel.get(key, 0) + 1
    for (dossier_id, code), n in sorted(by_profiel.items(), key=lambda item: item[0][1]):
        if code not in target_codes:
            preview.refusals.append(
                _("Profiel %(code)s bestaat niet in %(versie)s.") % {"code": code, "versie": target.versie_label}
            )
            continue
        preview.per_profiel.append((code, n, version_diff(current[dossier_id], target, profiel=code)))
    busy = (
        Inschrijving.objects.filter(pk__in=[i.pk for i in inschrijvingen])
        .filter(Q(pogingen__status__in=OPEN_POGING) | Q(beoordelingen__status=Beoordeling.Status.CONCEPT))
        .select_related("student")
        .distinct()
        .order_by("studentnummer")
    )
    names = [f"{i.student.get_full_name() or i.student.username} ({i.studentnummer})" for i in busy[:20]]
    if names:
        preview.refusals.append(
            _("Rond eerst de lopende examens en concept-beoordelingen af van: %(namen)s.") % {"namen": ", ".join(names)}
        )
    target_sleutels = Criterium.objects.filter(werkproces__kerntaak__dossier=target).values("sleutel")
    preview.claims_dropped = (
        BewijsstukVersie.criteria.through.objects.filter(
            bewijsstukversie__submitted_at__isnull=True,
            bewijsstukversie__bewijsstuk__inschrijving__in=[i.pk for i in inschrijvingen],
        )
        .exclude(criterium__sleutel__in=target_sleutels)
        .count()
    )
    return preview


def newer_versions(*, dossier: Kwalificatiedossier) -> QuerySet[Kwalificatiedossier]:
    return Kwalificatiedossier.objects.filter(crebo=dossier.crebo, volgnummer__gt=dossier.volgnummer).order_by(
        "-volgnummer"
    )
