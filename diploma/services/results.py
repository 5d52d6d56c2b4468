"""The diploma conditions outside the beroepsgerichte deel: generic subjects, keuzedelen and vrijstellingen. Only
coordinators record them; the checks on values are shared with the CSV import (diploma.generiek_import)."""

import re
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import cast

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Field, Model
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.models import User
from config.audit import audited
from config.errors import ApplicationError
from diploma import selectors
from diploma.models import GeneriekResultaat, KeuzedeelResultaat, Vrijstelling
from diploma.services.gereedheid import gereedheid_invalidate
from portfolio.models import Inschrijving
from portfolio.scope import coordinates

MARK_FIELDS = ("nederlands_ce", "nederlands_se", "engels_ce", "engels_se", "rekenen")
BOOLEAN_FIELDS = ("loopbaan_burgerschap", "bpv_voldaan")
GENERIEK_FIELDS = (*MARK_FIELDS, "loopbaan_burgerschap", "bpv_uren", "bpv_voldaan")

MARK_MIN = Decimal("1.0")
MARK_MAX = Decimal("10.0")
ONE_DECIMAL = Decimal("0.1")
# Far above any real BPV (the 2015 law asks 900 hours for a 3-year BOL) and well inside the column's range.
MAX_BPV_UREN = 9999
MAX_SBU = 32767  # PositiveSmallIntegerField
MAX_NAAM = 200
MAX_REDEN = 200
KEUZEDEEL_CODE = re.compile(r"K\d{4}")


# -- checks shared with the CSV import -----------------------------------------------------------------


def nl_number(value: Decimal | int) -> str:
    """A number as the user's language writes it: 6,5 in Dutch, 6.5 in English."""
    return formats.number_format(value) if isinstance(value, Decimal) else str(value)


def mark_error(value: Decimal) -> str | None:
    """Why `value` is not a mark (1,0–10,0 with at most one decimal), or None when it is one."""
    if not value.is_finite():
        return _("is geen cijfer")
    if not MARK_MIN <= value <= MARK_MAX:
        return _("ligt niet tussen 1,0 en 10,0")
    if value != value.quantize(ONE_DECIMAL, rounding=ROUND_DOWN):
        return _("heeft meer dan één decimaal")
    return None


def bpv_uren_error(value: int) -> str | None:
    if value < 0:
        return _("is negatief")
    if value > MAX_BPV_UREN:
        return _("is meer dan %(max)s uur") % {"max": MAX_BPV_UREN}
    return None


def sbu_error(value: int) -> str | None:
    if value <= 0:
        return _("moet groter dan 0 zijn")
    if value > MAX_SBU:
        return _("is meer dan %(max)s") % {"max": MAX_SBU}
    return None


def keuzedeel_code_normalise(code: str) -> str | None:
    """The code in capitals, or None when it is not a K followed by four digits."""
    code = code.strip().upper()
    return code if KEUZEDEEL_CODE.fullmatch(code) else None


def _require_coordinator(by: User, inschrijving: Inschrijving) -> None:
    if not coordinates(by, inschrijving):
        raise PermissionDenied(_("Alleen een coördinator kan diplomaresultaten vastleggen."))


def _label(model: type[Model], field: str) -> str:
    return capfirst(str(cast(Field, model._meta.get_field(field)).verbose_name))  # a column, not a relation


def _mark(label: str, value: object) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise ApplicationError(_("%(veld)s: %(waarde)r is geen cijfer.") % {"veld": label, "waarde": value})
    try:
        mark = Decimal(value.strip().replace(",", ".")) if isinstance(value, str) else Decimal(value)
    except InvalidOperation:
        raise ApplicationError(_("%(veld)s: '%(waarde)s' is geen cijfer.") % {"veld": label, "waarde": value}) from None
    if reason := mark_error(mark):
        raise ApplicationError(
            _("%(veld)s: %(waarde)s %(reden)s.") % {"veld": label, "waarde": nl_number(mark), "reden": reason}
        )
    return mark.quantize(ONE_DECIMAL)


def _boolean(label: str, value: object) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise ApplicationError(_("%(veld)s: kies ja, nee of leeg.") % {"veld": label})
    return value


