"""What waits for the user, per role: the 'to do' block on their pages."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import Role, has_role, is_coordinator, is_examencommissie
from assessment.models import Beoordeling, Examenpoging
from assessment.selectors.beoordelingen import queue_count
from assessment.selectors.pogingen import vast_te_stellen, vaststelling_list
from portfolio.models import Bewijsstuk, Inschrijving

RECENT = datetime.timedelta(days=14)


def awaiting(*, user, own: Inschrijving | None = None) -> list[dict]:
    """What waits for this user, for the home page of each role: a few lines with a link each, in a
    fixed number of queries (each list is capped). `own` is the student's enrolment where known."""
    items: list[dict] = []
    if is_coordinator(user):
        items += _awaiting_coordinator(user)
    if is_examencommissie(user):
        items += _awaiting_examencommissie(user)
    if has_role(user, Role.BEOORDELAAR):
        items += _awaiting_assessor(user)
    if own is None and has_role(user, Role.STUDENT):
        own = Inschrijving.objects.filter(student=user).order_by("-startdatum").first()
    if own is not None:
        items += _awaiting_student(own)
    return items


def _awaiting_coordinator(user) -> list[dict]:
    counts = dict(vast_te_stellen(user=user).values_list("status").annotate(n=Count("pk")).order_by())
    url = reverse("assessment:vaststellen")
    items = []
    if counts.get(Examenpoging.Status.OVEREENSTEMMING):
        n = counts[Examenpoging.Status.OVEREENSTEMMING]
        items.append(
            {
                "text": ngettext(
                    "%(n)d uitslag klaar om vast te stellen", "%(n)d uitslagen klaar om vast te stellen", n
                )
                % {"n": n},
                "url": url,
            }
        )
    if counts.get(Examenpoging.Status.VOORGELEGD):
        n = counts[Examenpoging.Status.VOORGELEGD]
        items.append(
            {
                "text": ngettext(
                    "%(n)d verschil voorgelegd: jij beslist", "%(n)d verschillen voorgelegd: jij beslist", n
                )
                % {"n": n},
                "url": url,
            }
        )
    return items


def _awaiting_examencommissie(user) -> list[dict]:
    """Nothing waits for the examencommissie to act on here; it reads what was recently decided, in one query."""
    since = timezone.now() - RECENT
    counts = (
        vaststelling_list(user=user)
        .filter(at__gte=since)
        .aggregate(vastgesteld=Count("pk", filter=Q(revisie=1)), gecorrigeerd=Count("pk", filter=Q(revisie__gt=1)))
    )
    url = reverse("diploma:examencommissie")
    items = []
    if n := counts["vastgesteld"]:
        items.append(
            {
                "text": ngettext(
                    "%(n)d uitslag vastgesteld in de afgelopen 14 dagen",
                    "%(n)d uitslagen vastgesteld in de afgelopen 14 dagen",
                    n,
                )
                % {"n": n},
                "url": url,
            }
        )
    if n := counts["gecorrigeerd"]:
        items.append(
            {
                "text": ngettext(
                    "%(n)d correctie na vaststelling in de afgelopen 14 dagen",
                    "%(n)d correcties na vaststelling in de afgelopen 14 dagen",
                    n,
                )
                % {"n": n},
                "url": f"{url}?correcties=1",
            }
        )
    return items


def _awaiting_assessor(user) -> list[dict]:
    items = []
    waiting = queue_count(user=user)
    if waiting:
        items.append(
            {
                "text": ngettext(
                    "%(n)d bewijsstuk wacht op je beoordeling", "%(n)d bewijsstukken wachten op je beoordeling", waiting
                )
                % {"n": waiting},
                "url": reverse("assessment:queue"),
            }
        )
    overleg = (
        Examenpoging.objects.filter(
            status=Examenpoging.Status.OVERLEG,
            beoordelingen__beoordelaar=user,
            beoordelingen__status=Beoordeling.Status.INGEDIEND,
        )
        .select_related("inschrijving__student", "werkproces", "voorstel_door")
        .order_by("updated_at")[:10]
    )
    for poging in overleg:
        student = poging.inschrijving.student.get_full_name() or poging.inschrijving.student.username
        if poging.voorstel and poging.voorstel_door_id != user.pk:
            text = _("%(naam)s: voorstel wacht op jouw akkoord (%(code)s)")
        elif poging.voorstel:
            text = _("%(naam)s: jouw voorstel wacht op de andere beoordelaar (%(code)s)")
        else:
            text = _("%(naam)s: verschil met de andere beoordelaar bespreken (%(code)s)")
        items.append(
            {
                "text": text % {"naam": student, "code": poging.werkproces.code},
                "url": reverse("assessment:poging", args=[poging.pk]),
            }
        )
    drafts = (
        Beoordeling.objects.filter(beoordelaar=user, status=Beoordeling.Status.CONCEPT)
        .select_related("inschrijving__student", "werkproces")
        .order_by("updated_at")[:10]
    )
    for beoordeling in drafts:
        student = beoordeling.inschrijving.student.get_full_name() or beoordeling.inschrijving.student.username
        items.append(
            {
                "text": _("%(naam)s: jouw beoordeling van %(code)s is nog een concept")
                % {"naam": student, "code": beoordeling.werkproces.code},
                "url": reverse("assessment:beoordeling", args=[beoordeling.pk]),
            }
        )
    return items


def _awaiting_student(inschrijving: Inschrijving) -> list[dict]:
    items = []
    bewijsstukken = (
        Bewijsstuk.objects.filter(
            inschrijving=inschrijving, status__in=[Bewijsstuk.Status.TERUGGEGEVEN, Bewijsstuk.Status.CONCEPT]
        )
        .select_related("werkproces")
        .order_by("-status", "updated_at")[:10]
    )
    for bewijsstuk in bewijsstukken:
        if bewijsstuk.status == Bewijsstuk.Status.TERUGGEGEVEN:
            text = _("Terug naar jou met feedback: %(titel)s (%(code)s)")
        else:
            text = _("Nog niet ingediend: %(titel)s (%(code)s)")
        items.append(
            {
                "text": text % {"titel": bewijsstuk.titel, "code": bewijsstuk.werkproces.code},
                "url": reverse("portfolio:bewijsstuk", args=[bewijsstuk.pk]),
            }
        )
    since = timezone.now() - RECENT
    released = (
        Examenpoging.objects.filter(
            inschrijving=inschrijving, status=Examenpoging.Status.VASTGESTELD, feedback_vrijgegeven_at__gte=since
        )
        .select_related("werkproces")
        .order_by("-feedback_vrijgegeven_at")[:10]
    )
    for poging in released:
        items.append(
            {
                "text": _("Uitslag vastgesteld: %(code)s %(uitslag)s")
                % {"code": poging.werkproces.code, "uitslag": poging.get_uitslag_display()},
                "url": reverse("assessment:poging", args=[poging.pk]),
            }
        )
    feedback = (
        Beoordeling.objects.filter(
            inschrijving=inschrijving,
            soort=Beoordeling.Soort.FORMATIEF,
            status=Beoordeling.Status.INGEDIEND,
            submitted_at__gte=since,
        )
        .select_related("werkproces")
        .order_by("-submitted_at")[:10]
    )
    if feedback:
        codes = ", ".join(sorted({b.werkproces.code for b in feedback}))
        items.append(
            {
                "text": _("Nieuwe feedback op %(codes)s") % {"codes": codes},
                "url": reverse("assessment:feedback", args=[inschrijving.pk]),
            }
        )
    return items
