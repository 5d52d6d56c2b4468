import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from assessment import selectors, services
from assessment.models import Beoordeling, Beoordelingsvoorschrift, Examenpoging, Vaststelling
from config.errors import ApplicationError
from dossier.models import Werkproces
from portfolio.models import Beoordelaarstoewijzing
from tests.factories import score_all

EXAMEN = Beoordeling.Soort.EXAMEN


def test_a_p3_form_holds_the_p3_additions_and_a_p1_form_does_not(inschrijving, other_inschrijving, werkproces, school):
    Beoordelaarstoewijzing.objects.create(inschrijving=other_inschrijving, beoordelaar=school, rol="school")

    p3 = services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=school, soort=EXAMEN)
    p1 = services.beoordeling_start(inschrijving=other_inschrijving, werkproces=werkproces, by=school, soort=EXAMEN)

    assert p3.scores.count() == 7
    assert p3.scores.filter(criterium__profiel__code="P3").count() == 4
    assert p1.scores.count() == 3
    assert not p1.scores.filter(criterium__profiel__isnull=False).exists()


def test_two_assessors_who_agree_reach_overeenstemming(inschrijving, werkproces, praktijk, school):
    a = services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=praktijk, soort=EXAMEN)
    score_all(a, praktijk)
    poging = Examenpoging.objects.get()
    assert poging.status == "open"

    b = services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=school, soort=EXAMEN)
    score_all(b, school)

    poging.refresh_from_db()
    assert (poging.status, poging.uitslag) == ("overeenstemming", "voldoende")
    assert set(poging.akkoord_door.all()) == {praktijk, school}


def test_a_difference_is_settled_by_a_proposal_the_other_accepts(inschrijving, werkproces, praktijk, school):
    a = score_all(
        services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=praktijk, soort=EXAMEN),
        praktijk,
    )
    first = a.scores.first().criterium_id
    score_all(
        services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=school, soort=EXAMEN),
        school,
        overrides={first: "onvoldoende"},
    )
    poging = Examenpoging.objects.get()
    assert poging.status == "overleg"
    agreed = {s.criterium_id: "goed" if s.criterium_id == first else "voldoende" for s in a.scores.all()}

    services.poging_propose(poging=poging, by=school, scores=agreed, expected_version=poging.version)
    poging.refresh_from_db()
    with pytest.raises(ApplicationError, match="De andere beoordelaar moet"):
        services.poging_accept(poging=poging, by=school, expected_version=poging.version)
    services.poging_accept(poging=poging, by=praktijk, expected_version=poging.version)

    poging.refresh_from_db()
    assert (poging.status, poging.uitslag) == ("overeenstemming", "voldoende")


def test_unsettled_difference_goes_to_the_coordinator_who_decides(
    inschrijving, werkproces, praktijk, school, coordinator
):
    a = score_all(
        services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=praktijk, soort=EXAMEN),
        praktijk,
    )
    score_all(
        services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=school, soort=EXAMEN),
        school,
        waarde="onvoldoende",
    )
    poging = Examenpoging.objects.get()
    services.poging_voorleggen(poging=poging, by=praktijk)

    vaststelling = services.poging_vaststellen(
        poging=poging, by=coordinator, scores={s.criterium_id: "voldoende" for s in a.scores.all()}
    )

    poging.refresh_from_db()
    assert (poging.status, vaststelling.uitslag, vaststelling.revisie) == ("vastgesteld", "voldoende", 1)
    assert poging.feedback_vrijgegeven_at is not None


def test_one_assessor_is_enough_when_the_voorschrift_says_so(inschrijving, werkproces, school, cohort):
    Beoordelingsvoorschrift.objects.create(cohort=cohort, twee_beoordelaars=False)

    score_all(
        services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=school, soort=EXAMEN), school
    )

    assert Examenpoging.objects.get().status == "overeenstemming"


