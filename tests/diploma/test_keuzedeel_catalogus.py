"""Recording a keuzedeel result: chosen from the catalogue (dossier.Keuzedeel), never typed in."""

from decimal import Decimal

import pytest

from diploma.models import KeuzedeelResultaat
from dossier.models import Keuzedeel


@pytest.fixture
def catalogus(db):
    return [
        Keuzedeel.objects.create(code="K0080", naam="Oriëntatie op ondernemerschap", omvang=240),
        Keuzedeel.objects.create(code="K0125", naam="Verdieping sales", omvang=480),
    ]


def url(inschrijving) -> str:
    return f"/diploma/inschrijving/{inschrijving.pk}/resultaten/"


def test_the_form_lists_the_catalogue_instead_of_free_text(client, coordinator, inschrijving, catalogus):
    client.force_login(coordinator)

    html = client.get(url(inschrijving)).content.decode()

    assert '<select name="keuzedeel"' in html
    assert '<option value="K0080">K0080 Oriëntatie op ondernemerschap (240 SBU)</option>' in html
    assert '<option value="K0125">K0125 Verdieping sales (480 SBU)</option>' in html
    # No free-text code, naam or SBU fields any more.
    for name in ("code", "naam", "sbu"):
        assert f'<input type="text" name="{name}"' not in html
        assert f'<input type="number" name="{name}"' not in html
    assert 'id="catalogus-leeg"' not in html


def test_saving_a_catalogue_entry_stores_its_code_naam_and_sbu(client, coordinator, inschrijving, catalogus):
    client.force_login(coordinator)

    response = client.post(url(inschrijving), {"action": "keuzedeel", "keuzedeel": "K0125", "cijfer": "7.5"})

    assert response.status_code == 302
    saved = KeuzedeelResultaat.objects.get(inschrijving=inschrijving)
    assert (saved.code, saved.naam, saved.sbu, saved.cijfer) == ("K0125", "Verdieping sales", 480, Decimal("7.5"))
    page = client.get(response["Location"]).content.decode()
    assert "K0125 Verdieping sales (480 SBU): 7.5" in page or "K0125 Verdieping sales (480 SBU): 7,5" in page


@pytest.mark.parametrize(
    "data",
    [
        {"keuzedeel": "K9999", "naam": "Zelf bedacht", "sbu": "240"},  # not in the catalogue; free text ignored
        {"keuzedeel": ""},
        {"keuzedeel": "K0080", "cijfer": "tien"},
        {"keuzedeel": "K0080", "cijfer": "10.5"},
    ],
)
def test_a_choice_outside_the_catalogue_or_a_bad_mark_is_refused_without_a_500(
    client, coordinator, inschrijving, catalogus, data
):
    client.force_login(coordinator)

    response = client.post(url(inschrijving), {"action": "keuzedeel", **data})

    assert response.status_code == 400
    assert not KeuzedeelResultaat.objects.exists()
    html = response.content.decode()
    assert 'role="alert"' in html or 'class="message error"' in html  # the field's error, or the service's


def test_an_empty_catalogue_says_where_keuzedelen_come_from(client, coordinator, inschrijving):
    client.force_login(coordinator)

    html = client.get(url(inschrijving)).content.decode()

    assert 'id="catalogus-leeg"' in html
    assert "De keuzedelencatalogus is nog leeg" in html


def test_the_form_reads_the_catalogue_in_one_query_whatever_its_size(
    client, coordinator, inschrijving, catalogus, django_assert_max_num_queries
):
    client.force_login(coordinator)
    client.get(url(inschrijving))
    with django_assert_max_num_queries(30) as few:
        client.get(url(inschrijving))
    Keuzedeel.objects.bulk_create(Keuzedeel(code=f"K1{n:03}", naam=f"Keuzedeel {n}", omvang=240) for n in range(50))

    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url(inschrijving)).content.decode()
    assert "K1049 Keuzedeel 49 (240 SBU)" in html


def test_the_results_page_is_refused_to_a_student(client, student, inschrijving, catalogus):
    client.force_login(student)

    response = client.post(url(inschrijving), {"action": "keuzedeel", "keuzedeel": "K0080"})

    assert response.status_code in (403, 404)
    assert not KeuzedeelResultaat.objects.exists()
