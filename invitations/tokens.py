"""The link's token and the login code: drawn at random, stored only as hashes."""

import hashlib
import secrets

from django.utils.crypto import salted_hmac

CODE_MINUTES = 10


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A link token (256 random bits) and its hash."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def new_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def code_hash(toegangscode_id: int, code: str) -> str:
    # Keyed with SECRET_KEY: a copy of the database alone does not give a million guesses to try offline.
    return salted_hmac("dossierportaal.invitations.code", f"{toegangscode_id}:{code}", algorithm="sha256").hexdigest()
