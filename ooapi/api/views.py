"""OOAPI v5, read-only, for system clients. Thin: parameters here, reads in ooapi.selectors, shapes in serializers.

Kept out of the portal's own schema (/api/schema/): these views follow the OOAPI's shapes and error format,
which the OOAPI specification documents (docs/ooapi.md).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from config.problems import CONTENT_TYPE, problem, problem_body
from ooapi import ids, selectors
from ooapi.api import params, serializers
from ooapi.api.auth import IsSysteemkoppeling, SysteemkoppelingAuthentication

PERSON_SORT = {
    "personId": ("pk",),
    "givenName": ("student__first_name", "pk"),
    "surName": ("student__last_name", "pk"),
    "displayName": ("student__first_name", "student__last_name", "pk"),
}
AFFILIATIONS = ("student", "employee", "guest")
ASSOCIATION_TYPES = ("programOffering", "courseOffering", "componentOffering")
ROLES = ("student", "lecturer", "teaching assistant", "coordinator", "guest")
STATES = ("pending", "canceled", "denied", "associated", "queued")
RESULT_STATES = ("in progress", "postponed", "completed", "queued")
OFFERING_TYPES = ("program", "course", "component")
EXPAND = ("person", "offering")


def problem_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Niet gevonden, of niet voor deze koppeling."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data
    if not isinstance(detail, str):
        detail = " ".join(str(value) for value in _flatten(detail))
    body = problem_body(response.status_code, str(detail))
    headers = {k: v for k, v in response.items() if k.lower() in ("www-authenticate", "retry-after")}
    return Response(body, status=response.status_code, headers=headers, content_type=CONTENT_TYPE)


def _flatten(detail) -> list:
    if isinstance(detail, dict):
        return [item for value in detail.values() for item in _flatten(value)]
    if isinstance(detail, list):
        return [item for value in detail for item in _flatten(value)]
    return [detail]


class JsonOnly(BaseContentNegotiation):
    """A system client gets JSON whatever it sends in Accept."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class OoapiView(APIView):
    schema = None
    authentication_classes = [SysteemkoppelingAuthentication]
    permission_classes = [IsSysteemkoppeling]
    renderer_classes = [JSONRenderer]
    parser_classes = []
    throttle_classes = []
    content_negotiation_class = JsonOnly

    def get_exception_handler(self):
        return problem_handler

    @property
    def koppeling(self):
        return self.request.auth

    def ref(self, value: str, kind: ids.Kind) -> ids.Ref:
        ref = params.ref(value, kind)
        if ref is None:
            raise Http404
        return ref


def _empty(paging: params.Paging) -> Response:
    return Response(serializers.page_output([], page_size=paging.size, page_number=paging.number, total=0))


class ServiceView(OoapiView):
    def get(self, request: Request) -> Response:
        return Response(serializers.service_output())


class PersonListView(OoapiView):
    def get(self, request: Request) -> Response:
        query = request.query_params
        paging = params.paging(query)
        order = params.sort(query, PERSON_SORT, default="personId")
        affiliation = params.choice(query, "affiliations", AFFILIATIONS)
        if affiliation not in (None, "student"):
            return _empty(paging)
        fields = [f"-{f}" if value.startswith("-") else f for value in order for f in PERSON_SORT[value.lstrip("-")]]
        rows, total = selectors.person_page(
            koppeling=self.koppeling,
            primary_code=query.get("primaryCode"),
            words=query.get("q", "").split()[:5],
            order=fields,
            offset=paging.offset,
            limit=paging.size,
        )
        items = [serializers.person_output(inschrijving) for inschrijving in rows]
        return Response(serializers.page_output(items, page_size=paging.size, page_number=paging.number, total=total))


class PersonView(OoapiView):
    def get(self, request: Request, person_id: str) -> Response:
        inschrijving = selectors.person_get(koppeling=self.koppeling, ref=self.ref(person_id, ids.Kind.PERSON))
        if inschrijving is None:
            raise Http404
        return Response(serializers.person_output(inschrijving))


def _association_filters(query) -> tuple[bool, bool]:
    """(whether anything can match, whether only completed results are asked for)."""
    association_type = params.choice(query, "associationType", ASSOCIATION_TYPES)
    role = params.choice(query, "role", ROLES)
    state = params.choice(query, "state", STATES)
    result_state = params.choice(query, "result-state", RESULT_STATES)
    matches = (
        association_type in (None, "componentOffering")
        and role in (None, "student")
        and state in (None, "associated")
        and result_state in (None, "completed")
    )
    return matches, result_state == "completed"


