"""GET /api/v1/dossiers/{crebo}/framework/?versie=: one dossier version as a Mahara or Moodle framework file."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from config.converters import parse_id
from config.errors import ApplicationError
from dossier import frameworks, selectors
from dossier.framework_views import framework_response

FILE_DESCRIPTION = (
    "Het bestand als bijlage: Mahara SmartEvidence `.matrix` (formaat=mahara, application/json) of een "
    "Moodle-competentiekader als CSV (formaat=moodle, text/csv)."
)


class FrameworkQueryInput(serializers.Serializer):
    profiel = serializers.CharField(
        error_messages={
            "required": gettext_lazy("Geef een profiel op, bijv. ?profiel=P3."),
            "blank": gettext_lazy("Geef een profiel op, bijv. ?profiel=P3."),
        }
    )
    formaat = serializers.ChoiceField(
        choices=list(frameworks.FORMATEN),
        error_messages={
            "required": gettext_lazy("Geef een formaat op: mahara of moodle."),
            "invalid_choice": gettext_lazy("Onbekend formaat '{input}': kies mahara of moodle."),
        },
    )


class FileOrJsonNegotiation(BaseContentNegotiation):
    """The file's type follows ?formaat=, not Accept; errors are JSON, whatever the client accepts."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class DossierFrameworkView(APIView):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FileOrJsonNegotiation

    @extend_schema(
        summary="Dossier als competentieraamwerk (Mahara of Moodle)",
        description=(
            "Eén versie van het kwalificatiedossier als bestand, voor één profiel: wat voor een student van "
            "dat profiel geldt (basisdeel plus de kerntaken en aanvullingen van het profiel). "
            "`formaat=mahara` geeft een Mahara SmartEvidence-raamwerk (`.matrix`, JSON: framework → standards "
            "(één per werkproces) → standardelements (één per criterium)); `formaat=moodle` een CSV voor "
            "Moodle's import van competentiekaders (tool_lpimportcsv): het raamwerk, dan kerntaken → "
            "werkprocessen → criteria, met de schaal onvoldoende/voldoende/goed. Het antwoord is een bijlage "
            "met een bestandsnaam als `commercie-23064-P3.matrix`."
        ),
        parameters=[
            OpenApiParameter(
                "crebo", OpenApiTypes.STR, OpenApiParameter.PATH, description="Crebo van het dossier, bijv. 23064."
            ),
            OpenApiParameter(
                "versie",
                OpenApiTypes.INT,
                description="Volgnummer van de versie (zie /versies/); zonder: de nieuwste versie.",
            ),
            OpenApiParameter(
                "profiel",
                OpenApiTypes.STR,
                required=True,
                description="Profielcode (P3) of crebo van de kwalificatie (25136) binnen deze dossierversie.",
            ),
            OpenApiParameter("formaat", OpenApiTypes.STR, required=True, enum=list(frameworks.FORMATEN)),
        ],
        responses={
            (200, "application/json"): OpenApiResponse(OpenApiTypes.BINARY, description=FILE_DESCRIPTION),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description=FILE_DESCRIPTION),
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Onbekend of ontbrekend profiel of formaat.",
                examples=[
                    OpenApiExample("Onbekend profiel", value={"profiel": ["Onbekend profiel 'P9'."]}),
                ],
            ),
            404: OpenApiResponse(OpenApiTypes.OBJECT, description="Dit kwalificatiedossier bestaat niet."),
        },
    )
    def get(self, request: Request, crebo: str) -> HttpResponse:
        versie = request.query_params.get("versie", "")
        volgnummer = parse_id(versie, max_digits=4)
        if versie and volgnummer is None:
            raise exceptions.ValidationError({"versie": [_("Een versie is een volgnummer, zoals 2.")]})
        dossier = selectors.dossier_get(crebo=crebo, volgnummer=volgnummer)
        if dossier is None:
            raise Http404(_("Dit kwalificatiedossier bestaat niet."))
        params = FrameworkQueryInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        try:
            profiel = selectors.profiel_resolve(code=params.validated_data["profiel"], dossier=dossier)
        except ApplicationError as exc:
            raise exceptions.ValidationError({"profiel": [exc.message]}) from None
        export = frameworks.framework_file(dossier=dossier, profiel=profiel, formaat=params.validated_data["formaat"])
        return framework_response(export)
