from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("Beoordeling")

    def ready(self) -> None:
        # Connect the receivers that send the mails the services announce.
        from assessment import tasks  # noqa: F401
