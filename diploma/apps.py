from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiplomaConfig(AppConfig):
    name = "diploma"
    verbose_name = _("Diploma en rapporten")
