from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.apps import apps
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.models import fields
        from django.db.models.signals import post_migrate

        # The empty choice of every select (ModelChoiceField, choices with blank=True, the admin). Django 6.1's
        # "- Select an option -" has no Dutch translation yet and showed in English in the Dutch UI.
        fields.BLANK_CHOICE_LABEL = _("— Kies een optie —")

        # After the portfolio app's migrations: the groups need its permissions to exist.
        post_migrate.connect(_ensure_role_groups, sender=apps.get_app_config("portfolio"))
        # Every failed login counts towards the limit per client address (accounts/throttle.py).
        user_login_failed.connect(_count_login_failure, dispatch_uid="accounts-login-failure-per-ip")
        # A new session starts its idle timeout now (config.middleware.SlidingSessionMiddleware).
        user_logged_in.connect(_session_start, dispatch_uid="accounts-session-start")
        # The receivers that send the activation mails the services announce.
        from accounts import tasks  # noqa: F401


def _ensure_role_groups(**kwargs) -> None:
    # Every database gets the role groups once the permissions they need exist.
    from accounts.services import groups_ensure

    groups_ensure()


def _count_login_failure(sender, credentials=None, request=None, **kwargs) -> None:
    from accounts.throttle import login_failure_record

    if request is not None:
        login_failure_record(request)


def _session_start(sender, request=None, **kwargs) -> None:
    from config.middleware import session_mark_refreshed

    if request is not None and hasattr(request, "session"):
        session_mark_refreshed(request.session)
