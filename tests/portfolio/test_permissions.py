"""Who may see and do what, in the pages and in the API: another user's object is a 404, like a missing one."""

import pytest

from portfolio.models import Bewijsstuk

READERS_OF_SUBMITTED = {"student", "coach", "praktijk", "school", "coordinator", "examencommissie"}
READERS_OF_CONCEPT = {"student", "coach", "coordinator"}  # a concept is the student's own work, not the exam record
EVERYONE = [
    "student", "other_student", "praktijk", "school", "other_beoordelaar", "coach", "coordinator", "other_coordinator",
    "examencommissie", "other_examencommissie", "outsider",
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
        ("examencommissie", 404),
        ("other_examencommissie", 404),
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
    [
        ("student", 200),
        ("other_student", 404),
        ("praktijk", 404),
        ("coach", 403),
        ("examencommissie", 404),
        ("other_examencommissie", 404),
        ("outsider", 404),
    ],
)
def test_submit_action_in_the_api(api_client, request, concept, persona, expected):
    api_client.force_authenticate(request.getfixturevalue(persona))

    response = api_client.post(f"/api/v1/bewijsstukken/{concept.pk}/submit/")

    assert response.status_code == expected
    assert Bewijsstuk.objects.get(pk=concept.pk).status == ("ingediend" if expected == 200 else "concept")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("school", 200),
        ("praktijk", 200),
        ("other_beoordelaar", 404),
        ("student", 403),
        ("coach", 403),
        ("examencommissie", 403),
        ("other_examencommissie", 404),
    ],
)
def test_return_with_feedback_in_the_api(api_client, request, ingediend, persona, expected):
    api_client.force_authenticate(request.getfixturevalue(persona))

    response = api_client.post(f"/api/v1/bewijsstukken/{ingediend.pk}/return/", {"feedback": "Bronnen ontbreken."})

    assert response.status_code == expected
    assert Bewijsstuk.objects.get(pk=ingediend.pk).status == ("teruggegeven" if expected == 200 else "ingediend")


@pytest.mark.parametrize(
    "persona", ["student", "praktijk", "coach", "examencommissie", "other_examencommissie", "outsider"]
)
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


@pytest.mark.parametrize(
    "persona",
    ["other_student", "praktijk", "coach", "coordinator", "examencommissie", "other_examencommissie", "outsider"],
)
@pytest.mark.parametrize("action", ["verwijderen", "bewerken"])
def test_nobody_but_the_student_edits_or_deletes_a_concept(client, request, concept, persona, action):
    client = as_user(client, request, persona)
    url = f"/portfolio/bewijsstukken/{concept.pk}/{action}/"

    response = client.post(url, {"titel": "Overschreven"})

    assert response.status_code in (403, 404)
    concept.refresh_from_db()
    assert (concept.titel, concept.status) == ("Marktonderzoek regio Utrecht", "concept")


@pytest.mark.parametrize(
    "persona", ["other_student", "praktijk", "school", "coach", "coordinator", "examencommissie", "outsider"]
)
def test_nobody_but_the_student_withdraws(client, request, ingediend, persona):
    response = as_user(client, request, persona).post(f"/portfolio/bewijsstukken/{ingediend.pk}/intrekken/")

    assert response.status_code in (403, 404)
    ingediend.refresh_from_db()
    assert ingediend.status == "ingediend"


@pytest.mark.parametrize("persona", ["other_student", "praktijk", "coach", "coordinator", "examencommissie"])
def test_nobody_but_the_student_adds_evidence_to_their_portfolio(client, request, inschrijving, persona):
    response = as_user(client, request, persona).post(
        f"/portfolio/{inschrijving.pk}/werkproces/B1-K1-W1/nieuw/", {"titel": "Namens de student"}
    )

    assert response.status_code in (403, 404)
    assert not Bewijsstuk.objects.filter(titel="Namens de student").exists()


@pytest.fixture
def agreed_poging(inschrijving, werkproces, praktijk, school, ingediend):
    from assessment import services
    from tests.factories import score_all

    for user in (praktijk, school):
        score_all(
            services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=user, soort="examen"), user
        )
    return inschrijving.pogingen.get()


