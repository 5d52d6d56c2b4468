"""Dossier versions: a used version is frozen, other text becomes a new version, criteria pair by content."""

import pytest
from django.core.management.base import CommandError

from accounts.roles import Role
from assessment import services as assessment_services
from assessment.models import Score, Vaststelling
from assessment.selectors import applicable_criteria
from dossier.models import Criterium, Kwalificatiedossier, Werkproces
from dossier.selectors import dossier_get, dossier_is_frozen
from dossier.versions import match_texts
from portfolio.models import Beoordelaarstoewijzing
from tests.factories import (
    InschrijvingFactory,
    OpleidingFactory,
    UserFactory,
    b1k1w1_gedrag,
    in_group,
    run_import,
    score_all,
)

FIRST_GEDRAG = "Verzamelt en presenteert op gestructureerde wijze relevante informatie"  # start of B1-K1-W1 gedrag 1


def edited(dossier_txt, tmp_path, *replacements: tuple[str, str]):
    text = dossier_txt.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "dossier.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_texts_pair_by_content_not_by_position():
    old = ["Werkt nauwkeurig.", "Communiceert helder.", "Plant zijn werk."]
    new = ["Werkt veilig.", "Werkt nauwkeurig.", "Communiceert heel helder.", "Plant zijn werk."]

    pairs = {(p.old, p.new, p.kind) for p in match_texts(old, new)}

    assert pairs == {(None, 0, "added"), (0, 1, "same"), (1, 2, "reworded"), (2, 3, "same")}


def test_a_text_that_changes_place_among_the_others_is_moved():
    pairs = {(p.old, p.new, p.kind) for p in match_texts(["A b c", "D e f", "G h i"], ["G h i", "A b c", "D e f"])}

    assert pairs == {(2, 0, "moved"), (0, 1, "same"), (1, 2, "same")}


def test_an_unused_version_is_updated_in_place_without_moving_texts_onto_other_rows(commercie, three_changes):
    before = {c.pk: c.tekst for c in Criterium.objects.all()}

    output = run_import(three_changes["path"])

    assert Kwalificatiedossier.objects.count() == 1
    assert "versie 1 bijgewerkt" in output
    after = {c.pk: c.tekst for c in Criterium.objects.all()}
    changed = {pk for pk in before.keys() & after.keys() if before[pk] != after[pk]}
    assert changed == {three_changes["reworded"].pk}
    assert len(after.keys() - before.keys()) == 1
    assert [before[pk] for pk in before.keys() - after.keys()] == [three_changes["removed"]]
    assert b1k1w1_gedrag(commercie)[0] == "Werkt veilig en volgens de huisregels."
    assert "Criteria: 1 toegevoegd, 1 verwijderd, 1 anders verwoord, 0 verplaatst" in output
    assert "  + Werkt veilig en volgens de huisregels." in output


@pytest.fixture
def vastgesteld(commercie, p3):
    """A vastgestelde exam of B1-K1-W1 and B1-K3-W1 on version 1, both assessors agreed."""
    inschrijving = InschrijvingFactory.create(profiel=p3)
    coordinator = in_group(UserFactory.create(username="coord"), Role.COORDINATOR)
    OpleidingFactory.create().coordinatoren.add(coordinator)
    assessors = []
    for rol in ("praktijk", "school"):
        user = in_group(UserFactory.create(username=rol), Role.BEOORDELAAR)
        Beoordelaarstoewijzing.objects.create(inschrijving=inschrijving, beoordelaar=user, rol=rol)
        assessors.append(user)
    for code in ("B1-K1-W1", "B1-K3-W1"):
        werkproces = Werkproces.objects.get(kerntaak__dossier=commercie, code=code)
        for user in assessors:
            beoordeling = assessment_services.beoordeling_start(
                inschrijving=inschrijving, werkproces=werkproces, by=user, soort="examen"
            )
            score_all(beoordeling, user)
        poging = inschrijving.pogingen.get(werkproces=werkproces)
        assessment_services.poging_vaststellen(poging=poging, by=coordinator)
    return inschrijving


def scored_texts() -> dict[int, str]:
    return dict(Score.objects.values_list("pk", "criterium__tekst"))


