from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets

from config.errors import ApplicationError
from dossier import selectors
from dossier.api import serializers
from dossier.models import Kwalificatiedossier, Profiel

DOSSIER_PARAM = OpenApiParameter(
    "dossier", OpenApiTypes.STR, description="Crebo van het kwalificatiedossier, bijv. 23064."
)
PROFIEL_PARAM = OpenApiParameter(
    "profiel",
    OpenApiTypes.STR,
    description=(
        "Profielcode (P3) of crebo van de kwalificatie (25136): alleen wat voor dat profiel geldt, "
        "namelijk het basisdeel plus de aanvullingen en kerntaken van het profiel."
    ),
)


class DossierScopedMixin:
    """Reads ?dossier= and ?profiel= once; a bad value is a 400 with a Dutch message."""

    def dossier_param(self) -> Kwalificatiedossier | None:
        crebo = self.request.query_params.get("dossier")
        if not crebo:
            return None
        dossier = Kwalificatiedossier.objects.filter(crebo=crebo.strip()).first()
        if dossier is None:
            raise exceptions.ValidationError(
                {"dossier": _("Onbekend kwalificatiedossier '%(crebo)s'.") % {"crebo": crebo}}
            )
        return dossier

    def profiel_param(self, dossier: Kwalificatiedossier | None) -> Profiel | None:
        code = self.request.query_params.get("profiel")
        if not code:
            return None
        try:
            return selectors.profiel_resolve(code=code, dossier=dossier)
        except ApplicationError as exc:
            raise exceptions.ValidationError({"profiel": exc.message}) from None


@extend_schema_view(
    list=extend_schema(summary="Kwalificatiedossiers"),
    retrieve=extend_schema(summary="Eén kwalificatiedossier"),
)
class DossierViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.DossierOutput
    lookup_field = "crebo"

    def get_queryset(self) -> QuerySet:
        return selectors.dossier_list()


@extend_schema_view(
    list=extend_schema(summary="Profielen (kwalificaties)", parameters=[DOSSIER_PARAM]),
    retrieve=extend_schema(summary="Eén profiel"),
)
class ProfielViewSet(DossierScopedMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ProfielOutput

    def get_queryset(self) -> QuerySet:
        dossier = self.dossier_param() if self.action == "list" else None
        return selectors.profiel_list(dossier=dossier)


@extend_schema_view(
    list=extend_schema(summary="Kerntaken", parameters=[DOSSIER_PARAM, PROFIEL_PARAM]),
    retrieve=extend_schema(summary="Eén kerntaak"),
)
class KerntaakViewSet(DossierScopedMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.KerntaakOutput

    def get_queryset(self) -> QuerySet:
        dossier = self.dossier_param()
        return selectors.kerntaak_list(dossier=dossier, profiel=self.profiel_param(dossier))


@extend_schema_view(
    list=extend_schema(summary="Werkprocessen met criteria", parameters=[DOSSIER_PARAM, PROFIEL_PARAM]),
    retrieve=extend_schema(summary="Eén werkproces met criteria", parameters=[PROFIEL_PARAM]),
)
class WerkprocesViewSet(DossierScopedMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.WerkprocesOutput

    def get_queryset(self) -> QuerySet:
        dossier = self.dossier_param()
        return selectors.werkproces_list(dossier=dossier, profiel=self.profiel_param(dossier))
