import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from accounts.services import groups_ensure
from dossier.models import Kwalificatiedossier, Profiel
from tests.factories import InschrijvingFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
DOSSIER_TXT = Path(
    os.environ.get("DOSSIER_TXT", ROOT.parent / "shared" / "dossier" / "kwalificatiedossier-commercie-intercedent.txt")
)


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


@pytest.fixture
def student(p3):
    groups_ensure()
    return InschrijvingFactory(profiel=p3).student


@pytest.fixture
def outsider(db):
    return UserFactory(username="buitenstaander")


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
