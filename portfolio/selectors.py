from dossier.models import Profiel


def profiel_of_student(user) -> Profiel | None:
    """The profiel a student is enrolled for (latest enrolment), so pages open on what applies to them."""
    if not user.is_authenticated:
        return None
    inschrijving = user.inschrijvingen.select_related("profiel__dossier").order_by("-startdatum").first()
    return inschrijving.profiel if inschrijving else None