def test_a_used_version_is_frozen_and_new_text_becomes_version_2(commercie, vastgesteld, three_changes):
    texts_before = scored_texts()
    vaststellingen = {v.pk: dict(v.scores) for v in Vaststelling.objects.all()}
    form_before = [
        c.tekst
        for c in applicable_criteria(
            inschrijving=vastgesteld, werkproces=Werkproces.objects.get(kerntaak__dossier=commercie, code="B1-K1-W1")
        )
    ]
    assert dossier_is_frozen(commercie)

    output = run_import(three_changes["path"], "--versie", "2026")

    assert "Nieuwe versie 2026: versie 1 wordt gebruikt en blijft ongewijzigd." in output
    v1, v2 = Kwalificatiedossier.objects.order_by("volgnummer")
    assert (v1.pk, v2.volgnummer, v2.versie) == (commercie.pk, 2, "2026")
    # Nothing a vastgestelde result rests on moved: every score keeps its criterion and its text.
    assert scored_texts() == texts_before
    assert {v.pk: dict(v.scores) for v in Vaststelling.objects.all()} == vaststellingen
    vastgesteld.refresh_from_db()
    assert vastgesteld.profiel.dossier_id == v1.pk
    werkproces_v1 = Werkproces.objects.get(kerntaak__dossier=v1, code="B1-K1-W1")
    assert [c.tekst for c in applicable_criteria(inschrijving=vastgesteld, werkproces=werkproces_v1)] == form_before
    # Version 2 has the new text; unchanged criteria keep their identity (sleutel) across versions.
    assert b1k1w1_gedrag(v2)[0] == "Werkt veilig en volgens de huisregels."
    assert b1k1w1_gedrag(v1) == b1k1w1_gedrag(v2)[1:]
    sleutels_v1 = dict(Criterium.objects.filter(werkproces__kerntaak__dossier=v1).values_list("tekst", "sleutel"))
    sleutels_v2 = dict(Criterium.objects.filter(werkproces__kerntaak__dossier=v2).values_list("tekst", "sleutel"))
    assert all(sleutels_v2[t] == s for t, s in sleutels_v1.items() if t in sleutels_v2)
    reworded_v2 = Criterium.objects.get(werkproces__kerntaak__dossier=v2, tekst__endswith="en de huisstijl.")
    assert reworded_v2.sleutel == three_changes["reworded"].sleutel
    current = dossier_get(crebo="23064")
    assert current is not None
    assert current.pk == v2.pk


def test_importing_the_same_text_again_makes_no_new_version(commercie, vastgesteld, dossier_txt):
    output = run_import(dossier_txt)

    assert Kwalificatiedossier.objects.count() == 1
    assert "Geen wijzigingen: versie 1 blijft zoals hij is." in output


def test_removing_a_scored_criterion_makes_a_new_version_instead_of_a_traceback(
    commercie, vastgesteld, dossier_txt, tmp_path
):
    scored = (
        Score.objects.filter(criterium__werkproces__code="B1-K3-W1", criterium__tekst__startswith="Alle klantcontacten")
        .select_related("criterium")
        .first()
    )
    assert scored is not None
    path = edited(dossier_txt, tmp_path, (f"- {scored.criterium.tekst}\n", ""))

    output = run_import(path)

    assert "Nieuwe versie 2" in output
    assert Criterium.objects.filter(pk=scored.criterium_id, tekst=scored.criterium.tekst).exists()


def test_dry_run_shows_the_diff_and_stores_nothing(commercie, vastgesteld, three_changes):
    rows = Criterium.objects.count()

    output = run_import(three_changes["path"], "--dry-run")

    assert "Proefimport (--dry-run): er is niets opgeslagen." in output
    assert "1 toegevoegd, 1 verwijderd, 1 anders verwoord" in output
    assert (Kwalificatiedossier.objects.count(), Criterium.objects.count()) == (1, rows)


