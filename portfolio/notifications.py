"""Mails about portfolios, rendered from templates/emails and sent by Celery workers."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from portfolio.models import Bewijsstuk


def mail_assessors_submitted(*, bewijsstuk_id: int) -> int:
    """Tells the student's beoordelaars that evidence waits for them; returns how many mails went out."""
    bewijsstuk = (
        Bewijsstuk.objects.select_related("inschrijving__student", "werkproces").filter(pk=bewijsstuk_id).first()
    )
    if bewijsstuk is None or bewijsstuk.status != Bewijsstuk.Status.INGEDIEND:
        return 0  # gone or withdrawn in the meantime: nothing to say
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for toewijzing in bewijsstuk.inschrijving.toewijzingen.select_related("beoordelaar"):
            beoordelaar = toewijzing.beoordelaar
            if not beoordelaar.email:
                continue
            context = {"bewijsstuk": bewijsstuk, "beoordelaar": beoordelaar, "site": settings.SITE_URL}
            send_mail(
                render_to_string("emails/bewijsstuk_ingediend-subject.txt", context).strip(),
                render_to_string("emails/bewijsstuk_ingediend-body.txt", context),
                None,
                [beoordelaar.email],
            )
            sent += 1
    return sent


def mail_student_returned(*, bewijsstuk_id: int) -> int:
    """Tells the student that a beoordelaar returned the evidence with feedback to act on."""
    bewijsstuk = (
        Bewijsstuk.objects.select_related("inschrijving__student", "werkproces").filter(pk=bewijsstuk_id).first()
    )
    if bewijsstuk is None or bewijsstuk.status != Bewijsstuk.Status.TERUGGEGEVEN:
        return 0  # resubmitted or gone in the meantime
    student = bewijsstuk.inschrijving.student
    if not student.email:
        return 0
    context = {"bewijsstuk": bewijsstuk, "student": student, "site": settings.SITE_URL}
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            render_to_string("emails/bewijsstuk_teruggegeven-subject.txt", context).strip(),
            render_to_string("emails/bewijsstuk_teruggegeven-body.txt", context),
            None,
            [student.email],
        )
    return 1
