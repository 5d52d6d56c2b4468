from collections.abc import Mapping
from typing import cast

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from assessment import rules, selectors, services
from assessment.api import serializers
from assessment.models import Beoordeling, Examenpoging
from config.converters import ID_REGEX, parse_id
from config.errors import ApplicationError
from dossier.selectors import werkproces_detail
from portfolio.scope import coordinates, reads
from portfolio.selectors import inschrijving_list

FILTERS = [
    OpenApiParameter("inschrijving", OpenApiTypes.INT),
    OpenApiParameter("werkproces", OpenApiTypes.STR, description="Code, bijv. B1-K1-W1"),
    OpenApiParameter("soort", OpenApiTypes.STR, enum=Beoordeling.Soort.values),
    OpenApiParameter("status", OpenApiTypes.STR, enum=Beoordeling.Status.values),
]

STALE = {
    409: OpenApiResponse(
        serializers.ErrorOutput, description="Iemand anders heeft dit intussen gewijzigd; de melding noemt wie."
    )
}


def _sees_agreed_scores(user, beoordeling: Beoordeling) -> bool:
    poging = beoordeling.poging
    if poging is None:
        return False
    own = beoordeling if beoordeling.beoordelaar_id == user.pk else selectors.own_beoordeling(user=user, poging=poging)
    return selectors.sees_agreed_scores(user=user, poging=poging, own=own)


def stale(exc: services.StaleWrite) -> Response:
    return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)


