"""Every write of invitations: inviting, revoking, the login code, and the events that record each use."""

import contextvars
import datetime
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from accounts.models import User
from config.errors import ApplicationError
from invitations import events, selectors
from invitations.models import Event, Toegangscode, Uitnodiging
from invitations.tokens import CODE_MINUTES, code_hash
from portfolio.models import Beoordelaarstoewijzing, Inschrijving
from portfolio.scope import coordinates

CODE_ATTEMPTS = 5
CODE_RESEND_SECONDS = 60
CODE_SENDS_PER_HOUR = 5

# The invitation a request runs under (set by invitations.middleware), for the events of audited services.
CURRENT: contextvars.ContextVar[Uitnodiging | None] = contextvars.ContextVar("uitnodiging", default=None)


def event_record(*, uitnodiging: Uitnodiging, soort: str, door: User | None = None, detail: str = "") -> Event:
    return Event.objects.create(
        uitnodiging=uitnodiging, inschrijving_id=uitnodiging.inschrijving_id, soort=soort, door=door, detail=detail
    )


# -- the coordinator ------------------------------------------------------------------------------------


def _require_coordinator(by: User, inschrijving: Inschrijving) -> None:
    if not coordinates(by, inschrijving):
        raise PermissionDenied(_("Alleen de coördinator van deze opleiding nodigt praktijkbeoordelaars uit."))


def _invited_user(*, naam: str, email: str) -> User:
    """The invitation-only account of this address, made when missing. An address that belongs to a full
    account is refused: its owner logs in as always, and a mailed code must never open a full account."""
    matching = list(User.objects.filter(email__iexact=email).order_by("pk"))
    full = [u for u in matching if not u.alleen_uitnodiging]
    if full:
        raise ApplicationError(
            _(
                "Er is al een account met het e-mailadres %(email)s (%(naam)s). Een uitnodiging is alleen voor "
                "praktijkbeoordelaars zonder account."
            )
            % {"email": email, "naam": full[0].get_full_name() or full[0].username}
        )
    if matching:
        if not matching[0].is_active:
            raise ApplicationError(_("Het account van %(email)s is uitgeschakeld.") % {"email": email})
        return matching[0]
    first, _sep, last = naam.partition(" ")
    user = User(username=_free_username(), first_name=first[:150], last_name=last[:150], email=email)
    user.alleen_uitnodiging = True
    user.set_unusable_password()
    user.save()
    return user


def _free_username() -> str:
    while True:
        username = f"uitnodiging-{secrets.token_hex(5)}"
        if not User.objects.filter(username=username).exists():
            return username


def _take_praktijk_role(inschrijving: Inschrijving, user: User) -> list[User]:
    """Makes `user` the enrolment's praktijkbeoordelaar; returns whom they replace.

    The praktijkbeoordelaar assigned so far is replaced only without work in progress on this student (a draft,
    or a submitted beoordeling in a poging not yet vastgesteld): two praktijk scores in one poging would make
    the comparison ambiguous. Their earlier, finished beoordelingen keep their name and role.
    """
    toewijzingen = list(Beoordelaarstoewijzing.objects.filter(inschrijving=inschrijving).select_related("beoordelaar"))
    own = next((t for t in toewijzingen if t.beoordelaar_id == user.pk), None)
    if own is not None and own.rol != Beoordelaarstoewijzing.Rol.PRAKTIJK:
        raise ApplicationError(_("Deze persoon is al schoolbeoordelaar van deze student."))
    others = [t for t in toewijzingen if t.rol == Beoordelaarstoewijzing.Rol.PRAKTIJK and t.beoordelaar_id != user.pk]
    for toewijzing in others:
        if selectors.has_work_in_progress(inschrijving=inschrijving, beoordelaar=toewijzing.beoordelaar):
            raise ApplicationError(
                _(
                    "%(naam)s is praktijkbeoordelaar van deze student en heeft nog een beoordeling in behandeling. "
                    "Laat die eerst afronden; daarna kun je iemand anders uitnodigen."
                )
                % {"naam": toewijzing.beoordelaar.get_full_name() or toewijzing.beoordelaar.username}
            )
    # The portal has no other service that changes assignments; the row is tracked by pghistory like any other.
    Beoordelaarstoewijzing.objects.filter(pk__in=[t.pk for t in others]).delete()
    if own is None:
        Beoordelaarstoewijzing.objects.create(
            inschrijving=inschrijving, beoordelaar=user, rol=Beoordelaarstoewijzing.Rol.PRAKTIJK
        )
    return [t.beoordelaar for t in others]


