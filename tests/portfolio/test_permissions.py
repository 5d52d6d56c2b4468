"""Who may see and do what, in the pages and in the API: another user's object is a 404, like a missing one."""

import pytest

from portfolio.models import Bewijsstuk

READERS_OF_SUBMITTED = {"student", "coach", "praktijk", "school", "coordinator"}
READERS_OF_CONCEPT = {"student", "coach", "coordinator"}
EVERYONE = [
    "student", "other_student", "praktijk", "school", "other_beoordelaar", "coach", "coordinator", "other_coordinator",
    "outsider",
]  # fmt: skip


def coordinator_urls(cohort) -> list[str]:
    base = f"/portfolio/beheer/cohorten/{cohort.pk}/"
    return ["/portfolio/beheer/cohorten/", base, f"{base}inschrijvingen/nieuw/", f"{base}inschrijvingen/import/"]


def as_user(client, request, persona: str):
    client.force_login(request.getfixturevalue(persona))
    return client


@pytest.mark.parametrize("persona", EVERYONE)
def test_portfolio_dashboard(client, request, inschrijving, persona):
    response = as_user(client, request, persona).get(f"/portfolio/{inschrijving.pk}/")

    assert response.status_code == (200 if persona in READERS_OF_SUBMITTED else 404)


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("state", ["concept", "ingediend"])
def test_bewijsstuk_page_and_file(client, request, persona, state):
    bewijsstuk = request.getfixturevalue(state)
    bestand = bewijsstuk.versies.get().bestanden.get()
    allowed = READERS_OF_SUBMITTED if state == "ingediend" else READERS_OF_CONCEPT
    client = as_user(client, request, persona)

    page = client.get(f"/portfolio/bewijsstukken/{bewijsstuk.pk}/")
    download = client.get(f"/portfolio/bestanden/{bestand.pk}/")

    expected = 200 if persona in allowed else 404
    assert (page.status_code, download.status_code) == (expected, expected)


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("state", ["concept", "ingediend"])
def test_bewijsstuk_in_the_api(api_client, request, persona, state):
    bewijsstuk = request.getfixturevalue(state)
    bestand = bewijsstuk.versies.get().bestanden.get()
    allowed = READERS_OF_SUBMITTED if state == "ingediend" else READERS_OF_CONCEPT
    api_client.force_authenticate(request.getfixturevalue(persona))

    detail = api_client.get(f"/api/v1/bewijsstukken/{bewijsstuk.pk}/")
    download = api_client.get(f"/api/v1/bewijsstukken/{bewijsstuk.pk}/bestanden/{bestand.pk}/")
    listed = [b["id"] for b in api_client.get("/api/v1/bewijsstukken/").json()["results"]]

    expected = 200 if persona in allowed else 404
    assert (detail.status_code, download.status_code) == (expected, expected)
    assert (bewijsstuk.pk in listed) == (persona in allowed)


@pytest.mark.parametrize("persona", EVERYONE)
def test_inschrijving_in_the_api(api_client, request, inschrijving, persona):
    api_client.force_authenticate(request.getfixturevalue(persona))

    response = api_client.get(f"/api/v1/inschrijvingen/{inschrijving.pk}/")

    assert response.status_code == (200 if persona in READERS_OF_SUBMITTED else 404)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("student", 302),
        ("other_student", 404),
        ("praktijk", 404),
        ("coach", 403),
        ("coordinator", 403),
        ("outsider", 404),
    ],
)
def test_submit_action_in_the_pages(client, request, concept, persona, expected):
    response = as_user(client, request, persona).post(f"/portfolio/bewijsstukken/{concept.pk}/indienen/")

    assert response.status_code == expected
    concept.refresh_from_db()
    assert concept.status == ("ingediend" if persona == "student" else "concept")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("student", 200), ("other_student", 404), ("praktijk", 404), ("coach", 403), ("outsider", 404)],
)
def test_submit_action_in_the_api(api_client, request, concept, persona, expected):
    api_client.force_authenticate(request.getfixturevalue(persona))

    response = api_client.post(f"/api/v1/bewijsstukken/{concept.pk}/submit/")

    assert response.status_code == expected
    assert Bewijsstuk.objects.get(pk=concept.pk).status == ("ingediend" if expected == 200 else "concept")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("school", 200), ("praktijk", 200), ("other_beoordelaar", 404), ("student", 403), ("coach", 403)],
)
def test_return_with_feedback_in_the_api(api_client, request, ingediend, persona, expected):
    api_client.force_authenticate(request.getfixturevalue(persona))

    response = api_client.post(f"/api/v1/bewijsstukken/{ingediend.pk}/return/", {"feedback": "Bronnen ontbreken."})

    assert response.status_code == expected
    assert Bewijsstuk.objects.get(pk=ingediend.pk).status == ("teruggegeven" if expected == 200 else "ingediend")


@pytest.mark.parametrize("persona", ["student", "praktijk", "coach", "outsider"])
def test_coordinator_pages_are_closed_to_others(client, request, cohort, persona):
    client = as_user(client, request, persona)

    for url in coordinator_urls(cohort):
        assert client.get(url).status_code == 403, url


def test_coordinator_pages_open_for_the_coordinator(client, coordinator, cohort, inschrijving):
    client.force_login(coordinator)

    for url in coordinator_urls(cohort):
        assert client.get(url).status_code == 200, url


