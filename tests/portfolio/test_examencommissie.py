"""Issue 12, point 2: the examencommissie reads the whole exam record of its opleidingen and changes nothing.

A member of another opleiding's examencommissie finds nothing of this one, and a user who coordinates one
opleiding and sits on the examencommissie of another manages only the first. The matrix of every write the
examencommissie is refused is in test_permissions.py.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role, is_coordinator, is_examencommissie
from accounts.services import groups_ensure
from assessment import services as assessment_services
from assessment.models import Beoordeling, Examenpoging, Vaststelling
from diploma import services as diploma_services
from diploma.models import Report
from dossier.models import Werkproces
from portfolio import selectors
from portfolio.beheer_forms import student_account_refusal
from portfolio.models import Bewijsstuk, BewijsstukVersie, Opleiding
from tests.factories import InschrijvingFactory, OpleidingFactory, in_group, score_all

POSTGRES = connection.vendor == "postgresql"


def fresh(user) -> User:
    """The user as a request sees it: no role or opleiding caches from the set-up."""
    return User.objects.get(pk=user.pk)


def exam(inschrijving, werkproces, praktijk, school) -> Examenpoging:
    for user in (praktijk, school):
        score_all(
            assessment_services.beoordeling_start(
                inschrijving=inschrijving, werkproces=werkproces, by=user, soort="examen"
            ),
            user,
        )
    return inschrijving.pogingen.get(werkproces=werkproces)


@pytest.fixture
def agreed(inschrijving, werkproces, praktijk, school, ingediend) -> Examenpoging:
    poging = exam(inschrijving, werkproces, praktijk, school)
    assert poging.status == Examenpoging.Status.OVEREENSTEMMING
    return poging


@pytest.fixture
def vastgesteld(agreed, coordinator) -> Examenpoging:
    assessment_services.poging_vaststellen(poging=agreed, by=coordinator)
    agreed.refresh_from_db()
    return agreed


@pytest.fixture
def gecorrigeerd(vastgesteld, coordinator) -> Examenpoging:
    scores = {int(k): "goed" for k in vastgesteld.vaststellingen.get().scores}
    assessment_services.poging_correct(
        poging=vastgesteld, by=coordinator, scores=scores, reden="Rekenfout in het formulier"
    )
    vastgesteld.refresh_from_db()
    return vastgesteld


@pytest.fixture
def retail_coordinator_on_intercedents_commissie(other_coordinator):
    """Coordinates Retail and sits on the examencommissie of Intercedent."""
    in_group(other_coordinator, Role.EXAMENCOMMISSIE)
    OpleidingFactory.create().examencommissie.add(other_coordinator)
    return fresh(other_coordinator)


def read_urls(poging: Examenpoging, bewijsstuk: Bewijsstuk) -> list[str]:
    """Every page of one student's exam record."""
    i = poging.inschrijving
    beoordeling = poging.beoordelingen.order_by("pk").first()
    assert beoordeling is not None
    bestand = bewijsstuk.versies.get().bestanden.get()
    return [
        f"/portfolio/{i.pk}/",
        f"/portfolio/{i.pk}/werkproces/B1-K1-W1/",
        f"/portfolio/bewijsstukken/{bewijsstuk.pk}/",
        f"/portfolio/bestanden/{bestand.pk}/",
        f"/beoordelen/{i.pk}/werkproces/B1-K1-W1/",
        f"/beoordelen/poging/{poging.pk}/",
        f"/beoordelen/beoordeling/{beoordeling.pk}/",
        f"/beoordelen/feedback/{i.pk}/",
        f"/geschiedenis/inschrijving/{i.pk}/",
        f"/diploma/inschrijving/{i.pk}/",
        f"/diploma/cohort/{i.cohort_id}/",
    ]


def read_api_urls(poging: Examenpoging, bewijsstuk: Bewijsstuk) -> list[str]:
    i = poging.inschrijving
    beoordeling = poging.beoordelingen.order_by("pk").first()
    assert beoordeling is not None
    bestand = bewijsstuk.versies.get().bestanden.get()
    return [
        f"/api/v1/inschrijvingen/{i.pk}/",
        f"/api/v1/bewijsstukken/{bewijsstuk.pk}/",
        f"/api/v1/bewijsstukken/{bewijsstuk.pk}/bestanden/{bestand.pk}/",
        f"/api/v1/beoordelingen/{beoordeling.pk}/",
        f"/api/v1/beoordelingen/{beoordeling.pk}/history/",
        f"/api/v1/inschrijvingen/{i.pk}/gereedheid/",
        f"/api/v1/cohorten/{i.cohort_id}/gereedheid/",
    ]