def test_the_bpv_coach_cannot_be_an_exam_assessor(inschrijving, werkproces, coach):
    Beoordelaarstoewijzing.objects.create(inschrijving=inschrijving, beoordelaar=coach, rol="praktijk")

    with pytest.raises(ApplicationError, match="De BPV-coach van deze student kan geen examenbeoordelaar zijn."):
        services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=coach, soort=EXAMEN)
    formatief = services.beoordeling_start(
        inschrijving=inschrijving, werkproces=werkproces, by=coach, soort="formatief"
    )
    assert formatief.poging is None


def test_an_unassigned_beoordelaar_cannot_start(inschrijving, werkproces, other_beoordelaar):
    with pytest.raises(PermissionDenied):
        services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=other_beoordelaar, soort=EXAMEN)


def test_formative_results_never_count(inschrijving, werkproces, school, praktijk):
    for user in (school, praktijk):
        score_all(
            services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=user, soort="formatief"),
            user,
            waarde="goed",
        )

    assert not Examenpoging.objects.exists()
    assert selectors.final_niveaus(inschrijving=inschrijving) == {}


def test_a_stale_save_is_refused_and_names_who_changed_it(inschrijving, werkproces, school):
    beoordeling = services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=school, soort=EXAMEN)
    loaded_version = beoordeling.version
    scores = {s.criterium_id: ("voldoende", "") for s in beoordeling.scores.all()}
    services.beoordeling_save(
        beoordeling=beoordeling, by=school, expected_version=loaded_version, scores=scores, feedback="Tab 1"
    )

    with pytest.raises(services.StaleWrite, match="Niet opgeslagen: Samira El Idrissi heeft dit om"):
        services.beoordeling_save(
            beoordeling=beoordeling, by=school, expected_version=loaded_version, scores=scores, feedback="Tab 2"
        )
    beoordeling.refresh_from_db()
    assert beoordeling.feedback == "Tab 1"


def test_a_score_off_the_scale_is_refused(inschrijving, werkproces, school):
    beoordeling = services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=school, soort=EXAMEN)
    first = beoordeling.scores.first().criterium_id

    with pytest.raises(ApplicationError):
        services.beoordeling_save(
            beoordeling=beoordeling, by=school, expected_version=1, scores={first: ("3", "")}, feedback=""
        )


def test_submit_needs_every_score(inschrijving, werkproces, school):
    beoordeling = services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=school, soort=EXAMEN)

    with pytest.raises(
        ApplicationError, match="Een examen heeft bij elk criterium een score nodig; er ontbreken er 7: "
    ):
        services.beoordeling_submit(beoordeling=beoordeling, by=school, expected_version=beoordeling.version)


@pytest.fixture
def vastgesteld(inschrijving, werkproces, praktijk, school, coordinator):
    for user in (praktijk, school):
        score_all(
            services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=user, soort=EXAMEN), user
        )
    poging = Examenpoging.objects.get()
    services.poging_vaststellen(poging=poging, by=coordinator)
    return poging


def test_a_correction_is_a_new_revision_with_a_reason(vastgesteld, coordinator):
    scores = {int(k): "goed" for k in vastgesteld.voorstel}

    with pytest.raises(ApplicationError, match="reden"):
        services.poging_correct(poging=vastgesteld, by=coordinator, scores=scores, reden=" ")
    services.poging_correct(poging=vastgesteld, by=coordinator, scores=scores, reden="Rekenfout in formulier")

    revisies = list(Vaststelling.objects.filter(poging=vastgesteld).values_list("revisie", "uitslag", "reden"))
    assert revisies == [(1, "voldoende", ""), (2, "goed", "Rekenfout in formulier")]
    vastgesteld.refresh_from_db()
    assert vastgesteld.uitslag == "goed"


def test_after_vaststelling_a_new_exam_needs_a_herkansing(vastgesteld, inschrijving, werkproces, school, coordinator):
    with pytest.raises(ApplicationError, match="herkansing"):
        services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=school, soort=EXAMEN)

    nieuw = services.poging_herkansing(inschrijving=inschrijving, werkproces=werkproces, by=coordinator)
    services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=school, soort=EXAMEN)

    assert nieuw.nummer == 2
    assert list(Examenpoging.objects.values_list("nummer", "status")) == [(1, "vastgesteld"), (2, "open")]


