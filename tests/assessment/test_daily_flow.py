"""The dead ends of issue 9, each through the real pages and services on the test database."""

import re

import pytest

from assessment import selectors, services
from assessment.models import Examenpoging
from portfolio import services as portfolio_services
from portfolio.models import Bewijsstuk, StatusWijziging
from tests.factories import InschrijvingFactory, UserFactory, score_all

EXAMEN, FORMATIEF = "examen", "formatief"


def login(client, user):
    client.force_login(user)
    return client


def start(inschrijving, werkproces, user, soort=EXAMEN):
    return services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=user, soort=soort)


@pytest.fixture
def agreed(inschrijving, werkproces, praktijk, school, ingediend):
    for user in (praktijk, school):
        score_all(start(inschrijving, werkproces, user), user)
    return Examenpoging.objects.get()


def checked(html: str, criterium_id: int) -> str:
    """The value of the checked radio of one criterion in a rendered form ('' when none is)."""
    for tag in re.findall(rf'<input[^>]*name="waarde_{criterium_id}"[^>]*>', html):
        if " checked" in tag:
            value = re.search(r'value="([^"]*)"', tag)
            assert value is not None, tag
            return value.group(1)
    return ""


# -- the queue empties --------------------------------------------------------------------------------


def test_an_assessor_who_submitted_the_exam_no_longer_has_it_in_the_queue(
    client, inschrijving, werkproces, praktijk, school, ingediend
):
    score_all(start(inschrijving, werkproces, praktijk), praktijk)

    assert selectors.queue_count(user=praktijk) == 0
    assert selectors.queue_count(user=school) == 1
    html = login(client, praktijk).get("/beoordelen/").content.decode()
    assert ingediend.titel not in html
    assert "Niets te beoordelen" in html


def test_vaststelling_marks_the_evidence_beoordeeld_for_everyone(
    client, agreed, coordinator, praktijk, school, student, ingediend
):
    assert selectors.queue_count(user=school) == 0

    services.poging_vaststellen(poging=agreed, by=coordinator)

    ingediend.refresh_from_db()
    assert ingediend.status == Bewijsstuk.Status.BEOORDEELD
    log = StatusWijziging.objects.filter(bewijsstuk=ingediend).last()
    assert log is not None
    assert (log.van, log.naar, log.door, log.toelichting) == (
        "ingediend",
        "beoordeeld",
        coordinator,
        "Examen B1-K1-W1 vastgesteld (poging 1).",
    )
    page = login(client, student).get(f"/portfolio/bewijsstukken/{ingediend.pk}/").content.decode()
    assert '<span class="status status-beoordeeld" id="status">Beoordeeld</span>' in page
    assert "Verbeteren (nieuwe versie)" not in page
    queue = login(client, praktijk).get("/beoordelen/?status=beoordeeld").content.decode()
    assert ingediend.titel in queue


def test_formative_feedback_on_one_criterion_is_submitted_and_deals_with_the_evidence(
    client, inschrijving, werkproces, school, praktijk, student, ingediend
):
    beoordeling = start(inschrijving, werkproces, school, soort=FORMATIEF)
    first = beoordeling.scores.first().criterium_id
    login(client, school)

    response = client.post(
        f"/beoordelen/beoordeling/{beoordeling.pk}/",
        {"version": beoordeling.version, f"waarde_{first}": "goed", "feedback": "", "action": "submit"},
    )

    assert response.status_code == 302
    beoordeling.refresh_from_db()
    assert (beoordeling.status, beoordeling.uitslag, beoordeling.percent) == ("ingediend", "", None)
    ingediend.refresh_from_db()
    assert ingediend.status == Bewijsstuk.Status.BEOORDEELD
    assert selectors.queue_count(user=praktijk) == 0
    # Formative feedback does not freeze the evidence: the student can improve it.
    page = login(client, student).get(f"/portfolio/bewijsstukken/{ingediend.pk}/").content.decode()
    assert "Verbeteren (nieuwe versie)" in page
    portfolio_services.bewijsstuk_update(bewijsstuk=ingediend, by=student, reflectie="Beter")
    portfolio_services.bewijsstuk_submit(bewijsstuk=ingediend, by=student)
    assert selectors.queue_count(user=praktijk) == 1


def test_an_empty_formative_beoordeling_is_refused_with_a_reason(client, inschrijving, werkproces, school):
    beoordeling = start(inschrijving, werkproces, school, soort=FORMATIEF)

    response = login(client, school).post(
        f"/beoordelen/beoordeling/{beoordeling.pk}/",
        {"version": beoordeling.version, "feedback": "", "action": "submit"},
    )

    assert response.status_code == 400
    assert "Geef feedback of scoor ten minste één criterium voordat je indient." in response.content.decode()