# -- the role ------------------------------------------------------------------------------------------------------


def test_the_role_is_a_group_with_one_read_permission_and_no_coordinator_rights(examencommissie, coordinator):
    group = groups_ensure()[Role.EXAMENCOMMISSIE.value]

    assert [p.codename for p in group.permissions.all()] == ["oversee_exams"]
    assert (is_examencommissie(fresh(examencommissie)), is_coordinator(fresh(examencommissie))) == (True, False)
    assert is_examencommissie(fresh(coordinator)) is False
    assert [o.naam for o in fresh(examencommissie).examencommissie_van.all()] == ["Intercedent"]


def test_an_examencommissie_account_is_never_enrolled_as_a_student(examencommissie):
    refusal = student_account_refusal(fresh(examencommissie), name="examencommissie")

    assert refusal == "'examencommissie' is lid van een examencommissie en kan niet als student worden ingeschreven."


def test_the_demo_examencommissie_oversees_the_demo_opleiding(commercie, capsys):
    call_command("create_demo_accounts")

    member = User.objects.get(username="examencommissie")
    assert is_examencommissie(member)
    assert list(Opleiding.objects.filter(examencommissie=member).values_list("naam", flat=True)) == [
        "Intercedent (demo)"
    ]
    assert "examencommissie" in capsys.readouterr().out


# -- lists ---------------------------------------------------------------------------------------------------------


def test_lists_hold_the_students_of_the_opleiding_and_nothing_of_another(
    inschrijving, other_inschrijving, cohort, examencommissie, other_examencommissie
):
    member, other = fresh(examencommissie), fresh(other_examencommissie)
    rosa = selectors.inschrijving_list(user=other).get()

    assert set(selectors.inschrijving_list(user=member)) == {inschrijving, other_inschrijving}
    assert rosa.student.username == "rosa"
    assert list(selectors.readable_cohort_list(user=member)) == [cohort]
    assert [c.opleiding.naam for c in selectors.readable_cohort_list(user=other)] == ["Retail"]
    # Reading is not managing: no cohort, opleiding or enrolment to manage.
    assert list(selectors.cohort_list(user=member)) == []
    assert list(selectors.opleiding_list(user=member)) == []
    assert list(selectors.managed_inschrijving_list(user=member)) == []


def test_the_student_search_finds_a_student_of_the_opleiding_and_not_one_of_another(
    client, inschrijving, examencommissie, other_examencommissie
):
    client.force_login(examencommissie)

    found = client.get("/portfolio/studenten/", {"q": "Sanne"}).content.decode()
    not_found = client.get("/portfolio/studenten/", {"q": "rosa"}).content.decode()

    assert "<h1>Studenten</h1>" in found
    assert f'href="/portfolio/{inschrijving.pk}/"' in found
    assert "1 student gevonden voor ‘Sanne’" in found
    assert "0 studenten gevonden voor ‘rosa’" in not_found


def test_the_api_lists_submitted_evidence_and_submitted_beoordelingen_only(
    api_client, inschrijving, werkproces, ingediend, pdf, praktijk, school, examencommissie
):
    from portfolio import services as portfolio_services

    concept = portfolio_services.bewijsstuk_create(
        inschrijving=inschrijving, werkproces=werkproces, titel="Nog bezig", files=[pdf()], by=inschrijving.student
    )
    submitted = score_all(
        assessment_services.beoordeling_start(
            inschrijving=inschrijving, werkproces=werkproces, by=school, soort="examen"
        ),
        school,
    )
    draft = assessment_services.beoordeling_start(
        inschrijving=inschrijving, werkproces=werkproces, by=praktijk, soort="examen"
    )
    api_client.force_authenticate(examencommissie)

    bewijsstukken = [b["id"] for b in api_client.get("/api/v1/bewijsstukken/").json()["results"]]
    beoordelingen = [b["id"] for b in api_client.get("/api/v1/beoordelingen/").json()["results"]]
    inschrijvingen = [i["id"] for i in api_client.get("/api/v1/inschrijvingen/").json()["results"]]

    assert bewijsstukken == [ingediend.pk]
    assert beoordelingen == [submitted.pk]
    assert inschrijvingen == [inschrijving.pk]
    assert api_client.get(f"/api/v1/bewijsstukken/{concept.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/beoordelingen/{draft.pk}/").status_code == 404


