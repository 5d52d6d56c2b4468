"""The API's error responses, documented once for every operation of the OpenAPI schema.

Each view documents its own success answer (and a specific 409 where it has one); the errors that the
framework, the input edge (config.input) and the exception handler (config.api) give for any operation are
added here, so the schema says every status code a client can meet. Checked by Schemathesis in the suite.
"""

from typing import Any

ERROR = "ErrorOutput"
INVALID = "ValidationErrorOutput"
COMPONENTS: dict[str, dict[str, Any]] = {
    ERROR: {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    INVALID: {
        "type": "object",
        "description": "Per veld een lijst met Nederlandse meldingen; `detail` voor een melding over het geheel.",
        "properties": {
            "detail": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        },
        "additionalProperties": {"oneOf": [{"type": "array"}, {"type": "object"}, {"type": "string"}]},
    },
}
WRITES = {"post", "put", "patch", "delete"}


def _errors_of(path: str, method: str, operation: dict) -> dict[str, tuple[str, str]]:
    errors = {
        "400": (INVALID, "De invoer klopt niet of een regel weigert het verzoek (Nederlandse melding)."),
        "403": (ERROR, "Niet ingelogd, of je mag dit niet."),
    }
    parameters = {p.get("name") for p in operation.get("parameters", [])}
    if "{" in path or "page" in parameters:
        errors["404"] = (ERROR, "Bestaat niet, je mag het niet zien, of de pagina bestaat niet.")
    if method in WRITES:
        errors["409"] = (ERROR, "Iemand anders deed tegelijk hetzelfde; laad opnieuw en probeer het nog eens.")
    if "requestBody" in operation:
        errors["413"] = (ERROR, "De aanvraag is groter dan het portaal aanneemt.")
        errors["415"] = (ERROR, "Dit soort inhoud (Content-Type) neemt deze bewerking niet aan.")
    return errors


def document_errors(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in COMPONENTS.items():
        schemas.setdefault(name, schema)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status, (component, description) in _errors_of(path, method, operation).items():
                responses.setdefault(
                    status,
                    {
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
                        "description": description,
                    },
                )
    return result
