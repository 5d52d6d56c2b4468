"""Enrolments and the evidence students build their portfolio with.

A Bewijsstuk is one piece of evidence for one werkproces; its content lives in versions. A version is
editable while it is a draft and frozen once submitted, so a resubmission adds a version and every
earlier version stays exactly as the beoordelaar saw it.
"""

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Opleiding(models.Model):
    naam = models.CharField(_("naam"), max_length=200)
    dossier = models.ForeignKey("dossier.Kwalificatiedossier", on_delete=models.PROTECT, related_name="+")
    # Who coordinates it (portfolio.scope): they see and manage its cohorts, students and results.
    coordinatoren = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coordinator_van", verbose_name=_("coördinatoren")
    )
    # Its examencommissie (portfolio.scope): they read its whole exam record and change nothing.
    examencommissie = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="examencommissie_van",
        verbose_name=_("leden van de examencommissie"),
    )

    class Meta:
        verbose_name = _("opleiding")
        verbose_name_plural = _("opleidingen")
        ordering = ["naam"]
        permissions = [
            ("coordinate_every_opleiding", _("Ziet en beheert alle opleidingen (beheerder)")),
            ("oversee_exams", _("Leest het examendossier van de eigen opleidingen (examencommissie)")),
        ]
        constraints = [models.UniqueConstraint(fields=["naam"], name="opleiding_unique_naam")]

    def __str__(self) -> str:
        return self.naam


class Cohort(models.Model):
    """The students of one opleiding who started in one school year; it selects the exam rules later."""

    opleiding = models.ForeignKey(Opleiding, on_delete=models.PROTECT, related_name="cohorten")
    startjaar = models.PositiveSmallIntegerField(_("startjaar"), help_text=_("2025 voor schooljaar 2025-2026."))
    # The version of the dossier this cohort is examined on; it changes only by an explicit move.
    dossier = models.ForeignKey(
        "dossier.Kwalificatiedossier",
        on_delete=models.PROTECT,
        related_name="cohorten",
        verbose_name=_("versie van het kwalificatiedossier"),
    )

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorten")
        ordering = ["-startjaar", "opleiding__naam"]
        constraints = [
            models.UniqueConstraint(fields=["opleiding", "startjaar"], name="cohort_unique"),
            models.CheckConstraint(condition=Q(startjaar__gte=2000, startjaar__lte=2100), name="cohort_startjaar"),
        ]

    def __str__(self) -> str:
        return f"{self.opleiding.naam} {self.schooljaar}"

    @property
    def schooljaar(self) -> str:
        return f"{self.startjaar}-{self.startjaar + 1}"

    @property
    def voorschrift(self):
        """The current version of the cohort's beoordelingsvoorschrift, or None for the default rules."""
        return self.voorschriften.order_by("-versie").first()


def audit(model: type[models.Model]) -> type[models.Model]:
    """Every insert, update and delete is recorded by a trigger (PostgreSQL), with who and why."""
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())(model)


@audit
class Inschrijving(models.Model):
    """A student enrolled for one profiel (kwalificatie) in one cohort."""

    class Leerweg(models.TextChoices):
        BOL = "BOL", _("BOL")
        BBL = "BBL", _("BBL")

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inschrijvingen")
    profiel = models.ForeignKey("dossier.Profiel", on_delete=models.PROTECT, related_name="inschrijvingen")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="inschrijvingen")
    studentnummer = models.CharField(
        _("studentnummer"), max_length=20, unique=True, help_text=_("Het nummer van de school, nooit het BSN.")
    )
    leerweg = models.CharField(_("leerweg"), max_length=3, choices=Leerweg, default=Leerweg.BOL)
    startdatum = models.DateField(_("startdatum"))
    leerbedrijf = models.CharField(_("BPV-plaats (leerbedrijf)"), max_length=200, blank=True)
    bpv_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gecoachte_inschrijvingen",
        verbose_name=_("BPV-coach"),
    )
    beoordelaars = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Beoordelaarstoewijzing", related_name="beoordeelde_inschrijvingen"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        ordering = ["studentnummer"]
        permissions = [("manage_inschrijvingen", _("Mag opleidingen, cohorten en inschrijvingen beheren"))]

    def __str__(self) -> str:
        return f"{self.studentnummer} {self.profiel.code}"


