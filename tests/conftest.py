import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from hypothesis.configuration import set_hypothesis_home_dir
from rest_framework.test import APIClient

from accounts.roles import Role
from dossier.models import Criterium, Kwalificatiedossier, Profiel, Werkproces
from portfolio import services as portfolio_services
from portfolio.models import Beoordelaarstoewijzing
from tests.factories import (
    DOSSIER_TXT,
    CohortFactory,
    InschrijvingFactory,
    OpleidingFactory,
    UserFactory,
    b1k1w1_gedrag,
    bewijsstuk_concept,
    in_group,
    pdf_upload,
    retail_with_student,
    student_user,
)

# Hypothesis (under schemathesis, tests/test_api_fuzz.py) keeps its files outside the work tree: tests leave it clean.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "dossierportaal-hypothesis")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The Commercie dossier is reference data: load it once for the non-transactional tests."""
    with django_db_blocker.unblock():
        call_command("loaddata", "commercie", verbosity=0)
    yield
    with django_db_blocker.unblock():
        _close_stray_connections()


def _close_stray_connections() -> None:
    # A live-server request thread can leave its connection behind; PostgreSQL then refuses to drop
    # the test database. End such sessions so every run starts from a fresh database.
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def commercie(db) -> Kwalificatiedossier:
    """The Commercie dossier; transactional tests empty the database, so load it again where needed."""
    dossier = Kwalificatiedossier.objects.filter(crebo="23064").first()
    if dossier is None:
        call_command("loaddata", "commercie", verbosity=0)
        dossier = Kwalificatiedossier.objects.get(crebo="23064")
    return dossier


@pytest.fixture
def p1(commercie) -> Profiel:
    return commercie.profielen.get(code="P1")


@pytest.fixture
def p3(commercie) -> Profiel:
    return commercie.profielen.get(code="P3")


@pytest.fixture
def dossier_txt() -> Path:
    if not DOSSIER_TXT.exists():
        pytest.fail(f"Het gedeelde dossierbestand ontbreekt: {DOSSIER_TXT}")
    return DOSSIER_TXT


# A second version of the dossier text, for the tests of dossier versions and of OOAPI ids across versions.
@pytest.fixture
def three_changes(dossier_txt, tmp_path, commercie):
    """One gedrag criterion added at the top of B1-K1-W1, one removed, one reworded elsewhere."""
    gedrag = b1k1w1_gedrag(commercie)
    removed = Criterium.objects.get(
        werkproces__code="B1-K3-W1", soort="resultaat", profiel__isnull=True, volgorde=2
    ).tekst
    reworded = Criterium.objects.get(werkproces__code="B1-K3-W3", soort="resultaat", profiel__isnull=True, volgorde=1)
    text = dossier_txt.read_text(encoding="utf-8")
    first_line = f"- {gedrag[0][:40]}"
    assert first_line in text
    start = text.index(first_line)
    text = text[:start] + "- Werkt veilig en volgens de huisregels.\n" + text[start:]
    removed_line = f"- {removed}"
    assert removed_line in text, removed
    text = text.replace(removed_line + "\n", "", 1)
    text = text.replace(reworded.tekst[:-1], reworded.tekst[:-1] + " en de huisstijl", 1)
    path = tmp_path / "dossier-v2.txt"
    path.write_text(text, encoding="utf-8")
    return {"path": path, "removed": removed, "reworded": reworded}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def pdf():
    return pdf_upload


# The personas: Sanne (student, P3) in the Intercedent cohort with Pieter (praktijk), Samira (school) and
# Carmen (BPV-coach); Tim (P1) in the same cohort; Carla coordinates Intercedent, Esther is its examencommissie.
# tests/dossier and tests/accounts have a `student` of their own: one enrolment and nothing around it.
@pytest.fixture
def cohort(commercie):
    return CohortFactory.create()


@pytest.fixture
def praktijk(db):
    return in_group(UserFactory.create(username="praktijk", first_name="Pieter", last_name="Jansen"), Role.BEOORDELAAR)


@pytest.fixture
def school(db):
    return in_group(
        UserFactory.create(username="school", first_name="Samira", last_name="El Idrissi"), Role.BEOORDELAAR
    )


