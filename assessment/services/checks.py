"""What every assessment write checks: the user's role for the student, the werkproces, the version read
(StaleWrite)."""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_coordinator
from assessment.models import Examenpoging
from config.errors import ApplicationError
from dossier.models import Werkproces
from portfolio.models import Beoordelaarstoewijzing, Cohort, Inschrijving
from portfolio.scope import coordinates_cohort

Status = Examenpoging.Status


class StaleWrite(ApplicationError):
    """Somebody saved the same object since it was loaded: the save is refused, nothing is lost."""


def _rol_of(inschrijving: Inschrijving, user: User) -> str:
    toewijzing = Beoordelaarstoewijzing.objects.filter(inschrijving=inschrijving, beoordelaar=user).first()
    if toewijzing is None:
        raise PermissionDenied(_("Je bent geen beoordelaar van deze student."))
    return toewijzing.rol


def _check_not_coach(inschrijving: Inschrijving, user: User) -> None:
    if inschrijving.bpv_coach_id == user.pk:
        raise ApplicationError(_("De BPV-coach van deze student kan geen examenbeoordelaar zijn."))


def _check_werkproces(inschrijving: Inschrijving, werkproces: Werkproces) -> None:
    kerntaak = werkproces.kerntaak
    profiel = inschrijving.profiel
    if kerntaak.dossier_id != profiel.dossier_id or kerntaak.profiel_id not in (None, profiel.pk):
        raise ApplicationError(
            _("Werkproces %(code)s hoort niet bij profiel %(profiel)s.")
            % {"code": werkproces.code, "profiel": profiel.code}
        )


def _lock_inschrijving(inschrijving: Inschrijving) -> None:
    """Serialises the first writes of a student's pogingen: two assessors starting the same exam at once
    both see the one poging the first created, instead of one of them hitting the unique constraint."""
    list(Inschrijving.objects.select_for_update().filter(pk=inschrijving.pk).values_list("pk", flat=True))


def _claim_version(model, obj, *, expected_version: int, by: User, **changes) -> None:
    """Optimistic lock: the row changes only if nobody saved it since `expected_version` was read."""
    updated = model.objects.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), updated_by=by, **changes
    )
    if updated:
        obj.refresh_from_db()
        return
    current = model.objects.select_related("updated_by").get(pk=obj.pk)
    who = current.updated_by
    name = (who.get_full_name() or who.username) if who else _("iemand anders")
    raise StaleWrite(
        _(
            "Niet opgeslagen: %(naam)s heeft dit om %(tijd)s al gewijzigd. Laad de pagina opnieuw en breng je "
            "wijzigingen daarna nogmaals aan."
        )
        % {"naam": name, "tijd": time_format(timezone.localtime(current.updated_at), "H:i")}
    )


def _require_coordinator(by: User, *cohorts: Cohort) -> None:
    """A coordinator, and of each cohort's opleiding (portfolio.scope)."""
    if not is_coordinator(by) or not all(coordinates_cohort(by, cohort) for cohort in cohorts):
        raise PermissionDenied(_("Alleen de coördinator stelt uitslagen vast namens de examencommissie."))