def test_guessed_file_urls_find_nothing(client, request, ingediend, private_media):
    bestand = ingediend.versies.get().bestanden.get()
    client = as_user(client, request, "other_student")

    assert client.get(f"/portfolio/bestanden/{bestand.pk + 1000}/").status_code == 404
    assert client.get(f"/_private-media/{bestand.file.name}").status_code == 404
    assert client.get(f"/media/{bestand.file.name}").status_code == 404
    as_user(client, request, "student")
    assert client.get(f"/_private-media/{bestand.file.name}").status_code == 404


def test_anonymous_is_sent_to_login_and_gets_401_in_the_api(client, api_client, ingediend):
    bestand = ingediend.versies.get().bestanden.get()

    assert client.get(f"/portfolio/bestanden/{bestand.pk}/")["Location"].startswith("/accounts/login/")
    assert api_client.get(f"/api/v1/bewijsstukken/{ingediend.pk}/").status_code in (401, 403)


@pytest.mark.parametrize("persona", ["other_student", "praktijk", "coach", "coordinator", "outsider"])
@pytest.mark.parametrize("action", ["verwijderen", "bewerken"])
def test_nobody_but_the_student_edits_or_deletes_a_concept(client, request, concept, persona, action):
    client = as_user(client, request, persona)
    url = f"/portfolio/bewijsstukken/{concept.pk}/{action}/"

    response = client.post(url, {"titel": "Overschreven"})

    assert response.status_code in (403, 404)
    concept.refresh_from_db()
    assert (concept.titel, concept.status) == ("Marktonderzoek regio Utrecht", "concept")


@pytest.mark.parametrize("persona", ["other_student", "praktijk", "school", "coach", "coordinator", "outsider"])
def test_nobody_but_the_student_withdraws(client, request, ingediend, persona):
    response = as_user(client, request, persona).post(f"/portfolio/bewijsstukken/{ingediend.pk}/intrekken/")

    assert response.status_code in (403, 404)
    ingediend.refresh_from_db()
    assert ingediend.status == "ingediend"


@pytest.mark.parametrize("persona", ["other_student", "praktijk", "coach", "coordinator"])
def test_nobody_but_the_student_adds_evidence_to_their_portfolio(client, request, inschrijving, persona):
    response = as_user(client, request, persona).post(
        f"/portfolio/{inschrijving.pk}/werkproces/B1-K1-W1/nieuw/", {"titel": "Namens de student"}
    )

    assert response.status_code in (403, 404)
    assert not Bewijsstuk.objects.filter(titel="Namens de student").exists()


@pytest.fixture
def agreed_poging(inschrijving, werkproces, praktijk, school, ingediend):
    from assessment import services
    from tests.assessment.test_services import score_all

    for user in (praktijk, school):
        score_all(
            services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=user, soort="examen"), user
        )
    return inschrijving.pogingen.get()


POGING_BEFORE = {"praktijk", "school", "coordinator"}
POGING_AFTER = {"praktijk", "school", "coordinator", "student", "coach"}


@pytest.mark.parametrize("persona", EVERYONE)
def test_the_werkproces_and_poging_pages_show_no_result_before_the_vaststelling(
    client, request, agreed_poging, coordinator, persona
):
    from assessment import services

    client = as_user(client, request, persona)
    werkproces_url = f"/beoordelen/{agreed_poging.inschrijving_id}/werkproces/B1-K1-W1/"
    poging_url = f"/beoordelen/poging/{agreed_poging.pk}/"

    page = client.get(werkproces_url)
    poging = client.get(poging_url)

    assert page.status_code == (200 if persona in READERS_OF_SUBMITTED else 404)
    assert poging.status_code == (200 if persona in POGING_BEFORE else 404)
    if persona in {"student", "coach"}:
        html = page.content.decode()
        assert "Overeenstemming" not in html
        assert "Voldoende" not in html
        assert "Poging 1" not in html

    services.poging_vaststellen(poging=agreed_poging, by=coordinator)

    after = client.get(poging_url)
    assert after.status_code == (200 if persona in POGING_AFTER else 404)
    if persona in {"student", "coach"}:
        assert "Poging 1" in client.get(werkproces_url).content.decode()
        assert after.content.decode().count('<strong class="score">Voldoende</strong>') == 7


def test_a_withdrawn_drafts_new_title_does_not_change_what_assessors_see(client, ingediend, student, school):
    from portfolio import services

    services.bewijsstuk_withdraw(bewijsstuk=ingediend, by=student)
    services.bewijsstuk_update(bewijsstuk=ingediend, by=student, titel="Geheime nieuwe titel")

    client.force_login(school)
    page = client.get(f"/portfolio/bewijsstukken/{ingediend.pk}/").content.decode()
    queue = client.get("/beoordelen/?status=concept").content.decode()
    api = client.get(f"/api/v1/bewijsstukken/{ingediend.pk}/").json()

    ingediend.refresh_from_db()
    assert "Geheime nieuwe titel" not in page
    assert "Geheime nieuwe titel" not in queue
    assert api["titel"] == ingediend.titel != "Geheime nieuwe titel"
    client.force_login(student)
    assert "Geheime nieuwe titel" in client.get(f"/portfolio/bewijsstukken/{ingediend.pk}/").content.decode()
    services.bewijsstuk_submit(bewijsstuk=ingediend, by=student)
    ingediend.refresh_from_db()
    assert ingediend.titel == "Geheime nieuwe titel"
