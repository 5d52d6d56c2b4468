"""Invitation mails, sent by Celery workers; links start at SITE_URL.

The worker draws the link's token and the login code itself and stores only their hashes, so neither passes
through the broker. Each mail is one transaction with its row locked: a delivery of the same task twice mails
once, and a failed send stores nothing, so the retry draws again.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from invitations.models import Toegangscode, Uitnodiging
from invitations.tokens import CODE_MINUTES, code_hash, new_code, new_token


def mail_invitation(*, uitnodiging_id: int) -> bool:
    """Mails the link; False when there is nothing to send (gone, ended, or already mailed)."""
    with transaction.atomic():
        uitnodiging = (
            Uitnodiging.objects.select_for_update(of=("self",))
            .select_related("inschrijving__student", "inschrijving__cohort__opleiding", "created_by")
            .filter(pk=uitnodiging_id)
            .first()
        )
        if uitnodiging is None or uitnodiging.token_hash or not uitnodiging.is_valid:
            return False
        token, hashed = new_token()
        uitnodiging.token_hash, uitnodiging.mailed_at = hashed, timezone.now()
        uitnodiging.save(update_fields=["token_hash", "mailed_at"])
        context = {
            "uitnodiging": uitnodiging,
            "student": uitnodiging.inschrijving.student,
            "link": settings.SITE_URL + reverse("invitations:open", kwargs={"token": token}),
            "site": settings.SITE_URL,
        }
        _send("uitnodiging", context, uitnodiging.email)
    return True


def mail_code(*, toegangscode_id: int) -> bool:
    """Mails a fresh six-digit code; False when it is no longer wanted (mailed, used, expired, ended)."""
    with transaction.atomic():
        toegangscode = (
            Toegangscode.objects.select_for_update(of=("self",))
            .select_related("uitnodiging")
            .filter(pk=toegangscode_id)
            .first()
        )
        now = timezone.now()
        if (
            toegangscode is None
            or toegangscode.mailed_at is not None
            or toegangscode.used_at is not None
            or toegangscode.expires_at <= now
            or not toegangscode.uitnodiging.is_valid
        ):
            return False
        code = new_code()
        toegangscode.code_hash, toegangscode.mailed_at = code_hash(toegangscode.pk, code), now
        toegangscode.save(update_fields=["code_hash", "mailed_at"])
        context = {"uitnodiging": toegangscode.uitnodiging, "code": code, "minutes": CODE_MINUTES}
        _send("inlogcode", context, toegangscode.uitnodiging.email)
    return True


def _send(name: str, context: dict, address: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            render_to_string(f"emails/{name}-subject.txt", context).strip(),
            render_to_string(f"emails/{name}-body.txt", context),
            None,
            [address],
        )
