from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models import fields
        from django.db.models.signals import post_migrate

        # The empty choice of every select (ModelChoiceField, choices with blank=True, the admin). Django 6.1's
        # "- Select an option -" has no Dutch translation yet and showed in English in the Dutch UI.
        fields.BLANK_CHOICE_LABEL = _("— Kies een optie —")

        # After the portfolio app's migrations: the groups need its permissions to exist.
        post_migrate.connect(_ensure_role_groups, sender=apps.get_app_config("portfolio"))


def _ensure_role_groups(**kwargs) -> None:
    # Every database gets the role groups once the permissions they need exist.
    from accounts.services import groups_ensure

    groups_ensure()
