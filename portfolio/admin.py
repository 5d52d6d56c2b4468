from django.contrib import admin

from portfolio.models import (
    Beoordelaarstoewijzing,
    Bestand,
    Bewijsstuk,
    BewijsstukVersie,
    Cohort,
    Inschrijving,
    Opleiding,
    StatusWijziging,
)


@admin.register(Opleiding)
class OpleidingAdmin(admin.ModelAdmin):
    list_display = ["naam", "dossier"]
    search_fields = ["naam"]
    # Who coordinates it and who is its examencommissie (portfolio.scope): only they see its cohorts, students
    # and results; the examencommissie reads them and changes nothing.
    filter_horizontal = ["coordinatoren", "examencommissie"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["opleiding", "startjaar"]
    list_filter = ["opleiding", "startjaar"]
    list_select_related = ["opleiding"]


class ToewijzingInline(admin.TabularInline):
    model = Beoordelaarstoewijzing
    extra = 0
    autocomplete_fields = ["beoordelaar"]


@admin.register(Inschrijving)
class InschrijvingAdmin(admin.ModelAdmin):
    list_display = ["studentnummer", "student", "profiel", "cohort", "leerweg"]
    list_filter = ["cohort", "leerweg", "profiel"]
    search_fields = ["studentnummer", "student__username", "student__last_name"]
    list_select_related = ["student", "profiel", "cohort__opleiding"]
    autocomplete_fields = ["student", "profiel", "bpv_coach"]
    inlines = [ToewijzingInline]


class StatusWijzigingInline(admin.TabularInline):
    model = StatusWijziging
    extra = 0
    can_delete = False
    readonly_fields = ["van", "naar", "door", "at", "toelichting"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Bewijsstuk)
class BewijsstukAdmin(admin.ModelAdmin):
    """Read-only: evidence changes only through the portfolio's own rules."""

    list_display = ["titel", "inschrijving", "werkproces", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["titel", "inschrijving__studentnummer"]
    list_select_related = ["inschrijving__profiel", "werkproces"]
    inlines = [StatusWijzigingInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(BewijsstukVersie)
class VersieAdmin(admin.ModelAdmin):
    list_display = ["bewijsstuk", "nummer", "submitted_at"]
    list_select_related = ["bewijsstuk"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Bestand)
class BestandAdmin(admin.ModelAdmin):
    list_display = ["naam", "versie", "soort", "grootte"]
    exclude = ["file"]
    list_select_related = ["versie__bewijsstuk"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