POGING_BEFORE = {"praktijk", "school", "coordinator", "examencommissie"}
POGING_AFTER = {"praktijk", "school", "coordinator", "examencommissie", "student", "coach"}


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


# -- the examencommissie reads the exam record and changes nothing (issue 12, point 2) ------------------------------


@pytest.fixture
def exam_record(inschrijving, werkproces, praktijk, school, coordinator, agreed_poging):
    """Poging A on B1-K1-W1 agreed (waits for the vaststelling), poging B on B1-K1-W2 vastgesteld."""
    from assessment import services
    from dossier.models import Werkproces
    from tests.factories import score_all

    w2 = Werkproces.objects.get(kerntaak__dossier=inschrijving.profiel.dossier, code="B1-K1-W2")
    for user in (praktijk, school):
        score_all(services.beoordeling_start(inschrijving=inschrijving, werkproces=w2, by=user, soort="examen"), user)
    vastgesteld = inschrijving.pogingen.get(werkproces=w2)
    services.poging_vaststellen(poging=vastgesteld, by=coordinator)
    return {
        "agreed": agreed_poging,
        "agreed_beoordeling": agreed_poging.beoordelingen.get(beoordelaar=praktijk),
        "vastgesteld": vastgesteld,
        "vastgesteld_beoordeling": vastgesteld.beoordelingen.get(beoordelaar=praktijk),
    }


def everything_a_write_could_change() -> dict:
    from assessment.models import Beoordeling, Beoordelingsvoorschrift, Examenpoging, Score, Vaststelling
    from diploma.models import GeneriekResultaat, KeuzedeelResultaat, Vrijstelling
    from portfolio.models import Beoordelaarstoewijzing, BewijsstukVersie, Cohort, Inschrijving, Opleiding

    def rows(model, *fields):
        return list(model.objects.order_by("pk").values_list("pk", *fields))

    return {
        "pogingen": rows(Examenpoging, "status", "uitslag", "version", "voorstel"),
        "vaststellingen": rows(Vaststelling, "revisie", "uitslag", "scores"),
        "beoordelingen": rows(Beoordeling, "status", "version", "feedback"),
        "scores": rows(Score, "waarde", "opmerking"),
        "bewijsstukken": rows(Bewijsstuk, "status", "titel"),
        "versies": rows(BewijsstukVersie, "submitted_at", "feedback"),
        "generiek": rows(GeneriekResultaat),
        "keuzedelen": rows(KeuzedeelResultaat),
        "vrijstellingen": rows(Vrijstelling),
        "voorschriften": rows(Beoordelingsvoorschrift),
        "inschrijvingen": rows(Inschrijving, "profiel_id", "cohort_id"),
        "toewijzingen": rows(Beoordelaarstoewijzing),
        "cohorten": rows(Cohort, "dossier_id"),
        "opleidingen": rows(Opleiding),
    }


