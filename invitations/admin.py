from django.contrib import admin

from invitations.models import Event, Uitnodiging

EVENT_FIELDS = ("at", "soort", "door", "detail")


class EventInline(admin.TabularInline):
    model = Event
    fields = EVENT_FIELDS
    readonly_fields = EVENT_FIELDS
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Uitnodiging)
class UitnodigingAdmin(admin.ModelAdmin):
    """Read only: invitations are made and revoked by the coordinator, whose checks the admin would skip."""

    list_display = ["naam", "email", "inschrijving", "expires_at", "revoked_at", "last_used_at"]
    search_fields = ["naam", "email", "inschrijving__studentnummer"]
    readonly_fields = [f.name for f in Uitnodiging._meta.fields]
    inlines = [EventInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
