"""Diploma conditions outside the beroepsgerichte deel, versioned rule sets, and report jobs."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def audit(model: type[models.Model]) -> type[models.Model]:
    """Every insert, update and delete is recorded by a trigger (PostgreSQL), with who and why."""
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())(model)


@audit
class GeneriekResultaat(models.Model):
    """The generic subjects of one enrolment: marks with one decimal; the eindcijfer is derived."""

    inschrijving = models.OneToOneField("portfolio.Inschrijving", on_delete=models.CASCADE, related_name="generiek")
    nederlands_ce = models.DecimalField(
        _("Nederlands centraal examen"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    # `se` is the instellingsexamen (IE): mbo law never says schoolexamen; the column keeps its old name.
    nederlands_se = models.DecimalField(
        _("Nederlands instellingsexamen"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    engels_ce = models.DecimalField(_("Engels centraal examen"), max_digits=3, decimal_places=1, null=True, blank=True)
    engels_se = models.DecimalField(
        _("Engels instellingsexamen"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    rekenen = models.DecimalField(_("rekenen"), max_digits=3, decimal_places=1, null=True, blank=True)
    loopbaan_burgerschap = models.BooleanField(_("loopbaan en burgerschap voldaan"), null=True, blank=True)
    bpv_uren = models.PositiveIntegerField(_("BPV-uren"), null=True, blank=True)
    bpv_voldaan = models.BooleanField(_("BPV voldaan"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("generiek resultaat")
        verbose_name_plural = _("generieke resultaten")
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 1, f"{field}__lte": 10}),
                name=f"generiek_{field}_1_10",
            )
            for field in ("nederlands_ce", "nederlands_se", "engels_ce", "engels_se", "rekenen")
        ]

    def __str__(self) -> str:
        return f"{self.inschrijving}"


@audit
class KeuzedeelResultaat(models.Model):
    inschrijving = models.ForeignKey("portfolio.Inschrijving", on_delete=models.CASCADE, related_name="keuzedelen")
    code = models.CharField(_("code"), max_length=8)
    naam = models.CharField(_("naam"), max_length=200)
    sbu = models.PositiveSmallIntegerField(_("omvang (SBU)"))
    cijfer = models.DecimalField(_("cijfer"), max_digits=3, decimal_places=1, null=True, blank=True)
    afgelegd = models.BooleanField(_("examen afgelegd"), default=False)
    # Art. 17 lid 2: only the keuzedelen that fill the required size count. None marked: the rules choose.
    telt_mee = models.BooleanField(
        _("telt mee voor de keuzedeelverplichting"),
        default=False,
        help_text=_("Niets aangevinkt: de best beoordeelde combinatie die de minimale omvang haalt telt mee."),
    )

    class Meta:
        verbose_name = _("keuzedeelresultaat")
        verbose_name_plural = _("keuzedeelresultaten")
        ordering = ["inschrijving", "code"]
        constraints = [
            models.UniqueConstraint(fields=["inschrijving", "code"], name="keuzedeel_unique"),
            models.CheckConstraint(
                condition=Q(cijfer__isnull=True) | Q(cijfer__gte=1, cijfer__lte=10), name="keuzedeel_cijfer_1_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.naam}"


@audit
class Vrijstelling(models.Model):
    """A vrijstelling for one generic subject or one keuzedeel, optionally with the mark it was granted on.

    A keuzedeel's mark counts in the keuzedeel rule like a result; a generic subject's is kept for the record
    (a vrijgesteld subject counts as met). KEUZEDELEN ("all keuzedelen") is no longer granted: it remains only
    for rows from before, of students who had no keuzedeel to attach it to.
    """

    class Onderdeel(models.TextChoices):
        NEDERLANDS = "nederlands", _("Nederlands")
        ENGELS = "engels", _("Engels")
        REKENEN = "rekenen", _("Rekenen")
        LOOPBAAN_BURGERSCHAP = "loopbaan_burgerschap", _("Loopbaan en burgerschap")
        KEUZEDEEL = "keuzedeel", _("Keuzedeel")
        KEUZEDELEN = "keuzedelen", _("Alle keuzedelen (oude vrijstelling)")

    inschrijving = models.ForeignKey("portfolio.Inschrijving", on_delete=models.CASCADE, related_name="vrijstellingen")
    onderdeel = models.CharField(_("onderdeel"), max_length=24, choices=Onderdeel)
    keuzedeel_code = models.CharField(_("keuzedeelcode"), max_length=8, blank=True)
    cijfer = models.DecimalField(_("cijfer waarop vrijgesteld"), max_digits=3, decimal_places=1, null=True, blank=True)
    reden = models.CharField(_("reden"), max_length=200)

    class Meta:
        verbose_name = _("vrijstelling")
        verbose_name_plural = _("vrijstellingen")
        constraints = [
            models.UniqueConstraint(fields=["inschrijving", "onderdeel", "keuzedeel_code"], name="vrijstelling_unique"),
            models.CheckConstraint(
                condition=Q(onderdeel="keuzedeel", keuzedeel_code__gt="")
                | (~Q(onderdeel="keuzedeel") & Q(keuzedeel_code="")),
                name="vrijstelling_keuzedeel_code",
            ),
            models.CheckConstraint(
                condition=Q(cijfer__isnull=True) | Q(cijfer__gte=1, cijfer__lte=10), name="vrijstelling_cijfer_1_10"
            ),
        ]

    def __str__(self) -> str:
        onderdeel = self.get_onderdeel_display()
        return f"{self.inschrijving}: {onderdeel} {self.keuzedeel_code}".rstrip()


@audit
class Regelset(models.Model):
    """A versioned set of diploma rules; a new law is a new Regelset, never an edit of an old one."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    naam = models.CharField(_("naam"), max_length=200)
    niveaus = models.JSONField(_("mbo-niveaus"), help_text=_("Bijv. [4] of [2, 3]; [1] is entree."))
    cohort_vanaf = models.PositiveSmallIntegerField(_("voor cohorten vanaf startjaar"))
    cohort_tot = models.PositiveSmallIntegerField(_("tot en met startjaar"), null=True, blank=True)
    checks = models.JSONField(_("voorwaarden"), help_text=_("Namen van de controles met hun instellingen."))
    bron = models.CharField(_("bron"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("regelset")
        verbose_name_plural = _("regelsets")
        ordering = ["cohort_vanaf", "code"]

    def __str__(self) -> str:
        return self.naam


class Gereedheid(models.Model):
    """The readiness of one enrolment as last computed, so a cohort export or overview reads one row per student.

    Fresh only while `berekend_versie == versie` (every change to the student's facts raises `versie` in its own
    transaction) and `grondslag` is the fingerprint of today's rules, rule set and dossier structure for the
    student's profiel and cohort; anything else is recomputed on read. Texts are in settings.LANGUAGE_CODE.
    """

    inschrijving = models.OneToOneField(
        "portfolio.Inschrijving", on_delete=models.CASCADE, primary_key=True, related_name="gereedheid"
    )
    versie = models.PositiveIntegerField(default=0)
    berekend_versie = models.PositiveIntegerField(null=True)
    grondslag = models.CharField(max_length=40, blank=True)
    uitkomst = models.CharField(max_length=20, blank=True)
    condities = models.JSONField(default=list)  # [[code, naam, status, uitleg], ...] in rule set order
    kerntaken = models.JSONField(default=dict)  # kerntaak code -> eindwaardering, or None while not known
    # "|code|code|" lists, so the cohort table counts and filters in SQL on every database.
    open_codes = models.TextField(blank=True)  # the conditions not (yet) met
    kerntaken_voldaan = models.TextField(blank=True)
    kerntaken_onvoldoende = models.TextField(blank=True)
    berekend_op = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("diplomagereedheid")
        verbose_name_plural = _("diplomagereedheid")

    def __str__(self) -> str:
        return f"{self.inschrijving_id}: {self.uitkomst}"


class Report(models.Model):
    """A background job that builds a file; the row is the source of truth for its state."""

    class Kind(models.TextChoices):
        STUDENT_PROGRESS = "student_progress", _("Voortgangsrapport student (PDF)")
        COHORT_PROGRESS = "cohort_progress", _("Voortgangsoverzicht cohort (xlsx)")
        READINESS_XLSX = "readiness_xlsx", _("Diplomagereedheid cohort (xlsx)")
        READINESS_CSV = "readiness_csv", _("Diplomagereedheid cohort (CSV)")
        READINESS_PDF = "readiness_pdf", _("Diplomagereedheid cohort, samenvatting (PDF)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("voortgang"), default=0)
    cohort = models.ForeignKey("portfolio.Cohort", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    inschrijving = models.ForeignKey(
        "portfolio.Inschrijving", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to="rapporten/", blank=True, max_length=200)
    error = models.TextField(_("fout"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporten")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_0_100"),
            models.CheckConstraint(
                condition=Q(cohort__isnull=False) | Q(inschrijving__isnull=False), name="report_has_subject"
            ),
        ]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="report_status_heartbeat")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"
