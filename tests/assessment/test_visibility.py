"""Who reads a poging's agreed scores and uitslag is one rule (assessment.selectors.sees_agreed_scores): the API's
beoordeling detail and the poging page answer the same for every persona."""

import pytest

from assessment import selectors
from assessment.models import Beoordeling, Examenpoging
from tests.factories import URL, save, scored, start


def _api_sees(api_client, user, beoordeling: Beoordeling) -> bool | None:
    """True/False from the API's detail, None when the user cannot read that beoordeling at all."""
    api_client.force_authenticate(user)
    response = api_client.get(f"{URL}{beoordeling.pk}/")
    if response.status_code == 404:
        return None
    assert response.status_code == 200, response.json()
    return response.json()["poging"]["uitslag"] != ""


def _page_sees(client, user, poging: Examenpoging) -> bool | None:
    client.force_login(user)
    response = client.get(f"/beoordelen/poging/{poging.pk}/")
    if response.status_code == 404:
        return None
    assert response.status_code == 200
    return 'id="poging-uitslag"' in response.content.decode()


def _rule(user, poging: Examenpoging) -> bool:
    return selectors.sees_agreed_scores(
        user=user, poging=poging, own=selectors.own_beoordeling(user=user, poging=poging)
    )


@pytest.fixture
def one_submitted(api_client, inschrijving, praktijk, school):
    """The praktijk assessor submitted all voldoende; the school assessor has a draft."""
    scored(api_client, praktijk, inschrijving)
    draft = start(api_client, school, inschrijving)
    assert save(api_client, school, draft).status_code == 200
    poging = Examenpoging.objects.get()
    Examenpoging.objects.filter(pk=poging.pk).update(uitslag="voldoende")  # the page shows an uitslag only if set
    poging.refresh_from_db()
    return poging


def test_an_assessor_sees_the_agreed_scores_only_after_submitting_their_own(
    client, api_client, one_submitted, praktijk, school
):
    poging = one_submitted
    submitted = poging.beoordelingen.get(beoordelaar=praktijk)
    draft = poging.beoordelingen.get(beoordelaar=school)

    assert _rule(praktijk, poging) is True
    assert _api_sees(api_client, praktijk, submitted) is True
    assert _page_sees(client, praktijk, poging) is True

    assert _rule(school, poging) is False
    assert _api_sees(api_client, school, draft) is False
    assert _page_sees(client, school, poging) is False


def test_the_coordinator_always_and_the_student_once_vastgesteld(
    client, api_client, inschrijving, praktijk, school, coordinator, student
):
    scored(api_client, praktijk, inschrijving)
    scored(api_client, school, inschrijving)
    poging = Examenpoging.objects.get()
    beoordeling = poging.beoordelingen.get(beoordelaar=praktijk)

    assert _rule(coordinator, poging) is True
    assert _api_sees(api_client, coordinator, beoordeling) is True
    assert _page_sees(client, coordinator, poging) is True
    # Before the vaststelling the student reaches neither the beoordeling nor the poging.
    assert _rule(student, poging) is False
    assert _api_sees(api_client, student, beoordeling) is None
    assert _page_sees(client, student, poging) is None

    api_client.force_authenticate(coordinator)
    assert api_client.post(f"{URL}{beoordeling.pk}/vaststellen/", {}, format="json").status_code == 200
    poging.refresh_from_db()

    assert _rule(student, poging) is True
    assert _api_sees(api_client, student, beoordeling) is True
    assert _page_sees(client, student, poging) is True
