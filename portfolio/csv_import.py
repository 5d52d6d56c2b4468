"""Bulk enrolment of one cohort from a CSV file that a coordinator exports from the student administration.

All or nothing: every row is checked first and every problem is reported with its line number, so the
coordinator fixes the file once and uploads it again. Only a file without a single error is written, in
one transaction, through `inschrijving_create`; a refused file leaves no users and no enrolments behind.
"""

import datetime
import io
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import cast

from django.conf import settings
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role, is_coordinator
from accounts.services import activation_send, groups_ensure
from config.csvfiles import CsvFileRejected, decode_upload, read_records
from config.errors import ApplicationError
from dossier.models import Profiel
from portfolio import events
from portfolio.beheer_forms import beoordelaar_refusal, bpv_coach_refusal, student_account_refusal
from portfolio.models import Beoordelaarstoewijzing, Cohort, ImportJob, Inschrijving
from portfolio.services import inschrijving_create

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000

CSV_COLUMNS = [
    "studentnummer",
    "voornaam",
    "achternaam",
    "email",
    "gebruikersnaam",
    "profiel",
    "leerweg",
    "startdatum",
    "leerbedrijf",
    "praktijkbeoordelaar",
    "schoolbeoordelaar",
    "bpv_coach",
]
REQUIRED_COLUMNS = ["studentnummer", "voornaam", "achternaam", "email", "profiel", "startdatum"]
REFERENCE_COLUMNS = ["praktijkbeoordelaar", "schoolbeoordelaar", "bpv_coach"]

# SQLite's oldest limit on query parameters is 999; larger files are looked up in chunks of this size.
LOOKUP_CHUNK = 900

_STUDENTNUMMER = re.compile(r"[A-Za-z0-9-]{1,20}")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE_NL = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
_MAX_LENGTH = {"voornaam": 150, "achternaam": 150, "email": 254, "leerbedrijf": 200}


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


@dataclass
class CsvImportResult:
    created: list[Inschrijving] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    """One data line; a field is None when its value was refused (the error is already recorded)."""

    line: int
    studentnummer: str | None
    voornaam: str
    achternaam: str
    email: str | None
    username: str | None
    username_column: str
    profiel: Profiel | None
    leerweg: str | None
    startdatum: datetime.date | None
    leerbedrijf: str
    references: dict[str, str]
    # Filled in by _check_across_rows: the existing account of the student, and the users the row names.
    student: User | None = None
    referenced: dict[str, User] = field(default_factory=dict)


class _FileRejected(Exception):
    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _RolledBack(Exception):
    pass


class _Ambiguous(Exception):
    """More than one user has this name apart from capitals, and none has exactly this spelling."""


def inschrijvingen_import_csv(
    *, by: User, cohort: Cohort, fileobj, progress: Callable[[int], None] | None = None
) -> CsvImportResult:
    """Enrols every student in the file in `cohort`, or nobody when any line has an error.

    A missing student account is created (unusable password: the student sets one through password
    reset); an existing account is used only when its e-mail address matches, so a typo in a
    gebruikersnaam never attaches an enrolment to someone else.
    """
    if not is_coordinator(by):
        raise PermissionDenied(_("Alleen een coördinator kan studenten importeren."))
    try:
        text = _decode(fileobj)
        delimiter, columns, records = _table(text)
    except _FileRejected as exc:
        return CsvImportResult(errors=[RowError(line=exc.line, message=exc.message)])

    errors: list[RowError] = []
    profielen = list(Profiel.objects.filter(dossier_id=cohort.dossier_id).order_by("volgorde", "code"))
    rows = [_parse_row(line, cells, columns, delimiter, profielen, errors) for line, cells in records]
    if progress:
        progress(30)
    _check_across_rows(rows, errors)
    if progress:
        progress(60)
    if errors:
        return CsvImportResult(errors=sorted(errors, key=lambda e: e.line))
    return _write(by=by, cohort=cohort, rows=rows)


