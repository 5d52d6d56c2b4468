import mimetypes

from django.db.models.fields.files import FieldFile
from django.http import FileResponse

from portfolio.models import Bestand


def file_response(field: FieldFile, *, name: str, inline: bool, content_type: str | None = None) -> FileResponse:
    """Streams a stored file: as attachment unless inline is allowed, never sniffed, never scripted."""
    response = FileResponse(
        field.open("rb"),
        as_attachment=not inline,
        filename=name,
        content_type=content_type or mimetypes.guess_type(name)[0] or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even an inline PDF or image runs no script and reaches nothing else of the site.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def bestand_response(bestand: Bestand) -> FileResponse:
    return file_response(bestand.file, name=bestand.naam, inline=bestand.inline, content_type=bestand.mime)
