"""Every write to system clients: made with a token shown once, revoked, and marked when used."""

import datetime
import hashlib
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import ApplicationError
from ooapi.models import Systeemkoppeling
from portfolio.models import Opleiding

TOKEN_PREFIX = "ooapi_"  # noqa: S105  (a label in front of the random part, not a secret)
# Marking every request would write a row per request; once per few minutes says enough about use.
TOUCH_EVERY = datetime.timedelta(minutes=5)


def token_hash(token: str) -> str:
    """A random 256-bit token needs no slow hash: nobody can guess it, and the digest is the lookup key."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def systeemkoppeling_create(
    *, naam: str, opleidingen: Iterable[Opleiding] = (), instellingsbreed: bool = False
) -> tuple[Systeemkoppeling, str]:
    """A new system client and its token. Only the token's hash is stored: the caller shows the token once."""
    opleidingen = list(opleidingen)
    naam = naam.strip()
    if not naam:
        raise ApplicationError(_("Geef de koppeling een naam."))
    if instellingsbreed == bool(opleidingen):
        raise ApplicationError(_("Kies opleidingen of alle opleidingen, niet allebei en niet geen van beide."))
    if Systeemkoppeling.objects.filter(naam=naam).exists():
        raise ApplicationError(_("Er is al een koppeling met de naam %(naam)s.") % {"naam": naam})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    koppeling = Systeemkoppeling.objects.create(
        naam=naam, token_hash=token_hash(token), token_prefix=token[:12], instellingsbreed=instellingsbreed
    )
    koppeling.opleidingen.set(opleidingen)
    return koppeling, token


def systeemkoppeling_revoke(*, koppeling: Systeemkoppeling) -> Systeemkoppeling:
    if koppeling.revoked_at is None:
        koppeling.revoked_at = timezone.now()
        koppeling.save(update_fields=["revoked_at"])
    return koppeling


def systeemkoppeling_touch(*, koppeling: Systeemkoppeling) -> None:
    now = timezone.now()
    if koppeling.last_used_at is None or now - koppeling.last_used_at >= TOUCH_EVERY:
        Systeemkoppeling.objects.filter(pk=koppeling.pk).update(last_used_at=now)
        koppeling.last_used_at = now