@pytest.fixture
def coach(db):
    return UserFactory.create(username="coach", first_name="Carmen", last_name="Coach")


@pytest.fixture
def other_beoordelaar(db):
    return in_group(UserFactory.create(username="andere-beoordelaar"), Role.BEOORDELAAR)


@pytest.fixture
def coordinator(commercie):
    """Coordinates the opleiding of every cohort the factories make (Intercedent)."""
    user = in_group(
        UserFactory.create(username="coordinator", first_name="Carla", last_name="Bakker"), Role.COORDINATOR
    )
    OpleidingFactory.create().coordinatoren.add(user)
    return user


@pytest.fixture
def other_coordinator(commercie):
    """A coordinator of another opleiding (Retail), with a cohort and a student of their own."""
    user = in_group(UserFactory.create(username="andere-coordinator"), Role.COORDINATOR)
    retail_with_student("ruben").coordinatoren.add(user)
    return user


@pytest.fixture
def examencommissie(commercie):
    """A member of the examencommissie of the opleiding of every cohort the factories make (Intercedent)."""
    user = in_group(
        UserFactory.create(username="examencommissie", first_name="Esther", last_name="Visser"), Role.EXAMENCOMMISSIE
    )
    OpleidingFactory.create().examencommissie.add(user)
    return user


@pytest.fixture
def other_examencommissie(commercie):
    """A member of another opleiding's examencommissie (Retail), whose opleiding has a student of its own."""
    user = in_group(UserFactory.create(username="andere-examencommissie"), Role.EXAMENCOMMISSIE)
    retail_with_student("rosa").examencommissie.add(user)
    return user


@pytest.fixture
def inschrijving(p3, cohort, praktijk, school, coach):
    student = student_user("sanne", first_name="Sanne", last_name="de Vries")
    inschrijving = InschrijvingFactory.create(student=student, profiel=p3, cohort=cohort, bpv_coach=coach)
    Beoordelaarstoewijzing.objects.create(inschrijving=inschrijving, beoordelaar=praktijk, rol="praktijk")
    Beoordelaarstoewijzing.objects.create(inschrijving=inschrijving, beoordelaar=school, rol="school")
    return inschrijving


@pytest.fixture
def student(inschrijving):
    return inschrijving.student


@pytest.fixture
def other_inschrijving(p1, cohort):
    return InschrijvingFactory.create(student=student_user("tim"), profiel=p1, cohort=cohort)


@pytest.fixture
def other_student(other_inschrijving):
    return other_inschrijving.student


@pytest.fixture
def outsider(db):
    return UserFactory.create(username="buitenstaander")


@pytest.fixture
def werkproces(commercie):
    return Werkproces.objects.get(code="B1-K1-W1")


@pytest.fixture
def concept(inschrijving, werkproces, pdf):
    return bewijsstuk_concept(inschrijving, werkproces, pdf())


@pytest.fixture
def ingediend(concept, student):
    return portfolio_services.bewijsstuk_submit(bewijsstuk=concept, by=student)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture(scope="session")
def oidc_provider(live_server):
    """A real OpenID Connect provider (tests/oidc_provider.py) that knows the test client and the live server."""
    from tests import oidc_provider as oidc

    provider = oidc.start(["http://testserver", live_server.url])
    yield provider
    provider.process.terminate()
    provider.process.wait(timeout=10)


@pytest.fixture
def sso(settings, oidc_provider):
    """The portal configured for single sign-on with that provider, as OIDC_* in the environment would."""
    settings.SOCIALACCOUNT_PROVIDERS = oidc_provider.app_settings()
    settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": ["'self'", oidc_provider.issuer]}
    return oidc_provider


# Chromium for the browser tests (tests/browser and the apps' own), one per session for the whole suite:
# Playwright's sync API may run only once in a thread.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium ontbreekt; .ci/run installeert het met apt-get install chromium.")
        pytest.skip("Chromium is niet geïnstalleerd (apt-get install chromium); browsertests overgeslagen.")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; Django's ORM refuses to run in
    # such a thread unless told it is safe, which it is for test set-up and teardown.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Irreversible steps ask for confirmation: the tests answer yes and keep the questions to check them.
    page.confirmations = []

    def accept(dialog) -> None:
        page.confirmations.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    yield page
    context.close()