class PersonAssociationsView(OoapiView):
    def get(self, request: Request, person_id: str) -> Response:
        query = request.query_params
        paging = params.paging(query)
        descending = params.sort(query, ("associationId",), default="associationId") == ["-associationId"]
        matches, completed = _association_filters(query)
        ref = self.ref(person_id, ids.Kind.PERSON)
        associations = selectors.person_associations(koppeling=self.koppeling, ref=ref)
        if associations is None:
            raise Http404
        if not matches:
            return _empty(paging)
        items = [
            serializers.association_output(a, offering=serializers.offering_output(a.offering))
            for a in associations
            if a.uitslag is not None or not completed
        ]
        items.sort(key=lambda item: item["associationId"], reverse=descending)
        page = items[paging.offset : paging.offset + paging.size]
        return Response(
            serializers.page_output(page, page_size=paging.size, page_number=paging.number, total=len(items))
        )


class OfferingListView(OoapiView):
    def get(self, request: Request) -> Response:
        query = request.query_params
        paging = params.paging(query)
        offering_type = params.choice(query, "offeringType", OFFERING_TYPES)
        result_expected = params.boolean(query, "resultExpected")
        since, until = params.date(query, "since"), params.date(query, "until")
        if offering_type not in (None, "component") or result_expected is False:
            return _empty(paging)

        def in_period(cohort) -> bool:
            start, end = serializers.offering_period(cohort)
            return (since is None or start.date() >= since) and (until is None or end.date() <= until)

        offerings, total = selectors.offering_page(
            koppeling=self.koppeling, offset=paging.offset, limit=paging.size, cohort_filter=in_period
        )
        items = [serializers.offering_output(offering) for offering in offerings]
        return Response(serializers.page_output(items, page_size=paging.size, page_number=paging.number, total=total))


class OfferingView(OoapiView):
    def get(self, request: Request, offering_id: str) -> Response:
        offering = selectors.offering_get(koppeling=self.koppeling, ref=self.ref(offering_id, ids.Kind.OFFERING))
        if offering is None:
            raise Http404
        return Response(serializers.offering_output(offering))


class OfferingAssociationsView(OoapiView):
    def get(self, request: Request, offering_id: str) -> Response:
        query = request.query_params
        paging = params.paging(query)
        descending = params.sort(query, ("associationId",), default="associationId") == ["-associationId"]
        matches, completed = _association_filters(query)
        ref = self.ref(offering_id, ids.Kind.OFFERING)
        if not matches:
            if selectors.offering_get(koppeling=self.koppeling, ref=ref) is None:
                raise Http404
            return _empty(paging)
        found = selectors.offering_associations(
            koppeling=self.koppeling,
            ref=ref,
            offset=paging.offset,
            limit=paging.size,
            descending=descending,
            completed=completed,
        )
        if found is None:
            raise Http404
        _offering, associations, total = found
        items = [
            serializers.association_output(a, person={"personId": ids.person_id(a.inschrijving.pk)})
            for a in associations
        ]
        return Response(serializers.page_output(items, page_size=paging.size, page_number=paging.number, total=total))


class AssociationView(OoapiView):
    def get(self, request: Request, association_id: str) -> Response:
        expand = [v for v in request.query_params.get("expand", "").split(",") if v]
        if any(value not in EXPAND for value in expand):
            raise params.BadParameter(_("expand kent alleen: %(waarden)s.") % {"waarden": ", ".join(EXPAND)})
        ref = self.ref(association_id, ids.Kind.ASSOCIATION)
        association = selectors.association_get(koppeling=self.koppeling, ref=ref)
        if association is None:
            raise Http404
        examen = association.offering.examen
        person = (
            serializers.person_output(association.inschrijving)
            if "person" in expand
            else ids.person_id(association.inschrijving.pk)
        )
        offering = (
            serializers.offering_output(association.offering)
            if "offering" in expand
            else ids.offering_id(association.offering.cohort.pk, examen.soort, examen.code)
        )
        return Response(serializers.association_output(association, person=person, offering=offering))


def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any other path under /ooapi/v5/: the OOAPI's 404, not the portal's page."""
    return problem(404, _("Dit pad bestaat niet in deze OOAPI."))
