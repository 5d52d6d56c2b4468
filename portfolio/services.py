"""Every write to enrolments and evidence. Rules about who may do what live here, next to the write."""

import datetime
import hashlib
from collections.abc import Iterable, Sequence
from functools import partial
from typing import cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_coordinator
from accounts.services import activation_send, student_ensure
from config.errors import ApplicationError
from dossier.models import Criterium, Profiel, Werkproces
from dossier.selectors import applies_to, dossier_latest
from portfolio import events
from portfolio.models import (
    Beoordelaarstoewijzing,
    Bestand,
    Bewijsstuk,
    BewijsstukVersie,
    Cohort,
    Inschrijving,
    Opleiding,
    StatusWijziging,
)
from portfolio.scope import coordinates, coordinates_cohort, sees_every_opleiding
from portfolio.selectors import bewijsstuk_is_editable
from portfolio.uploads import DetectedFile, UploadRejected, inspect_upload, sanitise_filename

Status = Bewijsstuk.Status


# -- cohorts and enrolments ----------------------------------------------------------------------------


@transaction.atomic
def opleiding_create(*, form, by: User) -> Opleiding:
    """A new opleiding; the coordinator who makes it coordinates it (a beheerder links coordinators later)."""
    opleiding = form.save()
    if not sees_every_opleiding(by):
        opleiding.coordinatoren.add(by)
    return opleiding


def cohort_ensure(*, opleiding: Opleiding, startjaar: int) -> tuple[Cohort, bool]:
    """The opleiding's cohort of a year; a new cohort is pinned to the latest version of the dossier."""
    cohort = Cohort.objects.filter(opleiding=opleiding, startjaar=startjaar).first()
    if cohort is not None:
        return cohort, False
    dossier = dossier_latest(crebo=opleiding.dossier.crebo) or opleiding.dossier
    try:
        with transaction.atomic():
            return Cohort.objects.create(opleiding=opleiding, startjaar=startjaar, dossier=dossier), True
    except IntegrityError:
        return Cohort.objects.get(opleiding=opleiding, startjaar=startjaar), False


@transaction.atomic
def student_enrol(
    *,
    by: User,
    cohort: Cohort,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    **enrolment,
) -> Inschrijving:
    """The coordinator's form: the student's account (found by username, or made), the enrolment and its assessors
    (inschrijving_create's keywords), and the activation mail after commit — all or nothing."""
    student = student_ensure(username=username, first_name=first_name, last_name=last_name, email=email)
    inschrijving = inschrijving_create(by=by, student=student, cohort=cohort, **enrolment)
    activation_send(users=[student])
    return inschrijving


@transaction.atomic
def inschrijving_create(
    *,
    by: User,
    student: User,
    profiel: Profiel,
    cohort: Cohort,
    studentnummer: str,
    startdatum: datetime.date,
    leerweg: str = Inschrijving.Leerweg.BOL,
    leerbedrijf: str = "",
    bpv_coach: User | None = None,
    beoordelaars: Sequence[tuple[User, str]] = (),
) -> Inschrijving:
    if not (is_coordinator(by) and coordinates_cohort(by, cohort)):
        raise PermissionDenied(_("Alleen een coördinator van deze opleiding kan inschrijvingen aanmaken."))
    if profiel.dossier_id != cohort.dossier_id:
        raise ApplicationError(
            _("Profiel %(profiel)s hoort niet bij de dossierversie van cohort %(cohort)s.")
            % {"profiel": profiel.code, "cohort": cohort}
        )
    if Inschrijving.objects.filter(studentnummer=studentnummer).exists():
        raise ApplicationError(_("Studentnummer %(nummer)s bestaat al.") % {"nummer": studentnummer})
    for beoordelaar, _rol in beoordelaars:
        if bpv_coach is not None and beoordelaar.pk == bpv_coach.pk:
            raise ApplicationError(
                _("%(naam)s is de BPV-coach van deze student en kan niet ook beoordelaar zijn.")
                % {"naam": beoordelaar.get_full_name() or beoordelaar.username}
            )
    try:
        with transaction.atomic():
            inschrijving = Inschrijving.objects.create(
                student=student,
                profiel=profiel,
                cohort=cohort,
                studentnummer=studentnummer,
                startdatum=startdatum,
                leerweg=leerweg,
                leerbedrijf=leerbedrijf,
                bpv_coach=bpv_coach,
            )
    except IntegrityError:
        raise ApplicationError(_("Studentnummer %(nummer)s bestaat al.") % {"nummer": studentnummer}) from None
    Beoordelaarstoewijzing.objects.bulk_create(
        Beoordelaarstoewijzing(inschrijving=inschrijving, beoordelaar=beoordelaar, rol=rol)
        for beoordelaar, rol in beoordelaars
    )
    return inschrijving


