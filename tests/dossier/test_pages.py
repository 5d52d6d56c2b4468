import re

import pytest
from django.urls import reverse

from dossier import selectors
from dossier.models import Criterium, Profiel, Werkproces

PROFIELEN = ["P1", "P2", "P3", "P4", "P5", "P6"]


@pytest.fixture
def logged_in(client, student):
    client.force_login(student)
    return client


def aanvullingen_marked(html: str) -> int:
    return len(re.findall(r'class="is-aanvulling"', html))


def test_pages_need_a_login(client, commercie):
    response = client.get("/dossier/23064/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_overview_redirects_to_the_only_dossier(logged_in):
    response = logged_in.get("/dossier/?profiel=P1")

    assert response.status_code == 302
    assert response["Location"] == "/dossier/23064/?profiel=P1"


def test_student_opens_on_their_own_profiel(logged_in):
    response = logged_in.get("/dossier/23064/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="P3" selected>' in html
    assert "P3-K1" in html
    assert "P4-K1" not in html


@pytest.mark.parametrize("code", PROFIELEN)
def test_every_page_renders_for_every_profiel(logged_in, commercie, code):
    profiel = Profiel.objects.get(code=code)
    kerntaken = list(selectors.kerntaak_list(profiel=profiel))

    dossier_page = logged_in.get(f"/dossier/23064/?profiel={code}")

    assert dossier_page.status_code == 200
    html = dossier_page.content.decode()
    for kerntaak in kerntaken:
        assert kerntaak.code in html
        page = logged_in.get(f"/dossier/23064/kerntaak/{kerntaak.code}/?profiel={code}")
        assert page.status_code == 200
        for werkproces in kerntaak.werkprocessen.all():
            page = logged_in.get(f"/dossier/23064/werkproces/{werkproces.code}/?profiel={code}")
            assert page.status_code == 200, werkproces.code
            assert werkproces.titel in page.content.decode()
    other = [k.code for k in selectors.kerntaak_list() if k.profiel_id not in (None, profiel.pk)]
    assert not any(f">{c}<" in html for c in other)


def test_werkproces_page_for_p3_marks_the_additions(logged_in):
    response = logged_in.get("/dossier/23064/werkproces/B1-K1-W1/?profiel=P3")

    html = response.content.decode()
    assert aanvullingen_marked(html) == 4
    assert html.count("Aanvulling P3") == 4 + 3 + 1  # criteria, competenties, omschrijving
    for criterium in Criterium.objects.filter(werkproces__code="B1-K1-W1"):
        assert criterium.tekst.replace("'", "&#x27;") in html


def test_werkproces_page_for_p1_has_only_basisdeel_text(logged_in):
    response = logged_in.get("/dossier/23064/werkproces/B1-K1-W1/?profiel=P1")

    html = response.content.decode()
    assert aanvullingen_marked(html) == 0
    assert "Aanvulling P3" not in html
    assert "Relevante informatie (ten behoeve van een opdracht)" in html
    assert "'new business'" not in html.replace("&#x27;", "'")


def test_werkproces_of_another_profiel_explains_itself(logged_in):
    response = logged_in.get("/dossier/23064/werkproces/P3-K1-W1/?profiel=P1")

    assert response.status_code == 404
    assert "P3-K1-W1 hoort niet bij profiel P1 Commercieel medewerker." in response.content.decode()


def test_unknown_profiel_is_a_clear_message_not_an_error(logged_in):
    response = logged_in.get("/dossier/23064/werkproces/B1-K1-W1/?profiel=P9")

    assert response.status_code == 400
    assert "Onbekend profiel &#x27;P9&#x27;." in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/dossier/99999/", "/dossier/23064/werkproces/B9-K1-W1/", "/dossier/23064/kerntaak/X/"]
)
def test_unknown_pages_are_404(logged_in, url):
    assert logged_in.get(url).status_code == 404


def test_pages_are_available_in_english(logged_in):
    logged_in.cookies["django_language"] = "en"

    response = logged_in.get("/dossier/23064/werkproces/B1-K1-W1/?profiel=P3")

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Behaviour" in html
    assert "Addition P3" in html


@pytest.mark.parametrize("query", ["?profiel=", "?profiel=P3", "?profiel=P6"])
def test_dossier_page_query_count_is_the_same_for_any_profiel(logged_in, django_assert_max_num_queries, query):
    with django_assert_max_num_queries(12):
        response = logged_in.get(f"/dossier/23064/{query}")
    assert response.status_code == 200


@pytest.mark.parametrize("code", ["B1-K2-W3", "P3-K1-W2"])
def test_werkproces_page_query_count_is_bounded(logged_in, django_assert_max_num_queries, code):
    Werkproces.objects.get(code=code)
    with django_assert_max_num_queries(13):
        response = logged_in.get(f"/dossier/23064/werkproces/{code}/?profiel=P3")
    assert response.status_code == 200