def _whole_number(label: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApplicationError(_("%(veld)s: %(waarde)r is geen heel getal.") % {"veld": label, "waarde": value})
    return value


def _generiek_values(values: dict[str, object]) -> dict[str, object]:
    unknown = sorted(set(values) - set(GENERIEK_FIELDS))
    if unknown:
        raise TypeError(f"generiek_save() got unexpected keyword arguments: {', '.join(unknown)}")
    cleaned: dict[str, object] = {}
    for field, value in values.items():
        label = _label(GeneriekResultaat, field)
        if field in MARK_FIELDS:
            cleaned[field] = _mark(label, value)
        elif field in BOOLEAN_FIELDS:
            cleaned[field] = _boolean(label, value)
        elif value is None:
            cleaned[field] = None
        else:
            uren = _whole_number(label, value)
            if reason := bpv_uren_error(uren):
                raise ApplicationError(
                    _("%(veld)s: %(waarde)s %(reden)s.") % {"veld": label, "waarde": uren, "reden": reason}
                )
            cleaned[field] = uren
    return cleaned


# -- generieke onderdelen -------------------------------------------------------------------------------


@audited("generiek_save")
@transaction.atomic
def generiek_save(*, inschrijving: Inschrijving, by: User, **values) -> GeneriekResultaat:
    """Creates or updates the generic results of one enrolment; only the fields passed are written.

    Marks are central and school exam marks from 1,0 to 10,0 with at most one decimal (the eindcijfer is
    derived, never stored). None clears a field.
    """
    _require_coordinator(by, inschrijving)
    cleaned = _generiek_values(values)
    resultaat = GeneriekResultaat.objects.select_for_update().filter(inschrijving=inschrijving).first()
    if resultaat is None:
        try:
            with transaction.atomic():
                created = GeneriekResultaat.objects.create(inschrijving=inschrijving, **cleaned)
        except IntegrityError:
            # Someone else created the row since we looked: update theirs instead.
            resultaat = GeneriekResultaat.objects.select_for_update().get(inschrijving=inschrijving)
        else:
            gereedheid_invalidate(inschrijving_ids=[inschrijving.pk])
            return created
    for field, value in cleaned.items():
        setattr(resultaat, field, value)
    resultaat.save(update_fields=[*cleaned, "updated_at"])
    gereedheid_invalidate(inschrijving_ids=[inschrijving.pk])
    return resultaat


# -- keuzedelen ----------------------------------------------------------------------------------------


def _keuzedeel_code(code: str) -> str:
    normalised = keuzedeel_code_normalise(code)
    if normalised is None:
        raise ApplicationError(
            _("Keuzedeelcode '%(code)s' is ongeldig: een K gevolgd door vier cijfers, bijvoorbeeld K0125.")
            % {"code": code}
        )
    return normalised


@audited("keuzedeel_save")
@transaction.atomic
def keuzedeel_save(
    *,
    inschrijving: Inschrijving,
    by: User,
    code: str,
    naam: str,
    sbu: int,
    cijfer: Decimal | None = None,
    afgelegd: bool = False,
    telt_mee: bool = False,
) -> KeuzedeelResultaat:
    """Records a keuzedeel of the student, or replaces the one with the same code.

    `telt_mee` marks it as one of the keuzedelen that fill the required size (art. 17 lid 2); when the
    coordinator marks none, the rules pick the best-graded combination that reaches it.
    """
    _require_coordinator(by, inschrijving)
    code = _keuzedeel_code(code)
    naam = naam.strip()
    if not naam:
        raise ApplicationError(_("Vul de naam van keuzedeel %(code)s in.") % {"code": code})
    if len(naam) > MAX_NAAM:
        raise ApplicationError(_("De naam van een keuzedeel heeft hoogstens %(max)s tekens.") % {"max": MAX_NAAM})
    sbu = _whole_number(_("Omvang (SBU)"), sbu)
    if reason := sbu_error(sbu):
        raise ApplicationError(_("Omvang (SBU): %(waarde)s %(reden)s.") % {"waarde": sbu, "reden": reason})
    values = {
        "naam": naam,
        "sbu": sbu,
        "cijfer": _mark(_("Cijfer van keuzedeel %(code)s") % {"code": code}, cijfer),
        "afgelegd": _boolean(_("Examen afgelegd"), afgelegd) or False,
        "telt_mee": _boolean(_("Telt mee"), telt_mee) or False,
    }
    keuzedeel = KeuzedeelResultaat.objects.select_for_update().filter(inschrijving=inschrijving, code=code).first()
    if keuzedeel is None:
        try:
            with transaction.atomic():
                created = KeuzedeelResultaat.objects.create(inschrijving=inschrijving, code=code, **values)
        except IntegrityError:
            keuzedeel = KeuzedeelResultaat.objects.select_for_update().get(inschrijving=inschrijving, code=code)
        else:
            gereedheid_invalidate(inschrijving_ids=[inschrijving.pk])
            return created
    for field, value in values.items():
        setattr(keuzedeel, field, value)
    keuzedeel.save(update_fields=list(values))
    gereedheid_invalidate(inschrijving_ids=[inschrijving.pk])
    return keuzedeel


@audited("keuzedeel_delete")
@transaction.atomic
def keuzedeel_delete(*, inschrijving: Inschrijving, by: User, code: str) -> None:
    _require_coordinator(by, inschrijving)
    code = _keuzedeel_code(code)
    deleted, _per_model = KeuzedeelResultaat.objects.filter(inschrijving=inschrijving, code=code).delete()
    if not deleted:
        raise ApplicationError(_("Keuzedeel %(code)s staat niet bij deze student.") % {"code": code})
    gereedheid_invalidate(inschrijving_ids=[inschrijving.pk])


# -- vrijstellingen ------------------------------------------------------------------------------------


def _onderdeel(onderdeel: str) -> str:
    if onderdeel not in Vrijstelling.Onderdeel.values:
        raise ApplicationError(
            _("'%(onderdeel)s' is geen onderdeel; kies uit %(keuzes)s.")
            % {"onderdeel": onderdeel, "keuzes": ", ".join(GRANTABLE)}
        )
    return onderdeel


# "All keuzedelen" is not a vrijstelling the law knows: one is granted per keuzedeel (or generic subject).
GRANTABLE = [value for value in Vrijstelling.Onderdeel.values if value != Vrijstelling.Onderdeel.KEUZEDELEN]


def _vrijstelling_keuzedeel(inschrijving: Inschrijving, onderdeel: str, keuzedeel_code: str) -> str:
    if onderdeel == Vrijstelling.Onderdeel.KEUZEDELEN:
        raise ApplicationError(
            _("Een vrijstelling geldt voor één keuzedeel: kies 'Keuzedeel' en vul de keuzedeelcode in.")
        )
    if onderdeel != Vrijstelling.Onderdeel.KEUZEDEEL:
        if keuzedeel_code.strip():
            raise ApplicationError(_("Een keuzedeelcode hoort alleen bij een vrijstelling voor een keuzedeel."))
        return ""
    code = _keuzedeel_code(keuzedeel_code)
    known = (
        KeuzedeelResultaat.objects.filter(inschrijving=inschrijving, code=code).exists()
        or selectors.keuzedeel_catalogus().filter(code=code).exists()
    )
    if not known:
        raise ApplicationError(
            _("Keuzedeel %(code)s staat niet bij deze student en niet in de keuzedelencatalogus.") % {"code": code}
        )
    return code


@audited("vrijstelling_save")
@transaction.atomic
def vrijstelling_save(
    *,
    inschrijving: Inschrijving,
    by: User,
    onderdeel: str,
    reden: str,
    keuzedeel_code: str = "",
    cijfer: Decimal | None = None,
) -> Vrijstelling:
    """Grants a vrijstelling for one generic subject or one keuzedeel (`keuzedeel_code`), or changes the reason
    and mark of the one already granted.

    `cijfer` is the mark it was granted on (an earlier result). For a keuzedeel it counts in the keuzedeel rule
    like a result; for a generic subject it is kept for the record, since a vrijgesteld subject counts as met.
    """
    _require_coordinator(by, inschrijving)
    onderdeel = _onderdeel(onderdeel)
    keuzedeel_code = _vrijstelling_keuzedeel(inschrijving, onderdeel, keuzedeel_code)
    reden = reden.strip()
    if not reden:
        raise ApplicationError(_("Vul de reden van de vrijstelling in."))
    if len(reden) > MAX_REDEN:
        raise ApplicationError(_("De reden heeft hoogstens %(max)s tekens.") % {"max": MAX_REDEN})
    cijfer = _mark(_("Cijfer van de vrijstelling"), cijfer)
    key = {"inschrijving": inschrijving, "onderdeel": onderdeel, "keuzedeel_code": keuzedeel_code}
    vrijstelling = Vrijstelling.objects.select_for_update().filter(**key).first()
    if vrijstelling is None:
        try:
            with transaction.atomic():
                created = Vrijstelling.objects.create(**key, reden=reden, cijfer=cijfer)
        except IntegrityError:
            vrijstelling = Vrijstelling.objects.select_for_update().get(**key)
        else:
            gereedheid_invalidate(inschrijving_ids=[inschrijving.pk])
            return created
    changed = vrijstelling.cijfer != cijfer
    vrijstelling.reden = reden
    vrijstelling.cijfer = cijfer
    vrijstelling.save(update_fields=["reden", "cijfer"])
    if changed:
        gereedheid_invalidate(inschrijving_ids=[inschrijving.pk])
    return vrijstelling


@audited("vrijstelling_delete")
@transaction.atomic
def vrijstelling_delete(*, inschrijving: Inschrijving, by: User, onderdeel: str, keuzedeel_code: str = "") -> None:
    _require_coordinator(by, inschrijving)
    onderdeel = _onderdeel(onderdeel)
    code = keuzedeel_code.strip().upper() if onderdeel == Vrijstelling.Onderdeel.KEUZEDEEL else ""
    deleted, _per_model = Vrijstelling.objects.filter(
        inschrijving=inschrijving, onderdeel=onderdeel, keuzedeel_code=code
    ).delete()
    if not deleted:
        label = Vrijstelling.Onderdeel(onderdeel).label
        raise ApplicationError(
            _("Deze student heeft geen vrijstelling voor %(onderdeel)s.")
            % {"onderdeel": f"{label} {code}" if code else label}
        )
    gereedheid_invalidate(inschrijving_ids=[inschrijving.pk])
