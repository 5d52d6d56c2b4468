from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Inschrijving(models.Model):
    """A student enrolled for one profiel (kwalificatie); the portfolio issue extends this."""

    class Leerweg(models.TextChoices):
        BOL = "BOL", _("BOL")
        BBL = "BBL", _("BBL")

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inschrijvingen")
    profiel = models.ForeignKey("dossier.Profiel", on_delete=models.PROTECT, related_name="inschrijvingen")
    studentnummer = models.CharField(_("studentnummer"), max_length=20, unique=True)
    cohort = models.CharField(_("cohort"), max_length=9, help_text=_("Schooljaar van de start, bijv. 2025-2026."))
    leerweg = models.CharField(_("leerweg"), max_length=3, choices=Leerweg, default=Leerweg.BOL)
    startdatum = models.DateField(_("startdatum"))

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        ordering = ["-startdatum", "studentnummer"]

    def __str__(self) -> str:
        return f"{self.studentnummer} {self.profiel.code}"
