"""Praktijkbeoordelaars invited by e-mail, for the beoordelingen of one enrolment, without a full account.

An Uitnodiging is a time-limited, revocable link; opening it asks for a Toegangscode mailed to the same address,
and a correct code starts a session for that one enrolment. Tokens and codes are stored hashed only. Every use
is an Event row, so the enrolment's history shows it on any database.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Uitnodiging(models.Model):
    class Status(models.TextChoices):
        ACTIEF = "actief", _("Actief")
        VERLOPEN = "verlopen", _("Verlopen")
        INGETROKKEN = "ingetrokken", _("Ingetrokken")
        VERVANGEN = "vervangen", _("Vervangen door een nieuwe uitnodiging")

    inschrijving = models.ForeignKey("portfolio.Inschrijving", on_delete=models.PROTECT, related_name="uitnodigingen")
    beoordelaar = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="uitnodigingen")
    naam = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"))
    # sha256 of the link's token; empty until the worker that mails the link has made one.
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    mailed_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    expires_at = models.DateTimeField(_("geldig tot"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    replaced_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("vervangen door")
    )
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One live link per enrolment: a new invitation first ends the previous one.
            models.UniqueConstraint(
                fields=["inschrijving"], condition=Q(revoked_at__isnull=True), name="uitnodiging_one_open"
            ),
            models.CheckConstraint(
                condition=Q(replaced_by__isnull=True) | Q(revoked_at__isnull=False), name="uitnodiging_replaced_ended"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.naam} <{self.email}>"

    @property
    def status(self) -> str:
        if self.replaced_by_id:
            return self.Status.VERVANGEN
        if self.revoked_at:
            return self.Status.INGETROKKEN
        if self.expires_at <= timezone.now():
            return self.Status.VERLOPEN
        return self.Status.ACTIEF

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.ACTIEF


class Toegangscode(models.Model):
    """A six-digit code mailed to the invitation's address; it logs in once, within minutes, in a few tries."""

    uitnodiging = models.ForeignKey(Uitnodiging, on_delete=models.CASCADE, related_name="codes")
    # HMAC of the code (under SECRET_KEY); empty until the worker that mails it has drawn one.
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    mailed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inlogcode")
        verbose_name_plural = _("inlogcodes")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["uitnodiging", "created_at"], name="toegangscode_recent")]

    def __str__(self) -> str:
        return f"{self.uitnodiging_id} {self.created_at:%Y-%m-%d %H:%M}"


class Event(models.Model):
    """One use of an invitation, for the enrolment's history; written by the services, never edited."""

    class Soort(models.TextChoices):
        UITGENODIGD = "uitgenodigd", _("Uitgenodigd")
        VERVANGEN = "vervangen", _("Vervangen door een nieuwe uitnodiging")
        BEOORDELAAR_VERVANGEN = "beoordelaar_vervangen", _("Praktijkbeoordelaar vervangen")
        LINK_GEOPEND = "link_geopend", _("Link geopend")
        CODE_VERSTUURD = "code_verstuurd", _("Inlogcode verstuurd")
        CODE_FOUT = "code_fout", _("Verkeerde inlogcode")
        CODE_GEBLOKKEERD = "code_geblokkeerd", _("Inlogcode geblokkeerd")
        INGELOGD = "ingelogd", _("Ingelogd")
        BEOORDELING_GEOPEND = "beoordeling_geopend", _("Beoordeling geopend")
        BEOORDELING_OPGESLAGEN = "beoordeling_opgeslagen", _("Beoordeling opgeslagen")
        BEOORDELING_INGEDIEND = "beoordeling_ingediend", _("Beoordeling ingediend")
        VOORSTEL = "voorstel", _("Voorstel gedaan")
        AKKOORD = "akkoord", _("Ingestemd")
        VOORGELEGD = "voorgelegd", _("Voorgelegd aan de coördinator")
        ACTIE = "actie", _("Actie")
        UITGELOGD = "uitgelogd", _("Uitgelogd")
        INGETROKKEN = "ingetrokken", _("Ingetrokken")
        GEWEIGERD = "geweigerd", _("Verlopen of ingetrokken uitnodiging gebruikt")

    uitnodiging = models.ForeignKey(Uitnodiging, on_delete=models.PROTECT, related_name="events")
    # Denormalised from the invitation: the history page reads one enrolment's events in one query.
    inschrijving = models.ForeignKey("portfolio.Inschrijving", on_delete=models.PROTECT, related_name="+")
    soort = models.CharField(_("soort"), max_length=24, choices=Soort)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    detail = models.CharField(_("details"), max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("gebruik van een uitnodiging")
        verbose_name_plural = _("gebruik van uitnodigingen")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["inschrijving", "at"], name="uitnodiging_event_inschr")]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.at:%Y-%m-%d %H:%M}"
