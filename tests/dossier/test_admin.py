import pytest

from dossier.models import Criterium, Kerntaak, Kwalificatiedossier, Profiel, Werkproces
from tests.factories import UserFactory


@pytest.fixture
def admin_client(client, commercie):
    client.force_login(UserFactory.create(username="beheer", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model", ["kwalificatiedossier", "profiel", "kerntaak", "werkproces", "criterium", "competentie", "keuzedeel"]
)
def test_admin_lists_dossier_models(admin_client, model):
    response = admin_client.get(f"/admin/dossier/{model}/")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "obj",
    [
        lambda: Kwalificatiedossier.objects.get(crebo="23064"),
        lambda: Profiel.objects.get(code="P3"),
        lambda: Kerntaak.objects.get(code="B1-K1"),
        lambda: Werkproces.objects.get(code="B1-K1-W1"),
        lambda: Criterium.objects.filter(werkproces__code="B1-K1-W1").first(),
    ],
)
def test_admin_change_pages_open(admin_client, obj):
    instance = obj()
    meta = instance._meta

    response = admin_client.get(f"/admin/{meta.app_label}/{meta.model_name}/{instance.pk}/change/")

    assert response.status_code == 200


def test_admin_is_closed_to_students(client, student):
    client.force_login(student)

    response = client.get("/admin/dossier/criterium/")

    assert response.status_code == 302


def test_a_used_version_is_read_only_in_the_admin(admin_client, commercie):
    from tests.factories import CohortFactory

    criterium = Criterium.objects.filter(werkproces__kerntaak__dossier=commercie).first()
    assert criterium is not None
    url = f"/admin/dossier/criterium/{criterium.pk}/change/"
    before = admin_client.get(url).content.decode()
    CohortFactory.create()

    response = admin_client.post(url, {"tekst": "Iets anders", "soort": criterium.soort, "volgorde": 1})

    assert 'name="tekst"' in before
    assert response.status_code == 403
    criterium.refresh_from_db()
    assert criterium.tekst != "Iets anders"
    assert 'name="tekst"' not in admin_client.get(url).content.decode()
