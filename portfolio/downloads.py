from django.http import FileResponse

from portfolio.models import Bestand


def bestand_response(bestand: Bestand) -> FileResponse:
    """Streams a stored file: as attachment unless it is an image or PDF, never sniffed, never scripted."""
    response = FileResponse(
        bestand.file.open("rb"),
        as_attachment=not bestand.inline,
        filename=bestand.naam,
        content_type=bestand.mime,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even an inline PDF or image runs no script and reaches nothing else of the site.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
