import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from config.errors import ApplicationError
from dossier.models import Profiel
from portfolio.models import Inschrijving


@transaction.atomic
def inschrijving_ensure(
    *, student: User, profiel: Profiel, studentnummer: str, cohort: str, startdatum: datetime.date
) -> Inschrijving:
    """The enrolment with this student number, created if missing; never moves a number to another student."""
    inschrijving = Inschrijving.objects.filter(studentnummer=studentnummer).first()
    if inschrijving is not None:
        if inschrijving.student_id != student.pk:
            raise ApplicationError(
                _("Studentnummer %(nummer)s hoort al bij een andere student.") % {"nummer": studentnummer}
            )
        return inschrijving
    return Inschrijving.objects.create(
        student=student, profiel=profiel, studentnummer=studentnummer, cohort=cohort, startdatum=startdatum
    )
