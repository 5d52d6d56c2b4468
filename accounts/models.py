from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """The portal's user; roles are groups (see accounts.roles)."""

    # When the last activation mail went out (accounts.activation); empty for accounts made with a password.
    activatie_verstuurd = models.DateTimeField(_("activatiemail verstuurd"), null=True, blank=True)
    # A praktijkbeoordelaar invited by e-mail (the invitations app): they log in only through an invitation's
    # link and code, for that one enrolment, and never get a password, an activation or a reset mail.
    alleen_uitnodiging = models.BooleanField(_("alleen via uitnodiging"), default=False)

    # Per-request caches that accounts.access fills (annotations only: no column, unset until filled).
    _perm_cache: set[str]
    _role_names: set[str]

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        # Django takes lazy text here; the stubs type AbstractUser.Meta's names as plain str.
        verbose_name = _("gebruiker")  # type: ignore[assignment]
        verbose_name_plural = _("gebruikers")  # type: ignore[assignment]
        constraints = [
            models.CheckConstraint(
                condition=Q(alleen_uitnodiging=False) | Q(password__startswith=UNUSABLE_PASSWORD_PREFIX),
                name="user_invited_without_password",
            ),
        ]

    @property
    def awaiting_activation(self) -> bool:
        """Made without a password and never logged in: the account waits for its owner to choose one."""
        if self.alleen_uitnodiging:
            return False  # an invited praktijkbeoordelaar never chooses a password
        return self.is_active and not self.has_usable_password() and self.last_login is None