def test_only_the_coordinator_fixes_results(inschrijving, werkproces, praktijk, school):
    for user in (praktijk, school):
        score_all(
            services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=user, soort=EXAMEN), user
        )

    with pytest.raises(PermissionDenied):
        services.poging_vaststellen(poging=Examenpoging.objects.get(), by=school)


def test_kerntaak_result_follows_from_vastgestelde_werkprocessen(vastgesteld, inschrijving):
    from portfolio.selectors import portfolio_progress

    progress = portfolio_progress(inschrijving=inschrijving)
    outcomes = selectors.kerntaak_results(inschrijving=inschrijving, progress=progress, cijfers=None)

    b1k1 = outcomes[Werkproces.objects.get(code="B1-K1-W1").kerntaak_id]
    assert b1k1.niveau is None
    assert b1k1.missing == ("B1-K1-W2",)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="audit triggers exist on PostgreSQL only")
def test_history_records_who_changed_what_also_for_bulk_updates(vastgesteld, coordinator):
    from assessment.models import Score
    from config.audit import audit_context

    with audit_context(user=coordinator.pk, action="bulk"):
        Score.objects.filter(beoordeling__poging=vastgesteld).update(opmerking="bulk")

    events = selectors.poging_history(poging=vastgesteld)
    models = {e.pgh_model for e in events}
    assert models == {f"assessment.{name}Event" for name in ("Examenpoging", "Beoordeling", "Score", "Vaststelling")}
    bulk = [e for e in events if e.pgh_context and e.pgh_context.get("action") == "bulk"]
    assert len(bulk) == 14
    assert all(e.pgh_diff == {"opmerking": ["", "bulk"]} for e in bulk)
    vaststellen = [e for e in events if e.pgh_context and e.pgh_context.get("action") == "poging_vaststellen"]
    assert {e.pgh_context["user"] for e in vaststellen} == {coordinator.pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_on_postgresql_never_overwrite_each_other(commercie, inschrijving, werkproces, school):
    beoordeling = services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=school, soort=EXAMEN)
    scores = {s.criterium_id: ("voldoende", "") for s in beoordeling.scores.all()}
    barrier = threading.Barrier(2)
    outcomes = []

    def save(feedback: str) -> None:
        try:
            barrier.wait()
            services.beoordeling_save(
                beoordeling=Beoordeling.objects.get(pk=beoordeling.pk),
                by=school,
                expected_version=1,
                scores=scores,
                feedback=feedback,
            )
            outcomes.append(("ok", feedback))
        except services.StaleWrite:
            outcomes.append(("stale", feedback))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(f"tab {n}",)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(o[0] for o in outcomes) == ["ok", "stale"]
    winner = next(f for status, f in outcomes if status == "ok")
    beoordeling.refresh_from_db()
    assert (beoordeling.feedback, beoordeling.version) == (winner, 2)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections")
@pytest.mark.django_db(transaction=True)
def test_both_assessors_starting_the_same_exam_at_once_join_one_poging(commercie, inschrijving, praktijk, school):
    """Issue 15: the second assessor joins the poging the first created; no IntegrityError, many rounds."""
    codes = list(
        Werkproces.objects.filter(kerntaak__dossier=inschrijving.profiel.dossier, kerntaak__profiel__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)
    )
    errors: list[BaseException] = []
    for code in codes:
        werkproces = Werkproces.objects.get(kerntaak__dossier=inschrijving.profiel.dossier, code=code)
        barrier = threading.Barrier(2)

        def start(user, werkproces=werkproces, barrier=barrier) -> None:
            try:
                barrier.wait()
                services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=user, soort=EXAMEN)
            except BaseException as exc:  # noqa: BLE001 - the test reports whatever escaped
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=start, args=(user,)) for user in (praktijk, school)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    assert errors == []
    assert len(codes) == 11
    for code in codes:
        poging = Examenpoging.objects.get(inschrijving=inschrijving, werkproces__code=code)
        assert sorted(poging.beoordelingen.values_list("rol", flat=True)) == ["praktijk", "school"]
