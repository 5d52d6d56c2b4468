from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiplomaConfig(AppConfig):
    name = "diploma"
    verbose_name = _("Diploma en rapporten")

    def ready(self) -> None:
        # Connect the receivers: diploma.receivers to what assessment announces, diploma.tasks to diploma's own.
        from diploma import receivers, tasks  # noqa: F401
