"""Issue 15: Schemathesis over the whole OpenAPI schema, as each role, through the real WSGI stack.

Every operation gets positive and negative examples, some aimed at objects that exist (so the fuzzer
reaches the views' real work, not only their 404s). A response fails when it is a server error or does
not conform to the schema: status code documented, content type and body matching.
"""

from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.files.base import ContentFile
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.result import Err, Ok
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.roles import Role
from assessment import services as assessment_services
from assessment.models import Beoordeling
from config.wsgi import application
from diploma.models import Report
from invitations import services as invitation_services
from invitations.models import Uitnodiging
from portfolio.models import Bestand, Bewijsstuk
from tests.factories import in_group

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 25  # per operation and role: positive, negative and aimed at existing objects


@pytest.fixture
def wsgi_in_test_transaction():
    """Requests run on the test's own connection: Django must not close it between requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(inschrijving, ingediend, concept, praktijk, school, coordinator, werkproces, cohort, other_inschrijving):
    """Objects for the fuzzer to aim at: evidence, a beoordeling of each assessor, a report, an invitation."""
    for assessor in (praktijk, school):
        assessment_services.beoordeling_start(
            inschrijving=inschrijving, werkproces=werkproces, by=assessor, soort=Beoordeling.Soort.EXAMEN
        )
    Report.objects.create(kind=Report.Kind.COHORT_PROGRESS, cohort=cohort, requested_by=coordinator)
    done = Report(kind=Report.Kind.READINESS_CSV, cohort=cohort, requested_by=coordinator, status=Report.Status.DONE)
    done.file.save("diplomagereedheid.csv", ContentFile(b"studentnummer;uitkomst\n"), save=True)
    invitation_services.uitnodiging_create(
        inschrijving=other_inschrijving, by=coordinator, naam="Piet Bakker", email="piet@leerbedrijf.example"
    )
    return {"inschrijving": inschrijving, "cohort": cohort}


def _real_ids(path: str, world) -> list[dict]:
    inschrijving = world["inschrijving"]
    if path.startswith("/api/v1/bewijsstukken/{id}/bestanden/"):
        return [
            {"id": f.versie.bewijsstuk_id, "bestand_id": f.pk} for f in Bestand.objects.select_related("versie")[:2]
        ]
    if path.startswith("/api/v1/bewijsstukken/{id}"):
        return [{"id": pk} for pk in Bewijsstuk.objects.values_list("pk", flat=True)[:2]]
    if path.startswith("/api/v1/beoordelingen/{id}"):
        return [{"id": pk} for pk in Beoordeling.objects.values_list("pk", flat=True)[:2]]
    if path.startswith("/api/v1/inschrijvingen/{id}"):
        return [{"id": inschrijving.pk}]
    if path.startswith("/api/v1/cohorten/{id}"):
        return [{"id": world["cohort"].pk}]
    if path.startswith("/api/v1/uitnodigingen/{id}"):
        return [{"id": pk} for pk in Uitnodiging.objects.values_list("pk", flat=True)[:2]]
    if path.startswith("/api/v1/rapporten/{id}"):
        return [{"id": pk} for pk in Report.objects.values_list("pk", flat=True)[:2]]
    if path.startswith("/api/v1/dossiers/{crebo}"):
        return [{"crebo": "23064"}]
    if path.startswith("/api/v1/werkprocessen/{id}"):
        return [{"id": inschrijving.profiel.dossier.kerntaken.first().werkprocessen.first().pk}]
    if path.startswith("/api/v1/kerntaken/{id}"):
        return [{"id": inschrijving.profiel.dossier.kerntaken.first().pk}]
    if path.startswith("/api/v1/profielen/{id}"):
        return [{"id": inschrijving.profiel_id}]
    return []


def _real_bodies(operation, world) -> list[tuple[dict, str]]:
    """Bodies that pass validation, so creating succeeds too (and the fuzzer reaches what follows)."""
    inschrijving = world["inschrijving"].pk
    return {
        "POST /api/v1/beoordelingen/": [
            ({"inschrijving": inschrijving, "werkproces": "B1-K1-W2", "soort": soort}, "application/json")
            for soort in Beoordeling.Soort.values
        ],
        "POST /api/v1/bewijsstukken/": [
            ({"inschrijving": inschrijving, "werkproces": "B1-K1-W2", "titel": "Fuzz"}, "multipart/form-data")
        ],
        "POST /api/v1/rapporten/": [
            ({"kind": Report.Kind.STUDENT_PROGRESS, "inschrijving": inschrijving}, "application/json"),
            ({"kind": Report.Kind.READINESS_CSV, "cohort": world["cohort"].pk}, "application/json"),
        ],
    }.get(operation.label, [])


def _strategy(operation, world):
    strategies = [operation.as_strategy(generation_mode=mode) for mode in GenerationMode]
    for path_parameters in _real_ids(operation.path, world):
        strategies.append(operation.as_strategy(path_parameters=path_parameters))
    for body, media_type in _real_bodies(operation, world):
        strategies.append(operation.as_strategy(body=body, media_type=media_type))
    return st.one_of(strategies)


def _failures(exc: Failure | FailureGroup) -> list[Failure]:
    return list(exc.exceptions) if isinstance(exc, FailureGroup) else [exc]


def fuzz_operation(operation, *, headers: dict, world) -> tuple[Counter, set[str]]:
    """Sends the operation's examples; returns the status codes answered and each distinct failure in one line."""
    statuses: Counter = Counter()
    failures: set[str] = set()

    @given(case=_strategy(operation, world))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=True,
    )
    def run(case):
        response = case.call(headers=headers)
        statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (Failure, FailureGroup) as exc:  # collected, so one run reports them all
            for failure in _failures(exc):
                detail = " ".join(str(failure.message).split())[:300]
                failures.add(f"{case.operation.label} -> {response.status_code} {failure.title}: {detail}")

    run()
    return statuses, failures


def fuzz(user, world) -> tuple[int, Counter, set[str]]:
    """Every operation of the schema as `user`: (operations, status codes answered, distinct failures)."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    headers = {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}
    results = list(schema.get_all_operations())
    assert all(isinstance(result, Ok) for result in results), [r.err() for r in results if isinstance(r, Err)]
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    statuses: Counter = Counter()
    failures: set[str] = set()
    for operation in operations:
        answered, found = fuzz_operation(operation, headers=headers, world=world)
        statuses += answered
        failures |= found
    return len(operations), statuses, failures


@pytest.mark.parametrize("role", ["student", "beoordelaar", "coordinator"])
def test_the_api_answers_every_fuzzed_request_without_server_errors_and_as_its_schema_says(
    request, role, world, wsgi_in_test_transaction, capsys
):
    user = {
        "student": lambda: world["inschrijving"].student,
        "beoordelaar": lambda: request.getfixturevalue("school"),
        "coordinator": lambda: in_group(request.getfixturevalue("coordinator"), Role.COORDINATOR),
    }[role]()

    operations, statuses, failures = fuzz(user, world)

    with capsys.disabled():
        answered = ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items()))
        print(f"\nschemathesis als {role}: {operations} operaties, {statuses.total()} verzoeken ({answered}), ", end="")
        print(f"{len(failures)} fouten")
    assert operations >= 39
    assert sum(n for code, n in statuses.items() if code < 300) > operations
    assert not failures, "\n".join(sorted(failures))