# -- evidence ------------------------------------------------------------------------------------------


def _log(bewijsstuk: Bewijsstuk, van: str, naar: str, by: User, toelichting: str = "") -> None:
    StatusWijziging.objects.create(bewijsstuk=bewijsstuk, van=van, naar=naar, door=by, toelichting=toelichting)


def _require_student(inschrijving: Inschrijving, by: User) -> None:
    if inschrijving.student_id != by.pk:
        raise PermissionDenied(_("Alleen de student zelf kan aan dit portfolio werken."))


def _require_beoordelaar(bewijsstuk: Bewijsstuk, by: User) -> None:
    assigned = bewijsstuk.inschrijving.toewijzingen.filter(beoordelaar=by).exists()
    if not (assigned or coordinates(by, bewijsstuk.inschrijving)):
        raise PermissionDenied(_("Alleen een beoordelaar van deze student kan dit doen."))


def _check_criteria(werkproces: Werkproces, profiel: Profiel, criteria: Iterable[Criterium | int]) -> list[Criterium]:
    ids = {c.pk if isinstance(c, Criterium) else int(c) for c in criteria}
    allowed = list(Criterium.objects.filter(applies_to(profiel), werkproces=werkproces, pk__in=ids))
    if len(allowed) != len(ids):
        raise ApplicationError(
            _("Een of meer gekozen criteria horen niet bij werkproces %(code)s voor profiel %(profiel)s.")
            % {"code": werkproces.code, "profiel": profiel.code}
        )
    return allowed


def _check_werkproces(werkproces: Werkproces, profiel: Profiel) -> None:
    kerntaak = werkproces.kerntaak
    if kerntaak.dossier_id != profiel.dossier_id or kerntaak.profiel_id not in (None, profiel.pk):
        raise ApplicationError(
            _("Werkproces %(code)s hoort niet bij profiel %(profiel)s.")
            % {"code": werkproces.code, "profiel": profiel.code}
        )


def _inspect_all(files: Sequence) -> list[tuple[File, DetectedFile, str]]:
    """Checks every file before anything is stored, so a refusal stores nothing."""
    max_size = settings.UPLOAD_MAX_BYTES
    checked = []
    for upload in files:
        name = sanitise_filename(getattr(upload, "name", "") or "")
        try:
            detected = inspect_upload(upload, filename=name, max_size=max_size)
        except UploadRejected as exc:
            raise ApplicationError(_("%(naam)s: %(reden)s") % {"naam": name, "reden": exc.message}) from None
        checked.append((upload, detected, name))
    return checked


def _store(versie: BewijsstukVersie, checked: list[tuple[File, DetectedFile, str]], stored: list[str]) -> None:
    for upload, detected, name in checked:
        upload.seek(0)
        digest = hashlib.file_digest(upload, "sha256")
        upload.seek(0)
        bestand = Bestand(
            versie=versie,
            naam=name,
            grootte=upload.size,
            mime=detected.mime,
            soort=detected.kind,
            inline=detected.inline,
            sha256=digest.hexdigest(),
        )
        # FileField.save streams the upload through the storage in chunks.
        bestand.file.save(f"{name}", upload, save=False)
        stored.append(cast(str, bestand.file.name))  # saved just above
        bestand.save()


