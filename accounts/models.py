from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The portal's user; roles are groups (see accounts.roles)."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"
