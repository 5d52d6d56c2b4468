"""Forms of the dossier import page, and the decoding and digest of the uploaded text export."""

import datetime
import hashlib
from typing import IO

from django import forms
from django.contrib.sessions.backends.base import SessionBase
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_BYTES = 5 * 1024 * 1024
SESSION_KEY = "dossier_import_pending"


def decode_dossier_upload(fileobj: IO[bytes], *, max_bytes: int) -> str:
    """The text of an uploaded SBB export, decoded as `import_dossier` reads a file: UTF-8 (with or
    without BOM), else cp1252; binary content and files over `max_bytes` are refused in Dutch."""
    too_big = _("Het bestand is groter dan %(mb)s MB; dat is geen tekstexport van een kwalificatiedossier.") % {
        "mb": max_bytes // (1024 * 1024)
    }
    size = getattr(fileobj, "size", None)
    if size is not None and size > max_bytes:
        raise forms.ValidationError(too_big)
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    data = fileobj.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise forms.ValidationError(too_big)
    # The management command looks at the first 4 KB only; an upload is small enough to check whole.
    if b"\x00" in data:
        raise forms.ValidationError(
            _(
                "Dit is geen tekstbestand: het lijkt een binair bestand (bijvoorbeeld een PDF). "
                "Kies de tekstexport (.txt)."
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise forms.ValidationError(_("Het bestand is leeg."))
    return text


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class DossierImportForm(forms.Form):
    bestand = forms.FileField(
        label=gettext_lazy("Tekstexport van SBB (.txt)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
        error_messages={
            "required": gettext_lazy("Kies de tekstexport van het kwalificatiedossier."),
            "empty": gettext_lazy("Het bestand is leeg."),
        },
    )
    versie = forms.CharField(
        label=gettext_lazy("Versie"),
        max_length=50,
        required=False,
        help_text=gettext_lazy("Het versielabel van SBB, bijvoorbeeld 2025. Laat je het leeg, dan telt het portaal."),
    )
    geldig_vanaf = forms.DateField(
        label=gettext_lazy("Geldig vanaf"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    crebo = forms.CharField(
        label=gettext_lazy("Crebo"),
        max_length=5,
        required=False,
        help_text=gettext_lazy("Alleen nodig voor een dossier dat het portaal nog niet kent."),
    )
    naam = forms.CharField(
        label=gettext_lazy("Naam van het dossier"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Alleen nodig voor een dossier dat het portaal nog niet kent."),
    )

    def clean_bestand(self) -> str:
        """The decoded text: the view never sees the bytes."""
        return decode_dossier_upload(self.cleaned_data["bestand"], max_bytes=MAX_BYTES)

    def import_options(self) -> dict:
        """The keyword arguments for `dossier_import`, blanks as None."""
        data = self.cleaned_data
        return {
            "crebo": data["crebo"].strip() or None,
            "naam": data["naam"].strip() or None,
            "versie": data["versie"].strip() or None,
            "geldig_vanaf": data["geldig_vanaf"],
        }


class ConfirmForm(forms.Form):
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)


def pending_store(session: SessionBase, *, text: str, options: dict) -> str:
    """Keeps the previewed text and its options until the beheerder confirms; returns the digest the
    preview page carries, so a confirm from an older preview (another tab) cannot import other text."""
    digest = text_digest(text)
    geldig_vanaf = options["geldig_vanaf"]
    session[SESSION_KEY] = {
        "digest": digest,
        "text": text,
        "options": {**options, "geldig_vanaf": geldig_vanaf.isoformat() if geldig_vanaf else None},
    }
    return digest


def pending_take(session: SessionBase, *, digest: str) -> tuple[str, dict] | None:
    """The stored text and options when `digest` matches them, removed from the session; else None."""
    pending = session.get(SESSION_KEY)
    if not pending or not digest or digest != pending.get("digest") or text_digest(pending["text"]) != digest:
        return None
    del session[SESSION_KEY]
    options = dict(pending["options"])
    if options["geldig_vanaf"]:
        options["geldig_vanaf"] = datetime.date.fromisoformat(options["geldig_vanaf"])
    return pending["text"], options


def pending_clear(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)
