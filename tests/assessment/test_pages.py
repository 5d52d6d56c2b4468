import re

import pytest
from django.db import connection

from assessment import selectors, services
from assessment.models import Beoordeling, Beoordelingsvoorschrift, Examenpoging
from portfolio import services as portfolio_services
from tests.factories import score_all

EXAMEN = "examen"


def login(client, user):
    client.force_login(user)
    return client


def test_queue_lists_submitted_evidence_oldest_first_with_a_count(
    client, school, inschrijving, werkproces, pdf, student
):
    titles = []
    for n in range(3):
        b = portfolio_services.bewijsstuk_create(
            inschrijving=inschrijving,
            werkproces=werkproces,
            titel=f"Bewijs {n}",
            criteria=[],
            files=[pdf()],
            by=student,
        )
        b.versies.get().criteria.set(werkproces.criteria.all()[:1])
        portfolio_services.bewijsstuk_submit(bewijsstuk=b, by=student)
        titles.append(b.titel)

    html = login(client, school).get("/beoordelen/").content.decode()

    assert re.findall(r">(Bewijs \d)<", html) == titles
    assert '<span class="nav-count" id="queue-count">3</span>' in html


def test_queue_filters_by_werkproces(client, school, ingediend):
    assert "Marktonderzoek" in login(client, school).get("/beoordelen/?werkproces=B1-K1-W1").content.decode()
    assert "Marktonderzoek" not in client.get("/beoordelen/?werkproces=B1-K2-W1").content.decode()


def test_queue_is_empty_for_an_unassigned_beoordelaar(client, other_beoordelaar, ingediend):
    assert "Marktonderzoek" not in login(client, other_beoordelaar).get("/beoordelen/").content.decode()


def test_queue_query_count_does_not_grow(
    client, school, inschrijving, werkproces, pdf, student, django_assert_max_num_queries
):
    for n in range(8):
        b = portfolio_services.bewijsstuk_create(
            inschrijving=inschrijving, werkproces=werkproces, titel=f"B{n}", files=[pdf()], by=student,
            criteria=list(werkproces.criteria.all()[:1]),
        )  # fmt: skip
        portfolio_services.bewijsstuk_submit(bewijsstuk=b, by=student)
    login(client, school)

    with django_assert_max_num_queries(9):
        assert client.get("/beoordelen/").status_code == 200


def test_the_queue_and_its_menu_count_agree_and_count_once(client, school, inschrijving, werkproces, pdf, student):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(53):
        b = portfolio_services.bewijsstuk_create(
            inschrijving=inschrijving, werkproces=werkproces, titel=f"B{n}", files=[pdf()], by=student,
            criteria=list(werkproces.criteria.all()[:1]),
        )  # fmt: skip
        portfolio_services.bewijsstuk_submit(bewijsstuk=b, by=student)
    login(client, school)

    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/beoordelen/").content.decode()

    assert selectors.queue_count(user=school) == 53 == selectors.queue(user=school).count()
    assert "(53 bewijsstukken)" in html
    assert sum("COUNT(" in q["sql"].upper() for q in ctx.captured_queries) == 1
    filtered = client.get(f"/beoordelen/?werkproces={werkproces.code}&page=2").content.decode()
    assert "Pagina 2 van 2 (53 bewijsstukken)" in filtered


def test_form_lists_criteria_with_p3_additions_marked_and_claimed_evidence(
    client, school, inschrijving, werkproces, ingediend
):
    login(client, school)
    response = client.post(f"/beoordelen/{inschrijving.pk}/werkproces/B1-K1-W1/", {"soort": EXAMEN})
    html = client.get(response["Location"]).content.decode()

    assert html.count('class="card criterium-score') == 7
    assert html.count("criterium-score is-aanvulling") == 4
    assert html.count("Marktonderzoek regio Utrecht") == 2


