from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.http import api_user
from config.converters import ID_REGEX, parse_id
from config.errors import ApplicationError
from config.input import LimitedJSONParser
from dossier.selectors import werkproces_detail
from portfolio import selectors, services
from portfolio.api import serializers
from portfolio.downloads import bestand_response
from portfolio.models import Bewijsstuk, Inschrijving
from portfolio.uploads import STORED_MIMES


@extend_schema_view(
    list=extend_schema(summary="Inschrijvingen die u mag zien"),
    retrieve=extend_schema(summary="Eén inschrijving"),
)
class InschrijvingViewSet(viewsets.ReadOnlyModelViewSet):
    # A path id that is not a number is a 404 like a missing object, never a ValueError.
    lookup_value_regex = ID_REGEX
    serializer_class = serializers.InschrijvingOutput

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return Inschrijving.objects.none()
        return selectors.inschrijving_list(user=self.request.user).prefetch_related("toewijzingen__beoordelaar")


FILTERS = [
    OpenApiParameter("inschrijving", OpenApiTypes.INT),
    OpenApiParameter("werkproces", OpenApiTypes.STR, description="Code, bijv. B1-K1-W1"),
    OpenApiParameter("status", OpenApiTypes.STR, enum=["concept", "ingediend", "teruggegeven", "beoordeeld"]),
]


@extend_schema_view(
    list=extend_schema(summary="Bewijsstukken die u mag zien", parameters=FILTERS),
    retrieve=extend_schema(summary="Eén bewijsstuk met al zijn versies", responses=serializers.BewijsstukDetailOutput),
    destroy=extend_schema(summary="Een concept verwijderen (alleen als het nooit is ingediend)"),
)
class BewijsstukViewSet(mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    # A path id that is not a number is a 404 like a missing object, never a ValueError.
    lookup_value_regex = ID_REGEX
    """Another user's bewijsstuk is a 404, exactly like one that does not exist."""

    serializer_class = serializers.BewijsstukOutput
    parser_classes = [MultiPartParser, FormParser, LimitedJSONParser]

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return Bewijsstuk.objects.none()
        qs = selectors.bewijsstuk_list(user=self.request.user)
        params = self.request.query_params
        if (inschrijving := parse_id(params.get("inschrijving"))) is not None:
            qs = qs.filter(inschrijving_id=inschrijving)
        if params.get("werkproces"):
            qs = qs.filter(werkproces__code=params["werkproces"])
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        return qs

    def get_object(self):
        bewijsstuk = selectors.bewijsstuk_detail(user=self.request.user, pk=self.kwargs["pk"])
        if bewijsstuk is None:
            raise Http404
        return bewijsstuk

    def retrieve(self, request: Request, pk=None) -> Response:
        return Response(serializers.BewijsstukDetailOutput(self.get_object()).data)

    def _detail(self, pk: int) -> Response:
        return Response(
            serializers.BewijsstukDetailOutput(selectors.bewijsstuk_detail(user=self.request.user, pk=pk)).data
        )

    @extend_schema(
        summary="Nieuw bewijsstuk (multipart: bestanden in 'files')",
        request={"multipart/form-data": serializers.BewijsstukCreateInput},
        responses={201: serializers.BewijsstukDetailOutput},
    )
    def create(self, request: Request) -> Response:
        data = serializers.BewijsstukCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        inschrijving = selectors.inschrijving_list(user=request.user).filter(pk=values["inschrijving"]).first()
        if inschrijving is None:
            raise ApplicationError(_("Onbekende inschrijving."))
        werkproces = werkproces_detail(
            dossier=inschrijving.profiel.dossier, code=values["werkproces"], profiel=inschrijving.profiel
        )
        if werkproces is None:
            raise ApplicationError(
                _("Werkproces %(code)s hoort niet bij profiel %(profiel)s.")
                % {"code": values["werkproces"], "profiel": inschrijving.profiel.code}
            )
        bewijsstuk = services.bewijsstuk_create(
            inschrijving=inschrijving,
            werkproces=werkproces,
            titel=values["titel"],
            reflectie=values["reflectie"],
            criteria=values["criteria"],
            files=request.FILES.getlist("files"),
            by=api_user(request),
        )
        return Response(self._detail(bewijsstuk.pk).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Concept wijzigen (maakt zo nodig een nieuwe versie)",
        request={"multipart/form-data": serializers.BewijsstukUpdateInput},
        responses=serializers.BewijsstukDetailOutput,
    )
    def partial_update(self, request: Request, pk=None) -> Response:
        bewijsstuk = self.get_object()
        data = serializers.BewijsstukUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.bewijsstuk_update(
            bewijsstuk=bewijsstuk,
            by=api_user(request),
            titel=values.get("titel"),
            reflectie=values.get("reflectie"),
            criteria=values.get("criteria"),
            add_files=request.FILES.getlist("files"),
            remove_files=values["remove_files"],
        )
        return self._detail(bewijsstuk.pk)

    def destroy(self, request: Request, pk=None) -> Response:
        services.bewijsstuk_delete(bewijsstuk=self.get_object(), by=api_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Indienen", request=None, responses=serializers.BewijsstukDetailOutput)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk=None) -> Response:
        services.bewijsstuk_submit(bewijsstuk=self.get_object(), by=api_user(request))
        return self._detail(pk)

    @extend_schema(summary="Intrekken (terug naar concept)", request=None, responses=serializers.BewijsstukDetailOutput)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk=None) -> Response:
        services.bewijsstuk_withdraw(bewijsstuk=self.get_object(), by=api_user(request))
        return self._detail(pk)

    @extend_schema(
        summary="Teruggeven aan de student met feedback (beoordelaar)",
        request=serializers.FeedbackInput,
        responses=serializers.BewijsstukDetailOutput,
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_student(self, request: Request, pk=None) -> Response:
        data = serializers.FeedbackInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.bewijsstuk_return(
            bewijsstuk=self.get_object(), by=api_user(request), feedback=data.validated_data["feedback"]
        )
        return self._detail(pk)

    @extend_schema(summary="Versiegeschiedenis", responses=serializers.VersieOutput(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def versies(self, request: Request, pk=None) -> Response:
        return Response(serializers.VersieOutput(self.get_object().versies.all(), many=True).data)

    @extend_schema(
        summary="Bestand downloaden",
        responses={(200, mime): OpenApiTypes.BINARY for mime in STORED_MIMES},
    )
    @action(detail=True, methods=["get"], url_path=rf"bestanden/(?P<bestand_id>{ID_REGEX})", url_name="bestand")
    def bestand(self, request: Request, pk=None, bestand_id=None):
        bestand = selectors.bestand_for_download(user=request.user, pk=int(bestand_id))
        if bestand is None or bestand.versie.bewijsstuk_id != int(pk):
            raise Http404
        return bestand_response(bestand)