def write_requests(record, inschrijving, cohort, ingediend, commercie) -> list[tuple[str, str, str, dict]]:
    """(client, method, url, data) of every write a page or the API offers on this student's exam record."""
    a, b = record["agreed"], record["vastgesteld"]
    ba, bb = record["agreed_beoordeling"], record["vastgesteld_beoordeling"]
    scores = [{"criterium": s.criterium_id, "waarde": "goed"} for s in bb.scores.all()]
    form_scores = {f"waarde_{s.criterium_id}": "goed" for s in bb.scores.all()}
    return [
        ("page", "post", f"/beoordelen/poging/{a.pk}/vaststellen/", {}),
        ("page", "post", "/beoordelen/vaststellen/", {"poging": [a.pk]}),
        ("page", "post", f"/beoordelen/poging/{b.pk}/corrigeren/", {**form_scores, "reden": "Anders gezien"}),
        ("page", "post", f"/beoordelen/poging/{b.pk}/herkansing/", {}),
        ("page", "post", f"/beoordelen/poging/{a.pk}/voorleggen/", {}),
        ("page", "post", f"/beoordelen/poging/{a.pk}/instemmen/", {"version": a.version}),
        ("page", "post", f"/beoordelen/{inschrijving.pk}/werkproces/B1-K2-W1/", {"soort": "examen"}),
        ("page", "post", f"/beoordelen/beoordeling/{ba.pk}/", {"version": ba.version, "action": "submit"}),
        ("page", "post", f"/beoordelen/voorschrift/{cohort.pk}/", {"schaal": "punten"}),
        (
            "page",
            "post",
            f"/diploma/inschrijving/{inschrijving.pk}/resultaten/",
            {"action": "generiek", "engels_ce": "7,0", "engels_se": "7,0"},
        ),
        ("page", "post", f"/diploma/cohort/{cohort.pk}/resultaten/import/", {}),
        ("page", "post", "/portfolio/beheer/cohorten/", {"opleiding": "1", "naam": "Nieuw", "dossier": commercie.pk}),
        ("page", "post", f"/portfolio/beheer/cohorten/{cohort.pk}/inschrijvingen/nieuw/", {"studentnummer": "9"}),
        ("page", "post", f"/portfolio/beheer/inschrijvingen/{inschrijving.pk}/activatie/", {}),
        ("page", "post", f"/portfolio/beheer/inschrijvingen/{inschrijving.pk}/versie/", {}),
        ("page", "post", f"/portfolio/bewijsstukken/{ingediend.pk}/teruggeven/", {"feedback": "Namens de commissie"}),
        ("page", "post", f"/portfolio/{inschrijving.pk}/werkproces/B1-K1-W1/nieuw/", {"titel": "Namens de commissie"}),
        ("api", "post", f"/api/v1/beoordelingen/{ba.pk}/vaststellen/", {"reden": ""}),
        ("api", "post", f"/api/v1/beoordelingen/{bb.pk}/correct/", {"scores": scores, "reden": "Anders gezien"}),
        ("api", "post", f"/api/v1/beoordelingen/{ba.pk}/agree/", {"accept": True, "version": a.version}),
        ("api", "post", f"/api/v1/beoordelingen/{ba.pk}/refer/", {}),
        ("api", "post", f"/api/v1/beoordelingen/{ba.pk}/save/", {"version": ba.version, "scores": [], "feedback": "x"}),
        ("api", "post", f"/api/v1/beoordelingen/{ba.pk}/submit/", {"version": ba.version}),
        (
            "api",
            "post",
            "/api/v1/beoordelingen/",
            {"inschrijving": inschrijving.pk, "werkproces": "B1-K2-W1", "soort": "examen"},
        ),
        ("api", "post", f"/api/v1/bewijsstukken/{ingediend.pk}/return/", {"feedback": "Namens de commissie"}),
        ("api", "post", f"/api/v1/bewijsstukken/{ingediend.pk}/withdraw/", {}),
        ("api", "delete", f"/api/v1/bewijsstukken/{ingediend.pk}/", {}),
    ]


@pytest.mark.parametrize("persona", ["examencommissie", "other_examencommissie"])
def test_the_examencommissie_is_refused_every_write_and_nothing_changes(
    client, api_client, request, exam_record, inschrijving, cohort, ingediend, commercie, persona
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    api_client.force_authenticate(user)
    before = everything_a_write_could_change()

    answers = {}
    for kind, method, url, data in write_requests(exam_record, inschrijving, cohort, ingediend, commercie):
        if kind == "page":
            answers[url] = getattr(client, method)(url, data)
        else:
            answers[url] = getattr(api_client, method)(url, data, format="json")

    # Refused as forbidden or not found; an enrolment named in the body that the user cannot see is a 400.
    unknown = {"detail": "Onbekende inschrijving."}
    refused = {
        url: r.status_code in (403, 404) or (r.status_code == 400 and r.json() == unknown) for url, r in answers.items()
    }
    assert refused == dict.fromkeys(answers, True)
    assert everything_a_write_could_change() == before
