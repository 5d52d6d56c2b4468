from django.contrib import admin

from portfolio.models import Inschrijving


@admin.register(Inschrijving)
class InschrijvingAdmin(admin.ModelAdmin):
    list_display = ["studentnummer", "student", "profiel", "cohort", "leerweg"]
    list_filter = ["cohort", "leerweg", "profiel"]
    search_fields = ["studentnummer", "student__username", "student__last_name"]
    list_select_related = ["student", "profiel"]
    autocomplete_fields = ["student", "profiel"]