def test_a_cohort_on_version_1_keeps_its_forms_after_version_2(client, commercie, vastgesteld, three_changes):
    from assessment import services

    run_import(three_changes["path"])
    werkproces_v1 = Werkproces.objects.get(kerntaak__dossier=commercie, code="B1-K1-W1")
    school = vastgesteld.toewijzingen.get(rol="school").beoordelaar
    herkansing = services.poging_herkansing(inschrijving=vastgesteld, werkproces=werkproces_v1, by=school)
    del herkansing
    beoordeling = services.beoordeling_start(
        inschrijving=vastgesteld, werkproces=werkproces_v1, by=school, soort="examen"
    )

    texts = list(beoordeling.scores.order_by("criterium__volgorde").values_list("criterium__tekst", flat=True))

    assert "Werkt veilig en volgens de huisregels." not in texts
    assert set(texts) == {c.tekst for c in applicable_criteria(inschrijving=vastgesteld, werkproces=werkproces_v1)}
    client.force_login(vastgesteld.student)
    page = client.get(f"/portfolio/{vastgesteld.pk}/werkproces/B1-K1-W1/").content.decode()
    assert "Werkt veilig en volgens de huisregels." not in page


def test_a_second_dossier_with_the_same_kwalificatie_crebo_is_refused(commercie, dossier_txt):
    from dossier.models import Profiel

    Profiel.objects.filter(dossier=commercie, code="P3").update(crebo="25136")
    other = Kwalificatiedossier.objects.create(crebo="99999", naam="Ander dossier")
    Profiel.objects.create(dossier=other, code="P1", naam="Intercedent elders", crebo="25136")

    with pytest.raises(CommandError, match="Kwalificatie 25136 .* hoort al bij dossier Ander dossier"):
        run_import(dossier_txt)


def test_the_pages_show_the_students_own_version_and_any_version_on_request(
    client, commercie, vastgesteld, three_changes
):
    run_import(three_changes["path"])
    new_text = "Werkt veilig en volgens de huisregels."

    client.force_login(vastgesteld.student)
    own = client.get("/dossier/23064/werkproces/B1-K1-W1/").content.decode()
    newest = client.get("/dossier/23064/werkproces/B1-K1-W1/?versie=2").content.decode()
    missing = client.get("/dossier/23064/?versie=9")
    client.force_login(vastgesteld.toewijzingen.first().beoordelaar)
    staff = client.get("/dossier/23064/").content.decode()

    assert new_text not in own
    assert new_text in newest
    assert missing.status_code == 404
    assert "2 versies van dit dossier" in staff
    assert 'href="/dossier/23064/?versie=1"' in staff


def test_moving_a_cohort_shows_what_changes_and_keeps_every_result_and_score(
    client, commercie, vastgesteld, three_changes
):
    from portfolio.models import Cohort

    run_import(three_changes["path"])
    v2 = Kwalificatiedossier.objects.get(volgnummer=2)
    coordinator = in_group(UserFactory.create(username="coord2"), Role.COORDINATOR)
    OpleidingFactory.create().coordinatoren.add(coordinator)
    cohort = vastgesteld.cohort
    texts_before = scored_texts()
    client.force_login(coordinator)

    preview = client.get(f"/portfolio/beheer/cohorten/{cohort.pk}/versie/").content.decode()
    moved = client.post(f"/portfolio/beheer/cohorten/{cohort.pk}/versie/", {"naar": "2"}, follow=True)

    assert "Werkt veilig en volgens de huisregels." in preview
    assert three_changes["removed"] in preview
    assert "1 student staat nu op versie 2." in moved.content.decode()
    cohort = Cohort.objects.get(pk=cohort.pk)
    vastgesteld.refresh_from_db()
    assert (cohort.dossier_id, vastgesteld.profiel.dossier_id) == (v2.pk, v2.pk)
    assert scored_texts() == texts_before
    client.force_login(vastgesteld.student)
    dashboard = client.get(f"/portfolio/{vastgesteld.pk}/").content.decode()
    row = dashboard[dashboard.index('data-werkproces="B1-K1-W1"') :][:2000]
    assert "Voldoende" in row
    page = client.get(f"/portfolio/{vastgesteld.pk}/werkproces/B1-K1-W1/").content.decode()
    assert "Werkt veilig en volgens de huisregels." in page


def test_a_student_with_an_exam_in_progress_is_not_moved(client, commercie, vastgesteld, three_changes):
    run_import(three_changes["path"])
    werkproces = Werkproces.objects.get(kerntaak__dossier=commercie, code="B1-K2-W1")
    school = vastgesteld.toewijzingen.get(rol="school").beoordelaar
    assessment_services.beoordeling_start(inschrijving=vastgesteld, werkproces=werkproces, by=school, soort="examen")
    coordinator = in_group(UserFactory.create(username="coord3"), Role.COORDINATOR)
    OpleidingFactory.create().coordinatoren.add(coordinator)
    client.force_login(coordinator)

    response = client.post(f"/portfolio/beheer/inschrijvingen/{vastgesteld.pk}/versie/", {"naar": "2"})

    assert response.status_code == 400
    assert "Rond eerst de lopende examens en concept-beoordelingen af van:" in response.content.decode()
    vastgesteld.refresh_from_db()
    assert vastgesteld.profiel.dossier_id == commercie.pk


