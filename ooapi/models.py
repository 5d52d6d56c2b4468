"""System clients of the Open Education API: the student information system reads results with a token."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Systeemkoppeling(models.Model):
    """One system (e.g. the school's SIS) that reads the OOAPI with a bearer token of its own.

    Only a hash of the token is stored: the token is shown once, when it is made. A koppeling sees the students
    of its opleidingen, or of every opleiding when it is `instellingsbreed`; with neither it sees nobody.
    """

    naam = models.CharField(_("naam"), max_length=100, unique=True)
    token_hash = models.CharField(_("hash van de sleutel"), max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(_("begin van de sleutel"), max_length=16, editable=False)
    instellingsbreed = models.BooleanField(
        _("alle opleidingen"), default=False, help_text=_("Ziet de studenten van elke opleiding van de instelling.")
    )
    opleidingen = models.ManyToManyField(
        "portfolio.Opleiding",
        blank=True,
        related_name="+",
        verbose_name=_("opleidingen"),
        help_text=_("Ziet alleen de studenten van deze opleidingen (als niet alle opleidingen)."),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("systeemkoppeling")
        verbose_name_plural = _("systeemkoppelingen")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