def _forget_stored_on_failure(stored: list[str]) -> None:
    for name in stored:
        default_storage.delete(name)


def bewijsstuk_create(
    *,
    inschrijving: Inschrijving,
    werkproces: Werkproces,
    titel: str,
    by: User,
    reflectie: str = "",
    criteria: Iterable[Criterium | int] = (),
    files: Sequence = (),
) -> Bewijsstuk:
    _require_student(inschrijving, by)
    _check_werkproces(werkproces, inschrijving.profiel)
    titel = titel.strip()
    if not titel:
        raise ApplicationError(_("Geef het bewijsstuk een titel."))
    chosen = _check_criteria(werkproces, inschrijving.profiel, criteria)
    checked = _inspect_all(files)
    stored: list[str] = []
    try:
        with transaction.atomic():
            bewijsstuk = Bewijsstuk.objects.create(inschrijving=inschrijving, werkproces=werkproces, titel=titel)
            versie = BewijsstukVersie.objects.create(bewijsstuk=bewijsstuk, nummer=1, titel=titel, reflectie=reflectie)
            versie.criteria.set(chosen)
            _store(versie, checked, stored)
            _log(bewijsstuk, "", Status.CONCEPT, by)
    except BaseException:
        _forget_stored_on_failure(stored)
        raise
    return bewijsstuk


def _locked(bewijsstuk: Bewijsstuk) -> Bewijsstuk:
    return (
        Bewijsstuk.objects.select_for_update()
        .select_related("inschrijving__profiel", "werkproces__kerntaak")
        .get(pk=bewijsstuk.pk)
    )


def _draft(bewijsstuk: Bewijsstuk) -> BewijsstukVersie:
    """The editable version; after a submission a new one starts as a copy of the last."""
    draft = bewijsstuk.versies.filter(submitted_at__isnull=True).first()
    if draft is not None:
        return draft
    last = cast(BewijsstukVersie, bewijsstuk.versies.order_by("-nummer").first())  # every bewijsstuk has one
    draft = BewijsstukVersie.objects.create(
        bewijsstuk=bewijsstuk, nummer=last.nummer + 1, titel=last.titel or bewijsstuk.titel, reflectie=last.reflectie
    )
    draft.criteria.set(last.criteria.all())
    # The new draft points at the same stored files: they are never changed, only added or dropped.
    Bestand.objects.bulk_create(
        Bestand(
            versie=draft,
            file=b.file.name,
            naam=b.naam,
            grootte=b.grootte,
            mime=b.mime,
            soort=b.soort,
            inline=b.inline,
            sha256=b.sha256,
        )
        for b in last.bestanden.all()
    )
    return draft


def bewijsstuk_update(
    *,
    bewijsstuk: Bewijsstuk,
    by: User,
    titel: str | None = None,
    reflectie: str | None = None,
    criteria: Iterable[Criterium | int] | None = None,
    add_files: Sequence = (),
    remove_files: Iterable[int] = (),
) -> Bewijsstuk:
    _require_student(bewijsstuk.inschrijving, by)
    checked = _inspect_all(add_files)
    stored: list[str] = []
    try:
        with transaction.atomic():
            bewijsstuk = _locked(bewijsstuk)
            if not bewijsstuk_is_editable(bewijsstuk):
                raise ApplicationError(_("Een ingediend of vastgesteld bewijsstuk kan niet meer worden gewijzigd."))
            draft = _draft(bewijsstuk)
            if titel is not None:
                if not titel.strip():
                    raise ApplicationError(_("Geef het bewijsstuk een titel."))
                draft.titel = titel.strip()
                draft.save(update_fields=["titel"])
                # The bewijsstuk carries the title assessors see: the draft's only while nothing was submitted.
                if not bewijsstuk.versies.filter(submitted_at__isnull=False).exists():
                    bewijsstuk.titel = draft.titel
                bewijsstuk.save(update_fields=["titel", "updated_at"])
            else:
                bewijsstuk.save(update_fields=["updated_at"])
            if reflectie is not None:
                draft.reflectie = reflectie
                draft.save(update_fields=["reflectie"])
            if criteria is not None:
                draft.criteria.set(_check_criteria(bewijsstuk.werkproces, bewijsstuk.inschrijving.profiel, criteria))
            remove = set(remove_files)
            if remove:
                _remove_draft_files(draft, remove)
            _store(draft, checked, stored)
    except BaseException:
        _forget_stored_on_failure(stored)
        raise
    return bewijsstuk


