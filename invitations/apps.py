from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvitationsConfig(AppConfig):
    name = "invitations"
    verbose_name = _("Uitnodigingen")

    def ready(self) -> None:
        from config.audit import AFTER_AUDITED
        from invitations.services import event_record_audited

        # What an invited assessor does through the assessment services becomes a row in the invitation's
        # history, on every database (pghistory's triggers only exist on PostgreSQL).
        if event_record_audited not in AFTER_AUDITED:
            AFTER_AUDITED.append(event_record_audited)
        # The receivers that send the mails the services announce.
        from invitations import tasks  # noqa: F401
