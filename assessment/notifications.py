"""Mails about assessment, rendered from templates/emails and sent by Celery workers."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from assessment.models import Beoordeling, Examenpoging
from portfolio.selectors import coordinators_of


def mail_student_feedback(*, beoordeling_id: int | None = None, poging_id: int | None = None) -> int:
    """Tells the student that feedback was released: a formative beoordeling or a vastgestelde poging."""
    if poging_id is not None:
        poging = Examenpoging.objects.select_related("inschrijving__student", "werkproces").filter(pk=poging_id).first()
        if poging is None or poging.status != Examenpoging.Status.VASTGESTELD:
            return 0
        inschrijving, werkproces = poging.inschrijving, poging.werkproces
    else:
        if beoordeling_id is None:  # neither given: nothing to tell
            return 0
        beoordeling = (
            Beoordeling.objects.select_related("inschrijving__student", "werkproces").filter(pk=beoordeling_id).first()
        )
        if beoordeling is None or beoordeling.status != Beoordeling.Status.INGEDIEND:
            return 0
        inschrijving, werkproces = beoordeling.inschrijving, beoordeling.werkproces
    student = inschrijving.student
    if not student.email:
        return 0
    context = {"student": student, "werkproces": werkproces, "inschrijving": inschrijving, "site": settings.SITE_URL}
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            render_to_string("emails/feedback_vrijgegeven-subject.txt", context).strip(),
            render_to_string("emails/feedback_vrijgegeven-body.txt", context),
            None,
            [student.email],
        )
    return 1


def _poging(poging_id: int) -> Examenpoging | None:
    return (
        Examenpoging.objects.select_related(
            "inschrijving__student", "inschrijving__cohort__opleiding", "werkproces", "voorstel_door"
        )
        .filter(pk=poging_id)
        .first()
    )


def _send(template: str, context: dict, to: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            render_to_string(f"emails/{template}-subject.txt", context).strip(),
            render_to_string(f"emails/{template}-body.txt", context),
            None,
            [to],
        )


def mail_settlement_proposed(*, poging_id: int) -> int:
    """Tells the other assessor of the poging that scores were proposed to settle their difference."""
    poging = _poging(poging_id)
    if poging is None or poging.status != Examenpoging.Status.OVERLEG or poging.voorstel_door is None:
        return 0  # settled, referred or gone in the meantime
    others = [
        b.beoordelaar
        for b in poging.beoordelingen.select_related("beoordelaar").exclude(beoordelaar=poging.voorstel_door)
        if b.beoordelaar.email
    ]
    for beoordelaar in others:
        _send(
            "voorstel_gedaan",
            {"poging": poging, "beoordelaar": beoordelaar, "site": settings.SITE_URL},
            beoordelaar.email,
        )
    return len(others)


def mail_referred(*, poging_id: int) -> int:
    """Tells the coordinators that assessors referred a poging they could not settle to them."""
    poging = _poging(poging_id)
    if poging is None or poging.status != Examenpoging.Status.VOORGELEGD:
        return 0
    coordinators = [user for user in coordinators_of(poging.inschrijving) if user.email]
    for coordinator in coordinators:
        _send(
            "poging_voorgelegd",
            {"poging": poging, "coordinator": coordinator, "site": settings.SITE_URL},
            coordinator.email,
        )
    return len(coordinators)
