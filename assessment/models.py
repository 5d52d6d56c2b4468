"""Beoordelingen of werkprocessen against the criteria that apply to the student's profiel.

A Beoordeling is one assessor's scoring of one werkproces for one student, formatief (feedback only) or
examen (counts). Examen beoordelingen belong to an Examenpoging (attempt); the poging carries the agreed
result, and a Vaststelling fixes it for the examencommissie. Corrections after that are new
Vaststelling revisions with a reason; a herkansing is a new poging.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def audit(model: type[models.Model]) -> type[models.Model]:
    """Every insert, update (also QuerySet.update and bulk_update) and delete is recorded by a trigger."""
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())(model)


class Niveau(models.TextChoices):
    ONVOLDOENDE = "onvoldoende", _("Onvoldoende")
    VOLDOENDE = "voldoende", _("Voldoende")
    GOED = "goed", _("Goed")


@audit
class Beoordelingsvoorschrift(models.Model):
    class Schaal(models.TextChoices):
        OVG = "ovg", _("Onvoldoende / voldoende / goed")
        PUNTEN = "punten", _("Punten 0–3")
        NOOIT_OEFENEN = "nooit_oefenen", _("Nooit / oefenen / voldoende / goed")

    class Slaagregel(models.TextChoices):
        GEEN_ONVOLDOENDE = "geen_onvoldoende", _("Geen enkel criterium onvoldoende")
        CESUUR = "cesuur", _("Punten met een cesuur")

    # Versions: one that has produced a vastgestelde result is never edited; a change is the next version,
    # which applies to results from then on (each Vaststelling records the version it used).
    cohort = models.ForeignKey("portfolio.Cohort", on_delete=models.CASCADE, related_name="voorschriften")
    versie = models.PositiveSmallIntegerField(_("versie"), default=1)
    geldig_vanaf = models.DateTimeField(_("geldt vanaf"), null=True, blank=True)
    schaal = models.CharField(_("schaal"), max_length=16, choices=Schaal, default=Schaal.OVG)
    slaagregel = models.CharField(
        _("slaagregel"), max_length=20, choices=Slaagregel, default=Slaagregel.GEEN_ONVOLDOENDE
    )
    cesuur_procent = models.DecimalField(_("cesuur (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    goed_vanaf_procent = models.DecimalField(_("goed vanaf (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    twee_beoordelaars = models.BooleanField(_("twee beoordelaars vereist"), default=True)
    kerntaak_goed_vanaf_procent = models.DecimalField(
        _("kerntaak goed vanaf (% werkprocessen goed)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leeg: een kerntaak is goed als al zijn werkprocessen goed zijn."),
    )
    telt_poging = models.CharField(
        _("na een herkansing telt"),
        max_length=8,
        choices=[("laatste", _("de laatste poging")), ("beste", _("de beste poging"))],
        default="laatste",
    )
    kerntaak_cijfers = models.JSONField(
        _("cijfers per niveau"),
        null=True,
        blank=True,
        help_text=_(
            'Alleen als de school kerntaken met cijfers waardeert, bijv. {"onvoldoende": 4, "voldoende": 6, "goed": 8}.'
        ),
    )
    kritische_criteria = models.ManyToManyField(
        "dossier.Criterium", blank=True, related_name="+", verbose_name=_("kritische criteria")
    )

    class Meta:
        verbose_name = _("beoordelingsvoorschrift")
        verbose_name_plural = _("beoordelingsvoorschriften")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "versie"], name="voorschrift_unique_versie"),
            models.CheckConstraint(
                condition=~Q(slaagregel="cesuur") | Q(cesuur_procent__gt=0, cesuur_procent__lte=100),
                name="voorschrift_cesuur_needed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} (versie {self.versie})"


@audit
class Examenpoging(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        OVERLEG = "overleg", _("Beoordelaars overleggen")
        OVEREENSTEMMING = "overeenstemming", _("Overeenstemming")
        VOORGELEGD = "voorgelegd", _("Voorgelegd aan de coördinator")
        VASTGESTELD = "vastgesteld", _("Vastgesteld")

    inschrijving = models.ForeignKey("portfolio.Inschrijving", on_delete=models.PROTECT, related_name="pogingen")
    werkproces = models.ForeignKey("dossier.Werkproces", on_delete=models.PROTECT, related_name="+")
    nummer = models.PositiveSmallIntegerField(_("poging"), default=1)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.OPEN)
    voorstel = models.JSONField(_("voorgestelde scores"), null=True, blank=True)
    voorstel_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    akkoord_door = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    uitslag = models.CharField(_("uitslag"), max_length=12, choices=Niveau, blank=True)
    percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    feedback_vrijgegeven_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("examenpoging")
        verbose_name_plural = _("examenpogingen")
        ordering = ["inschrijving", "werkproces", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["inschrijving", "werkproces", "nummer"], name="poging_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.inschrijving} {self.werkproces.code} poging {self.nummer}"


@audit
class Beoordeling(models.Model):
    class Soort(models.TextChoices):
        FORMATIEF = "formatief", _("Formatief (alleen feedback)")
        EXAMEN = "examen", _("Examen (telt mee)")

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        INGEDIEND = "ingediend", _("Ingediend")

    class Rol(models.TextChoices):
        PRAKTIJK = "praktijk", _("Praktijkbeoordelaar")
        SCHOOL = "school", _("Schoolbeoordelaar")
        COORDINATOR = "coordinator", _("Coördinator")

    inschrijving = models.ForeignKey("portfolio.Inschrijving", on_delete=models.PROTECT, related_name="beoordelingen")
    werkproces = models.ForeignKey("dossier.Werkproces", on_delete=models.PROTECT, related_name="+")
    beoordelaar = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="beoordelingen")
    rol = models.CharField(_("rol"), max_length=12, choices=Rol)
    soort = models.CharField(_("soort"), max_length=10, choices=Soort)
    poging = models.ForeignKey(
        Examenpoging, on_delete=models.PROTECT, null=True, blank=True, related_name="beoordelingen"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.CONCEPT)
    feedback = models.TextField(_("feedback voor de student"), blank=True)
    uitslag = models.CharField(_("uitslag"), max_length=12, choices=Niveau, blank=True)
    percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(soort="formatief", poging__isnull=True) | Q(soort="examen", poging__isnull=False),
                name="beoordeling_examen_has_poging",
            ),
            models.UniqueConstraint(
                fields=["poging", "beoordelaar"], condition=Q(poging__isnull=False), name="beoordeling_one_per_poging"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.werkproces.code} {self.get_soort_display()} door {self.beoordelaar}"


@audit
class Score(models.Model):
    beoordeling = models.ForeignKey(Beoordeling, on_delete=models.CASCADE, related_name="scores")
    criterium = models.ForeignKey("dossier.Criterium", on_delete=models.PROTECT, related_name="+")
    waarde = models.CharField(_("score"), max_length=16, blank=True)
    opmerking = models.TextField(_("opmerking"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["beoordeling", "criterium"], name="score_unique")]

    def __str__(self) -> str:
        return f"{self.criterium_id}: {self.waarde}"


@audit
class Vaststelling(models.Model):
    """The examencommissie's decision on a poging; a correction is a new revision with a reason."""

    poging = models.ForeignKey(Examenpoging, on_delete=models.PROTECT, related_name="vaststellingen")
    revisie = models.PositiveSmallIntegerField()
    uitslag = models.CharField(_("uitslag"), max_length=12, choices=Niveau)
    scores = models.JSONField(_("scores"))
    percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    voorschrift = models.ForeignKey(
        Beoordelingsvoorschrift,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vaststellingen",
        help_text=_("De versie van het voorschrift waarmee de uitslag is bepaald; leeg: de standaardregels."),
    )
    reden = models.TextField(_("reden"), blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vaststelling")
        verbose_name_plural = _("vaststellingen")
        ordering = ["poging", "revisie"]
        constraints = [
            models.UniqueConstraint(fields=["poging", "revisie"], name="vaststelling_unique"),
            models.CheckConstraint(condition=Q(revisie=1) | ~Q(reden=""), name="vaststelling_correctie_reden"),
        ]

    def __str__(self) -> str:
        return f"{self.poging} r{self.revisie}: {self.uitslag}"
