from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """The portal's user; roles are groups (see accounts.roles)."""

    # When the last activation mail went out (accounts.activation); empty for accounts made with a password.
    activatie_verstuurd = models.DateTimeField(_("activatiemail verstuurd"), null=True, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @property
    def awaiting_activation(self) -> bool:
        """Made without a password and never logged in: the account waits for its owner to choose one."""
        return self.is_active and not self.has_usable_password() and self.last_login is None