def test_save_draft_then_submit_through_the_form(client, school, inschrijving, werkproces):
    beoordeling = services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=school, soort=EXAMEN)
    data = {"version": beoordeling.version, "feedback": "Sterk verhaal."}
    for s in beoordeling.scores.all():
        data[f"waarde_{s.criterium_id}"] = "goed"
    login(client, school)

    client.post(f"/beoordelen/beoordeling/{beoordeling.pk}/", {**data, "action": "save"})
    client.post(
        f"/beoordelen/beoordeling/{beoordeling.pk}/", {**data, "version": beoordeling.version + 1, "action": "submit"}
    )

    beoordeling.refresh_from_db()
    assert (beoordeling.status, beoordeling.uitslag, beoordeling.feedback) == ("ingediend", "goed", "Sterk verhaal.")


def test_a_stale_form_is_refused_with_who_changed_it(client, school, inschrijving, werkproces):
    beoordeling = services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=school, soort=EXAMEN)
    login(client, school)
    stale = {"version": beoordeling.version, "feedback": "Tab 2", "action": "save"}
    client.post(
        f"/beoordelen/beoordeling/{beoordeling.pk}/",
        {"version": beoordeling.version, "feedback": "Tab 1", "action": "save"},
    )

    response = client.post(f"/beoordelen/beoordeling/{beoordeling.pk}/", stale)

    assert response.status_code == 409
    assert "Niet opgeslagen: Samira El Idrissi heeft dit om" in response.content.decode()
    beoordeling.refresh_from_db()
    assert beoordeling.feedback == "Tab 1"


def test_a_stale_form_is_a_409_in_english_too(client, school, inschrijving, werkproces):
    beoordeling = services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=school, soort=EXAMEN)
    login(client, school)
    url = f"/beoordelen/beoordeling/{beoordeling.pk}/"
    client.post(url, {"version": beoordeling.version, "feedback": "Tab 1", "action": "save"})

    response = client.post(
        url, {"version": beoordeling.version, "feedback": "Tab 2", "action": "save"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 409
    assert "Niet opgeslagen" not in response.content.decode()  # the English message, and still a 409
    beoordeling.refresh_from_db()
    assert beoordeling.feedback == "Tab 1"


def test_other_scores_are_hidden_until_your_own_is_submitted(client, inschrijving, werkproces, praktijk, school):
    score_all(
        services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=praktijk, soort=EXAMEN),
        praktijk,
    )
    mine = services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=school, soort=EXAMEN)
    login(client, school)
    poging = Examenpoging.objects.get()

    before = client.get(f"/beoordelen/poging/{poging.pk}/").content.decode()
    score_all(mine, school, overrides={mine.scores.first().criterium_id: "goed"})
    after = client.get(f"/beoordelen/poging/{poging.pk}/").content.decode()

    assert "pas als je jouw eigen beoordeling hebt ingediend" in before
    assert "Pieter Jansen" not in before
    assert "Pieter Jansen" in after
    assert after.count('class="differs"') == 1


@pytest.mark.parametrize("persona", ["other_beoordelaar", "student", "coach", "outsider"])
def test_beoordeling_and_poging_are_404_for_others(client, request, inschrijving, werkproces, school, persona):
    beoordeling = services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=school, soort=EXAMEN)
    login(client, request.getfixturevalue(persona))

    assert client.get(f"/beoordelen/beoordeling/{beoordeling.pk}/").status_code == 404
    assert client.get(f"/beoordelen/poging/{beoordeling.poging_id}/").status_code == 404
    assert client.get(f"/beoordelen/{inschrijving.pk}/werkproces/B1-K1-W1/").status_code in (
        (200,) if persona == "student" or persona == "coach" else (404,)
    )


def test_an_unassigned_beoordelaar_cannot_open_the_students_werkproces(client, other_beoordelaar, inschrijving):
    assert (
        login(client, other_beoordelaar)
        .post(f"/beoordelen/{inschrijving.pk}/werkproces/B1-K1-W1/", {"soort": EXAMEN})
        .status_code
        == 404
    )
    assert not Beoordeling.objects.exists()


def test_vaststellen_page_only_for_coordinators(client, school, coordinator):
    assert login(client, school).get("/beoordelen/vaststellen/").status_code == 403
    assert login(client, coordinator).get("/beoordelen/vaststellen/").status_code == 200