def test_only_a_coordinator_moves_students(client, commercie, vastgesteld, three_changes):
    run_import(three_changes["path"])
    client.force_login(vastgesteld.toewijzingen.first().beoordelaar)

    response = client.post(f"/portfolio/beheer/cohorten/{vastgesteld.cohort_id}/versie/", {"naar": "2"})

    assert response.status_code == 403
    vastgesteld.refresh_from_db()
    assert vastgesteld.profiel.dossier_id == commercie.pk


def test_the_api_lists_versions_gives_a_diff_and_reads_any_version(api_client, commercie, vastgesteld, three_changes):
    run_import(three_changes["path"])
    api_client.force_authenticate(vastgesteld.student)

    versies = api_client.get("/api/v1/dossiers/23064/versies/").json()
    diff = api_client.get("/api/v1/dossiers/23064/diff/?van=1&naar=2&profiel=P3").json()
    v1 = api_client.get("/api/v1/werkprocessen/?dossier=23064&versie=1&profiel=P3").json()
    latest = api_client.get("/api/v1/werkprocessen/?profiel=P3").json()
    bad = api_client.get("/api/v1/werkprocessen/?dossier=23064&versie=x")
    retrieve = api_client.get("/api/v1/dossiers/23064/?versie=1").json()

    assert [(v["volgnummer"], v["in_gebruik"]) for v in versies] == [(2, False), (1, True)]
    b1k1w1 = next(w for w in diff["werkprocessen"] if w["code"] == "B1-K1-W1")
    assert b1k1w1["toegevoegd"] == ["Werkt veilig en volgens de huisregels."]
    assert any(w["verwijderd"] == [three_changes["removed"]] for w in diff["werkprocessen"])
    assert sum(len(w["anders_verwoord"]) for w in diff["werkprocessen"]) == 1

    def gedrag(payload):
        werkproces = next(w for w in payload["results"] if w["code"] == "B1-K1-W1")
        return [c["tekst"] for c in werkproces["criteria"] if c["soort"] == "gedrag"]

    assert "Werkt veilig en volgens de huisregels." not in gedrag(v1)
    assert gedrag(latest)[0] == "Werkt veilig en volgens de huisregels."
    assert latest["count"] == v1["count"] == 16
    assert bad.status_code == 400
    assert bad.json() == {"versie": "Een versie is een volgnummer, zoals 2."}
    assert retrieve["volgnummer"] == 1


def test_an_addition_for_a_profiel_the_export_was_not_made_for_is_stored_for_that_profiel(
    commercie, dossier_txt, tmp_path
):
    from dossier.models import Profiel

    anchor = "- Informatie over wijzigingen in relevante wet- en regelgeving is beschikbaar.\n"
    addition = "\nVoor Commercieel medewerker geldt aanvullend:\n- De verkoopcijfers zijn bijgehouden.\n"
    path = edited(dossier_txt, tmp_path, (anchor, anchor + addition))
    p1 = Profiel.objects.get(dossier=commercie, code="P1")
    elsewhere = Criterium.objects.create(
        werkproces=Werkproces.objects.get(kerntaak__dossier=commercie, code="B1-K2-W1"),
        soort="resultaat",
        profiel=p1,
        tekst="Een P1-aanvulling uit de export van P1.",
        volgorde=1,
    )

    output = run_import(path)

    stored = Criterium.objects.filter(werkproces__code="B1-K1-W1", profiel=p1, soort="resultaat")
    assert list(stored.values_list("tekst", flat=True)) == ["De verkoopcijfers zijn bijgehouden."]
    assert Criterium.objects.filter(pk=elsewhere.pk).exists()
    assert "+ De verkoopcijfers zijn bijgehouden." in output
    p3_texts = Criterium.objects.filter(werkproces__code="B1-K1-W1", profiel__code="P3", soort="resultaat")
    assert p3_texts.count() == 2