def test_an_exam_still_needs_every_score_and_names_the_missing_ones(client, inschrijving, werkproces, school):
    beoordeling = start(inschrijving, werkproces, school)
    scores = list(beoordeling.scores.select_related("criterium"))
    data = {"version": beoordeling.version, "feedback": "", "action": "submit"}
    data.update({f"waarde_{s.criterium_id}": "voldoende" for s in scores[1:]})

    response = login(client, school).post(f"/beoordelen/beoordeling/{beoordeling.pk}/", data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "Een examen heeft bij elk criterium een score nodig; er ontbreken er 1: ‘" in html
    assert scores[0].criterium.tekst[:40] in html


# -- the poging page ----------------------------------------------------------------------------------


def test_the_school_assessor_reaches_the_poging_before_starting_and_can_start_from_it(
    client, inschrijving, werkproces, praktijk, school
):
    score_all(start(inschrijving, werkproces, praktijk), praktijk)
    poging = Examenpoging.objects.get()
    login(client, school)

    werkproces_page = client.get(f"/beoordelen/{inschrijving.pk}/werkproces/B1-K1-W1/").content.decode()
    page = client.get(f"/beoordelen/poging/{poging.pk}/")

    assert f'href="/beoordelen/poging/{poging.pk}/"' in werkproces_page
    assert page.status_code == 200
    html = page.content.decode()
    assert "Examenbeoordeling starten" in html
    assert "Pieter Jansen" not in html
    assert 'id="poging-uitslag"' not in html


@pytest.mark.parametrize("persona", ["student", "coach"])
def test_student_and_coach_see_a_poging_only_once_vastgesteld(client, request, agreed, coordinator, persona):
    user = request.getfixturevalue(persona)
    login(client, user)
    werkproces_url = f"/beoordelen/{agreed.inschrijving_id}/werkproces/B1-K1-W1/"

    assert client.get(f"/beoordelen/poging/{agreed.pk}/").status_code == 404
    assert "Overeenstemming" not in client.get(werkproces_url).content.decode()

    services.poging_vaststellen(poging=agreed, by=coordinator)

    html = client.get(f"/beoordelen/poging/{agreed.pk}/").content.decode()
    assert html.count('<strong class="score">Voldoende</strong>') == 7
    assert "Beoordelingen" not in client.get(werkproces_url).content.decode() or persona == "student"


def test_the_settlement_form_starts_from_the_agreed_scores_and_leaves_the_difference_blank(
    client, inschrijving, werkproces, praktijk, school
):
    score_all(start(inschrijving, werkproces, praktijk), praktijk)
    mine = start(inschrijving, werkproces, school)
    first = mine.scores.first().criterium_id
    score_all(mine, school, overrides={first: "goed"})
    poging = Examenpoging.objects.get()
    others = [s.criterium_id for s in mine.scores.all() if s.criterium_id != first]

    html = login(client, school).get(f"/beoordelen/poging/{poging.pk}/").content.decode()
    settle = html[html.index('id="settle"') :]

    assert checked(settle, first) == ""
    assert [checked(settle, pk) for pk in others] == ["voldoende"] * 6


def test_a_blank_difference_is_named_in_plain_dutch(client, inschrijving, werkproces, praktijk, school):
    score_all(start(inschrijving, werkproces, praktijk), praktijk)
    mine = start(inschrijving, werkproces, school)
    first = mine.scores.select_related("criterium").first()
    score_all(mine, school, overrides={first.criterium_id: "goed"})
    poging = Examenpoging.objects.get()
    data = {"version": poging.version, f"waarde_{first.criterium_id}": ""}
    data.update({f"waarde_{s.criterium_id}": "voldoende" for s in mine.scores.all()[1:]})

    response = login(client, school).post(f"/beoordelen/poging/{poging.pk}/voorstellen/", data, follow=True)

    html = response.content.decode()
    assert "Kies een score voor elk criterium. Nog niet gekozen: ‘" in html
    assert first.criterium.tekst[:40] in html
    assert "Onbekende score" not in html


def test_the_correction_form_starts_from_the_vastgestelde_scores(client, agreed, coordinator):
    criteria = selectors.applicable_criteria(inschrijving=agreed.inschrijving, werkproces=agreed.werkproces)
    scores = {c.pk: "goed" for c in criteria}
    agreed.status = Examenpoging.Status.VOORGELEGD
    agreed.save(update_fields=["status"])
    services.poging_vaststellen(poging=agreed, by=coordinator, scores=scores)

    html = login(client, coordinator).get(f"/beoordelen/poging/{agreed.pk}/").content.decode()
    form = html[html.index('id="vaststelling"') :]

    assert [checked(form, c.pk) for c in criteria] == ["goed"] * 7
    assert "Correctie vastleggen" in form


def test_a_submitted_beoordeling_shows_its_scores_but_no_live_controls(client, inschrijving, werkproces, school):
    beoordeling = score_all(start(inschrijving, werkproces, school), school)

    html = login(client, school).get(f"/beoordelen/beoordeling/{beoordeling.pk}/").content.decode()

    radios = re.findall(r'<input type="radio"[^>]*>', html)
    assert len(radios) == 7 * 4
    assert all(" disabled" in tag for tag in radios)
    assert html.count(" checked") == 7
    assert 'value="submit"' not in html


def test_irreversible_steps_ask_for_confirmation(client, inschrijving, werkproces, praktijk, school, coordinator):
    draft = start(inschrijving, werkproces, school)
    score_all(start(inschrijving, werkproces, praktijk), praktijk)
    login(client, school)
    form = client.get(f"/beoordelen/beoordeling/{draft.pk}/").content.decode()
    score_all(draft, school, overrides={draft.scores.first().criterium_id: "goed"})
    poging = Examenpoging.objects.get()
    overleg = client.get(f"/beoordelen/poging/{poging.pk}/").content.decode()

    assert re.search(r'value="submit" data-confirm="Beoordeling indienen\?', form)
    assert 'data-confirm="Voorleggen aan de coördinator?' in overleg
    services.poging_voorleggen(poging=poging, by=school)
    coordinator_page = login(client, coordinator).get(f"/beoordelen/poging/{poging.pk}/").content.decode()
    assert 'data-confirm="Deze scores vaststellen? Dit is definitief."' in coordinator_page


# -- navigation, search, bulk vaststellen, what awaits -------------------------------------------------


def test_the_menu_marks_the_section_of_the_page(client, coordinator, cohort):
    login(client, coordinator)
    pages = {
        "/portfolio/beheer/cohorten/": "Cohorten",
        f"/portfolio/beheer/cohorten/{cohort.pk}/": "Cohorten",
        "/beoordelen/vaststellen/": "Vaststellen",
        "/portfolio/studenten/": "Studenten",
    }
    for url, section in pages.items():
        html = client.get(url).content.decode()
        assert re.findall(r'aria-current="page">([^<]+)<', html) == [section], url


def test_the_student_menu_has_reports(client, inschrijving):
    from accounts.services import groups_ensure

    student = inschrijving.student
    student.groups.add(groups_ensure()["student"])

    html = login(client, student).get(f"/portfolio/{inschrijving.pk}/").content.decode()

    nav = html[html.index('class="main-nav"') : html.index("</nav>", html.index('class="main-nav"'))]
    assert ">Rapporten</a>" in nav
    assert re.findall(r'aria-current="page">([^<]+)<', nav) == ["Mijn portfolio"]


def test_search_finds_a_student_by_name_or_number_within_the_users_scope(
    client, inschrijving, other_inschrijving, school, coordinator
):
    inschrijving.student.first_name, inschrijving.student.last_name = "Noor", "Bakker"
    inschrijving.student.save()

    as_school = login(client, school)
    by_name = as_school.get("/portfolio/studenten/?q=noor bak").content.decode()
    foreign = as_school.get(f"/portfolio/studenten/?q={other_inschrijving.studentnummer}").content.decode()
    nul = as_school.get("/portfolio/studenten/?q=%00noor")
    everyone = login(client, coordinator).get(f"/portfolio/studenten/?q={other_inschrijving.studentnummer}")

    assert "1 student gevonden voor ‘noor bak’" in by_name
    assert f"/portfolio/{inschrijving.pk}/" in by_name
    assert "Geen student gevonden" in foreign
    assert nul.status_code == 400  # refused at the edge (issue 15), never a 500
    assert f"/portfolio/{other_inschrijving.pk}/" in everyone.content.decode()


def test_studenten_page_queries_do_not_grow(client, coordinator, cohort, p3, django_assert_max_num_queries):
    for n in range(30):
        InschrijvingFactory.create(cohort=cohort, profiel=p3, studentnummer=f"8800{n:02d}")
    login(client, coordinator)

    with django_assert_max_num_queries(12):
        response = client.get("/portfolio/studenten/?q=8800")

    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row"><a href="/portfolio/') == 30


def test_bulk_vaststellen_settles_the_chosen_agreed_results_and_names_what_it_cannot(
    client, agreed, coordinator, inschrijving, werkproces, school
):
    other = Examenpoging.objects.create(
        inschrijving=inschrijving,
        werkproces=werkproces.kerntaak.werkprocessen.exclude(pk=werkproces.pk).first(),
        status="overleg",
    )
    login(client, coordinator)
    listing = client.get("/beoordelen/vaststellen/").content.decode()

    response = client.post("/beoordelen/vaststellen/", {"poging": [agreed.pk, other.pk]}, follow=True)

    assert f'name="poging" value="{agreed.pk}"' in listing
    assert f'name="poging" value="{other.pk}"' not in listing
    html = response.content.decode()
    assert "1 uitslag vastgesteld." in html
    assert "alleen een uitslag waarover de beoordelaars het eens zijn, kan zo worden vastgesteld." in html
    agreed.refresh_from_db()
    other.refresh_from_db()
    assert (agreed.status, other.status) == ("vastgesteld", "overleg")


def test_bulk_vaststellen_is_for_coordinators_only(client, agreed, school):
    response = login(client, school).post("/beoordelen/vaststellen/", {"poging": [agreed.pk]})

    assert response.status_code == 403
    agreed.refresh_from_db()
    assert agreed.status == "overeenstemming"


def test_each_role_sees_what_awaits_them(client, inschrijving, werkproces, praktijk, school, coordinator, ingediend):
    from accounts.services import groups_ensure

    groups = groups_ensure()
    for user, role in ((praktijk, "beoordelaar"), (school, "beoordelaar"), (inschrijving.student, "student")):
        user.groups.add(groups[role])
    assert "1 bewijsstuk wacht op je beoordeling" in login(client, school).get("/portfolio/studenten/").content.decode()

    score_all(start(inschrijving, werkproces, praktijk), praktijk)
    mine = start(inschrijving, werkproces, school)
    score_all(mine, school, overrides={mine.scores.first().criterium_id: "goed"})
    poging = Examenpoging.objects.get()
    scores = {s.criterium_id: "voldoende" for s in mine.scores.all()}
    services.poging_propose(poging=poging, by=school, scores=scores, expected_version=poging.version)

    praktijk_home = login(client, praktijk).get("/portfolio/studenten/").content.decode()
    assert "voorstel wacht op jouw akkoord (B1-K1-W1)" in praktijk_home
    poging.refresh_from_db()
    services.poging_accept(poging=poging, by=praktijk, expected_version=poging.version)
    coordinator_home = login(client, coordinator).get("/portfolio/beheer/cohorten/").content.decode()
    assert "1 uitslag klaar om vast te stellen" in coordinator_home

    services.poging_vaststellen(poging=poging, by=coordinator)
    student_home = login(client, inschrijving.student).get(f"/portfolio/{inschrijving.pk}/").content.decode()
    assert "Uitslag vastgesteld: B1-K1-W1 Voldoende" in student_home


def test_the_queue_never_lists_drafts_under_any_filter(client, school, concept):
    login(client, school)

    for status in ("", "concept", "ingediend", "teruggegeven", "beoordeeld", "onzin"):
        html = client.get(f"/beoordelen/?status={status}").content.decode()
        assert concept.titel not in html, status


def test_an_outsider_beoordelaar_can_not_bulk_see_pogingen(client, agreed):
    outsider = UserFactory.create(username="buiten")
    assert client.get("/beoordelen/vaststellen/").status_code == 302
    assert login(client, outsider).get(f"/beoordelen/poging/{agreed.pk}/").status_code == 404


def test_english_mode_shows_english_scores_and_messages(client, agreed, coordinator, student, settings):
    from django.utils import translation

    services.poging_vaststellen(poging=agreed, by=coordinator)
    login(client, student)
    try:
        html = client.get(f"/beoordelen/poging/{agreed.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        home = client.get(f"/portfolio/{agreed.inschrijving_id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)

    assert html.count('<strong class="score">Sufficient</strong>') == 7
    assert "Voldoende" not in html
    assert "What awaits me" in home
    assert "Result confirmed: B1-K1-W1 Sufficient" in home


def test_student_feedback_shows_the_vastgestelde_scores_next_to_each_assessors_own(
    client, inschrijving, werkproces, praktijk, school, coordinator, student
):
    score_all(start(inschrijving, werkproces, praktijk), praktijk)
    mine = start(inschrijving, werkproces, school)
    first = mine.scores.first().criterium_id
    score_all(mine, school, overrides={first: "goed"})
    poging = Examenpoging.objects.get()
    scores = {s.criterium_id: "voldoende" for s in mine.scores.all()}
    services.poging_propose(poging=poging, by=school, scores=scores, expected_version=poging.version)
    poging.refresh_from_db()
    services.poging_accept(poging=poging, by=praktijk, expected_version=poging.version)
    services.poging_vaststellen(poging=poging, by=coordinator)

    html = login(client, student).get(f"/beoordelen/feedback/{inschrijving.pk}/").content.decode()

    assert html.count('<strong class="vastgesteld">Voldoende</strong>') == 14
    assert html.count("Deze beoordelaar gaf eerst: Goed") == 1


@pytest.mark.parametrize(("telt", "shown"), [("laatste", "Onvoldoende"), ("beste", "Voldoende")])
def test_the_voorschrift_decides_which_attempt_counts_after_a_herkansing(
    client, inschrijving, werkproces, praktijk, school, coordinator, telt, shown
):
    from assessment.models import Beoordelingsvoorschrift

    Beoordelingsvoorschrift.objects.create(cohort=inschrijving.cohort, telt_poging=telt)
    for waarde in ("voldoende", "onvoldoende"):
        for user in (praktijk, school):
            score_all(start(inschrijving, werkproces, user), user, waarde=waarde)
        poging = Examenpoging.objects.filter(inschrijving=inschrijving).order_by("-nummer").first()
        services.poging_vaststellen(poging=poging, by=coordinator)
        if waarde == "voldoende":
            services.poging_herkansing(inschrijving=inschrijving, werkproces=werkproces, by=school)

    html = login(client, inschrijving.student).get(f"/portfolio/{inschrijving.pk}/").content.decode()

    found = re.search(r'<tr data-werkproces="B1-K1-W1">.*?</tr>', html, re.S)
    assert found is not None
    row = found.group(0)
    assert f'<span class="status status-beoordeeld">{shown}</span>' in row


def test_a_voorschrift_that_produced_a_result_is_never_edited_a_change_is_a_new_version(
    client, inschrijving, werkproces, praktijk, school, coordinator
):
    from assessment.models import Beoordelingsvoorschrift, Vaststelling

    v1 = Beoordelingsvoorschrift.objects.create(cohort=inschrijving.cohort)
    for user in (praktijk, school):
        score_all(start(inschrijving, werkproces, user), user)
    services.poging_vaststellen(poging=Examenpoging.objects.get(), by=coordinator)
    login(client, coordinator)
    url = f"/beoordelen/voorschrift/{inschrijving.cohort_id}/"
    before = client.get(url).content.decode()

    response = client.post(
        url, {"schaal": "ovg", "slaagregel": "cesuur", "cesuur_procent": "60", "twee_beoordelaars": "on"}, follow=True
    )

    assert "Met dit voorschrift is al 1 uitslag vastgesteld. Opslaan maakt versie 2" in before
    assert "Versie 2 van het voorschrift opgeslagen; die geldt voor uitslagen vanaf nu." in response.content.decode()
    v1.refresh_from_db()
    assert (v1.versie, v1.slaagregel, v1.cesuur_procent) == (1, "geen_onvoldoende", None)
    v2 = inschrijving.cohort.voorschrift
    assert (v2.versie, v2.slaagregel, str(v2.cesuur_procent)) == (2, "cesuur", "60.00")
    assert Vaststelling.objects.get().voorschrift_id == v1.pk
    assert selectors.voorschrift_for(inschrijving=inschrijving).pk == v2.pk


def test_an_unused_voorschrift_is_saved_in_place(client, cohort, coordinator):
    from assessment.models import Beoordelingsvoorschrift

    Beoordelingsvoorschrift.objects.create(cohort=cohort)
    login(client, coordinator)

    client.post(f"/beoordelen/voorschrift/{cohort.pk}/", {"schaal": "punten", "slaagregel": "geen_onvoldoende"})

    assert list(Beoordelingsvoorschrift.objects.filter(cohort=cohort).values_list("versie", "schaal")) == [
        (1, "punten")
    ]


def test_evidence_whose_exam_is_vastgesteld_can_not_be_withdrawn(agreed, coordinator, student, ingediend):
    from config.errors import ApplicationError

    services.poging_vaststellen(poging=agreed, by=coordinator)

    with pytest.raises(ApplicationError, match="Alleen een ingediend bewijsstuk kan worden teruggetrokken."):
        portfolio_services.bewijsstuk_withdraw(bewijsstuk=ingediend, by=student)
    ingediend.refresh_from_db()
    assert ingediend.status == Bewijsstuk.Status.BEOORDEELD