def test_student_sees_released_feedback_and_kerntaak_status(
    client, inschrijving, werkproces, praktijk, school, coordinator, student
):
    for user in (praktijk, school):
        score_all(
            services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=user, soort=EXAMEN), user
        )
    login(client, student)
    assert "Goed gedaan." not in client.get(f"/beoordelen/feedback/{inschrijving.pk}/").content.decode()

    services.poging_vaststellen(poging=Examenpoging.objects.get(), by=coordinator)

    feedback = client.get(f"/beoordelen/feedback/{inschrijving.pk}/").content.decode()
    assert feedback.count("Goed gedaan.") == 2
    assert "vastgestelde uitslag" in feedback
    dashboard = client.get(f"/portfolio/{inschrijving.pk}/").content.decode()
    assert re.search(r'data-kerntaak="B1-K1">Kerntaak: <span class="muted">nog niet bekend', dashboard)
    found = re.search(r'<tr data-werkproces="B1-K1-W1">.*?</tr>', dashboard, re.S)
    assert found is not None
    row = found.group(0)
    cell = '<td class="werkproces-uitslag" data-label="Examen"><span class="status status-beoordeeld">Voldoende</span>'
    assert cell in row


def test_coordinator_sets_a_cesuur_voorschrift_with_a_kritisch_criterium(client, coordinator, cohort, werkproces):
    kritisch = werkproces.criteria.first()
    login(client, coordinator)

    response = client.post(
        f"/beoordelen/voorschrift/{cohort.pk}/",
        {"schaal": "punten", "slaagregel": "cesuur", "cesuur_procent": "55", "twee_beoordelaars": "on",
         "kerntaak_cijfers": "null", "kritische_criteria": [kritisch.pk]},
    )  # fmt: skip

    assert response.status_code == 302
    voorschrift = cohort.voorschrift
    assert (voorschrift.schaal, voorschrift.slaagregel, voorschrift.cesuur_procent) == ("punten", "cesuur", 55)
    assert list(voorschrift.kritische_criteria.all()) == [kritisch]


def test_a_cesuur_rule_without_a_cesuur_is_a_dutch_error(client, coordinator, cohort):
    login(client, coordinator)

    response = client.post(
        f"/beoordelen/voorschrift/{cohort.pk}/",
        {"schaal": "ovg", "slaagregel": "cesuur", "cesuur_procent": "", "kerntaak_cijfers": "null"},
    )

    assert response.status_code == 400
    assert "cesuur" in response.content.decode().lower()
    assert not Beoordelingsvoorschrift.objects.filter(cohort=cohort).exists()


def test_voorschrift_page_is_closed_to_beoordelaars(client, school, cohort):
    assert login(client, school).get(f"/beoordelen/voorschrift/{cohort.pk}/").status_code == 403


def test_queue_filters_by_cohort(client, school, ingediend, cohort):
    login(client, school)

    assert "Marktonderzoek" in client.get(f"/beoordelen/?cohort={cohort.pk}").content.decode()
    assert "Marktonderzoek" not in client.get(f"/beoordelen/?cohort={cohort.pk + 1}").content.decode()
    assert f'<option value="{cohort.pk}" selected>' in client.get(f"/beoordelen/?cohort={cohort.pk}").content.decode()


def test_coordinator_sees_the_history_with_names(client, coordinator, inschrijving, werkproces, praktijk, school):
    for user in (praktijk, school):
        score_all(
            services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=user, soort=EXAMEN), user
        )
    poging = Examenpoging.objects.get()
    services.poging_vaststellen(poging=poging, by=coordinator)

    html = login(client, coordinator).get(f"/beoordelen/poging/{poging.pk}/").content.decode()

    assert "Revisie 1" in html
    if connection.vendor == "postgresql":
        assert "Carla Bakker poging_vaststellen" in html
        assert "Samira El Idrissi beoordeling_submit" in html
    else:
        assert "De volledige wijzigingsgeschiedenis wordt bijgehouden op PostgreSQL." in html