@extend_schema_view(
    list=extend_schema(
        summary="Beoordelingen die u mag zien",
        description=(
            "Een beoordelaar ziet de eigen beoordelingen, een student de ingediende, de coördinator alle, "
            "de examencommissie de ingediende van haar opleidingen."
        ),
        parameters=FILTERS,
    ),
)
class BeoordelingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    # A path id that is not a number is a 404 like a missing object, never a ValueError.
    lookup_value_regex = ID_REGEX
    """Another user's beoordeling is a 404, exactly like one that does not exist."""

    serializer_class = serializers.BeoordelingOutput

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return Beoordeling.objects.none()
        qs = selectors.beoordeling_list(user=self.request.user).order_by("-updated_at", "-pk")
        params = self.request.query_params
        if (inschrijving := parse_id(params.get("inschrijving"))) is not None:
            qs = qs.filter(inschrijving_id=inschrijving)
        if params.get("werkproces"):
            qs = qs.filter(werkproces__code=params["werkproces"])
        if params.get("soort"):
            qs = qs.filter(soort=params["soort"])
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        return qs

    def get_object(self) -> Beoordeling:
        pk = parse_id(self.kwargs["pk"])
        beoordeling = selectors.beoordeling_detail(user=self.request.user, pk=pk) if pk is not None else None
        if beoordeling is None:
            raise Http404
        return beoordeling

    def _output(self, beoordeling: Beoordeling, *, status_code: int = status.HTTP_200_OK) -> Response:
        output = serializers.BeoordelingDetailOutput(
            beoordeling, context={"sees_agreed_scores": _sees_agreed_scores(self.request.user, beoordeling)}
        )
        return Response(output.data, status=status_code)

    def _detail(self, pk: int, *, status_code: int = status.HTTP_200_OK) -> Response:
        """The detail as it is after a write: read again through the selector."""
        beoordeling = cast(Beoordeling, selectors.beoordeling_detail(user=self.request.user, pk=pk))  # just written
        return self._output(beoordeling, status_code=status_code)

    def _poging(self, beoordeling: Beoordeling) -> Examenpoging:
        if beoordeling.poging is None:
            raise ApplicationError(_("Deze beoordeling hoort niet bij een examen."))
        return beoordeling.poging

    def _on_the_form(self, beoordeling: Beoordeling, scores: Mapping[int, str]) -> Mapping[int, str]:
        """What the HTML form guarantees by its fields: one score per criterium of the form, on the scale.

        poging_propose, poging_vaststellen and poging_correct trust their caller on this; without it a value off
        the scale is a 500 (a ValueError from rules) and vaststellen/correct would store foreign criteria.
        """
        if set(scores) != {s.criterium_id for s in beoordeling.scores.all()}:
            raise ApplicationError(_("Geef voor elk criterium de afgesproken score."))
        scale = rules.get_scale(selectors.voorschrift_for(inschrijving=beoordeling.inschrijving).schaal)
        for waarde in scores.values():
            if waarde:
                try:
                    scale.level(waarde)
                except ValueError as exc:
                    raise ApplicationError(str(exc)) from None
        return scores

    @extend_schema(
        summary="Eén beoordeling met scores per criterium",
        description=(
            "Alleen voor de eigen beoordelaar, de student (als de beoordeling is ingediend), de coördinator en de "
            "examencommissie (een ingediende). "
            "Het voorstel en de uitslag van de poging zijn leeg zolang u uw eigen beoordeling niet hebt ingediend."
        ),
        responses={200: serializers.BeoordelingDetailOutput},
    )
    def retrieve(self, request: Request, pk=None) -> Response:
        return self._output(self.get_object())

    @extend_schema(
        summary="Beoordeling starten (of de eigen beoordeling in de open examenpoging terugkrijgen)",
        request=serializers.BeoordelingCreateInput,
        responses={201: serializers.BeoordelingDetailOutput},
    )
    def create(self, request: Request) -> Response:
        data = serializers.BeoordelingCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        inschrijving = inschrijving_list(user=request.user).filter(pk=values["inschrijving"]).first()
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
        beoordeling = services.beoordeling_start(
            inschrijving=inschrijving, werkproces=werkproces, soort=values["soort"], by=request.user
        )
        return self._detail(beoordeling.pk, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Concept opslaan: scores, opmerkingen en feedback",
        request=serializers.BeoordelingSaveInput,
        responses={200: serializers.BeoordelingDetailOutput, **STALE},
    )
    @action(detail=True, methods=["post"])
    def save(self, request: Request, pk=None) -> Response:
        beoordeling = self.get_object()
        data = serializers.BeoordelingSaveInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            services.beoordeling_save(
                beoordeling=beoordeling,
                by=request.user,
                expected_version=values["version"],
                scores={row["criterium"]: (row["waarde"], row["opmerking"]) for row in values["scores"]},
                feedback=values["feedback"],
            )
        except services.StaleWrite as exc:
            return stale(exc)
        return self._detail(beoordeling.pk)

    @extend_schema(
        summary="Indienen (daarna niet meer te wijzigen)",
        request=serializers.VersionInput,
        responses={200: serializers.BeoordelingDetailOutput, **STALE},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk=None) -> Response:
        beoordeling = self.get_object()
        data = serializers.VersionInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.beoordeling_submit(
                beoordeling=beoordeling, by=request.user, expected_version=data.validated_data["version"]
            )
        except services.StaleWrite as exc:
            return stale(exc)
        return self._detail(beoordeling.pk)

    @extend_schema(
        summary="Verschil tussen de beoordelaars oplossen: een voorstel doen of ermee instemmen",
        description=(
            'Met {"scores": [...], "version": n} doet u een voorstel; met {"accept": true, "version": n} stemt u '
            "in met het voorstel van de andere beoordelaar. `version` is die van de poging."
        ),
        request=serializers.AgreeInput,
        responses={200: serializers.BeoordelingDetailOutput, **STALE},
    )
    @action(detail=True, methods=["post"])
    def agree(self, request: Request, pk=None) -> Response:
        beoordeling = self.get_object()
        poging = self._poging(beoordeling)
        data = serializers.AgreeInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            if values["accept"]:
                services.poging_accept(poging=poging, by=request.user, expected_version=values["version"])
            else:
                scores = values["scores"]
                # Only for the assessor: anyone else gets the service's 403, not a remark on their scores.
                if beoordeling.beoordelaar_id == request.user.pk:
                    scores = self._on_the_form(beoordeling, scores)
                services.poging_propose(
                    poging=poging, by=request.user, scores=scores, expected_version=values["version"]
                )
        except services.StaleWrite as exc:
            return stale(exc)
        return self._detail(beoordeling.pk)

    @extend_schema(
        summary="Voorleggen aan de coördinator (de beoordelaars worden het niet eens)",
        request=None,
        responses={200: serializers.BeoordelingDetailOutput},
    )
    @action(detail=True, methods=["post"])
    def refer(self, request: Request, pk=None) -> Response:
        beoordeling = self.get_object()
        services.poging_voorleggen(poging=self._poging(beoordeling), by=request.user)
        return self._detail(beoordeling.pk)

    @extend_schema(
        summary="Uitslag vaststellen namens de examencommissie (coördinator)",
        description="Bij overeenstemming zonder scores; bij een voorgelegde poging met de vast te stellen scores.",
        request=serializers.VaststellenInput,
        responses={200: serializers.VaststellingOutput},
    )
    @action(detail=True, methods=["post"])
    def vaststellen(self, request: Request, pk=None) -> Response:
        beoordeling = self.get_object()
        poging = self._poging(beoordeling)
        data = serializers.VaststellenInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        scores = values.get("scores")
        # Only for the coordinator: anyone else gets the service's 403, not a remark on their scores.
        if scores is not None and coordinates(request.user, beoordeling.inschrijving):
            scores = self._on_the_form(beoordeling, scores)
        vaststelling = services.poging_vaststellen(poging=poging, by=request.user, scores=scores, reden=values["reden"])
        return Response(serializers.VaststellingOutput(vaststelling).data)

    @extend_schema(
        summary="Vastgestelde uitslag corrigeren: een nieuwe revisie met reden (coördinator)",
        request=serializers.CorrectInput,
        responses={200: serializers.VaststellingOutput},
    )
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk=None) -> Response:
        beoordeling = self.get_object()
        poging = self._poging(beoordeling)
        data = serializers.CorrectInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        scores = values["scores"]
        if coordinates(request.user, beoordeling.inschrijving):
            scores = self._on_the_form(beoordeling, scores)
        vaststelling = services.poging_correct(poging=poging, by=request.user, scores=scores, reden=values["reden"])
        return Response(serializers.VaststellingOutput(vaststelling).data)

    @extend_schema(
        summary="Geschiedenis van de examenpoging (coördinator, examencommissie)",
        description=(
            "Alle revisies van de vaststelling en elke vastgelegde wijziging (alleen op PostgreSQL). "
            "De examencommissie leest hem zodra de uitslag is vastgesteld."
        ),
        responses={200: serializers.HistoryOutput},
    )
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk=None) -> Response:
        beoordeling = self.get_object()
        if not reads(request.user, beoordeling.inschrijving):
            raise PermissionDenied(
                _("Alleen de coördinator en de examencommissie zien de geschiedenis van een examenpoging.")
            )
        poging_id = self._poging(beoordeling).pk
        poging = selectors.poging_visible(user=request.user, pk=poging_id)
        if poging is None or not selectors.may_read_poging_history(user=request.user, poging=poging):
            raise PermissionDenied(
                _("De examencommissie leest de geschiedenis van een examenpoging zodra de uitslag is vastgesteld.")
            )
        output = {
            "poging": poging.pk,
            "vaststellingen": poging.vaststellingen.all(),
            "events": selectors.poging_history(poging=poging),
        }
        return Response(serializers.HistoryOutput(output).data)
