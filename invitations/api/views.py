"""The coordinator's API for invitations: list and create those of an enrolment, revoke one.

Only the coordinator of the enrolment's opleiding: an enrolment the user can not see is a 404, one they can
see but do not coordinate (the student, an assessor, the examencommissie) a 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.http import api_user
from config.converters import ID_REGEX
from invitations import selectors, services
from invitations.api import serializers
from invitations.models import Uitnodiging
from portfolio.models import Inschrijving
from portfolio.scope import coordinates
from portfolio.selectors import inschrijving_list


@extend_schema_view(
    get=extend_schema(summary="Uitnodigingen van de praktijkbeoordelaar van een inschrijving (nieuwste eerst)"),
    post=extend_schema(
        summary="Praktijkbeoordelaar uitnodigen per e-mail",
        description=(
            "Maakt (of hergebruikt) een account zonder wachtwoord voor dit adres, maakt het de praktijkbeoordelaar "
            "van de inschrijving en mailt een link die alleen voor deze inschrijving werkt, tot `expires_at`. "
            "Een eerdere link van de inschrijving werkt daarna niet meer."
        ),
        request=serializers.UitnodigingInput,
        responses={201: serializers.UitnodigingOutput},
    ),
)
class InschrijvingUitnodigingen(generics.ListCreateAPIView):
    serializer_class = serializers.UitnodigingOutput

    def inschrijving(self) -> Inschrijving:
        if not hasattr(self, "_inschrijving"):
            found = inschrijving_list(user=self.request.user).filter(pk=self.kwargs["pk"]).first()
            if found is None:
                raise Http404
            if not coordinates(self.request.user, found):
                raise PermissionDenied(_("Alleen de coördinator van deze opleiding nodigt praktijkbeoordelaars uit."))
            self._inschrijving = found
        return self._inschrijving

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return Uitnodiging.objects.none()
        return selectors.uitnodiging_list(inschrijving=self.inschrijving())

    def create(self, request: Request, *args, **kwargs) -> Response:
        inschrijving = self.inschrijving()
        data = serializers.UitnodigingInput(data=request.data)
        data.is_valid(raise_exception=True)
        uitnodiging = services.uitnodiging_create(
            inschrijving=inschrijving, by=api_user(request), **data.validated_data
        )
        output = serializers.UitnodigingOutput(
            selectors.uitnodiging_list(inschrijving=inschrijving).get(pk=uitnodiging.pk)
        )
        return Response(output.data, status=status.HTTP_201_CREATED)


@extend_schema_view(retrieve=extend_schema(summary="Eén uitnodiging"))
class UitnodigingViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """An invitation of an opleiding the user does not coordinate is a 404, like one that does not exist."""

    lookup_value_regex = ID_REGEX
    serializer_class = serializers.UitnodigingOutput

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return Uitnodiging.objects.none()
        return selectors.uitnodiging_coordinated(user=self.request.user)

    @extend_schema(
        summary="Uitnodiging intrekken: de link en een lopende sessie werken daarna niet meer",
        request=None,
        responses={200: serializers.UitnodigingOutput},
    )
    @action(detail=True, methods=["post"])
    def intrekken(self, request: Request, pk=None) -> Response:
        uitnodiging = services.uitnodiging_revoke(uitnodiging=self.get_object(), by=api_user(request))
        return Response(serializers.UitnodigingOutput(self.get_queryset().get(pk=uitnodiging.pk)).data)
