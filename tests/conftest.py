import os
from pathlib import Path

import pytest
from django.core.management import call_command
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
