from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    BEOORDELAAR = "beoordelaar", _("Beoordelaar")
    COORDINATOR = "coordinator", _("Coördinator")
    BEHEERDER = "beheerder", _("Beheerder")