# -- pages and the API -----------------------------------------------------------------------------------------------


def test_every_page_of_the_exam_record_opens_for_the_examencommissie(client, vastgesteld, ingediend, examencommissie):
    client.force_login(examencommissie)

    answers = {url: client.get(url).status_code for url in read_urls(vastgesteld, ingediend)}

    assert answers == dict.fromkeys(answers, 200)


def test_every_api_read_of_the_exam_record_answers_the_examencommissie(
    api_client, vastgesteld, ingediend, examencommissie
):
    api_client.force_authenticate(examencommissie)

    answers = {url: api_client.get(url).status_code for url in read_api_urls(vastgesteld, ingediend)}

    assert answers == dict.fromkeys(answers, 200)


def test_another_opleidings_examencommissie_finds_none_of_it(
    client, api_client, vastgesteld, ingediend, other_examencommissie
):
    client.force_login(other_examencommissie)
    api_client.force_authenticate(other_examencommissie)

    pages = {url: client.get(url).status_code for url in read_urls(vastgesteld, ingediend)}
    api = {url: api_client.get(url).status_code for url in read_api_urls(vastgesteld, ingediend)}

    assert pages == dict.fromkeys(pages, 404)
    assert api == dict.fromkeys(api, 404)


def test_the_poging_page_shows_scores_and_vaststellingen_and_no_form_to_change_them(
    client, gecorrigeerd, examencommissie
):
    client.force_login(examencommissie)

    html = client.get(f"/beoordelen/poging/{gecorrigeerd.pk}/").content.decode()

    assert "Scores per criterium" in html
    assert "Praktijkbeoordelaar" in html
    assert "Schoolbeoordelaar" in html
    assert "Revisie 1: Voldoende" in html
    assert "Revisie 2: Goed" in html
    assert "Rekenfout in het formulier" in html
    assert '<strong id="poging-uitslag">Goed</strong>' in html
    for action in ("vaststellen", "corrigeren", "herkansing", "voorstellen", "instemmen", "voorleggen"):
        assert f"/beoordelen/poging/{gecorrigeerd.pk}/{action}/" not in html
    assert "<form" not in html.split("<main", 1)[1]


def test_read_only_pages_offer_no_link_or_form_to_manage(client, vastgesteld, ingediend, examencommissie):
    i = vastgesteld.inschrijving
    client.force_login(examencommissie)

    dashboard = client.get(f"/portfolio/{i.pk}/").content.decode()
    readiness = client.get(f"/diploma/inschrijving/{i.pk}/").content.decode()
    cohort = client.get(f"/diploma/cohort/{i.cohort_id}/").content.decode()
    beoordeling = client.get(f"/beoordelen/beoordeling/{vastgesteld.beoordelingen.first().pk}/").content.decode()
    bewijsstuk = client.get(f"/portfolio/bewijsstukken/{ingediend.pk}/").content.decode()

    assert f'href="/geschiedenis/inschrijving/{i.pk}/"' in dashboard
    assert "/versie/" not in dashboard
    assert "Resultaten invoeren" not in readiness
    assert "Wat als" not in readiness
    assert "Voortgangsrapport (PDF) maken" in readiness
    assert "Resultaten inlezen (CSV)" not in cohort
    assert "/portfolio/beheer/" not in cohort
    assert 'href="/diploma/examencommissie/"' in cohort
    assert "Exporteren" in cohort
    assert 'value="submit"' not in beoordeling
    assert "/teruggeven/" not in bewijsstuk
    assert "/indienen/" not in bewijsstuk


# -- history ---------------------------------------------------------------------------------------------------------


def test_the_history_page_is_read_by_the_examencommissie_of_the_opleiding_only(
    client, vastgesteld, examencommissie, other_examencommissie, school
):
    url = f"/geschiedenis/inschrijving/{vastgesteld.inschrijving_id}/"

    client.force_login(examencommissie)
    page = client.get(url)
    client.force_login(other_examencommissie)
    other = client.get(url)
    client.force_login(school)
    assessor = client.get(url)

    html = page.content.decode()
    assert (page.status_code, other.status_code, assessor.status_code) == (200, 404, 403)
    assert "Geschiedenis van Sanne de Vries" in html
    assert f'href="/diploma/cohort/{vastgesteld.inschrijving.cohort_id}/"' in html  # not the coordinator's page
    if POSTGRES:
        assert "Vaststelling vastgelegd" in html
        assert "door Carla Bakker" in html


