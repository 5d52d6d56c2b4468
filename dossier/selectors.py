"""Reads of the dossier. `applies_to` is the one definition of "what applies to a student of profiel X"."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from config.errors import ApplicationError
from dossier.models import (
    Criterium,
    Kerntaak,
    KerntaakAanvulling,
    Kwalificatiedossier,
    Profiel,
    Vakkennis,
    Werkproces,
    WerkprocesAanvulling,
    WerkprocesCompetentie,
)


def applies_to(profiel: Profiel | None, *, field: str = "profiel") -> Q:
    """Rows that apply to a student of `profiel`: basisdeel rows (no profiel) plus that profiel's own.

    With `profiel=None` nothing is filtered out: every profiel's text, each row marked with its owner.
    """
    if profiel is None:
        return Q()
    return Q(**{f"{field}__isnull": True}) | Q(**{field: profiel})


def _latest_versions() -> Q:
    newer = Kwalificatiedossier.objects.filter(crebo=OuterRef("crebo"), volgnummer__gt=OuterRef("volgnummer"))
    return ~Q(Exists(newer))


def dossier_list() -> QuerySet[Kwalificatiedossier]:
    """The latest version of every dossier."""
    return Kwalificatiedossier.objects.filter(_latest_versions()).prefetch_related(
        Prefetch("profielen", queryset=Profiel.objects.order_by("volgorde"))
    )


def dossier_versions(*, crebo: str) -> QuerySet[Kwalificatiedossier]:
    """Every version of one dossier, newest first."""
    return Kwalificatiedossier.objects.filter(crebo=crebo).order_by("-volgnummer")


def dossier_get(*, crebo: str, volgnummer: int | None = None) -> Kwalificatiedossier | None:
    """One version of a dossier: the one asked for, else the latest."""
    qs = Kwalificatiedossier.objects.filter(crebo=crebo)
    if volgnummer is not None:
        return qs.filter(volgnummer=volgnummer).first()
    return qs.order_by("-volgnummer").first()


def dossier_latest(*, crebo: str) -> Kwalificatiedossier | None:
    return Kwalificatiedossier.objects.filter(crebo=crebo).order_by("-volgnummer").first()


def dossier_is_frozen(dossier: Kwalificatiedossier) -> bool:
    """A version a cohort is pinned to, or a student is enrolled on, never changes again; scores,
    evidence and voorschriften all hang off such an enrolment or cohort."""
    return dossier.cohorten.exists() or Profiel.objects.filter(dossier=dossier, inschrijvingen__isnull=False).exists()


def profiel_list(*, dossier: Kwalificatiedossier | None = None) -> QuerySet[Profiel]:
    qs = Profiel.objects.select_related("dossier")
    return qs.filter(dossier=dossier) if dossier else qs


def profiel_resolve(*, code: str, dossier: Kwalificatiedossier | None = None) -> Profiel:
    """A profiel from what a user typed: a code (P3) or a kwalificatie crebo (25136).

    A code alone is enough while it is unambiguous, i.e. while one dossier has that code.
    """
    code = code.strip()
    qs = Profiel.objects.select_related("dossier")
    # Without a dossier (version) a code is looked up in the latest version of every dossier.
    if dossier is not None:
        qs = qs.filter(dossier=dossier)
    else:
        qs = qs.filter(dossier__in=Kwalificatiedossier.objects.filter(_latest_versions()))
    matches = list(qs.filter(Q(code__iexact=code) | Q(crebo=code))[:2])
    if not matches:
        raise ApplicationError(_("Onbekend profiel '%(code)s'.") % {"code": code})
    if len(matches) > 1:
        raise ApplicationError(
            _("Profiel '%(code)s' bestaat in meer dan één dossier: geef ook het dossier (crebo) op.") % {"code": code}
        )
    return matches[0]


def kerntaak_list(*, dossier: Kwalificatiedossier | None = None, profiel: Profiel | None = None) -> QuerySet[Kerntaak]:
    """Kerntaken with their werkprocessen; with a profiel: the basisdeel plus that profiel's kerntaken."""
    qs = Kerntaak.objects.select_related("dossier", "profiel").prefetch_related(
        Prefetch("werkprocessen", queryset=Werkproces.objects.order_by("volgorde"))
    )
    if dossier is not None:
        qs = qs.filter(dossier=dossier)
    if profiel is not None:
        qs = qs.filter(dossier=profiel.dossier_id).filter(applies_to(profiel))
    return qs.order_by("dossier__naam", "volgorde")


def kerntaak_detail(*, dossier: Kwalificatiedossier, code: str, profiel: Profiel | None = None) -> Kerntaak | None:
    return (
        kerntaak_list(dossier=dossier, profiel=profiel)
        .prefetch_related(
            Prefetch(
                "vakkennis",
                queryset=Vakkennis.objects.filter(applies_to(profiel)).select_related("profiel"),
            ),
            Prefetch(
                "aanvullingen",
                queryset=KerntaakAanvulling.objects.filter(applies_to(profiel)).select_related("profiel"),
            ),
        )
        .filter(code=code)
        .first()
    )


def werkproces_list(
    *, dossier: Kwalificatiedossier | None = None, profiel: Profiel | None = None
) -> QuerySet[Werkproces]:
    """Werkprocessen with criteria, competenties and aanvullingen, limited to what applies to `profiel`.

    The number of queries does not depend on the number of werkprocessen or profielen.
    """
    qs = Werkproces.objects.select_related("kerntaak__dossier", "kerntaak__profiel").prefetch_related(
        Prefetch(
            "criteria",
            queryset=Criterium.objects.filter(applies_to(profiel)).select_related("profiel"),
        ),
        Prefetch(
            "competenties",
            queryset=WerkprocesCompetentie.objects.filter(applies_to(profiel)).select_related("competentie", "profiel"),
        ),
        Prefetch(
            "aanvullingen",
            queryset=WerkprocesAanvulling.objects.filter(applies_to(profiel)).select_related("profiel"),
        ),
    )
    if dossier is not None:
        qs = qs.filter(kerntaak__dossier=dossier)
    if profiel is not None:
        qs = qs.filter(kerntaak__dossier=profiel.dossier_id).filter(applies_to(profiel, field="kerntaak__profiel"))
    return qs.order_by("kerntaak__dossier__naam", "kerntaak__volgorde", "volgorde")


def werkproces_detail(*, dossier: Kwalificatiedossier, code: str, profiel: Profiel | None = None) -> Werkproces | None:
    return werkproces_list(dossier=dossier, profiel=profiel).filter(code=code).first()
