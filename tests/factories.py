import datetime
import io
import os
import re
from pathlib import Path

import factory
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from accounts.models import User
from accounts.roles import Role
from accounts.services import groups_ensure
from dossier.models import Criterium, Kwalificatiedossier, Profiel, Werkproces
from portfolio import services as portfolio_services
from portfolio.models import Beoordelaarstoewijzing, Bewijsstuk, Cohort, Inschrijving, Opleiding

ROOT = Path(__file__).resolve().parent.parent
DOSSIER_TXT = Path(
    os.environ.get("DOSSIER_TXT", ROOT.parent / "shared" / "dossier" / "kwalificatiedossier-commercie-intercedent.txt")
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Persoon {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    password = factory.django.Password("geheim-wachtwoord-123")


class OpleidingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opleiding
        django_get_or_create = ("naam",)

    naam = "Intercedent"
    dossier = factory.LazyFunction(
        lambda: Kwalificatiedossier.objects.filter(crebo="23064").order_by("-volgnummer").first()
    )


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        django_get_or_create = ("opleiding", "startjaar")

    opleiding = factory.SubFactory(OpleidingFactory)
    startjaar = 2025
    dossier = factory.LazyAttribute(lambda cohort: cohort.opleiding.dossier)


class InschrijvingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inschrijving

    student = factory.SubFactory(UserFactory)
    profiel = factory.LazyFunction(lambda: Profiel.objects.get(dossier__crebo="23064", code="P3"))
    cohort = factory.SubFactory(CohortFactory)
    studentnummer = factory.Sequence(lambda n: f"{200000 + n}")
    leerweg = Inschrijving.Leerweg.BOL
    startdatum = datetime.date(2025, 9, 1)


class ToewijzingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beoordelaarstoewijzing

    inschrijving = factory.SubFactory(InschrijvingFactory)
    beoordelaar = factory.SubFactory(UserFactory)
    rol = Beoordelaarstoewijzing.Rol.SCHOOL


def in_group(user: User, role: Role) -> User:
    user.groups.add(groups_ensure()[role.value])
    return user


def student_user(username: str, **names) -> User:
    return in_group(UserFactory(username=username, **names), Role.STUDENT)


def enrolled_student(profiel: Profiel) -> User:
    """A student enrolled in `profiel` in a cohort of their own making, with nobody assigned."""
    groups_ensure()
    return InschrijvingFactory(profiel=profiel).student


def retail_with_student(username: str) -> Opleiding:
    """Another opleiding (Retail) than the factories' own, with a cohort and one enrolled student."""
    retail = OpleidingFactory(naam="Retail")
    InschrijvingFactory(
        student=student_user(username), cohort=CohortFactory(opleiding=retail), profiel=retail.dossier.profielen.first()
    )
    return retail


def pdf_bytes(text: str = "bewijs") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, "PDF", title=text)
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def pdf_upload(name: str = "verslag.pdf", text: str = "bewijs") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def criteria_of(werkproces: Werkproces, *, profiel_code: str | None, n: int = 2) -> list[Criterium]:
    qs = Criterium.objects.filter(werkproces=werkproces)
    qs = qs.filter(profiel__isnull=True) if profiel_code is None else qs.filter(profiel__code=profiel_code)
    return list(qs.order_by("soort", "volgorde")[:n])


def bewijsstuk_concept(inschrijving: Inschrijving, werkproces: Werkproces, file: SimpleUploadedFile) -> Bewijsstuk:
    """A concept of the student's market research for `werkproces`, with its generic criteria and one file."""
    return portfolio_services.bewijsstuk_create(
        inschrijving=inschrijving,
        werkproces=werkproces,
        titel="Marktonderzoek regio Utrecht",
        reflectie="Ik heb vacaturesites vergeleken.",
        criteria=criteria_of(werkproces, profiel_code=None),
        files=[file],
        by=inschrijving.student,
    )


# Invitations: the mails carry a link and a six-digit code.
INVITATION_LINK = re.compile(r"https?://\S+/uitnodiging/link/[\w-]+/")
INVITATION_CODE = re.compile(r"\b(\d{6})\b")
PIET = {"naam": "Piet Bakker", "email": "piet@leerbedrijf.example"}


def code_from_outbox() -> str:
    return INVITATION_CODE.search(mail.outbox[-1].body).group(1)


def path_of(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


# OOAPI: a system client with its bearer token.
OOAPI_BASE = "/ooapi/v5"


class Ooapi:
    """A system client talking to the real URL stack with its bearer token."""

    def __init__(self, token: str) -> None:
        self.client = APIClient()
        self.client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    def get(self, path: str, **query):
        return self.client.get(f"{OOAPI_BASE}{path}", query)

    def ok(self, path: str, **query) -> dict:
        response = self.get(path, **query)
        assert response.status_code == 200, response.content
        return response.json()
