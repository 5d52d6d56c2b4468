"""Mails about assessment, rendered from templates/emails and sent by Celery workers."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from assessment.models import Beoordeling, Examenpoging


def mail_student_feedback(*, beoordeling_id: int | None = None, poging_id: int | None = None) -> int:
    """Tells the student that feedback was released: a formative beoordeling or a vastgestelde poging."""
    if poging_id is not None:
        poging = Examenpoging.objects.select_related("inschrijving__student", "werkproces").filter(pk=poging_id).first()
        if poging is None or poging.status != Examenpoging.Status.VASTGESTELD:
            return 0
        inschrijving, werkproces = poging.inschrijving, poging.werkproces
    else:
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