def test_the_poging_history_opens_to_the_examencommissie_once_the_result_is_vastgesteld(
    client, api_client, agreed, coordinator, examencommissie
):
    beoordeling = agreed.beoordelingen.order_by("pk").first()
    client.force_login(examencommissie)
    api_client.force_authenticate(examencommissie)

    before_page = client.get(f"/beoordelen/poging/{agreed.pk}/").content.decode()
    before_api = api_client.get(f"/api/v1/beoordelingen/{beoordeling.pk}/history/")
    assessment_services.poging_vaststellen(poging=agreed, by=coordinator)
    after_page = client.get(f"/beoordelen/poging/{agreed.pk}/").content.decode()
    after_api = api_client.get(f"/api/v1/beoordelingen/{beoordeling.pk}/history/")

    assert 'id="history-after-vaststelling"' in before_page
    assert before_api.status_code == 403
    assert before_api.json() == {
        "detail": "De examencommissie leest de geschiedenis van een examenpoging zodra de uitslag is vastgesteld."
    }
    assert 'id="history-after-vaststelling"' not in after_page
    assert after_api.status_code == 200
    assert [(v["revisie"], v["uitslag"]) for v in after_api.json()["vaststellingen"]] == [(1, "voldoende")]
    if POSTGRES:
        assert after_api.json()["events"]
        assert '<table class="history responsive">' in after_page


# -- readiness and reports -----------------------------------------------------------------------------------------


def test_readiness_per_student_and_per_cohort_in_the_pages_and_the_api(
    client, api_client, inschrijving, cohort, examencommissie
):
    client.force_login(examencommissie)
    api_client.force_authenticate(examencommissie)

    table = client.get(f"/diploma/cohort/{cohort.pk}/").content.decode()
    student = client.get(f"/diploma/inschrijving/{inschrijving.pk}/").content.decode()
    per_cohort = api_client.get(f"/api/v1/cohorten/{cohort.pk}/gereedheid/").json()
    per_student = api_client.get(f"/api/v1/inschrijvingen/{inschrijving.pk}/gereedheid/").json()

    assert f'data-studentnummer="{inschrijving.studentnummer}"' in table
    assert "Wat mis ik nog?" in student
    assert [r["studentnummer"] for r in per_cohort["results"]] == [inschrijving.studentnummer]
    assert (per_student["studentnummer"], per_student["uitkomst"]) == (inschrijving.studentnummer, "nog_niet")