@transaction.atomic
def uitnodiging_create(*, inschrijving: Inschrijving, naam: str, email: str, by: User) -> Uitnodiging:
    """Invites the praktijkbeoordelaar of one enrolment: an invitation-only account for the address (made or
    reused), assigned as praktijkbeoordelaar, and a link mailed after commit. A previous link of the enrolment
    stops working: one live invitation per enrolment."""
    _require_coordinator(by, inschrijving)
    naam = " ".join(naam.split())
    email = email.strip()
    if not naam:
        raise ApplicationError(_("Vul de naam van de praktijkbeoordelaar in."))
    try:
        validate_email(email)
    except ValidationError:
        raise ApplicationError(_("Vul een geldig e-mailadres in.")) from None
    inschrijving = Inschrijving.objects.select_for_update().get(pk=inschrijving.pk)
    beoordelaar = _invited_user(naam=naam, email=email)
    if inschrijving.bpv_coach_id == beoordelaar.pk:
        raise ApplicationError(_("De BPV-coach van deze student kan geen examenbeoordelaar zijn."))
    replaced = _take_praktijk_role(inschrijving, beoordelaar)
    now = timezone.now()
    previous = list(Uitnodiging.objects.select_for_update().filter(inschrijving=inschrijving, revoked_at__isnull=True))
    for old in previous:
        old.revoked_at, old.revoked_by = now, by
        old.save(update_fields=["revoked_at", "revoked_by"])
    try:
        with transaction.atomic():
            uitnodiging = Uitnodiging.objects.create(
                inschrijving=inschrijving,
                beoordelaar=beoordelaar,
                naam=naam,
                email=email,
                expires_at=now + datetime.timedelta(seconds=settings.INVITATION_TIMEOUT),
                created_by=by,
            )
    except IntegrityError:
        raise ApplicationError(
            _("Iemand anders nodigt net iemand uit voor deze student; laad de pagina opnieuw.")
        ) from None
    for old in previous:
        old.replaced_by = uitnodiging
        old.save(update_fields=["replaced_by"])
        event_record(uitnodiging=old, soort=Event.Soort.VERVANGEN, door=by, detail=str(old))
    for user in replaced:
        event_record(
            uitnodiging=uitnodiging,
            soort=Event.Soort.BEOORDELAAR_VERVANGEN,
            door=by,
            detail=user.get_full_name() or user.username,
        )
    event_record(uitnodiging=uitnodiging, soort=Event.Soort.UITGENODIGD, door=by, detail=str(uitnodiging))
    events.uitnodiging_sent.send(sender=Uitnodiging, uitnodiging_id=uitnodiging.pk)
    return uitnodiging


@transaction.atomic
def uitnodiging_revoke(*, uitnodiging: Uitnodiging, by: User) -> Uitnodiging:
    """The link stops working and a session started with it ends at its next request (the middleware checks)."""
    _require_coordinator(by, uitnodiging.inschrijving)
    locked = Uitnodiging.objects.select_for_update().get(pk=uitnodiging.pk)
    if locked.revoked_at is not None:
        raise ApplicationError(_("Deze uitnodiging is al ingetrokken."))
    locked.revoked_at, locked.revoked_by = timezone.now(), by
    locked.save(update_fields=["revoked_at", "revoked_by"])
    event_record(uitnodiging=locked, soort=Event.Soort.INGETROKKEN, door=by)
    return locked


# -- the invited assessor -------------------------------------------------------------------------------


def uitnodiging_link_opened(*, uitnodiging: Uitnodiging) -> None:
    event_record(uitnodiging=uitnodiging, soort=Event.Soort.LINK_GEOPEND)


def uitnodiging_refused(*, uitnodiging: Uitnodiging, where: str, door: User | None = None) -> None:
    """A link or a session of an invitation that is no longer valid was used: recorded, never let in."""
    event_record(uitnodiging=uitnodiging, soort=Event.Soort.GEWEIGERD, door=door, detail=where)


@transaction.atomic
def code_request(*, uitnodiging: Uitnodiging) -> Toegangscode:
    """Asks a worker to mail a fresh code to the invitation's address; at most one a minute, five an hour.
    The worker draws the code, so it never travels through the broker; the newest code is the only one that
    counts."""
    uitnodiging = Uitnodiging.objects.select_for_update().get(pk=uitnodiging.pk)
    if not uitnodiging.is_valid:
        raise ApplicationError(_("Deze uitnodiging is ingetrokken of verlopen."))
    now = timezone.now()
    recent = list(uitnodiging.codes.filter(created_at__gte=now - datetime.timedelta(hours=1)))
    if len(recent) >= CODE_SENDS_PER_HOUR:
        raise ApplicationError(
            _("Je hebt het afgelopen uur al %(n)d codes gevraagd. Probeer het later opnieuw.") % {"n": len(recent)}
        )
    if recent and recent[0].created_at > now - datetime.timedelta(seconds=CODE_RESEND_SECONDS):
        raise ApplicationError(_("Er is net een code verstuurd. Wacht een minuut voor je een nieuwe vraagt."))
    toegangscode = Toegangscode.objects.create(
        uitnodiging=uitnodiging, created_at=now, expires_at=now + datetime.timedelta(minutes=CODE_MINUTES)
    )
    event_record(uitnodiging=uitnodiging, soort=Event.Soort.CODE_VERSTUURD, detail=uitnodiging.email)
    events.toegangscode_issued.send(sender=Toegangscode, toegangscode_id=toegangscode.pk)
    return toegangscode


