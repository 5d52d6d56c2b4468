"""The beoordelingsvoorschrift's "cijfers per niveau": a checkbox and three numbers, never raw JSON."""

import re

import pytest

from assessment.models import Beoordelingsvoorschrift

BASE = {"schaal": "ovg", "slaagregel": "geen_onvoldoende", "twee_beoordelaars": "on"}
CIJFERS = {"kerntaak_cijfers_aan": "on", "cijfer_onvoldoende": "4", "cijfer_voldoende": "6", "cijfer_goed": "8"}


@pytest.fixture
def page(client, coordinator, cohort):
    client.force_login(coordinator)
    return f"/beoordelen/voorschrift/{cohort.pk}/"


def form_of(html: str) -> str:
    found = re.search(r"<form method=\"post\" class=\"card stacked-form\".*?</form>", html, re.S)
    assert found is not None
    return found.group(0)


def test_the_page_shows_a_checkbox_and_three_labelled_number_fields_not_json(client, page):
    form = form_of(client.get(page).content.decode())

    assert "null" not in form
    assert 'name="kerntaak_cijfers"' not in form
    assert re.search(r'<input type="checkbox" name="kerntaak_cijfers_aan" [^>]*id="id_kerntaak_cijfers_aan">', form)
    assert '<label for="id_kerntaak_cijfers_aan">Kerntaken krijgen een cijfer</label>' in form
    for niveau in ("onvoldoende", "voldoende", "goed"):
        assert f'<label for="id_cijfer_{niveau}">Cijfer bij {niveau}</label>' in form
        assert re.search(rf'<input type="number" name="cijfer_{niveau}" min="1" max="10" id="id_cijfer_{niveau}"', form)


def test_the_stored_cijfers_are_the_initial_values(client, page, cohort):
    Beoordelingsvoorschrift.objects.create(
        cohort=cohort, kerntaak_cijfers={"onvoldoende": 3, "voldoende": 7, "goed": 9}
    )

    form = form_of(client.get(page).content.decode())

    assert re.search(
        r'<input type="checkbox" name="kerntaak_cijfers_aan" [^>]*id="id_kerntaak_cijfers_aan" checked>', form
    )
    for niveau, cijfer in (("onvoldoende", 3), ("voldoende", 7), ("goed", 9)):
        assert re.search(rf'name="cijfer_{niveau}" value="{cijfer}"', form)


def test_the_cijfers_are_stored_as_one_per_niveau(client, page, cohort):
    response = client.post(page, {**BASE, **CIJFERS})

    assert response.status_code == 302
    cohort.voorschrift.refresh_from_db()
    assert cohort.voorschrift.kerntaak_cijfers == {"onvoldoende": 4, "voldoende": 6, "goed": 8}


@pytest.mark.parametrize("numbers", [{}, {"cijfer_onvoldoende": "4", "cijfer_voldoende": "zes", "cijfer_goed": "8"}])
def test_without_the_checkbox_nothing_is_stored_whatever_the_numbers(client, page, cohort, numbers):
    Beoordelingsvoorschrift.objects.create(
        cohort=cohort, kerntaak_cijfers={"onvoldoende": 4, "voldoende": 6, "goed": 8}
    )

    response = client.post(page, {**BASE, **numbers})

    assert response.status_code == 302
    cohort.voorschrift.refresh_from_db()
    assert cohort.voorschrift.kerntaak_cijfers is None


@pytest.mark.parametrize(
    ("numbers", "message"),
    [
        (
            {"cijfer_voldoende": "7", "cijfer_goed": "6"},
            "Het cijfer voor goed (6) mag niet lager zijn dan dat voor voldoende (7).",
        ),
        ({"cijfer_goed": "acht"}, "Voer een geheel getal in."),
        ({"cijfer_goed": ""}, "Er ontbreekt een cijfer voor: goed."),
        ({"cijfer_onvoldoende": "6"}, "Het cijfer voor onvoldoende moet lager dan 6 zijn, niet 6."),
        ({"cijfer_goed": "11"}, "Het cijfer voor goed moet een heel getal van 1 tot en met 10 zijn, niet 11."),
    ],
)
def test_wrong_cijfers_are_a_dutch_400_and_nothing_is_saved(client, page, cohort, numbers, message):
    response = client.post(page, {**BASE, **CIJFERS, **numbers})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Beoordelingsvoorschrift.objects.filter(cohort=cohort).exists()


def test_wrong_cijfers_keep_a_stored_voorschrift_as_it_was(client, page, cohort):
    stored = {"onvoldoende": 4, "voldoende": 6, "goed": 8}
    Beoordelingsvoorschrift.objects.create(cohort=cohort, kerntaak_cijfers=stored)

    response = client.post(page, {**BASE, **CIJFERS, "cijfer_goed": "5"})

    assert response.status_code == 400
    cohort.voorschrift.refresh_from_db()
    assert cohort.voorschrift.kerntaak_cijfers == stored
