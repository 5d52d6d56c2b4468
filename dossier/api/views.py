from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from config.converters import ID_REGEX, parse_id
from config.errors import ApplicationError
from dossier import selectors
from dossier.api import serializers
from dossier.models import Kwalificatiedossier, Profiel
from dossier.versions import version_diff

DOSSIER_PARAM = OpenApiParameter(
    "dossier", OpenApiTypes.STR, description="Crebo van het kwalificatiedossier, bijv. 23064."
)
VERSIE_PARAM = OpenApiParameter(
    "versie",
    OpenApiTypes.INT,
    description="Volgnummer van de versie van het dossier (1, 2, …); zonder: de nieuwste versie.",
)
PROFIEL_PARAM = OpenApiParameter(
    "profiel",
    OpenApiTypes.STR,
    description=(
        "Profielcode (P3) of crebo van de kwalificatie (25136): alleen wat voor dat profiel geldt, "
        "namelijk het basisdeel plus de aanvullingen en kerntaken van het profiel."
    ),
)


if TYPE_CHECKING:
    _ViewSet = viewsets.GenericViewSet
else:
    _ViewSet = object


class DossierScopedMixin(_ViewSet):
    """Reads ?dossier= and ?profiel= once; a bad value is a 400 with a Dutch message."""

    def versie_param(self) -> int | None:
        versie = self.request.query_params.get("versie")
        if versie is None or versie == "":
            return None
        volgnummer = parse_id(versie, max_digits=4)
        if volgnummer is None:
            raise exceptions.ValidationError({"versie": _("Een versie is een volgnummer, zoals 2.")})
        return volgnummer

    def dossier_param(self) -> Kwalificatiedossier | None:
        crebo = self.request.query_params.get("dossier")
        versie = self.versie_param()
        if not crebo:
            if versie is not None:
                raise exceptions.ValidationError({"versie": _("Geef bij ?versie= ook ?dossier= (het crebo) op.")})
            return None
        dossier = selectors.dossier_get(crebo=crebo.strip(), volgnummer=versie)
        if dossier is None:
            raise exceptions.ValidationError(
                {"dossier": _("Onbekend kwalificatiedossier '%(crebo)s'.") % {"crebo": crebo}}
            )
        return dossier

    def latest_only(self, qs: QuerySet, field: str) -> QuerySet:
        """A list without ?dossier= holds the latest version of every dossier, not every version."""
        return qs.filter(**{f"{field}__in": selectors.dossier_list().values("pk")})

    def profiel_param(self, dossier: Kwalificatiedossier | None) -> Profiel | None:
        code = self.request.query_params.get("profiel")
        if not code:
            return None
        try:
            return selectors.profiel_resolve(code=code, dossier=dossier)
        except ApplicationError as exc:
            raise exceptions.ValidationError({"profiel": exc.message}) from None


