from django.contrib import admin

from dossier.models import (
    Competentie,
    Criterium,
    GeneriekOnderdeel,
    Kerntaak,
    KerntaakAanvulling,
    Keuzedeel,
    Kwalificatiedossier,
    Profiel,
    Vakkennis,
    Werkproces,
    WerkprocesAanvulling,
    WerkprocesCompetentie,
)


class ProfielInline(admin.TabularInline):
    model = Profiel
    extra = 0
    fields = ["code", "naam", "crebo", "niveau", "typering", "studieduur", "volgorde"]


class GeneriekOnderdeelInline(admin.TabularInline):
    model = GeneriekOnderdeel
    extra = 0


@admin.register(Kwalificatiedossier)
class KwalificatiedossierAdmin(admin.ModelAdmin):
    list_display = ["naam", "crebo", "versie", "geldig_vanaf"]
    search_fields = ["naam", "crebo"]
    inlines = [ProfielInline, GeneriekOnderdeelInline]


@admin.register(Profiel)
class ProfielAdmin(admin.ModelAdmin):
    list_display = ["code", "naam", "crebo", "niveau", "dossier"]
    list_filter = ["dossier", "niveau"]
    search_fields = ["code", "naam", "crebo"]
    list_select_related = ["dossier"]


class WerkprocesInline(admin.TabularInline):
    model = Werkproces
    extra = 0
    fields = ["code", "titel", "volgorde"]
    show_change_link = True


class VakkennisInline(admin.TabularInline):
    model = Vakkennis
    extra = 0
    autocomplete_fields = ["profiel"]


class KerntaakAanvullingInline(admin.StackedInline):
    model = KerntaakAanvulling
    extra = 0


@admin.register(Kerntaak)
class KerntaakAdmin(admin.ModelAdmin):
    list_display = ["code", "titel", "profiel", "dossier"]
    list_filter = ["dossier", "profiel"]
    search_fields = ["code", "titel"]
    list_select_related = ["dossier", "profiel"]
    inlines = [WerkprocesInline, KerntaakAanvullingInline, VakkennisInline]


class CriteriumInline(admin.TabularInline):
    model = Criterium
    extra = 0
    fields = ["soort", "profiel", "volgorde", "tekst"]
    autocomplete_fields = ["profiel"]


class WerkprocesCompetentieInline(admin.TabularInline):
    model = WerkprocesCompetentie
    extra = 0
    autocomplete_fields = ["competentie", "profiel"]


class WerkprocesAanvullingInline(admin.StackedInline):
    model = WerkprocesAanvulling
    extra = 0


@admin.register(Werkproces)
class WerkprocesAdmin(admin.ModelAdmin):
    list_display = ["code", "titel", "kerntaak"]
    list_filter = ["kerntaak__dossier", "kerntaak__profiel"]
    search_fields = ["code", "titel"]
    list_select_related = ["kerntaak"]
    inlines = [WerkprocesAanvullingInline, CriteriumInline, WerkprocesCompetentieInline]


@admin.register(Criterium)
class CriteriumAdmin(admin.ModelAdmin):
    list_display = ["werkproces", "soort", "profiel", "volgorde", "tekst"]
    list_filter = ["soort", "profiel", "werkproces__kerntaak"]
    search_fields = ["tekst", "werkproces__code"]
    list_select_related = ["werkproces", "profiel"]


@admin.register(Competentie)
class CompetentieAdmin(admin.ModelAdmin):
    search_fields = ["naam"]


@admin.register(Keuzedeel)
class KeuzedeelAdmin(admin.ModelAdmin):
    list_display = ["code", "naam", "omvang"]
    search_fields = ["code", "naam"]
    filter_horizontal = ["profielen"]
