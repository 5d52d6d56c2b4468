from accounts.roles import Role, has_role, is_coordinator, is_examencommissie
from assessment.selectors import queue_count

# Which top-level menu item a page belongs to, by (app, url name); an app alone is its default.
SECTIONS = {
    ("portfolio", "studenten"): "studenten",
    ("portfolio", "cohorten"): "cohorten",
    ("portfolio", "cohort"): "cohorten",
    ("portfolio", "inschrijving-new"): "cohorten",
    ("portfolio", "inschrijvingen-import"): "cohorten",
    ("portfolio", None): "portfolio",
    ("assessment", "vaststellen"): "vaststellen",
    ("assessment", "voorschrift"): "cohorten",
    ("assessment", "feedback"): "portfolio",
    ("assessment", None): "queue",
    ("diploma", "reports"): "rapporten",
    ("diploma", "report"): "rapporten",
    ("diploma", "student"): "portfolio",
    ("diploma", "examencommissie"): "examencommissie",
    ("diploma", None): "cohorten",
    ("dossier", None): "dossier",
}


def nav_section(request, *, student: bool, coordinator: bool = False, examencommissie: bool = False) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    section = SECTIONS.get((match.app_name, match.url_name)) or SECTIONS.get((match.app_name, None), "")
    if section == "portfolio" and not student:
        # Staff reach a student's portfolio from their student list.
        return "studenten"
    if section == "cohorten" and examencommissie and not coordinator:
        # The examencommissie reaches a cohort's readiness from its own page; it has no Cohorten menu.
        return "examencommissie"
    return section


def request_queue_count(request) -> int:
    """queue_count once per request: the menu and the queue page both show it."""
    if not hasattr(request, "_queue_count"):
        request._queue_count = queue_count(user=request.user)
    return request._queue_count


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    beoordelaar = has_role(user, Role.BEOORDELAAR)
    student = has_role(user, Role.STUDENT)
    coordinator = is_coordinator(user)
    examencommissie = is_examencommissie(user)
    return {
        "nav_is_beoordelaar": beoordelaar,
        "nav_is_coordinator": coordinator,
        "nav_is_examencommissie": examencommissie,
        "nav_is_student": student,
        "nav_queue_count": request_queue_count(request) if beoordelaar else 0,
        "nav_section": nav_section(request, student=student, coordinator=coordinator, examencommissie=examencommissie),
    }