def test_the_examencommissie_requests_and_downloads_the_readiness_export_and_a_progress_report(
    client, inschrijving, cohort, examencommissie, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(examencommissie)

    with django_capture_on_commit_callbacks(execute=True):
        export = client.post("/diploma/rapporten/", {"kind": "readiness_csv", "cohort": cohort.pk})
        progress = client.post("/diploma/rapporten/", {"kind": "student_progress", "inschrijving": inschrijving.pk})

    csv_report = Report.objects.get(kind=Report.Kind.READINESS_CSV)
    pdf_report = Report.objects.get(kind=Report.Kind.STUDENT_PROGRESS)
    assert (export["Location"], progress["Location"]) == (
        f"/diploma/rapporten/{csv_report.pk}/",
        f"/diploma/rapporten/{pdf_report.pk}/",
    )
    assert (csv_report.status, pdf_report.status) == ("done", "done")
    csv_body = b"".join(client.get(f"/diploma/rapporten/{csv_report.pk}/download/").streaming_content)
    pdf_body = b"".join(client.get(f"/diploma/rapporten/{pdf_report.pk}/download/").streaming_content)
    assert inschrijving.studentnummer.encode() in csv_body
    assert pdf_body.startswith(b"%PDF")
    listed = client.get("/diploma/rapporten/").content.decode()
    assert f'href="/diploma/rapporten/{csv_report.pk}/"' in listed


def test_reports_in_the_api_and_those_of_another_opleiding_are_out_of_reach(
    api_client, inschrijving, cohort, coordinator, examencommissie, other_examencommissie, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    from diploma.report_requests import report_request

    by_coordinator = report_request(by=coordinator, kind=Report.Kind.READINESS_XLSX, cohort=cohort)
    api_client.force_authenticate(examencommissie)
    created = api_client.post("/api/v1/rapporten/", {"kind": "readiness_pdf", "cohort": cohort.pk})
    listed = [r["id"] for r in api_client.get("/api/v1/rapporten/").json()["results"]]
    api_client.force_authenticate(other_examencommissie)
    theirs = api_client.post("/api/v1/rapporten/", {"kind": "readiness_pdf", "cohort": cohort.pk})

    assert created.status_code == 202
    assert set(listed) == {by_coordinator.pk, created.json()["id"]}
    assert api_client.get(f"/api/v1/rapporten/{by_coordinator.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/rapporten/{by_coordinator.pk}/download/").status_code == 404
    assert theirs.status_code == 400
    assert Report.objects.count() == 2


# -- the examencommissie's own page and its navigation ---------------------------------------------------------------


def test_the_examencommissie_page_lists_cohorts_vaststellingen_and_corrections(
    client, gecorrigeerd, cohort, examencommissie, other_examencommissie
):
    client.force_login(examencommissie)

    home = client.get("/portfolio/")
    page = client.get("/diploma/examencommissie/").content.decode()
    corrections = client.get("/diploma/examencommissie/", {"correcties": "1"}).content.decode()
    client.force_login(other_examencommissie)
    other = client.get("/diploma/examencommissie/").content.decode()

    assert home["Location"] == "/diploma/examencommissie/"
    assert f'href="/diploma/cohort/{cohort.pk}/"' in page
    assert page.count("data-vaststelling=") == 2
    assert "Rekenfout in het formulier" in page
    assert "1 uitslag vastgesteld in de afgelopen 14 dagen" in page
    assert "1 correctie na vaststelling in de afgelopen 14 dagen" in page
    assert corrections.count("data-vaststelling=") == 1
    assert "correctie, revisie 2" in corrections
    assert "data-vaststelling=" not in other
    assert f'href="/diploma/cohort/{cohort.pk}/"' not in other
    assert "Nog geen uitslagen vastgesteld." in other


def test_the_examencommissie_page_is_closed_to_those_without_the_role(client, school, student):
    for user in (school, student):
        client.force_login(user)
        assert client.get("/diploma/examencommissie/").status_code == 403


NAV = re.compile(r'<nav aria-label="Hoofdmenu" class="main-nav">(.*?)</nav>', re.S)
HREF = re.compile(r'href="(/[^"#]*)"')


def test_the_navigation_shows_the_examencommissie_its_pages_and_no_link_is_dead(
    client, gecorrigeerd, ingediend, examencommissie
):
    client.force_login(examencommissie)
    start = client.get("/diploma/examencommissie/").content.decode()
    nav = NAV.search(start)
    assert nav is not None
    menu = nav.group(1)

    assert [label for label in ("Studenten", "Examencommissie", "Rapporten") if f">{label}<" not in menu] == []
    assert [label for label in ("Cohorten", "Vaststellen", "Te beoordelen") if label in menu] == []
    assert 'aria-current="page">Examencommissie<' in menu
    pages = ["/diploma/examencommissie/", *(u for u in read_urls(gecorrigeerd, ingediend) if "/bestanden/" not in u)]
    links = set()
    for url in pages:
        links |= {h for h in HREF.findall(client.get(url).content.decode()) if not h.startswith("/static/")}
    answers = {link: client.get(link.replace("&amp;", "&")).status_code for link in sorted(links)}
    assert {link: code for link, code in answers.items() if code not in (200, 302)} == {}


# -- one person, two opleidingen -----------------------------------------------------------------------------------


def test_a_coordinator_of_one_opleiding_on_the_commissie_of_another_reads_it_and_manages_only_their_own(
    client, agreed, cohort, retail_coordinator_on_intercedents_commissie
):
    user = retail_coordinator_on_intercedents_commissie
    i = agreed.inschrijving
    retail_cohort = selectors.cohort_list(user=user).get()
    client.force_login(user)

    reads = {
        url: client.get(url).status_code
        for url in (f"/portfolio/{i.pk}/", f"/geschiedenis/inschrijving/{i.pk}/", f"/diploma/cohort/{cohort.pk}/")
    }
    manages = {
        url: client.get(url).status_code
        for url in (
            f"/portfolio/beheer/cohorten/{cohort.pk}/",
            f"/portfolio/beheer/cohorten/{cohort.pk}/inschrijvingen/import/",
            f"/portfolio/beheer/inschrijvingen/{i.pk}/versie/",
            f"/beoordelen/voorschrift/{cohort.pk}/",
            f"/diploma/inschrijving/{i.pk}/resultaten/",
            f"/diploma/cohort/{cohort.pk}/resultaten/import/",
        )
    }
    activation = client.post(f"/portfolio/beheer/inschrijvingen/{i.pk}/activatie/")
    vaststellen = client.post(f"/beoordelen/poging/{agreed.pk}/vaststellen/")
    bulk = client.post("/beoordelen/vaststellen/", {"poging": [agreed.pk]}, follow=True)
    poging_page = client.get(f"/beoordelen/poging/{agreed.pk}/").content.decode()
    own = client.get(f"/portfolio/beheer/cohorten/{retail_cohort.pk}/")

    assert reads == dict.fromkeys(reads, 200)
    assert manages == dict.fromkeys(manages, 404)
    assert (activation.status_code, vaststellen.status_code, own.status_code) == (404, 403, 200)
    assert "Sanne" not in bulk.content.decode()
    assert "Uitslag vaststellen" not in poging_page
    with pytest.raises(Exception, match="coördinator"):
        diploma_services.generiek_save(inschrijving=i, by=user, nederlands_ce="6,0")
    agreed.refresh_from_db()
    assert agreed.status == Examenpoging.Status.OVEREENSTEMMING
    assert not Vaststelling.objects.exists()


# -- query counts: lists do not grow with rows ---------------------------------------------------------------------


@pytest.fixture
def many_results(cohort, p3, coordinator, praktijk, examencommissie):
    """30 students with a submitted bewijsstuk, a submitted exam beoordeling and a vaststelling each."""
    werkproces = Werkproces.objects.get(kerntaak__dossier=p3.dossier, code="B1-K1-W1")
    now = timezone.now()
    for n in range(30):
        i = InschrijvingFactory.create(cohort=cohort, profiel=p3, studentnummer=f"31{n:04d}")
        b = Bewijsstuk.objects.create(
            inschrijving=i, werkproces=werkproces, titel=f"Bewijs {n}", status="ingediend", submitted_at=now
        )
        BewijsstukVersie.objects.create(bewijsstuk=b, nummer=1, titel=b.titel, submitted_at=now)
        poging = Examenpoging.objects.create(
            inschrijving=i, werkproces=werkproces, status="vastgesteld", uitslag="voldoende"
        )
        Beoordeling.objects.create(
            inschrijving=i,
            werkproces=werkproces,
            beoordelaar=praktijk,
            rol="praktijk",
            soort="examen",
            poging=poging,
            status="ingediend",
            uitslag="voldoende",
            updated_by=praktijk,
            submitted_at=now,
        )
        Vaststelling.objects.create(poging=poging, revisie=1, uitslag="voldoende", scores={}, door=coordinator)
    return examencommissie


@pytest.mark.parametrize(
    ("url", "bound", "marker"),
    [("/portfolio/studenten/", 10, 'href="/portfolio/'), ("/diploma/examencommissie/", 10, "data-vaststelling=")],
)
def test_pages_read_a_fixed_number_of_queries_whatever_the_rows(
    client, many_results, url, bound, marker, django_assert_max_num_queries
):
    client.force_login(many_results)

    with django_assert_max_num_queries(bound):
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count(marker) >= 30


@pytest.mark.parametrize(
    ("url", "bound"),
    [("/api/v1/inschrijvingen/", 6), ("/api/v1/bewijsstukken/", 4), ("/api/v1/beoordelingen/", 4)],
)
def test_api_lists_read_a_fixed_number_of_queries_whatever_the_rows(
    api_client, many_results, url, bound, django_assert_max_num_queries
):
    api_client.force_authenticate(many_results)

    with django_assert_max_num_queries(bound):
        response = api_client.get(url)

    assert response.json()["count"] == 30


def test_the_readiness_table_reads_no_more_queries_for_30_students_than_for_3(
    client, cohort, p3, examencommissie, django_assert_max_num_queries
):
    client.force_login(examencommissie)
    url = f"/diploma/cohort/{cohort.pk}/"
    InschrijvingFactory.create_batch(3, cohort=cohort, profiel=p3)
    client.get(url)  # computes and stores each student's readiness once
    with django_assert_max_num_queries(35) as small:
        client.get(url)
    few = len(small.captured_queries)  # read now: the next request clears the connection's query log
    InschrijvingFactory.create_batch(27, cohort=cohort, profiel=p3)
    client.get(url)

    with django_assert_max_num_queries(few):
        html = client.get(url).content.decode()

    assert html.count("data-studentnummer=") == 30