# -- large files: in the background -------------------------------------------------------------------


def background_threshold() -> int:
    """Files with more data rows than this are imported by a Celery job instead of inside the request."""
    return getattr(settings, "IMPORT_BACKGROUND_ROWS", 200)


def record_count(fileobj) -> int | None:
    """The number of data rows; None when the file is refused on reading (the import itself says why)."""
    try:
        _delimiter, _header, _line, records = read_records(_decode(fileobj), max_rows=MAX_ROWS)
    except (_FileRejected, CsvFileRejected):
        return None
    finally:
        fileobj.seek(0)
    return len(records)


def import_job_create(*, by: User, cohort: Cohort, fileobj, rows: int) -> ImportJob:
    """Stores the upload in a job row and hands it to a worker once the row is committed."""
    if not is_coordinator(by):
        raise PermissionDenied(_("Alleen een coördinator kan studenten importeren."))
    fileobj.seek(0)
    job = ImportJob.objects.create(
        cohort=cohort,
        requested_by=by,
        bestandsnaam=(getattr(fileobj, "name", "") or "")[:255],
        inhoud=fileobj.read(MAX_BYTES + 1),
        rows=rows,
        taal=translation.get_language() or "",
    )
    events.import_queued.send(sender=ImportJob, job_id=job.pk)
    return job


def import_job_run(*, job_id: int) -> str:
    """Runs a queued job once: a second delivery, or a job deleted meanwhile, does nothing.

    The job is claimed with one UPDATE ... WHERE status='queued', so two workers never both import it.
    Progress is written at the phases outside the writing transaction (its own updates would be invisible
    until it commits). The uploaded bytes are dropped when the job ends: the report is what stays.
    """
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=now, progress=5
    )
    if not claimed:
        return "skipped"
    job = ImportJob.objects.select_related("cohort", "requested_by").filter(pk=job_id).first()
    if job is None:
        return "gone"
    jobs = ImportJob.objects.filter(pk=job_id)

    def progress(percent: int) -> None:
        jobs.update(progress=percent)

    with translation.override(job.taal or None):
        try:
            result = inschrijvingen_import_csv(
                by=job.requested_by, cohort=job.cohort, fileobj=io.BytesIO(bytes(job.inhoud)), progress=progress
            )
        except Exception:
            logger.exception("Import job %s failed", job_id)
            errors = [{"line": None, "message": _("Het inlezen is onverwacht mislukt; er is niets ingelezen.")}]
            jobs.update(status=ImportJob.Status.FAILED, errors=errors, inhoud=b"", finished_at=timezone.now())
            return "failed"
    jobs.update(
        status=ImportJob.Status.DONE if result.ok else ImportJob.Status.FAILED,
        progress=100,
        created_count=len(result.created),
        errors=[{"line": e.line, "message": e.message} for e in result.errors],
        inhoud=b"",
        finished_at=timezone.now(),
    )
    return "done" if result.ok else "refused"


# -- reading the file ----------------------------------------------------------------------------------


def _decode(fileobj) -> str:
    try:
        return decode_upload(fileobj, max_bytes=MAX_BYTES)
    except CsvFileRejected as exc:
        raise _FileRejected(exc.message, exc.line) from None


