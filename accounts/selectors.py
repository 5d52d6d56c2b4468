"""Reads for accounts."""

from django.conf import settings

from accounts.models import User


def studentnummer_from_claim(value) -> str:
    """A plain number, or SURFconext's "urn:schac:personalUniqueCode:nl:local:school.nl:studentid:12345"."""
    return str(value).rsplit(":", 1)[-1].strip() if value else ""


def sso_user_match(claims: dict) -> User | None:
    """The one portal account an identity provider's claims belong to, or None.

    By studentnummer (the school's own number, unique per enrolment) first, then by e-mail address when exactly
    one active account has it: two accounts with one address is a question for the beheerder, not a guess.
    An invited praktijkbeoordelaar (alleen_uitnodiging) logs in only through the invitation, never by SSO.
    """
    users = User.objects.filter(alleen_uitnodiging=False)
    studentnummer = studentnummer_from_claim(claims.get(settings.OIDC_STUDENTNUMMER_CLAIM))
    if studentnummer:
        by_number = list(users.filter(inschrijvingen__studentnummer=studentnummer).distinct()[:2])
        if len(by_number) == 1:
            return by_number[0] if by_number[0].is_active else None
    email = str(claims.get("email") or "").strip()
    if not email:
        return None
    by_email = list(users.filter(email__iexact=email, is_active=True)[:2])
    return by_email[0] if len(by_email) == 1 else None
