import dataclasses
import datetime
import io
import os
import re
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import factory
import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image
from playwright.sync_api import expect
from rest_framework.test import APIClient

from accounts.models import User
from accounts.roles import Role
from accounts.services import groups_ensure
from assessment import services as assessment_services
from assessment.models import Beoordeling, Examenpoging
from config.celery import app
from diploma.models import GeneriekResultaat, KeuzedeelResultaat, Report
from diploma.rules import Facts, Keuzedeel
from dossier.models import Criterium, Kwalificatiedossier, Profiel, Werkproces
from ooapi.models import Systeemkoppeling
from portfolio import services as portfolio_services
from portfolio.csv_import import CSV_COLUMNS, CsvImportResult, inschrijvingen_import_csv
from portfolio.models import Beoordelaarstoewijzing, Bewijsstuk, Cohort, Inschrijving, Opleiding
from tests.ooapi.spec import PROBLEM, assert_valid

ROOT = Path(__file__).resolve().parent.parent
DOSSIER_TXT = Path(
    os.environ.get("DOSSIER_TXT", ROOT.parent / "shared" / "dossier" / "kwalificatiedossier-commercie-intercedent.txt")
)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Persoon {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    password = factory.django.Password("geheim-wachtwoord-123")


class OpleidingFactory(factory.django.DjangoModelFactory[Opleiding]):
    class Meta:
        model = Opleiding
        django_get_or_create = ("naam",)

    naam = "Intercedent"
    dossier = factory.LazyFunction(
        lambda: Kwalificatiedossier.objects.filter(crebo="23064").order_by("-volgnummer").first()
    )


class CohortFactory(factory.django.DjangoModelFactory[Cohort]):
    class Meta:
        model = Cohort
        django_get_or_create = ("opleiding", "startjaar")

    opleiding = factory.SubFactory(OpleidingFactory)
    startjaar = 2025
    dossier = factory.LazyAttribute(lambda cohort: cohort.opleiding.dossier)


class InschrijvingFactory(factory.django.DjangoModelFactory[Inschrijving]):
    class Meta:
        model = Inschrijving

    student = factory.SubFactory(UserFactory)
    profiel = factory.LazyFunction(lambda: Profiel.objects.get(dossier__crebo="23064", code="P3"))
    cohort = factory.SubFactory(CohortFactory)
    studentnummer = factory.Sequence(lambda n: f"{200000 + n}")
    leerweg = Inschrijving.Leerweg.BOL
    startdatum = datetime.date(2025, 9, 1)


class ToewijzingFactory(factory.django.DjangoModelFactory[Beoordelaarstoewijzing]):
    class Meta:
        model = Beoordelaarstoewijzing

    inschrijving = factory.SubFactory(InschrijvingFactory)
    beoordelaar = factory.SubFactory(UserFactory)
    rol = Beoordelaarstoewijzing.Rol.SCHOOL


def in_group(user: User, role: Role) -> User:
    user.groups.add(groups_ensure()[role.value])
    return user


def student_user(username: str, **names) -> User:
    return in_group(UserFactory.create(username=username, **names), Role.STUDENT)


def enrolled_student(profiel: Profiel) -> User:
    """A student enrolled in `profiel` in a cohort of their own making, with nobody assigned."""
    groups_ensure()
    return InschrijvingFactory.create(profiel=profiel).student


def retail_with_student(username: str) -> Opleiding:
    """Another opleiding (Retail) than the factories' own, with a cohort and one enrolled student."""
    retail = OpleidingFactory.create(naam="Retail")
    InschrijvingFactory.create(
        student=student_user(username),
        cohort=CohortFactory.create(opleiding=retail),
        profiel=retail.dossier.profielen.first(),
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
    code = INVITATION_CODE.search(str(mail.outbox[-1].body))
    assert code is not None, mail.outbox[-1].body
    return code.group(1)


def path_of(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


# OOAPI: a system client with its bearer token, and the problem details it is refused with.
OOAPI_BASE = "/ooapi/v5"


class Ooapi:
    """A system client talking to the real URL stack with its bearer token."""

    koppeling: Systeemkoppeling  # set by the make_client fixture (tests/ooapi/conftest.py)

    def __init__(self, token: str) -> None:
        self.client = APIClient()
        self.client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    def get(self, path: str, **query):
        return self.client.get(f"{OOAPI_BASE}{path}", query)

    def ok(self, path: str, **query) -> dict:
        response = self.get(path, **query)
        assert response.status_code == 200, response.content
        return response.json()


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert_valid(body, PROBLEM)
    assert body["status"] == str(status)
    return body


# Dossier import: the management command's output, and the texts it pairs.
def run_import(path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_dossier", str(path), *args, stdout=out)
    return out.getvalue()


def b1k1w1_gedrag(dossier) -> list[str]:
    return list(
        Criterium.objects.filter(
            werkproces__kerntaak__dossier=dossier, werkproces__code="B1-K1-W1", soort="gedrag", profiel__isnull=True
        )
        .order_by("volgorde")
        .values_list("tekst", flat=True)
    )


# CSV import of enrolments: a valid line, changed one column at a time.
HEADER = ";".join(CSV_COLUMNS)
VALID = {
    "studentnummer": "300001",
    "voornaam": "Sanne",
    "achternaam": "de Vries",
    "email": "sanne@example.test",
    "gebruikersnaam": "",
    "profiel": "P3",
    "leerweg": "BOL",
    "startdatum": "2025-09-01",
    "leerbedrijf": "Randstad Utrecht",
    "praktijkbeoordelaar": "praktijk",
    "schoolbeoordelaar": "school",
    "bpv_coach": "coach",
}


def upload(text: str, *, encoding: str = "utf-8", bom: bool = False) -> SimpleUploadedFile:
    content = text.encode(encoding)
    if bom:
        content = b"\xef\xbb\xbf" + content
    return SimpleUploadedFile("studenten.csv", content, content_type="text/csv")


def line(**overrides: str) -> str:
    return ";".join({**VALID, **overrides}.values())


def run(coordinator, cohort, text: str, **kwargs) -> CsvImportResult:
    return inschrijvingen_import_csv(by=coordinator, cohort=cohort, fileobj=upload(text, **kwargs))


# Assessment through the services: every score filled in, then submitted.
def score_all(beoordeling, by, waarde="voldoende", overrides=None, submit=True):
    scores = {s.criterium_id: ((overrides or {}).get(s.criterium_id, waarde), "") for s in beoordeling.scores.all()}
    beoordeling.refresh_from_db()
    assessment_services.beoordeling_save(
        beoordeling=beoordeling, by=by, expected_version=beoordeling.version, scores=scores, feedback="Goed gedaan."
    )
    if submit:
        assessment_services.beoordeling_submit(beoordeling=beoordeling, by=by, expected_version=beoordeling.version)
    beoordeling.refresh_from_db()
    return beoordeling


# Assessment through the API (/api/v1/beoordelingen/): start, save, submit, or all three at once.
URL = "/api/v1/beoordelingen/"


def start(api_client, user, inschrijving, soort=Beoordeling.Soort.EXAMEN) -> dict:
    api_client.force_authenticate(user)
    response = api_client.post(
        URL, {"inschrijving": inschrijving.pk, "werkproces": "B1-K1-W1", "soort": soort}, format="json"
    )
    assert response.status_code == 201, response.json()
    return response.json()


def save(api_client, user, body: dict, waarde="voldoende", overrides=None, feedback="Goed gedaan."):
    api_client.force_authenticate(user)
    scores = [
        {"criterium": s["criterium"], "waarde": (overrides or {}).get(s["criterium"], waarde), "opmerking": ""}
        for s in body["scores"]
    ]
    return api_client.post(
        f"{URL}{body['id']}/save/",
        {"version": body["version"], "feedback": feedback, "scores": scores},
        format="json",
    )


def submit(api_client, user, body: dict):
    api_client.force_authenticate(user)
    return api_client.post(f"{URL}{body['id']}/submit/", {"version": body["version"]}, format="json")


def scored(api_client, user, inschrijving, waarde="voldoende", overrides=None) -> dict:
    """Start, fill in and submit an examen beoordeling through the API; returns the submitted detail."""
    saved = save(api_client, user, start(api_client, user, inschrijving), waarde=waarde, overrides=overrides)
    assert saved.status_code == 200, saved.json()
    submitted = submit(api_client, user, saved.json())
    assert submitted.status_code == 200, submitted.json()
    return submitted.json()


# Diploma: a student who meets every condition in the database, and as the rules' plain Facts.
def complete_student(inschrijving, *, praktijk, school, coordinator) -> None:
    """Every werkproces vastgesteld voldoende, generic results and keuzedelen in order."""
    werkprocessen = Werkproces.objects.filter(kerntaak__dossier=inschrijving.profiel.dossier).filter(
        kerntaak__profiel__in=[None, inschrijving.profiel]
    ) | Werkproces.objects.filter(kerntaak__profiel__isnull=True, kerntaak__dossier=inschrijving.profiel.dossier)
    for werkproces in werkprocessen.distinct():
        for user in (praktijk, school):
            beoordeling = assessment_services.beoordeling_start(
                inschrijving=inschrijving, werkproces=werkproces, by=user, soort="examen"
            )
            score_all(beoordeling, user)
        assessment_services.poging_vaststellen(
            poging=Examenpoging.objects.get(inschrijving=inschrijving, werkproces=werkproces), by=coordinator
        )
    GeneriekResultaat.objects.create(
        inschrijving=inschrijving,
        nederlands_ce=Decimal("6.0"), nederlands_se=Decimal("6.4"),
        engels_ce=Decimal("5.4"), engels_se=Decimal("5.5"),
        rekenen=Decimal("6.0"), loopbaan_burgerschap=True, bpv_uren=1000, bpv_voldaan=True,
    )  # fmt: skip
    KeuzedeelResultaat.objects.create(
        inschrijving=inschrijving, code="K0001", naam="Sales", sbu=240, cijfer=Decimal("7")
    )
    KeuzedeelResultaat.objects.create(
        inschrijving=inschrijving, code="K0002", naam="Engels", sbu=480, cijfer=Decimal("6")
    )


def kd(code: str, cijfer: str | None, sbu: int = 240, afgelegd: bool = False) -> Keuzedeel:
    return Keuzedeel(code, f"Keuzedeel {code[-1]}", sbu, None if cijfer is None else Decimal(cijfer), afgelegd)


def student(**changes: Any) -> Facts:
    """A niveau 4 student of cohort 2022 who meets every condition; tests change one thing at a time."""
    facts = Facts(
        niveau=4,
        cohort=2022,
        kerntaken={"B1-K1": "voldoende", "B1-K2": "goed", "B1-K3": "voldoende", "P3-K1": "goed"},
        kerntaak_missing={"B1-K1": (), "B1-K2": (), "B1-K3": (), "P3-K1": ()},
        nederlands_ce=Decimal("6.0"),
        nederlands_se=Decimal("6.4"),
        engels_ce=Decimal("7.0"),
        engels_se=Decimal("7.0"),
        rekenen=Decimal("6.5"),
        loopbaan_burgerschap=True,
        keuzedelen=(kd("K0001", "7"), kd("K0002", "6"), kd("K0003", "6")),
        bpv_voldaan=True,
        bpv_uren=920,
    )
    return dataclasses.replace(facts, **changes)


# MFA: the current TOTP code, and setting up an authenticator through the pages.
def totp(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def activate_totp(client) -> str:
    page = client.get("/accounts/2fa/totp/activate/").content.decode()
    found = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page)
    assert found is not None, page[:2000]
    secret = found.group(1)
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


# Browser: people who log in with PASSWORD, on a phone and a desktop, and pages that must not scroll sideways.
PASSWORD = "wachtwoord-voor-test"
VIEWPORTS = {"telefoon": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}

OVERFLOW = """() => {
  const over = [];
  const doc = document.documentElement;
  if (!doc) return ['geen document'];
  if (doc.scrollWidth > window.innerWidth + 1) over.push(`pagina ${doc.scrollWidth} > ${window.innerWidth}`);
  document.querySelectorAll('.table-wrap').forEach((el) => {
    if (el.scrollWidth > el.clientWidth + 1) over.push(`tabel ${el.scrollWidth} > ${el.clientWidth}`);
  });
  return over;
}"""


def person(username: str, first: str, last: str, role: Role):
    user = UserFactory.create(username=username, first_name=first, last_name=last, password=PASSWORD)
    user.groups.add(groups_ensure()[role.value])
    return user


def fits(page) -> None:
    """No horizontal scrolling: not of the page, not inside a table."""
    page.wait_for_load_state("load")
    assert page.evaluate(OVERFLOW) == [], page.url


def within_screen(page, locator) -> None:
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    assert box is not None, page.url
    assert box["x"] >= 0, (page.url, box)
    assert box["x"] + box["width"] <= width + 1, (page.url, box)


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    fits(page)


def log_out(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()


# Celery workers in their own process (tests/integration): the fixtures are in tests/integration/conftest.py.
FAST_SECONDS_PER_ROW = 0.01
TIMEOUT = 45


def forget_connections() -> None:
    # The app caches its pools, made with the broker settings in force then. Kombu keeps the pools
    # themselves, keyed by those settings, for anyone else who uses them: drop the references, close nothing.
    app._pool = None  # type: ignore[attr-defined]  # private to Celery, so not in celery-types
    app.amqp._producer_pool = None  # type: ignore[attr-defined]  # private to Celery, so not in celery-types


def wait_for(report: Report, condition, seen: list[str]) -> Report:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        report.refresh_from_db()
        seen.append(report.status)
        if condition(report):
            return report
        time.sleep(0.1)
    pytest.fail(f"Rapport bleef {report.status} met voortgang {report.progress}% (gezien: {sorted(set(seen))})")


# -- xlsx reports read back -----------------------------------------------------------------------------------------


def first_sheet(source) -> Worksheet:
    """The workbook's first (active) worksheet, as the report builders write it."""
    sheet = load_workbook(source).active
    assert isinstance(sheet, Worksheet)
    return sheet
