"""The kwalificatiedossier as SBB publishes it: basisdeel, profielen, kerntaken, werkprocessen, criteria.

Text that applies to one profiel only carries that profiel; text with no profiel is basisdeel text
that applies to every profiel. `dossier.selectors` is the one place that turns this into "what applies
to a student of profiel X".
"""

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def unique_per_profiel(*fields: str, name: str) -> list[models.BaseConstraint]:
    """Unique within basisdeel rows (profiel NULL) and within each profiel's rows."""
    return [
        models.UniqueConstraint(fields=list(fields), condition=Q(profiel__isnull=True), name=f"{name}_basis"),
        models.UniqueConstraint(
            fields=[*fields, "profiel"], condition=Q(profiel__isnull=False), name=f"{name}_profiel"
        ),
    ]


class Kwalificatiedossier(models.Model):
    """One version of a kwalificatiedossier (all versions of a dossier share its crebo).

    Everything below it (profielen, kerntaken, werkprocessen, criteria) belongs to this version. A version
    that a cohort or an enrolment uses is frozen: its text never changes again, and an import of other
    text makes a new version (`dossier.versions`).
    """

    crebo = models.CharField(_("crebo"), max_length=5)
    naam = models.CharField(_("naam"), max_length=200)
    volgnummer = models.PositiveSmallIntegerField(_("volgnummer"), default=1)
    versie = models.CharField(_("versie"), max_length=50, blank=True, help_text=_("Het versielabel van SBB."))
    geldig_vanaf = models.DateField(_("geldig vanaf"), null=True, blank=True)
    context = models.TextField(_("context van de beroepengroep"), blank=True)
    beroepshouding = models.TextField(_("typerende beroepshouding"), blank=True)
    resultaat_beroepengroep = models.TextField(_("resultaat van de beroepengroep"), blank=True)
    created_at = models.DateTimeField(_("ingelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("kwalificatiedossier")
        verbose_name_plural = _("kwalificatiedossiers")
        ordering = ["naam", "-volgnummer"]
        constraints = [
            models.UniqueConstraint(fields=["crebo", "volgnummer"], name="dossier_unique_versie"),
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.crebo}, {self.versie_label})"

    def get_absolute_url(self) -> str:
        return reverse("dossier:detail", kwargs={"crebo": self.crebo})

    @property
    def versie_label(self) -> str:
        label = self.versie or str(self.volgnummer)
        return _("versie %(label)s") % {"label": label}


class Profiel(models.Model):
    """A profiel of the dossier; in SBB terms one kwalificatie, i.e. one diploma."""

    dossier = models.ForeignKey(Kwalificatiedossier, on_delete=models.CASCADE, related_name="profielen")
    code = models.CharField(_("code"), max_length=4)
    naam = models.CharField(_("naam"), max_length=200)
    crebo = models.CharField(_("crebo"), max_length=5, blank=True)
    niveau = models.PositiveSmallIntegerField(_("mbo-niveau"), null=True, blank=True)
    wettelijke_beroepsvereisten = models.BooleanField(_("wettelijke beroepsvereisten"), null=True, blank=True)
    branchevereisten = models.BooleanField(_("branchevereisten"), null=True, blank=True)
    toelichting_branchevereisten = models.TextField(_("toelichting branchevereisten"), blank=True)
    typering = models.CharField(_("typering van de kwalificatie"), max_length=100, blank=True)
    typering_beroep = models.TextField(_("typering van het beroep"), blank=True)
    studieduur = models.PositiveIntegerField(_("studieduur (uren)"), null=True, blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("profiel")
        verbose_name_plural = _("profielen")
        ordering = ["dossier", "volgorde", "code"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "code"], name="profiel_unique_code"),
            models.UniqueConstraint(fields=["dossier", "naam"], name="profiel_unique_naam"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.naam}"


class Kerntaak(models.Model):
    dossier = models.ForeignKey(Kwalificatiedossier, on_delete=models.CASCADE, related_name="kerntaken")
    profiel = models.ForeignKey(
        Profiel,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="kerntaken",
        help_text=_("Leeg voor een kerntaak van het basisdeel."),
    )
    code = models.CharField(_("code"), max_length=10)
    titel = models.CharField(_("titel"), max_length=300)
    complexiteit = models.TextField(_("complexiteit"), blank=True)
    verantwoordelijkheid = models.TextField(_("verantwoordelijkheid en zelfstandigheid"), blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("kerntaak")
        verbose_name_plural = _("kerntaken")
        ordering = ["dossier", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "code"], name="kerntaak_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.titel}"

    def get_absolute_url(self) -> str:
        return reverse("dossier:kerntaak", kwargs={"crebo": self.dossier.crebo, "code": self.code})

    @property
    def is_basis(self) -> bool:
        return self.profiel_id is None


class KerntaakAanvulling(models.Model):
    """Complexiteit and verantwoordelijkheid that one profiel adds to a basisdeel kerntaak."""

    kerntaak = models.ForeignKey(Kerntaak, on_delete=models.CASCADE, related_name="aanvullingen")
    profiel = models.ForeignKey(Profiel, on_delete=models.CASCADE, related_name="kerntaak_aanvullingen")
    complexiteit = models.TextField(_("complexiteit"), blank=True)
    verantwoordelijkheid = models.TextField(_("verantwoordelijkheid en zelfstandigheid"), blank=True)

    class Meta:
        verbose_name = _("aanvulling op kerntaak")
        verbose_name_plural = _("aanvullingen op kerntaken")
        ordering = ["kerntaak", "profiel"]
        constraints = [
            models.UniqueConstraint(fields=["kerntaak", "profiel"], name="kerntaakaanvulling_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kerntaak.code} + {self.profiel.code}"


class Vakkennis(models.Model):
    """One item of 'Vakkennis en vaardigheden' of a kerntaak."""

    kerntaak = models.ForeignKey(Kerntaak, on_delete=models.CASCADE, related_name="vakkennis")
    profiel = models.ForeignKey(Profiel, on_delete=models.CASCADE, null=True, blank=True, related_name="vakkennis")
    tekst = models.TextField(_("tekst"))
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("vakkennis en vaardigheid")
        verbose_name_plural = _("vakkennis en vaardigheden")
        ordering = ["kerntaak", models.F("profiel").asc(nulls_first=True), "volgorde"]
        constraints = unique_per_profiel("kerntaak", "volgorde", name="vakkennis_unique_volgorde")

    def __str__(self) -> str:
        return self.tekst[:80]


class Werkproces(models.Model):
    kerntaak = models.ForeignKey(Kerntaak, on_delete=models.CASCADE, related_name="werkprocessen")
    code = models.CharField(_("code"), max_length=14)
    titel = models.CharField(_("titel"), max_length=300)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("werkproces")
        verbose_name_plural = _("werkprocessen")
        ordering = ["kerntaak__dossier", "kerntaak__volgorde", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["kerntaak", "code"], name="werkproces_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.titel}"

    def get_absolute_url(self) -> str:
        return reverse("dossier:werkproces", kwargs={"crebo": self.kerntaak.dossier.crebo, "code": self.code})


class WerkprocesAanvulling(models.Model):
    """Omschrijving that one profiel adds to a basisdeel werkproces."""

    werkproces = models.ForeignKey(Werkproces, on_delete=models.CASCADE, related_name="aanvullingen")
    profiel = models.ForeignKey(Profiel, on_delete=models.CASCADE, related_name="werkproces_aanvullingen")
    omschrijving = models.TextField(_("omschrijving"))

    class Meta:
        verbose_name = _("aanvulling op werkproces")
        verbose_name_plural = _("aanvullingen op werkprocessen")
        ordering = ["werkproces", "profiel"]
        constraints = [
            models.UniqueConstraint(fields=["werkproces", "profiel"], name="werkprocesaanvulling_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.werkproces.code} + {self.profiel.code}"


class Criterium(models.Model):
    class Soort(models.TextChoices):
        RESULTAAT = "resultaat", _("Resultaat")
        GEDRAG = "gedrag", _("Gedrag")

    werkproces = models.ForeignKey(Werkproces, on_delete=models.CASCADE, related_name="criteria")
    soort = models.CharField(_("soort"), max_length=10, choices=Soort)
    profiel = models.ForeignKey(
        Profiel,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="criteria",
        help_text=_("Leeg voor tekst van het basisdeel; anders het profiel waarvoor de tekst geldt."),
    )
    tekst = models.TextField(_("tekst"))
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    # The same criterion across versions (its text unchanged or near-identical, e.g. a typo fix) keeps its
    # sleutel, so evidence that claimed it in an earlier version still covers it.
    sleutel = models.UUIDField(_("sleutel"), default=uuid.uuid4, db_index=True)

    class Meta:
        verbose_name = _("criterium")
        verbose_name_plural = _("criteria")
        ordering = ["werkproces", "-soort", models.F("profiel").asc(nulls_first=True), "volgorde"]
        constraints = [
            *unique_per_profiel("werkproces", "soort", "volgorde", name="criterium_unique_volgorde"),
            models.CheckConstraint(condition=~Q(tekst=""), name="criterium_tekst_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.werkproces.code} {self.get_soort_display()} {self.volgorde}"

    def is_aanvulling(self) -> bool:
        """True for 'Voor <profiel> geldt aanvullend' text on a basisdeel werkproces."""
        return self.profiel_id is not None and self.werkproces.kerntaak.profiel_id is None


class Competentie(models.Model):
    """One of SBB's standard competence names."""

    naam = models.CharField(_("naam"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("competentie")
        verbose_name_plural = _("competenties")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class WerkprocesCompetentie(models.Model):
    werkproces = models.ForeignKey(Werkproces, on_delete=models.CASCADE, related_name="competenties")
    competentie = models.ForeignKey(Competentie, on_delete=models.PROTECT, related_name="werkprocessen")
    profiel = models.ForeignKey(Profiel, on_delete=models.CASCADE, null=True, blank=True, related_name="competenties")
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("competentie van een werkproces")
        verbose_name_plural = _("competenties van werkprocessen")
        ordering = ["werkproces", models.F("profiel").asc(nulls_first=True), "volgorde"]
        constraints = unique_per_profiel("werkproces", "competentie", name="werkprocescompetentie_unique")

    def __str__(self) -> str:
        return f"{self.werkproces.code}: {self.competentie.naam}"


class GeneriekOnderdeel(models.Model):
    class Soort(models.TextChoices):
        NEDERLANDS = "nederlands", _("Nederlandse taal")
        REKENEN = "rekenen", _("Rekenen")
        LOOPBAAN_BURGERSCHAP = "loopbaan_burgerschap", _("Loopbaan en burgerschap")
        ENGELS = "engels", _("Engels")

    dossier = models.ForeignKey(Kwalificatiedossier, on_delete=models.CASCADE, related_name="generieke_onderdelen")
    soort = models.CharField(_("soort"), max_length=24, choices=Soort)
    naam = models.CharField(_("naam"), max_length=100)
    tekst = models.TextField(_("tekst"), blank=True)
    vanaf_niveau = models.PositiveSmallIntegerField(
        _("alleen vanaf mbo-niveau"), null=True, blank=True, help_text=_("Leeg: geldt voor elk niveau.")
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("generiek onderdeel")
        verbose_name_plural = _("generieke onderdelen")
        ordering = ["dossier", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "soort"], name="generiekonderdeel_unique"),
        ]

    def __str__(self) -> str:
        return self.naam


class Keuzedeel(models.Model):
    """SBB keuzedeel (K0000): not part of the kwalificatie but required for the diploma."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    naam = models.CharField(_("naam"), max_length=200)
    omvang = models.PositiveSmallIntegerField(_("omvang (SBU)"))
    profielen = models.ManyToManyField(Profiel, blank=True, related_name="keuzedelen")

    class Meta:
        verbose_name = _("keuzedeel")
        verbose_name_plural = _("keuzedelen")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(omvang__gt=0), name="keuzedeel_omvang_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.naam}"
