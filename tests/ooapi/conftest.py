import pytest

from assessment import services as assessment_services
from assessment.models import Beoordeling, Examenpoging
from dossier.models import Werkproces
from ooapi import services as ooapi_services
from portfolio.models import Beoordelaarstoewijzing
from tests.factories import Ooapi, score_all


@pytest.fixture
def make_client(db):
    def make(naam: str = "SIS", opleidingen=(), instellingsbreed: bool | None = None) -> Ooapi:
        if instellingsbreed is None:
            instellingsbreed = not opleidingen
        koppeling, token = ooapi_services.systeemkoppeling_create(
            naam=naam, opleidingen=opleidingen, instellingsbreed=instellingsbreed
        )
        ooapi = Ooapi(token)
        ooapi.koppeling = koppeling
        return ooapi

    return make


@pytest.fixture
def sis(make_client, commercie) -> Ooapi:
    """The school's student information system, reading every opleiding."""
    return make_client()


@pytest.fixture
def vaststel(praktijk, school, coordinator):
    """Both assessors score every criterion, the coordinator vaststelt: the real path to a final result."""

    def run(inschrijving, code: str, waarde: str = "voldoende") -> Examenpoging:
        for user, rol in ((praktijk, "praktijk"), (school, "school")):
            Beoordelaarstoewijzing.objects.get_or_create(inschrijving=inschrijving, beoordelaar=user, rol=rol)
        werkproces = Werkproces.objects.get(kerntaak__dossier=inschrijving.profiel.dossier, code=code)
        for user in (praktijk, school):
            beoordeling = assessment_services.beoordeling_start(
                inschrijving=inschrijving, werkproces=werkproces, by=user, soort=Beoordeling.Soort.EXAMEN
            )
            score_all(beoordeling, user, waarde=waarde)
        poging = Examenpoging.objects.filter(inschrijving=inschrijving, werkproces__code=code).latest("nummer")
        assessment_services.poging_vaststellen(poging=poging, by=coordinator)
        poging.refresh_from_db()
        return poging

    return run
