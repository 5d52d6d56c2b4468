from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ooapi import services
from ooapi.models import Systeemkoppeling


@admin.register(Systeemkoppeling)
class SysteemkoppelingAdmin(admin.ModelAdmin):
    list_display = ["naam", "token_prefix", "instellingsbreed", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["instellingsbreed", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["naam"]
    fields = ["naam", "token_prefix", "instellingsbreed", "opleidingen", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["token_prefix", "created_at", "last_used_at", "revoked_at"]
    filter_horizontal = ["opleidingen"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        # A token is shown once, on the command line (manage.py create_ooapi_client): never in a page or a
        # message that a cookie or the session would keep.
        return False

    @admin.action(description=_("Sleutel intrekken"))
    def revoke(self, request, queryset) -> None:
        for koppeling in queryset:
            services.systeemkoppeling_revoke(koppeling=koppeling)
        n = queryset.count()
        self.message_user(
            request,
            ngettext("%(n)d koppeling ingetrokken.", "%(n)d koppelingen ingetrokken.", n) % {"n": n},
            messages.SUCCESS,
        )