def _remove_draft_files(draft: BewijsstukVersie, remove: set[int]) -> None:
    doomed = list(draft.bestanden.filter(pk__in=remove))
    if len(doomed) != len(remove):
        raise ApplicationError(_("Een van de te verwijderen bestanden hoort niet bij deze versie."))
    names = [cast(str, b.file.name) for b in doomed]  # stored files have names
    Bestand.objects.filter(pk__in=[b.pk for b in doomed]).delete()
    still_used = set(Bestand.objects.filter(file__in=names).values_list("file", flat=True))
    # A file an earlier (frozen) version still holds stays on disk.
    for name in set(names) - still_used:
        transaction.on_commit(partial(default_storage.delete, name))


@transaction.atomic
def bewijsstuk_submit(*, bewijsstuk: Bewijsstuk, by: User) -> Bewijsstuk:
    _require_student(bewijsstuk.inschrijving, by)
    bewijsstuk = _locked(bewijsstuk)
    if not bewijsstuk_is_editable(bewijsstuk):
        raise ApplicationError(_("Dit bewijsstuk is al ingediend."))
    draft = bewijsstuk.versies.filter(submitted_at__isnull=True).first()
    if draft is None:
        draft = _draft(bewijsstuk)
    if not draft.bestanden.exists():
        raise ApplicationError(_("Voeg minstens één bestand toe voordat je indient."))
    if not draft.criteria.exists():
        raise ApplicationError(_("Kies minstens één criterium dat dit bewijsstuk aantoont."))
    now = timezone.now()
    draft.submitted_at = now
    draft.save(update_fields=["submitted_at"])
    previous = bewijsstuk.status
    bewijsstuk.status = Status.INGEDIEND
    bewijsstuk.submitted_at = now
    bewijsstuk.titel = draft.titel or bewijsstuk.titel
    bewijsstuk.save(update_fields=["status", "submitted_at", "titel", "updated_at"])
    _log(bewijsstuk, previous, Status.INGEDIEND, by)
    events.bewijsstuk_submitted.send(sender=Bewijsstuk, bewijsstuk_id=bewijsstuk.pk)
    return bewijsstuk


@transaction.atomic
def bewijsstuk_withdraw(*, bewijsstuk: Bewijsstuk, by: User) -> Bewijsstuk:
    """The student takes a submission back before it is assessed; the submitted version stays on record."""
    _require_student(bewijsstuk.inschrijving, by)
    bewijsstuk = _locked(bewijsstuk)
    if bewijsstuk.status != Status.INGEDIEND:
        raise ApplicationError(_("Alleen een ingediend bewijsstuk kan worden teruggetrokken."))
    bewijsstuk.status = Status.CONCEPT
    bewijsstuk.save(update_fields=["status", "updated_at"])
    _log(bewijsstuk, Status.INGEDIEND, Status.CONCEPT, by)
    return bewijsstuk


