from django.contrib import admin

from assessment.models import Beoordeling, Beoordelingsvoorschrift, Examenpoging, Vaststelling


@admin.register(Beoordelingsvoorschrift)
class VoorschriftAdmin(admin.ModelAdmin):
    list_display = ["cohort", "schaal", "slaagregel", "cesuur_procent", "twee_beoordelaars"]
    list_select_related = ["cohort__opleiding"]
    filter_horizontal = ["kritische_criteria"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Grading changes only through its services, so the rules and the audit trail always apply."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Beoordeling)
class BeoordelingAdmin(ReadOnlyAdmin):
    list_display = ["werkproces", "inschrijving", "beoordelaar", "soort", "status", "uitslag"]
    list_filter = ["soort", "status", "rol"]
    list_select_related = ["werkproces", "inschrijving", "beoordelaar"]


@admin.register(Examenpoging)
class PogingAdmin(ReadOnlyAdmin):
    list_display = ["inschrijving", "werkproces", "nummer", "status", "uitslag"]
    list_filter = ["status"]
    list_select_related = ["inschrijving", "werkproces"]


@admin.register(Vaststelling)
class VaststellingAdmin(ReadOnlyAdmin):
    list_display = ["poging", "revisie", "uitslag", "door", "at"]
    list_select_related = ["poging__inschrijving", "poging__werkproces", "door"]
