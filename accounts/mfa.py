"""Who must use a second factor: staff who can change or read a whole opleiding's exam record."""

from django.conf import settings

from accounts.roles import is_coordinator, is_examencommissie

# Pages a user without MFA may still open: logging in and out, setting up MFA, the language switch.
OPEN_PATH_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/health/")


def requires_mfa(user) -> bool:
    """Coordinators, beheerders (who hold the coordinator permission) and the examencommissie."""
    if not settings.MFA_REQUIRED or not user.is_authenticated:
        return False
    return user.is_superuser or is_coordinator(user) or is_examencommissie(user)


def has_mfa(user) -> bool:
    """A TOTP app or a security key/passkey is set up (recovery codes alone are not a factor)."""
    if not hasattr(user, "_has_mfa"):
        from allauth.mfa.models import Authenticator

        user._has_mfa = Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exists()
    return user._has_mfa


def mfa_missing(user) -> bool:
    """The user must set up MFA before anything else."""
    return requires_mfa(user) and not has_mfa(user)