@transaction.atomic
def bewijsstuk_return(*, bewijsstuk: Bewijsstuk, by: User, feedback: str) -> Bewijsstuk:
    """A beoordelaar sends the evidence back to the student with feedback on the submitted version."""
    _require_beoordelaar(bewijsstuk, by)
    if not feedback.strip():
        raise ApplicationError(_("Schrijf feedback voor de student."))
    bewijsstuk = _locked(bewijsstuk)
    if bewijsstuk.status != Status.INGEDIEND:
        raise ApplicationError(_("Alleen een ingediend bewijsstuk kan worden teruggegeven."))
    versie = cast(BewijsstukVersie, bewijsstuk.versies.filter(submitted_at__isnull=False).order_by("-nummer").first())
    versie.feedback = feedback.strip()
    versie.feedback_by = by
    versie.feedback_at = timezone.now()
    versie.save(update_fields=["feedback", "feedback_by", "feedback_at"])
    bewijsstuk.status = Status.TERUGGEGEVEN
    bewijsstuk.save(update_fields=["status", "updated_at"])
    _log(bewijsstuk, Status.INGEDIEND, Status.TERUGGEGEVEN, by, feedback.strip())
    events.bewijsstuk_returned.send(sender=Bewijsstuk, bewijsstuk_id=bewijsstuk.pk)
    return bewijsstuk


@transaction.atomic
def bewijsstuk_mark_beoordeeld(*, bewijsstuk: Bewijsstuk, by: User) -> Bewijsstuk:
    _require_beoordelaar(bewijsstuk, by)
    bewijsstuk = _locked(bewijsstuk)
    if bewijsstuk.status != Status.INGEDIEND:
        raise ApplicationError(_("Alleen een ingediend bewijsstuk kan worden beoordeeld."))
    bewijsstuk.status = Status.BEOORDEELD
    bewijsstuk.save(update_fields=["status", "updated_at"])
    _log(bewijsstuk, Status.INGEDIEND, Status.BEOORDEELD, by)
    return bewijsstuk


def bewijsstukken_beoordeeld(*, inschrijving: Inschrijving, werkproces: Werkproces, by: User, toelichting: str) -> int:
    """The submitted evidence of a werkproces that a beoordeling has dealt with: it leaves every queue and
    shows as beoordeeld. Called by assessment inside its own transaction; returns how many changed."""
    rows = list(
        Bewijsstuk.objects.select_for_update()
        .filter(inschrijving=inschrijving, werkproces=werkproces, status=Status.INGEDIEND)
        .order_by("pk")
    )
    now = timezone.now()
    for bewijsstuk in rows:
        bewijsstuk.status = Status.BEOORDEELD
        bewijsstuk.updated_at = now
    Bewijsstuk.objects.bulk_update(rows, ["status", "updated_at"])
    StatusWijziging.objects.bulk_create(
        StatusWijziging(bewijsstuk=b, van=Status.INGEDIEND, naar=Status.BEOORDEELD, door=by, toelichting=toelichting)
        for b in rows
    )
    return len(rows)


@transaction.atomic
def bewijsstuk_delete(*, bewijsstuk: Bewijsstuk, by: User) -> None:
    _require_student(bewijsstuk.inschrijving, by)
    bewijsstuk = _locked(bewijsstuk)
    if bewijsstuk.status != Status.CONCEPT:
        raise ApplicationError(_("Alleen een concept kan worden verwijderd."))
    if bewijsstuk.versies.filter(submitted_at__isnull=False).exists():
        raise ApplicationError(_("Dit bewijsstuk is al eens ingediend; het blijft bewaard en kan niet weg."))
    names = list(Bestand.objects.filter(versie__bewijsstuk=bewijsstuk).values_list("file", flat=True))
    bewijsstuk.delete()
    for name in set(names):
        transaction.on_commit(partial(default_storage.delete, name))


# -- demo ----------------------------------------------------------------------------------------------


@transaction.atomic
def demo_enrolment_ensure(
    *, student: User, profiel: Profiel, studentnummer: str, cohort: Cohort, **extra
) -> Inschrijving:
    """The demo student's enrolment, created once; never moves a number to another student."""
    inschrijving = Inschrijving.objects.filter(studentnummer=studentnummer).first()
    if inschrijving is not None:
        if inschrijving.student_id != student.pk:
            raise ApplicationError(
                _("Studentnummer %(nummer)s hoort al bij een andere student.") % {"nummer": studentnummer}
            )
        return inschrijving
    return Inschrijving.objects.create(
        student=student, profiel=profiel, studentnummer=studentnummer, cohort=cohort, **extra
    )
