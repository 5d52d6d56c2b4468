import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.roles import Role
from accounts.services import groups_ensure
from dossier.models import Criterium, Werkproces
from portfolio import services
from portfolio.models import Beoordelaarstoewijzing
from tests.factories import CohortFactory, InschrijvingFactory, OpleidingFactory, UserFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf_bytes(text: str = "bewijs") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, "PDF", title=text)
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def pdf():
    def make(name: str = "verslag.pdf", text: str = "bewijs") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")

    return make


def in_group(user, role: Role):
    user.groups.add(groups_ensure()[role.value])
    return user


@pytest.fixture
def cohort(commercie):
    return CohortFactory()


@pytest.fixture
def praktijk(db):
    return in_group(UserFactory(username="praktijk", first_name="Pieter", last_name="Jansen"), Role.BEOORDELAAR)


@pytest.fixture
def school(db):
    return in_group(UserFactory(username="school", first_name="Samira", last_name="El Idrissi"), Role.BEOORDELAAR)


@pytest.fixture
def coach(db):
    return UserFactory(username="coach", first_name="Carmen", last_name="Coach")


@pytest.fixture
def other_beoordelaar(db):
    return in_group(UserFactory(username="andere-beoordelaar"), Role.BEOORDELAAR)


@pytest.fixture
def coordinator(commercie):
    """Coordinates the opleiding of every cohort the factories make (Intercedent)."""
    user = in_group(UserFactory(username="coordinator", first_name="Carla", last_name="Bakker"), Role.COORDINATOR)
    OpleidingFactory().coordinatoren.add(user)
    return user


@pytest.fixture
def other_coordinator(commercie):
    """A coordinator of another opleiding (Retail), with a cohort and a student of their own."""
    user = in_group(UserFactory(username="andere-coordinator"), Role.COORDINATOR)
    retail = OpleidingFactory(naam="Retail")
    retail.coordinatoren.add(user)
    student = in_group(UserFactory(username="ruben"), Role.STUDENT)
    InschrijvingFactory(
        student=student, cohort=CohortFactory(opleiding=retail), profiel=retail.dossier.profielen.first()
    )
    return user


@pytest.fixture
def examencommissie(commercie):
    """A member of the examencommissie of the opleiding of every cohort the factories make (Intercedent)."""
    user = in_group(
        UserFactory(username="examencommissie", first_name="Esther", last_name="Visser"), Role.EXAMENCOMMISSIE
    )
    OpleidingFactory().examencommissie.add(user)
    return user


@pytest.fixture
def other_examencommissie(commercie):
    """A member of another opleiding's examencommissie (Retail), whose opleiding has a student of its own."""
    user = in_group(UserFactory(username="andere-examencommissie"), Role.EXAMENCOMMISSIE)
    retail = OpleidingFactory(naam="Retail")
    retail.examencommissie.add(user)
    student = in_group(UserFactory(username="rosa"), Role.STUDENT)
    InschrijvingFactory(
        student=student, cohort=CohortFactory(opleiding=retail), profiel=retail.dossier.profielen.first()
    )
    return user


@pytest.fixture
def inschrijving(p3, cohort, praktijk, school, coach):
    student = in_group(UserFactory(username="sanne", first_name="Sanne", last_name="de Vries"), Role.STUDENT)
    inschrijving = InschrijvingFactory(student=student, profiel=p3, cohort=cohort, bpv_coach=coach)
    Beoordelaarstoewijzing.objects.create(inschrijving=inschrijving, beoordelaar=praktijk, rol="praktijk")
    Beoordelaarstoewijzing.objects.create(inschrijving=inschrijving, beoordelaar=school, rol="school")
    return inschrijving


@pytest.fixture
def student(inschrijving):
    return inschrijving.student


@pytest.fixture
def other_inschrijving(p1, cohort):
    student = in_group(UserFactory(username="tim"), Role.STUDENT)
    return InschrijvingFactory(student=student, profiel=p1, cohort=cohort)


@pytest.fixture
def other_student(other_inschrijving):
    return other_inschrijving.student


@pytest.fixture
def werkproces(commercie):
    return Werkproces.objects.get(code="B1-K1-W1")


def criteria_of(werkproces, *, profiel_code: str | None, n: int = 2) -> list[Criterium]:
    qs = Criterium.objects.filter(werkproces=werkproces)
    qs = qs.filter(profiel__isnull=True) if profiel_code is None else qs.filter(profiel__code=profiel_code)
    return list(qs.order_by("soort", "volgorde")[:n])


@pytest.fixture
def concept(inschrijving, werkproces, pdf):
    return services.bewijsstuk_create(
        inschrijving=inschrijving,
        werkproces=werkproces,
        titel="Marktonderzoek regio Utrecht",
        reflectie="Ik heb vacaturesites vergeleken.",
        criteria=criteria_of(werkproces, profiel_code=None),
        files=[pdf()],
        by=inschrijving.student,
    )


@pytest.fixture
def ingediend(concept, student):
    return services.bewijsstuk_submit(bewijsstuk=concept, by=student)