def _normalise_column(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def _table(text: str) -> tuple[str, dict[str, int], list[tuple[int, list[str]]]]:
    """The delimiter, column name → index, and the non-blank data lines with their numbers.

    Line numbers count records, not physical lines, so a quoted value spanning two lines still matches
    the row number the coordinator sees in the spreadsheet.
    """
    try:
        delimiter, header, header_line, records = read_records(text, max_rows=MAX_ROWS)
    except CsvFileRejected as exc:
        raise _FileRejected(exc.message, exc.line) from None

    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        name = _normalise_column(name)
        if not name:
            continue
        if name in columns:
            raise _FileRejected(
                _("De kolom '%(kolom)s' staat meer dan eens in de kopregel.") % {"kolom": name}, header_line
            )
        columns[name] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise _FileRejected(
            _(
                "De kopregel mist de verplichte kolommen: %(kolommen)s. De eerste regel moet de kolomnamen "
                "bevatten, gescheiden door ';' of ','."
            )
            % {"kolommen": ", ".join(f"'{name}'" for name in missing)},
            header_line,
        )
    unknown = [name for name in columns if name not in CSV_COLUMNS]
    if unknown:
        raise _FileRejected(
            _("De kopregel heeft onbekende kolommen: %(onbekend)s. Bekende kolommen zijn: %(bekend)s.")
            % {
                "onbekend": ", ".join(f"'{_shown(name)}'" for name in unknown),
                "bekend": ", ".join(CSV_COLUMNS),
            },
            header_line,
        )
    if not records:
        raise _FileRejected(_("Het bestand bevat alleen een kopregel en geen studenten."), header_line)
    return delimiter, columns, records


# -- checking one row ----------------------------------------------------------------------------------


def _shown(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "..."


def _parse_date(value: str) -> datetime.date | None:
    if match := _DATE_ISO.fullmatch(value):
        year, month, day = match.groups()
    elif match := _DATE_NL.fullmatch(value):
        day, month, year = match.groups()
    else:
        return None
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _find_profiel(value: str, profielen: list[Profiel]) -> Profiel | None:
    wanted = value.upper()
    return next((p for p in profielen if wanted in (p.code.upper(), p.crebo)), None)


def _parse_row(
    line: int,
    cells: list[str],
    columns: dict[str, int],
    delimiter: str,
    profielen: list[Profiel],
    errors: list[RowError],
) -> _Row:
    def value(column: str) -> str:
        index = columns.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def error(message: str) -> None:
        errors.append(RowError(line=line, message=message))

    if any(cell.strip() for cell in cells[max(columns.values()) + 1 :]):
        error(
            _(
                "de regel heeft meer waarden dan de kopregel kolommen heeft; staat er een '%(teken)s' in een "
                "waarde zonder aanhalingstekens?"
            )
            % {"teken": delimiter}
        )

    for column in REQUIRED_COLUMNS:
        if not value(column):
            error(_("kolom '%(kolom)s' is leeg.") % {"kolom": column})
    for column, max_length in _MAX_LENGTH.items():
        if len(value(column)) > max_length:
            error(
                _("kolom '%(kolom)s': '%(waarde)s' is langer dan %(max)s tekens.")
                % {"kolom": column, "waarde": _shown(value(column)), "max": max_length}
            )

    studentnummer: str | None = value("studentnummer") or None
    if studentnummer and not _STUDENTNUMMER.fullmatch(studentnummer):
        error(
            _("kolom 'studentnummer': '%(waarde)s' mag alleen letters, cijfers en '-' bevatten, hoogstens 20 tekens.")
            % {"waarde": _shown(studentnummer)}
        )
        studentnummer = None

    email: str | None = value("email") or None
    if email:
        try:
            validate_email(email)
        except ValidationError:
            error(_("kolom 'email': '%(waarde)s' is geen geldig e-mailadres.") % {"waarde": _shown(email)})
            email = None
        else:
            email = User.objects.normalize_email(email)

    username_column = "gebruikersnaam" if value("gebruikersnaam") else "studentnummer"
    username: str | None = value("gebruikersnaam") or studentnummer
    if username is not None and value("gebruikersnaam"):
        try:
            UnicodeUsernameValidator()(username)
            if len(username) > 150:
                raise ValidationError("too long")
        except ValidationError:
            error(
                _(
                    "kolom 'gebruikersnaam': '%(waarde)s' is geen geldige gebruikersnaam (letters, cijfers en "
                    "@ . + - _, hoogstens 150 tekens)."
                )
                % {"waarde": _shown(username)}
            )
            username = None

    profiel = None
    if value("profiel"):
        profiel = _find_profiel(value("profiel"), profielen)
        if profiel is None:
            error(
                _("kolom 'profiel': '%(waarde)s' is geen profiel van dit cohort; gebruik een van: %(keuzes)s.")
                % {
                    "waarde": _shown(value("profiel")),
                    "keuzes": ", ".join(f"{p.code} ({p.crebo})" if p.crebo else p.code for p in profielen),
                }
            )

    leerweg: str | None
    leerweg = value("leerweg").upper() or Inschrijving.Leerweg.BOL
    if leerweg not in Inschrijving.Leerweg.values:
        error(_("kolom 'leerweg': '%(waarde)s' is geen leerweg; gebruik BOL of BBL.") % {"waarde": _shown(leerweg)})
        leerweg = None

    startdatum = None
    if value("startdatum"):
        startdatum = _parse_date(value("startdatum"))
        if startdatum is None:
            error(
                _("kolom 'startdatum': '%(waarde)s' is geen geldige datum (gebruik JJJJ-MM-DD of DD-MM-JJJJ).")
                % {"waarde": _shown(value("startdatum"))}
            )

    references = {column: value(column) for column in REFERENCE_COLUMNS if value(column)}
    praktijk = references.get("praktijkbeoordelaar", "").lower()
    school = references.get("schoolbeoordelaar", "").lower()
    if praktijk and praktijk == school:
        error(
            _("kolom 'schoolbeoordelaar': '%(waarde)s' is ook de praktijkbeoordelaar; kies twee verschillende.")
            % {"waarde": _shown(references["schoolbeoordelaar"])}
        )

    return _Row(
        line=line,
        studentnummer=studentnummer,
        voornaam=value("voornaam"),
        achternaam=value("achternaam"),
        email=email,
        username=username,
        username_column=username_column,
        profiel=profiel,
        leerweg=leerweg,
        startdatum=startdatum,
        leerbedrijf=value("leerbedrijf"),
        references=references,
    )


# -- checking rows against each other and the database -------------------------------------------------


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    values = sorted(set(values))
    for start in range(0, len(values), LOOKUP_CHUNK):
        yield values[start : start + LOOKUP_CHUNK]


def _users_by_username(names: Iterable[str]) -> dict[str, list[User]]:
    """Existing users by lower-case username: a spreadsheet's "JDeVries" is the portal's "jdevries"."""
    found: dict[str, list[User]] = {}
    for chunk in _chunks(name.lower() for name in names):
        for user in User.objects.annotate(key=Lower("username")).filter(key__in=chunk).order_by("pk"):
            found.setdefault(user.key, []).append(user)
    return found


def _resolve(users: dict[str, list[User]], name: str) -> User | None:
    """The user called `name`: the exact spelling, else the only case variant; None when there is none."""
    candidates = users.get(name.lower(), [])
    exact = next((user for user in candidates if user.username == name), None)
    if exact is None and len(candidates) > 1:
        raise _Ambiguous
    return exact or (candidates[0] if candidates else None)


def _ambiguous_message(column: str, name: str) -> str:
    return _(
        "kolom '%(kolom)s': '%(waarde)s' past bij meer dan één gebruiker (alleen hoofdletters verschillen); "
        "schrijf de gebruikersnaam precies zoals in het portaal."
    ) % {"kolom": column, "waarde": _shown(name)}


def _roles_load(users: Iterable[User]) -> None:
    """Fills the role cache `has_role` reads, for all `users` in one query per chunk."""
    by_pk = {user.pk: user for user in users}
    for user in by_pk.values():
        user._role_names = set()
    pks = sorted(by_pk)
    for start in range(0, len(pks), LOOKUP_CHUNK):
        memberships = User.groups.through.objects.filter(user_id__in=pks[start : start + LOOKUP_CHUNK])
        for user_id, name in memberships.values_list("user_id", "group__name"):
            by_pk[user_id]._role_names.add(name)


def _usernames_by_email(emails: Iterable[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for chunk in _chunks(email.lower() for email in emails):
        users = User.objects.annotate(key=Lower("email")).filter(key__in=chunk).order_by("pk")
        for key, username in users.values_list("key", "username"):
            found.setdefault(key, username)
    return found


def _taken_studentnummers(numbers: Iterable[str]) -> set[str]:
    taken: set[str] = set()
    for chunk in _chunks(numbers):
        taken.update(Inschrijving.objects.filter(studentnummer__in=chunk).values_list("studentnummer", flat=True))
    return taken


def _check_across_rows(rows: list[_Row], errors: list[RowError]) -> None:
    """Duplicates within the file and clashes with the database; resolves the users each row names."""
    numbers = [row.studentnummer for row in rows if row.studentnummer]
    taken = _taken_studentnummers(numbers)
    names = [row.username for row in rows if row.username]
    names += [name for row in rows for name in row.references.values()]
    users = _users_by_username(names)
    _roles_load(user for found in users.values() for user in found)
    email_owner = _usernames_by_email(row.email for row in rows if row.email)

    first_line_of_number: dict[str, int] = {}
    first_of_username: dict[str, _Row] = {}
    first_of_email: dict[str, _Row] = {}
    for row in rows:

        def error(message: str, row: _Row = row) -> None:
            errors.append(RowError(line=row.line, message=message))

        if row.studentnummer:
            earlier = first_line_of_number.setdefault(row.studentnummer, row.line)
            if earlier != row.line:
                error(
                    _("kolom 'studentnummer': '%(waarde)s' staat ook op regel %(regel)s.")
                    % {"waarde": row.studentnummer, "regel": earlier}
                )
            elif row.studentnummer in taken:
                error(_("kolom 'studentnummer': '%(waarde)s' is al ingeschreven.") % {"waarde": row.studentnummer})

        for column, name in row.references.items():
            try:
                user = _resolve(users, name)
            except _Ambiguous:
                error(_ambiguous_message(column, name))
                continue
            if user is None:
                error(
                    _("kolom '%(kolom)s': gebruiker '%(waarde)s' bestaat niet.")
                    % {"kolom": column, "waarde": _shown(name)}
                )
            else:
                row.referenced[column] = user
        for column in ("praktijkbeoordelaar", "schoolbeoordelaar"):
            if column in row.referenced:
                refusal = beoordelaar_refusal(row.referenced[column], name=_shown(row.references[column]))
                if refusal:
                    error(_("kolom '%(kolom)s': %(reden)s") % {"kolom": column, "reden": refusal})
        if "bpv_coach" in row.referenced:
            refusal = bpv_coach_refusal(
                row.referenced["bpv_coach"],
                name=_shown(row.references["bpv_coach"]),
                beoordelaars=[
                    row.referenced[c] for c in ("praktijkbeoordelaar", "schoolbeoordelaar") if c in row.referenced
                ],
            )
            if refusal:
                error(_("kolom '%(kolom)s': %(reden)s") % {"kolom": "bpv_coach", "reden": refusal})

        if not (row.username and row.email):
            continue
        key, email = row.username.lower(), row.email.lower()
        try:
            existing = row.student = _resolve(users, row.username)
        except _Ambiguous:
            error(_ambiguous_message(row.username_column, row.username))
            continue
        for column, user in row.referenced.items():
            if existing is not None and user.pk == existing.pk:
                error(
                    _("kolom '%(kolom)s': '%(waarde)s' is de student zelf.")
                    % {"kolom": column, "waarde": _shown(row.references[column])}
                )
        if existing is not None and (refusal := student_account_refusal(existing, name=_shown(row.username))):
            error(_("kolom '%(kolom)s': %(reden)s") % {"kolom": row.username_column, "reden": refusal})
        if existing is not None and existing.email.lower() != email:
            error(
                _(
                    "kolom '%(kolom)s': er bestaat al een gebruiker '%(waarde)s' met een ander e-mailadres; "
                    "dat is een andere persoon."
                )
                % {"kolom": row.username_column, "waarde": existing.username}
            )
        elif existing is None and email in email_owner:
            error(
                _("kolom 'email': '%(waarde)s' hoort al bij gebruiker '%(gebruiker)s'; vul die gebruikersnaam in.")
                % {"waarde": row.email, "gebruiker": email_owner[email]}
            )
        # both maps hold only rows with a username and an e-mail address (checked above)
        earlier_row = first_of_username.setdefault(key, row)
        if earlier_row is not row and cast(str, earlier_row.email).lower() != email:
            error(
                _("kolom '%(kolom)s': gebruiker '%(waarde)s' staat ook op regel %(regel)s, met een ander e-mailadres.")
                % {"kolom": row.username_column, "waarde": row.username, "regel": earlier_row.line}
            )
        earlier_row = first_of_email.setdefault(email, row)
        if earlier_row is not row and cast(str, earlier_row.username).lower() != key:
            error(
                _("kolom 'email': '%(waarde)s' staat ook op regel %(regel)s, bij een andere gebruikersnaam.")
                % {"waarde": row.email, "regel": earlier_row.line}
            )


# -- writing -------------------------------------------------------------------------------------------


def _write(*, by: User, cohort: Cohort, rows: list[_Row]) -> CsvImportResult:
    created: list[Inschrijving] = []
    errors: list[RowError] = []
    try:
        with transaction.atomic():
            new_students: dict[str, User] = {}
            for row in rows:
                # Only rows without an error get here, so none of their fields was refused (None).
                username = cast(str, row.username)
                student = row.student or new_students.get(username.lower())
                if student is None:
                    try:
                        with transaction.atomic():
                            # No password: the student chooses one through password reset.
                            student = User.objects.create_user(
                                username=username,
                                email=row.email,
                                first_name=row.voornaam,
                                last_name=row.achternaam,
                            )
                    except IntegrityError:
                        errors.append(
                            RowError(
                                line=row.line,
                                message=_(
                                    "kolom '%(kolom)s': gebruiker '%(waarde)s' is intussen door iemand anders "
                                    "aangemaakt; importeer het bestand opnieuw."
                                )
                                % {"kolom": row.username_column, "waarde": row.username},
                            )
                        )
                        continue
                    new_students[username.lower()] = student
                beoordelaars = [
                    (row.referenced[column], rol)
                    for column, rol in (
                        ("praktijkbeoordelaar", Beoordelaarstoewijzing.Rol.PRAKTIJK),
                        ("schoolbeoordelaar", Beoordelaarstoewijzing.Rol.SCHOOL),
                    )
                    if column in row.referenced
                ]
                try:
                    inschrijving = inschrijving_create(
                        by=by,
                        student=student,
                        profiel=cast(Profiel, row.profiel),
                        cohort=cohort,
                        studentnummer=cast(str, row.studentnummer),
                        startdatum=cast(datetime.date, row.startdatum),
                        leerweg=cast(str, row.leerweg),
                        leerbedrijf=row.leerbedrijf,
                        bpv_coach=row.referenced.get("bpv_coach"),
                        beoordelaars=beoordelaars,
                    )
                except ApplicationError as exc:
                    # Checked above already; this is a change made by someone else since then.
                    errors.append(RowError(line=row.line, message=exc.message))
                    continue
                created.append(inschrijving)
            if errors:
                raise _RolledBack
            if new_students:
                groups_ensure()[Role.STUDENT.value].user_set.add(*new_students.values())
                activation_send(users=new_students.values())
    except _RolledBack:
        return CsvImportResult(errors=errors)
    return CsvImportResult(created=created)