def code_verify(*, uitnodiging: Uitnodiging, code: str) -> User:
    """The invited assessor, when `code` is the newest code of this invitation, unused, in time and within
    five tries; otherwise an ApplicationError saying what to do.

    Not one transaction: a wrong guess must count (and be recorded) although the call fails. Each step is
    one conditional UPDATE, so parallel guesses can not exceed the limit.
    """
    code = "".join(code.split())
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        raise ApplicationError(_("Typ de zes cijfers van de code uit de mail."))
    uitnodiging = Uitnodiging.objects.select_related("beoordelaar").get(pk=uitnodiging.pk)
    if not uitnodiging.is_valid:
        raise ApplicationError(_("Deze uitnodiging is ingetrokken of verlopen."))
    latest = uitnodiging.codes.order_by("-created_at", "-pk").first()
    if latest is None or not latest.code_hash:
        raise ApplicationError(_("Vraag eerst een code aan."))
    now = timezone.now()
    if latest.used_at is not None or latest.expires_at <= now:
        raise ApplicationError(_("Deze code is verlopen. Vraag een nieuwe code aan."))
    claimed = Toegangscode.objects.filter(pk=latest.pk, attempts__lt=CODE_ATTEMPTS, used_at__isnull=True).update(
        attempts=F("attempts") + 1
    )
    if not claimed:
        raise ApplicationError(_("Te veel verkeerde pogingen met deze code. Vraag een nieuwe code aan."))
    correct = constant_time_compare(code_hash(latest.pk, code), latest.code_hash)
    if correct and Toegangscode.objects.filter(pk=latest.pk, used_at__isnull=True).update(used_at=now):
        Uitnodiging.objects.filter(pk=uitnodiging.pk).update(last_used_at=now)
        event_record(uitnodiging=uitnodiging, soort=Event.Soort.INGELOGD, door=uitnodiging.beoordelaar)
        return uitnodiging.beoordelaar
    attempts = Toegangscode.objects.values_list("attempts", flat=True).get(pk=latest.pk)
    event_record(uitnodiging=uitnodiging, soort=Event.Soort.CODE_FOUT, detail=f"{attempts}/{CODE_ATTEMPTS}")
    if attempts >= CODE_ATTEMPTS:
        event_record(uitnodiging=uitnodiging, soort=Event.Soort.CODE_GEBLOKKEERD)
        raise ApplicationError(_("Deze code klopt niet, en dat was de laatste poging. Vraag een nieuwe code aan."))
    left = CODE_ATTEMPTS - attempts
    raise ApplicationError(
        _("Deze code klopt niet. Je kunt het nog %(n)d keer proberen.") % {"n": left}
        if left > 1
        else _("Deze code klopt niet. Je kunt het nog één keer proberen.")
    )


def uitnodiging_logged_out(*, uitnodiging: Uitnodiging, door: User) -> None:
    event_record(uitnodiging=uitnodiging, soort=Event.Soort.UITGELOGD, door=door)


# -- what the assessor does under the invitation ---------------------------------------------------------

AUDITED_SOORT = {
    "beoordeling_start": Event.Soort.BEOORDELING_GEOPEND,
    "beoordeling_save": Event.Soort.BEOORDELING_OPGESLAGEN,
    "beoordeling_submit": Event.Soort.BEOORDELING_INGEDIEND,
    "poging_propose": Event.Soort.VOORSTEL,
    "poging_accept": Event.Soort.AKKOORD,
    "poging_voorleggen": Event.Soort.VOORGELEGD,
}


def event_record_audited(action: str, kwargs: dict, result: object) -> None:
    """config.audit calls this after every audited service; under an invitation the step becomes an event."""
    uitnodiging = CURRENT.get()
    if uitnodiging is None:
        return
    subject = kwargs.get("beoordeling") or kwargs.get("poging") or result
    event_record(
        uitnodiging=uitnodiging,
        soort=AUDITED_SOORT.get(action, Event.Soort.ACTIE),
        door=kwargs.get("by"),
        detail=selectors.event_subject(subject) if action in AUDITED_SOORT else action,
    )
