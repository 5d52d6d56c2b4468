"""The parts of the OOAPI v5 specification that the portal answers with, as JSON Schema.

Transcribed from open-education-api/specification v5/ooapi.yaml (commit da365d39, `components/schemas`): every
required attribute, type, enumeration and format of the objects we return, plus the `nl-test-admin` consumer
objects of the mbo profile (NetwerkExamineringDigitalisering/NED-OOAPI, specification/v5/consumers). Only what
the spec says; the portal's own choices are asserted in the tests themselves.
"""

import datetime

from jsonschema import Draft7Validator, FormatChecker

FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    if not isinstance(value, str) or "T" not in value:
        return False
    return datetime.datetime.fromisoformat(value).tzinfo is not None


UUID = {"type": "string", "format": "uuid"}
IDENTIFIER_ENTRY = {
    "type": "object",
    "required": ["codeType", "code"],
    "properties": {"codeType": {"type": "string"}, "code": {"type": "string"}},
    "additionalProperties": False,
}
TEXT = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "properties": {
            "language": {"type": "string", "pattern": r"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"},
            "value": {"type": "string"},
        },
    },
}
CONSUMERS = {"type": "array", "items": {"type": "object", "required": ["consumerKey"]}}

PROBLEM = {
    "type": "object",
    "required": ["status", "title"],
    "properties": {"status": {"type": "string"}, "title": {"type": "string"}, "detail": {"type": "string"}},
}
SERVICE = {
    "type": "object",
    "required": ["contactEmail", "specification", "documentation"],
    "properties": {
        "contactEmail": {"type": "string", "format": "email", "maxLength": 256},
        "specification": {"type": "string", "maxLength": 2048},
        "documentation": {"type": "string", "maxLength": 2048},
        "consumers": CONSUMERS,
    },
}
PERSON = {
    "type": "object",
    "required": ["personId", "givenName", "surname", "displayName", "affiliations", "mail", "primaryCode"]
    + ["activeEnrollment"],
    "properties": {
        "personId": UUID,
        "primaryCode": IDENTIFIER_ENTRY,
        "givenName": {"type": "string", "maxLength": 256},
        "surname": {"type": "string", "maxLength": 256},
        "displayName": {"type": "string", "maxLength": 256},
        "activeEnrollment": {"type": "boolean"},
        "affiliations": {"type": "array", "items": {"type": "string", "enum": ["student", "employee", "guest"]}},
        "mail": {"type": "string", "format": "email", "maxLength": 256},
        "otherCodes": {"type": "array", "items": IDENTIFIER_ENTRY},
        "consumers": CONSUMERS,
    },
}
NL_TEST_ADMIN_OFFERING = {
    "type": "object",
    "required": ["consumerKey", "offeringState"],
    "properties": {
        "offeringState": {"enum": ["active", "canceled"]},
        "finalResultAllowed": {"type": "boolean"},
        "cohort": {"type": "string"},
    },
}
COMPONENT_OFFERING = {
    "type": "object",
    "required": ["offeringId", "primaryCode", "offeringType", "name", "description", "teachingLanguage"]
    + ["resultExpected", "startDateTime", "endDateTime"],
    "properties": {
        "offeringId": UUID,
        "primaryCode": IDENTIFIER_ENTRY,
        "offeringType": {"enum": ["program", "course", "component"]},
        "name": TEXT,
        "abbreviation": {"type": "string", "maxLength": 256},
        "description": TEXT,
        "teachingLanguage": {"type": "string", "pattern": "^[a-z]{3}$", "minLength": 3, "maxLength": 3},
        "resultExpected": {"type": "boolean"},
        "resultValueType": {"enum": ["pass-or-fail", "US letter", "UK letter", "0-100", "1-10"]},
        "resultWeight": {"type": "integer", "minimum": 0, "maximum": 100},
        "startDateTime": {"type": "string", "format": "date-time"},
        "endDateTime": {"type": "string", "format": "date-time"},
        "consumers": {"type": "array", "items": NL_TEST_ADMIN_OFFERING},
        "ext": {"type": "object"},
    },
}
NL_TEST_ADMIN_RESULT = {
    "type": "object",
    "required": ["consumerKey", "attendance"],
    "properties": {
        "attendance": {"enum": ["notKnown", "notPresent", "notStarted", "notFinished", "present"]},
        "final": {"type": "boolean"},
    },
}
COMPONENT_RESULT = {
    "type": "object",
    "required": ["state", "resultDate", "weight"],
    "properties": {
        "state": {"enum": ["in progress", "postponed", "completed", "queued"]},
        "pass": {"enum": ["unknown", "passed", "failed"]},
        "comment": {"type": "string"},
        "score": {"type": "string"},
        "resultDate": {"type": "string", "format": "date"},
        "weight": {"type": "integer", "minimum": 0, "maximum": 100},
        "consumers": {"type": "array", "items": NL_TEST_ADMIN_RESULT},
    },
}
COMPONENT_OFFERING_ASSOCIATION = {
    "type": "object",
    "required": ["associationId", "associationType", "role", "state"],
    "properties": {
        "associationId": UUID,
        "associationType": {
            "enum": ["programOfferingAssociation", "courseOfferingAssociation", "componentOfferingAssociation"]
        },
        "role": {"enum": ["student", "lecturer", "teaching assistant", "coordinator", "guest"]},
        "state": {"enum": ["pending", "canceled", "denied", "associated", "queued"]},
        "consumers": {
            "type": "array",
            "items": {"type": "object", "required": ["consumerKey"], "properties": {"attempt": {"type": "integer"}}},
        },
        "result": COMPONENT_RESULT,
    },
}
# GET /persons/{personId}/associations: each association with its offering.
PERSON_ASSOCIATION = {
    "allOf": [
        COMPONENT_OFFERING_ASSOCIATION,
        {"required": ["offering"], "properties": {"offering": COMPONENT_OFFERING}},
    ]
}
# GET /offerings/{offeringId}/associations: ComponentOfferingAssociationExpandable.
OFFERING_ASSOCIATION = {
    "allOf": [
        COMPONENT_OFFERING_ASSOCIATION,
        {"properties": {"person": {"type": "object", "required": ["personId"], "properties": {"personId": UUID}}}},
    ]
}
# GET /associations/{associationId}: AssociationFull, person and offering as an id or expanded.
ASSOCIATION_FULL = {
    "allOf": [
        COMPONENT_OFFERING_ASSOCIATION,
        {
            "properties": {
                "person": {"oneOf": [UUID, PERSON]},
                "offering": {"oneOf": [UUID, COMPONENT_OFFERING]},
            }
        },
    ]
}


def page_of(item: dict) -> dict:
    return {
        "type": "object",
        "required": ["pageSize", "pageNumber", "hasPreviousPage", "hasNextPage", "items"],
        "properties": {
            "pageSize": {"type": "integer"},
            "pageNumber": {"type": "integer", "minimum": 1},
            "hasPreviousPage": {"type": "boolean"},
            "hasNextPage": {"type": "boolean"},
            "totalPages": {"type": "integer"},
            "items": {"type": "array", "items": item},
        },
    }


def assert_valid(instance, schema: dict) -> None:
    errors = sorted(Draft7Validator(schema, format_checker=FORMATS).iter_errors(instance), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
