from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.http import api_user
from accounts.roles import is_coordinator, is_examencommissie
from config.converters import ID_REGEX, parse_id
from diploma import report_requests, selectors
from diploma.api import serializers
from diploma.models import Report
from portfolio.downloads import file_response
from portfolio.selectors import inschrijving_list, readable_cohort_list

# What a finished report's file is served as (PDF, xlsx or CSV; see diploma.reports.jobs).
REPORT_MIMES = ("application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv")


@extend_schema_view(
    list=extend_schema(summary="Rapporten die u mag zien"),
    retrieve=extend_schema(summary="Eén rapport: status en voortgang (om te pollen)"),
)
class ReportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    # A path id that is not a number is a 404 like a missing object, never a ValueError.
    lookup_value_regex = ID_REGEX
    serializer_class = serializers.ReportOutput

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Report.objects.none()
        return selectors.report_list(user=self.request.user)

    @extend_schema(
        summary="Rapport aanvragen; een worker maakt het op de achtergrond",
        request=serializers.ReportInput,
        responses={202: serializers.ReportOutput},
    )
    def create(self, request: Request) -> Response:
        data = serializers.ReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        cohort = readable_cohort_list(user=request.user).filter(pk=values.get("cohort") or 0).first()
        inschrijving = inschrijving_list(user=request.user).filter(pk=values.get("inschrijving") or 0).first()
        report = report_requests.report_request(
            by=api_user(request), kind=values["kind"], cohort=cohort, inschrijving=inschrijving
        )
        return Response(serializers.ReportOutput(report).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Het bestand van een klaar rapport",
        responses={(200, mime): OpenApiTypes.BINARY for mime in REPORT_MIMES},
    )
    @action(detail=True, methods=["get"], url_name="download")
    def download(self, request: Request, pk=None):
        report = self.get_object()
        if report.status != Report.Status.DONE or not report.file:
            raise Http404(_("Dit rapport is nog niet klaar."))
        return file_response(report.file, name=report.file.name.rsplit("/", 1)[-1], inline=False)


class InschrijvingReadinessView(APIView):
    @extend_schema(summary="Diplomagereedheid van één inschrijving", responses=serializers.ReadinessOutput)
    def get(self, request: Request, pk: int) -> Response:
        inschrijving = inschrijving_list(user=request.user).filter(pk=pk).first()
        if inschrijving is None:
            raise Http404
        return Response(serializers.ReadinessOutput(selectors.student_readiness(inschrijving=inschrijving)).data)


class CohortReadinessView(APIView):
    @extend_schema(
        summary="Diplomagereedheid van een cohort, per pagina op studentnummer",
        parameters=[
            OpenApiParameter("na", OpenApiTypes.STR, description="Het 'volgende' van de vorige pagina."),
            OpenApiParameter("aantal", OpenApiTypes.INT, description="Studenten per pagina (1–500, standaard 100)."),
        ],
        responses=serializers.ReadinessPageOutput,
    )
    def get(self, request: Request, pk: int) -> Response:
        if not (is_coordinator(request.user) or is_examencommissie(request.user)):
            raise PermissionDenied(_("Alleen coördinatoren en de examencommissie zien de gereedheid van een cohort."))
        cohort = readable_cohort_list(user=request.user).filter(pk=pk).first()
        if cohort is None:
            raise Http404
        size = parse_id(request.query_params.get("aantal", "100"), max_digits=3)
        if size is None or not 1 <= size <= 500:
            raise ValidationError({"aantal": _("Kies een aantal van 1 tot en met 500.")})
        rows, volgende = selectors.cohort_readiness_page(
            cohort=cohort, after=request.query_params.get("na") or None, size=size
        )
        return Response({"results": serializers.ReadinessOutput(rows, many=True).data, "volgende": volgende})