@audit
class Beoordelaarstoewijzing(models.Model):
    class Rol(models.TextChoices):
        PRAKTIJK = "praktijk", _("Praktijkbeoordelaar")
        SCHOOL = "school", _("Schoolbeoordelaar")

    inschrijving = models.ForeignKey(Inschrijving, on_delete=models.CASCADE, related_name="toewijzingen")
    beoordelaar = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="toewijzingen")
    rol = models.CharField(_("rol"), max_length=10, choices=Rol)

    class Meta:
        verbose_name = _("beoordelaar van een inschrijving")
        verbose_name_plural = _("beoordelaars van inschrijvingen")
        constraints = [
            models.UniqueConstraint(fields=["inschrijving", "beoordelaar"], name="toewijzing_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.beoordelaar} ({self.get_rol_display()})"


class Bewijsstuk(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        INGEDIEND = "ingediend", _("Ingediend")
        TERUGGEGEVEN = "teruggegeven", _("Terug naar student")
        BEOORDEELD = "beoordeeld", _("Beoordeeld")

    inschrijving = models.ForeignKey(Inschrijving, on_delete=models.PROTECT, related_name="bewijsstukken")
    werkproces = models.ForeignKey("dossier.Werkproces", on_delete=models.PROTECT, related_name="+")
    titel = models.CharField(_("titel"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.CONCEPT)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bewijsstuk")
        verbose_name_plural = _("bewijsstukken")
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["inschrijving", "werkproces"], name="bewijsstuk_inschr_wp"),
            models.Index(fields=["status", "submitted_at"], name="bewijsstuk_status"),
            # What waits for a beoordelaar, per enrolment, read from the index alone (queue and its count).
            models.Index(
                fields=["inschrijving", "werkproces"],
                condition=models.Q(status="ingediend", submitted_at__isnull=False),
                name="bewijsstuk_wachtend",
            ),
        ]

    def __str__(self) -> str:
        return self.titel


class BewijsstukVersie(models.Model):
    bewijsstuk = models.ForeignKey(Bewijsstuk, on_delete=models.CASCADE, related_name="versies")
    nummer = models.PositiveSmallIntegerField(_("versie"))
    # Each version keeps its own title: renaming a draft never renames what the assessors were shown.
    titel = models.CharField(_("titel"), max_length=200, blank=True)
    reflectie = models.TextField(_("reflectie"), blank=True)
    criteria = models.ManyToManyField("dossier.Criterium", blank=True, related_name="+", verbose_name=_("criteria"))
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    feedback_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("versie van een bewijsstuk")
        verbose_name_plural = _("versies van bewijsstukken")
        ordering = ["bewijsstuk", "-nummer"]
        constraints = [
            models.UniqueConstraint(fields=["bewijsstuk", "nummer"], name="versie_unique_nummer"),
            # At most one draft per bewijsstuk: every other version is frozen.
            models.UniqueConstraint(
                fields=["bewijsstuk"], condition=Q(submitted_at__isnull=True), name="versie_one_draft"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bewijsstuk} v{self.nummer}"

    @property
    def is_frozen(self) -> bool:
        return self.submitted_at is not None


def bestand_upload_to(instance: "Bestand", filename: str) -> str:
    # A random name: the student's file name is kept in `naam` and never reaches the file system.
    return f"bewijsstukken/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


class Bestand(models.Model):
    versie = models.ForeignKey(BewijsstukVersie, on_delete=models.CASCADE, related_name="bestanden")
    file = models.FileField(upload_to=bestand_upload_to, max_length=200)
    naam = models.CharField(_("bestandsnaam"), max_length=255)
    grootte = models.PositiveBigIntegerField(_("grootte (bytes)"))
    mime = models.CharField(max_length=100)
    soort = models.CharField(max_length=10)
    inline = models.BooleanField(default=False)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bestand")
        verbose_name_plural = _("bestanden")
        ordering = ["versie", "created_at", "pk"]

    def __str__(self) -> str:
        return self.naam


class StatusWijziging(models.Model):
    """Who changed a bewijsstuk's status, when; written by the services, never edited."""

    bewijsstuk = models.ForeignKey(Bewijsstuk, on_delete=models.CASCADE, related_name="statuswijzigingen")
    van = models.CharField(max_length=12, choices=Bewijsstuk.Status, blank=True)
    naar = models.CharField(max_length=12, choices=Bewijsstuk.Status)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    toelichting = models.TextField(blank=True)

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["bewijsstuk", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.bewijsstuk}: {self.van} → {self.naar}"


class ImportJob(models.Model):
    """A CSV enrolment import too big to run inside a request; a Celery task runs it from this row."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="import_jobs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=255)
    # The uploaded bytes exactly as sent, decoded by the task as the synchronous import would.
    inhoud = models.BinaryField()
    rows = models.PositiveIntegerField(_("regels"), default=0)
    # The language of the coordinator who uploaded, so the error report reads as the page around it.
    taal = models.CharField(_("taal"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("voortgang"), default=0)
    created_count = models.PositiveIntegerField(_("ingeschreven"), default=0)
    # The error report: [{"line": 3, "message": "..."}], in line order; empty when the import was written.
    errors = models.JSONField(_("fouten"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("importtaak")
        verbose_name_plural = _("importtaken")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="importjob_progress_0_100")]

    def __str__(self) -> str:
        return f"{self.bestandsnaam} ({self.get_status_display()})"