@extend_schema_view(
    list=extend_schema(summary="Kwalificatiedossiers (de nieuwste versie van elk)"),
    retrieve=extend_schema(summary="Eén kwalificatiedossier", parameters=[VERSIE_PARAM]),
)
class DossierViewSet(DossierScopedMixin, viewsets.ReadOnlyModelViewSet):
    # A path id that is not a number is a 404 like a missing object, never a ValueError.
    lookup_value_regex = ID_REGEX
    serializer_class = serializers.DossierOutput
    lookup_field = "crebo"

    def get_queryset(self) -> QuerySet:
        return selectors.dossier_list()

    def get_object(self) -> Kwalificatiedossier:
        dossier = selectors.dossier_get(crebo=self.kwargs["crebo"], volgnummer=self.versie_param())
        if dossier is None:
            raise exceptions.NotFound()
        return dossier

    @extend_schema(
        summary="Alle versies van een kwalificatiedossier", responses=serializers.DossierVersieOutput(many=True)
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def versies(self, request: Request, crebo: str) -> Response:
        versions = list(selectors.dossier_versions(crebo=crebo))
        if not versions:
            raise exceptions.NotFound()
        for version in versions:
            # an attribute for DossierVersieOutput's in_gebruik field, not a model field
            version.in_gebruik = selectors.dossier_is_frozen(version)  # type: ignore[attr-defined]
        return Response(serializers.DossierVersieOutput(versions, many=True).data)

    @extend_schema(
        summary="Wat er verandert tussen twee versies",
        description="Per werkproces de criteria die zijn toegevoegd, verwijderd, anders verwoord of verplaatst.",
        parameters=[
            OpenApiParameter("van", OpenApiTypes.INT, required=True, description="Volgnummer van de oude versie."),
            OpenApiParameter("naar", OpenApiTypes.INT, required=True, description="Volgnummer van de nieuwe versie."),
            PROFIEL_PARAM,
        ],
        responses=serializers.DiffOutput,
    )
    @action(detail=True, methods=["get"])
    def diff(self, request: Request, crebo: str) -> Response:
        numbers = {}
        for name in ("van", "naar"):
            value = parse_id(request.query_params.get(name), max_digits=4)
            if value is None:
                raise exceptions.ValidationError({name: _("Geef een versienummer, zoals 1.")})
            numbers[name] = value
        old = selectors.dossier_get(crebo=crebo, volgnummer=numbers["van"])
        new = selectors.dossier_get(crebo=crebo, volgnummer=numbers["naar"])
        if old is None or new is None:
            raise exceptions.NotFound()
        profiel = self.profiel_param(new)
        diff = version_diff(old, new, profiel=profiel.code if profiel else None)
        output = {
            "van": old.volgnummer,
            "naar": new.volgnummer,
            "profiel": profiel.code if profiel else None,
            "werkprocessen_toegevoegd": diff.werkprocessen_added,
            "werkprocessen_verwijderd": diff.werkprocessen_removed,
            "werkprocessen": diff.werkprocessen,
        }
        return Response(serializers.DiffOutput(output).data)


@extend_schema_view(
    list=extend_schema(summary="Profielen (kwalificaties)", parameters=[DOSSIER_PARAM, VERSIE_PARAM]),
    retrieve=extend_schema(summary="Eén profiel"),
)
class ProfielViewSet(DossierScopedMixin, viewsets.ReadOnlyModelViewSet):
    # A path id that is not a number is a 404 like a missing object, never a ValueError.
    lookup_value_regex = ID_REGEX
    serializer_class = serializers.ProfielOutput

    def get_queryset(self) -> QuerySet:
        if self.action != "list":
            return selectors.profiel_list()
        dossier = self.dossier_param()
        qs = selectors.profiel_list(dossier=dossier)
        return qs if dossier else self.latest_only(qs, "dossier")


@extend_schema_view(
    list=extend_schema(summary="Kerntaken", parameters=[DOSSIER_PARAM, VERSIE_PARAM, PROFIEL_PARAM]),
    retrieve=extend_schema(summary="Eén kerntaak"),
)
class KerntaakViewSet(DossierScopedMixin, viewsets.ReadOnlyModelViewSet):
    # A path id that is not a number is a 404 like a missing object, never a ValueError.
    lookup_value_regex = ID_REGEX
    serializer_class = serializers.KerntaakOutput

    def get_queryset(self) -> QuerySet:
        dossier = self.dossier_param()
        profiel = self.profiel_param(dossier)
        qs = selectors.kerntaak_list(dossier=dossier, profiel=profiel)
        return qs if dossier or profiel or self.action != "list" else self.latest_only(qs, "dossier")


@extend_schema_view(
    list=extend_schema(summary="Werkprocessen met criteria", parameters=[DOSSIER_PARAM, VERSIE_PARAM, PROFIEL_PARAM]),
    retrieve=extend_schema(summary="Eén werkproces met criteria", parameters=[PROFIEL_PARAM]),
)
class WerkprocesViewSet(DossierScopedMixin, viewsets.ReadOnlyModelViewSet):
    # A path id that is not a number is a 404 like a missing object, never a ValueError.
    lookup_value_regex = ID_REGEX
    serializer_class = serializers.WerkprocesOutput

    def get_queryset(self) -> QuerySet:
        dossier = self.dossier_param()
        profiel = self.profiel_param(dossier)
        qs = selectors.werkproces_list(dossier=dossier, profiel=profiel)
        return qs if dossier or profiel or self.action != "list" else self.latest_only(qs, "kerntaak__dossier")
