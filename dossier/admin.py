from typing import TYPE_CHECKING, Any

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
from dossier.selectors import dossier_is_frozen

if TYPE_CHECKING:
    _AdminBase = admin.options.BaseModelAdmin[Any]
else:
    _AdminBase = object


def _version(obj) -> Kwalificatiedossier | None:
    """The dossier version a row of dossier text belongs to."""
    for path in ("werkproces.kerntaak.dossier", "kerntaak.dossier", "dossier"):
        node = obj
        for name in path.split("."):
            node = getattr(node, name, None)
        if isinstance(node, Kwalificatiedossier):
            return node
    return obj if isinstance(obj, Kwalificatiedossier) else None


class FrozenVersionAdmin(_AdminBase):
    """A version a cohort or student uses is read-only here too: its text never changes under a result."""

    def _frozen(self, obj) -> bool:
        version = _version(obj) if obj is not None else None
        return version is not None and dossier_is_frozen(version)

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._frozen(obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None) -> bool:
        if isinstance(self, admin.options.InlineModelAdmin):
            # InlineModelAdmin's takes obj, ModelAdmin's does not; this mixin serves both
            return not self._frozen(obj) and super().has_add_permission(request, obj)  # type: ignore[call-arg]
        return super().has_add_permission(request)


class ProfielInline(FrozenVersionAdmin, admin.TabularInline):
    model = Profiel
    extra = 0
    fields = ["code", "naam", "crebo", "niveau", "typering", "studieduur", "volgorde"]


class GeneriekOnderdeelInline(FrozenVersionAdmin, admin.TabularInline):
    model = GeneriekOnderdeel
    extra = 0


@admin.register(Kwalificatiedossier)
class KwalificatiedossierAdmin(FrozenVersionAdmin, admin.ModelAdmin):
    list_display = ["naam", "crebo", "volgnummer", "versie", "geldig_vanaf"]
    search_fields = ["naam", "crebo"]
    inlines = [ProfielInline, GeneriekOnderdeelInline]


@admin.register(Profiel)
class ProfielAdmin(FrozenVersionAdmin, admin.ModelAdmin):
    list_display = ["code", "naam", "crebo", "niveau", "dossier"]
    list_filter = ["dossier", "niveau"]
    search_fields = ["code", "naam", "crebo"]
    list_select_related = ["dossier"]


class WerkprocesInline(FrozenVersionAdmin, admin.TabularInline):
    model = Werkproces
    extra = 0
    fields = ["code", "titel", "volgorde"]
    show_change_link = True


class VakkennisInline(FrozenVersionAdmin, admin.TabularInline):
    model = Vakkennis
    extra = 0
    autocomplete_fields = ["profiel"]


class KerntaakAanvullingInline(FrozenVersionAdmin, admin.StackedInline):
    model = KerntaakAanvulling
    extra = 0


@admin.register(Kerntaak)
class KerntaakAdmin(FrozenVersionAdmin, admin.ModelAdmin):
    list_display = ["code", "titel", "profiel", "dossier"]
    list_filter = ["dossier", "profiel"]
    search_fields = ["code", "titel"]
    list_select_related = ["dossier", "profiel"]
    inlines = [WerkprocesInline, KerntaakAanvullingInline, VakkennisInline]


class CriteriumInline(FrozenVersionAdmin, admin.TabularInline):
    model = Criterium
    extra = 0
    fields = ["soort", "profiel", "volgorde", "tekst"]
    autocomplete_fields = ["profiel"]


class WerkprocesCompetentieInline(FrozenVersionAdmin, admin.TabularInline):
    model = WerkprocesCompetentie
    extra = 0
    autocomplete_fields = ["competentie", "profiel"]


class WerkprocesAanvullingInline(FrozenVersionAdmin, admin.StackedInline):
    model = WerkprocesAanvulling
    extra = 0


@admin.register(Werkproces)
class WerkprocesAdmin(FrozenVersionAdmin, admin.ModelAdmin):
    list_display = ["code", "titel", "kerntaak"]
    list_filter = ["kerntaak__dossier", "kerntaak__profiel"]
    search_fields = ["code", "titel"]
    list_select_related = ["kerntaak"]
    inlines = [WerkprocesAanvullingInline, CriteriumInline, WerkprocesCompetentieInline]


@admin.register(Criterium)
class CriteriumAdmin(FrozenVersionAdmin, admin.ModelAdmin):
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
