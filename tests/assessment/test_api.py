import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django.utils.formats import time_format

from accounts.models import User
from assessment import selectors, services
from assessment.models import Beoordeling, Beoordelingsvoorschrift, Examenpoging, Vaststelling
from portfolio.models import Beoordelaarstoewijzing
from tests.factories import URL, save, scored, start, submit

EXAMEN = Beoordeling.Soort.EXAMEN
FORMATIEF = Beoordeling.Soort.FORMATIEF
STALE_TAIL = "al gewijzigd. Laad de pagina opnieuw en breng je wijzigingen daarna nogmaals aan."


@pytest.fixture
def in_overleg(api_client, inschrijving, praktijk, school) -> tuple[dict, dict]:
    """Praktijk scores all voldoende, school one criterium onvoldoende."""
    a = scored(api_client, praktijk, inschrijving)
    first = a["scores"][0]["criterium"]
    b = scored(api_client, school, inschrijving, overrides={first: "onvoldoende"})
    assert Examenpoging.objects.get().status == "overleg"
    return a, b


@pytest.fixture
def vastgesteld(api_client, inschrijving, praktijk, school, coordinator) -> dict:
    a = scored(api_client, praktijk, inschrijving)
    scored(api_client, school, inschrijving)
    api_client.force_authenticate(coordinator)
    response = api_client.post(f"{URL}{a['id']}/vaststellen/", {}, format="json")
    assert response.status_code == 200, response.json()
    return a


# -- create, save, submit ------------------------------------------------------------------------------


def test_two_assessors_create_save_and_submit_and_reach_overeenstemming(api_client, inschrijving, praktijk, school):
    created = start(api_client, praktijk, inschrijving)
    assert (created["status"], created["soort"], created["rol"], created["version"]) == (
        "concept",
        "examen",
        "praktijk",
        1,
    )
    assert (created["werkproces"], created["student"], created["beoordelaar"]) == ("B1-K1-W1", "sanne", "praktijk")
    assert created["poging"] == {
        "id": Examenpoging.objects.get().pk,
        "nummer": 1,
        "status": "open",
        "uitslag": "",
        "version": 1,
        "voorstel": None,
    }

    saved = save(api_client, praktijk, created)
    assert saved.status_code == 200, saved.json()
    assert (saved.json()["version"], saved.json()["feedback"]) == (2, "Goed gedaan.")
    assert {s["waarde"] for s in saved.json()["scores"]} == {"voldoende"}

    submitted = submit(api_client, praktijk, saved.json())
    assert submitted.status_code == 200, submitted.json()
    body = submitted.json()
    assert (body["status"], body["uitslag"], body["version"], body["poging"]["status"]) == (
        "ingediend", "voldoende", 3, "open",
    )  # fmt: skip
    assert body["submitted_at"] is not None

    other = scored(api_client, school, inschrijving)

    poging = Examenpoging.objects.get()
    assert (poging.status, poging.uitslag) == ("overeenstemming", "voldoende")
    assert set(poging.akkoord_door.all()) == {praktijk, school}
    assert other["poging"]["status"] == "overeenstemming"
    assert other["poging"]["uitslag"] == "voldoende"
    assert other["poging"]["voorstel"] == {str(s["criterium"]): "voldoende" for s in other["scores"]}


def test_a_p3_beoordeling_holds_seven_scores_with_the_p3_additions(api_client, inschrijving, werkproces, school):
    body = start(api_client, school, inschrijving)

    expected = selectors.applicable_criteria(inschrijving=inschrijving, werkproces=werkproces)
    assert [s["criterium"] for s in body["scores"]] == [c.pk for c in expected]
    assert len(body["scores"]) == 7
    assert [s["profiel"] for s in body["scores"]].count("P3") == 4
    assert [s["profiel"] for s in body["scores"]].count(None) == 3
    assert body["scores"][0] == {
        "criterium": expected[0].pk,
        "tekst": expected[0].tekst,
        "soort": expected[0].soort,
        "profiel": expected[0].profiel.code if expected[0].profiel else None,
        "waarde": "",
        "opmerking": "",
    }


def test_starting_an_examen_twice_returns_the_same_beoordeling(api_client, inschrijving, school):
    first = start(api_client, school, inschrijving)
    second = start(api_client, school, inschrijving)

    assert second["id"] == first["id"]
    assert Beoordeling.objects.count() == 1


def test_a_stale_save_is_a_409_naming_who_changed_it_and_nothing_changes(api_client, inschrijving, school):
    loaded = start(api_client, school, inschrijving)
    assert save(api_client, school, loaded, feedback="Tab 1").status_code == 200
    beoordeling = Beoordeling.objects.get()

    response = save(api_client, school, loaded, waarde="goed", feedback="Tab 2")

    assert response.status_code == 409
    tijd = time_format(timezone.localtime(beoordeling.updated_at), "H:i")
    assert response.json() == {"detail": f"Niet opgeslagen: Samira El Idrissi heeft dit om {tijd} {STALE_TAIL}"}
    beoordeling.refresh_from_db()
    assert (beoordeling.feedback, beoordeling.version) == ("Tab 1", 2)
    assert set(beoordeling.scores.values_list("waarde", flat=True)) == {"voldoende"}


def test_a_stale_submit_is_a_409_and_the_beoordeling_stays_a_concept(api_client, inschrijving, school):
    loaded = start(api_client, school, inschrijving)
    assert save(api_client, school, loaded).status_code == 200

    response = submit(api_client, school, loaded)

    assert response.status_code == 409
    assert response.json()["detail"].startswith("Niet opgeslagen: Samira El Idrissi heeft dit om ")
    beoordeling = Beoordeling.objects.get()
    assert (beoordeling.status, beoordeling.version) == ("concept", 2)


def test_submit_without_every_score_is_a_400_with_the_dutch_reason(api_client, inschrijving, school):
    body = start(api_client, school, inschrijving)

    response = submit(api_client, school, body)

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("Een examen heeft bij elk criterium een score nodig; er ontbreken er 7: ‘")
    assert detail.count("‘") == 7


def test_a_score_off_the_scale_and_a_foreign_criterium_are_400s(api_client, inschrijving, school):
    body = start(api_client, school, inschrijving)
    first = body["scores"][0]["criterium"]

    off_scale = save(api_client, school, body, overrides={first: "3"})
    api_client.force_authenticate(school)
    foreign = api_client.post(
        f"{URL}{body['id']}/save/",
        {"version": 1, "feedback": "", "scores": [{"criterium": 999999, "waarde": "goed"}]},
        format="json",
    )
    twice = api_client.post(
        f"{URL}{body['id']}/save/",
        {"version": 1, "feedback": "", "scores": [{"criterium": first, "waarde": "goed"}] * 2},
        format="json",
    )

    assert off_scale.status_code == 400
    assert off_scale.json()["detail"].startswith("Onbekende score '3' voor schaal 'ovg'")
    assert foreign.status_code == 400
    assert foreign.json() == {"detail": "Een of meer criteria horen niet bij deze beoordeling."}
    assert twice.status_code == 400
    assert twice.json() == {"scores": ["Elk criterium mag maar één keer voorkomen."]}
    assert Beoordeling.objects.get().version == 1


# -- create: who may start what ------------------------------------------------------------------------


def test_the_bpv_coach_cannot_create_an_examen_but_may_give_formative_feedback(api_client, inschrijving, coach):
    Beoordelaarstoewijzing.objects.create(inschrijving=inschrijving, beoordelaar=coach, rol="praktijk")
    api_client.force_authenticate(coach)

    response = api_client.post(
        URL, {"inschrijving": inschrijving.pk, "werkproces": "B1-K1-W1", "soort": "examen"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "De BPV-coach van deze student kan geen examenbeoordelaar zijn."}
    assert not Examenpoging.objects.exists()
    formatief = start(api_client, coach, inschrijving, soort=FORMATIEF)
    assert (formatief["soort"], formatief["poging"]) == ("formatief", None)


@pytest.mark.parametrize(
    ("persona", "status_code", "detail"),
    [
        ("outsider", 400, "Onbekende inschrijving."),
        ("other_beoordelaar", 400, "Onbekende inschrijving."),
        ("other_student", 400, "Onbekende inschrijving."),
        ("student", 403, "Je bent geen beoordelaar van deze student."),
        ("coach", 403, "Je bent geen beoordelaar van deze student."),
        ("coordinator", 403, "Je bent geen beoordelaar van deze student."),
    ],
)
def test_only_an_assigned_beoordelaar_can_start(request, api_client, inschrijving, persona, status_code, detail):
    api_client.force_authenticate(request.getfixturevalue(persona))

    response = api_client.post(
        URL, {"inschrijving": inschrijving.pk, "werkproces": "B1-K1-W1", "soort": "formatief"}, format="json"
    )

    assert response.status_code == status_code
    assert response.json() == {"detail": detail}
    assert not Beoordeling.objects.exists()


def test_a_werkproces_of_another_profiel_or_an_unknown_soort_is_a_400(api_client, inschrijving, school):
    api_client.force_authenticate(school)

    other_profiel = api_client.post(
        URL, {"inschrijving": inschrijving.pk, "werkproces": "P4-K1-W1", "soort": "examen"}, format="json"
    )
    bad_soort = api_client.post(
        URL, {"inschrijving": inschrijving.pk, "werkproces": "B1-K1-W1", "soort": "summatief"}, format="json"
    )

    assert other_profiel.status_code == 400
    assert other_profiel.json() == {"detail": "Werkproces P4-K1-W1 hoort niet bij profiel P3."}
    assert bad_soort.status_code == 400
    assert list(bad_soort.json()) == ["soort"]
    assert not Beoordeling.objects.exists()


# -- who sees and changes a beoordeling ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "concept", "ingediend"),
    [
        ("praktijk", 200, 200),
        ("school", 404, 404),  # the other assessor never reads this one through the API
        ("other_beoordelaar", 404, 404),
        ("student", 404, 404),  # an exam result reaches the student only once vastgesteld
        ("other_student", 404, 404),
        ("coach", 404, 404),
        ("coordinator", 200, 200),
        ("outsider", 404, 404),
    ],
)
def test_who_may_read_a_beoordeling(request, api_client, inschrijving, praktijk, persona, concept, ingediend):
    body = start(api_client, praktijk, inschrijving)
    user = request.getfixturevalue(persona)
    api_client.force_authenticate(user)
    assert api_client.get(f"{URL}{body['id']}/").status_code == concept

    saved = save(api_client, praktijk, body).json()
    assert submit(api_client, praktijk, saved).status_code == 200

    api_client.force_authenticate(user)
    assert api_client.get(f"{URL}{body['id']}/").status_code == ingediend


def test_an_anonymous_request_is_refused(api_client, inschrijving, praktijk):
    body = start(api_client, praktijk, inschrijving)
    api_client.force_authenticate(None)

    assert api_client.get(URL).status_code == 403
    assert api_client.get(f"{URL}{body['id']}/").status_code == 403


@pytest.mark.parametrize(
    ("persona", "status_code"),
    [
        ("praktijk", 200),
        ("school", 404),
        ("other_beoordelaar", 404),
        ("student", 404),
        ("other_student", 404),
        ("coach", 404),
        ("coordinator", 403),
        ("outsider", 404),
    ],
)
@pytest.mark.parametrize("endpoint", ["save", "submit"])
def test_only_the_own_beoordelaar_saves_and_submits(
    request, api_client, inschrijving, praktijk, persona, status_code, endpoint
):
    body = start(api_client, praktijk, inschrijving)
    body = save(api_client, praktijk, body).json()
    user = request.getfixturevalue(persona)

    response = (save if endpoint == "save" else submit)(api_client, user, body)

    assert response.status_code == status_code
    beoordeling = Beoordeling.objects.get()
    if status_code == 200:
        assert beoordeling.version == 3
        return
    if status_code == 403:
        assert response.json() == {"detail": "Alleen de beoordelaar zelf kan deze beoordeling wijzigen."}
    assert (beoordeling.version, beoordeling.status) == (2, "concept")


def test_the_student_reads_a_submitted_beoordeling_but_cannot_change_it(api_client, inschrijving, praktijk, student):
    started = start(api_client, praktijk, inschrijving, soort=FORMATIEF)
    body = submit(api_client, praktijk, save(api_client, praktijk, started).json()).json()
    api_client.force_authenticate(student)

    read = api_client.get(f"{URL}{body['id']}/")
    saved = save(api_client, student, read.json(), waarde="goed")
    submitted = submit(api_client, student, read.json())

    assert read.status_code == 200
    assert (read.json()["status"], read.json()["feedback"], len(read.json()["scores"])) == (
        "ingediend", "Goed gedaan.", 7,
    )  # fmt: skip
    assert (saved.status_code, submitted.status_code) == (403, 403)
    assert saved.json() == {"detail": "Alleen de beoordelaar zelf kan deze beoordeling wijzigen."}
    assert set(Beoordeling.objects.get().scores.values_list("waarde", flat=True)) == {"voldoende"}


def test_an_assessor_sees_the_agreed_scores_only_after_submitting_their_own(
    api_client, inschrijving, cohort, praktijk, school
):
    Beoordelingsvoorschrift.objects.create(cohort=cohort, twee_beoordelaars=False)
    done = scored(api_client, school, inschrijving)
    assert done["poging"]["status"] == "overeenstemming"
    assert done["poging"]["voorstel"] == {str(s["criterium"]): "voldoende" for s in done["scores"]}

    late = start(api_client, praktijk, inschrijving)

    assert late["poging"]["id"] == done["poging"]["id"]
    assert (late["poging"]["status"], late["poging"]["uitslag"], late["poging"]["voorstel"]) == (
        "overeenstemming", "", None,
    )  # fmt: skip


# -- settling a difference -----------------------------------------------------------------------------


def test_a_difference_is_settled_by_a_proposal_the_other_accepts(api_client, in_overleg, praktijk, school):
    a, b = in_overleg
    poging = Examenpoging.objects.get()
    agreed = [{"criterium": s["criterium"], "waarde": "voldoende"} for s in b["scores"]]
    api_client.force_authenticate(school)

    proposed = api_client.post(f"{URL}{b['id']}/agree/", {"scores": agreed, "version": poging.version}, format="json")
    assert proposed.status_code == 200, proposed.json()
    version = proposed.json()["poging"]["version"]
    assert (proposed.json()["poging"]["status"], version) == ("overleg", poging.version + 1)
    own = api_client.post(f"{URL}{b['id']}/agree/", {"accept": True, "version": version}, format="json")
    api_client.force_authenticate(praktijk)
    stale = api_client.post(f"{URL}{a['id']}/agree/", {"accept": True, "version": version - 1}, format="json")
    accepted = api_client.post(f"{URL}{a['id']}/agree/", {"accept": True, "version": version}, format="json")

    assert own.status_code == 400
    assert own.json() == {"detail": "De andere beoordelaar moet met jouw voorstel instemmen."}
    assert stale.status_code == 409
    assert stale.json()["detail"].startswith("Niet opgeslagen: Samira El Idrissi heeft dit om ")
    assert accepted.status_code == 200, accepted.json()
    assert (accepted.json()["poging"]["status"], accepted.json()["poging"]["uitslag"]) == (
        "overeenstemming", "voldoende",
    )  # fmt: skip
    poging.refresh_from_db()
    assert (poging.status, poging.uitslag) == ("overeenstemming", "voldoende")


def test_a_proposal_off_the_scale_or_for_some_criteria_only_is_a_400(api_client, in_overleg, school):
    _a, b = in_overleg
    agreed = [{"criterium": s["criterium"], "waarde": "voldoende"} for s in b["scores"]]
    api_client.force_authenticate(school)

    off_scale = api_client.post(
        f"{URL}{b['id']}/agree/", {"scores": [{**agreed[0], "waarde": "3"}, *agreed[1:]], "version": 1}, format="json"
    )
    partial = api_client.post(f"{URL}{b['id']}/agree/", {"scores": agreed[:2], "version": 1}, format="json")

    assert off_scale.status_code == 400
    assert off_scale.json()["detail"].startswith("Onbekende score '3' voor schaal 'ovg'")
    assert (partial.status_code, partial.json()) == (400, {"detail": "Geef voor elk criterium de afgesproken score."})
    poging = Examenpoging.objects.get()
    assert (poging.version, poging.voorstel) == (1, None)


def test_agree_needs_either_scores_or_accept(api_client, in_overleg, school):
    _a, b = in_overleg
    api_client.force_authenticate(school)

    neither = api_client.post(f"{URL}{b['id']}/agree/", {"version": 1}, format="json")
    both = api_client.post(f"{URL}{b['id']}/agree/", {"version": 1, "accept": True, "scores": []}, format="json")

    assert (neither.status_code, both.status_code) == (400, 400)
    message = "Stuur óf de afgesproken scores (een voorstel), óf accept: true (instemmen met het voorstel)."
    assert neither.json() == both.json() == {"non_field_errors": [message]}


def test_a_formative_beoordeling_has_no_poging_actions(api_client, inschrijving, school, coordinator):
    body = start(api_client, school, inschrijving, soort=FORMATIEF)
    expected = {"detail": "Deze beoordeling hoort niet bij een examen."}

    agree = api_client.post(f"{URL}{body['id']}/agree/", {"accept": True, "version": 1}, format="json")
    refer = api_client.post(f"{URL}{body['id']}/refer/")
    api_client.force_authenticate(coordinator)
    vaststellen = api_client.post(f"{URL}{body['id']}/vaststellen/", {}, format="json")
    history = api_client.get(f"{URL}{body['id']}/history/")

    for response in (agree, refer, vaststellen, history):
        assert (response.status_code, response.json()) == (400, expected)


def test_an_unsettled_difference_is_referred_and_the_coordinator_decides(api_client, in_overleg, praktijk, coordinator):
    a, b = in_overleg
    api_client.force_authenticate(praktijk)
    referred = api_client.post(f"{URL}{a['id']}/refer/")
    assert referred.status_code == 200, referred.json()
    assert referred.json()["poging"]["status"] == "voorgelegd"
    scores = [{"criterium": s["criterium"], "waarde": "voldoende"} for s in a["scores"]]
    api_client.force_authenticate(coordinator)

    without = api_client.post(f"{URL}{b['id']}/vaststellen/", {}, format="json")
    partial = api_client.post(f"{URL}{b['id']}/vaststellen/", {"scores": scores[:3]}, format="json")
    off_scale = api_client.post(
        f"{URL}{b['id']}/vaststellen/", {"scores": [{**scores[0], "waarde": "3"}, *scores[1:]]}, format="json"
    )
    decided = api_client.post(f"{URL}{b['id']}/vaststellen/", {"scores": scores, "reden": "Besproken."}, format="json")

    assert (without.status_code, without.json()) == (
        400,
        {"detail": "Geef de scores die de examencommissie vaststelt."},
    )
    assert (partial.status_code, partial.json()) == (400, {"detail": "Geef voor elk criterium de afgesproken score."})
    assert off_scale.status_code == 400
    assert off_scale.json()["detail"].startswith("Onbekende score '3' voor schaal 'ovg'")
    assert decided.status_code == 200, decided.json()
    body = decided.json()
    assert (body["revisie"], body["uitslag"], body["reden"], body["door"]) == (
        1,
        "voldoende",
        "Besproken.",
        "coordinator",
    )
    assert body["scores"] == {str(s["criterium"]): "voldoende" for s in a["scores"]}
    assert Examenpoging.objects.get().status == "vastgesteld"


def test_refer_is_for_an_assessor_of_the_poging(api_client, in_overleg, coordinator):
    a, _b = in_overleg
    api_client.force_authenticate(coordinator)
    response = api_client.post(f"{URL}{a['id']}/refer/")

    assert response.status_code == 403
    assert Examenpoging.objects.get().status == "overleg"


# -- vaststelling, correction, history -----------------------------------------------------------------


def test_the_coordinator_fixes_the_result_and_a_school_assessor_cannot(
    api_client, inschrijving, praktijk, school, coordinator
):
    a = scored(api_client, praktijk, inschrijving)
    b = scored(api_client, school, inschrijving)

    api_client.force_authenticate(school)
    refused = api_client.post(f"{URL}{b['id']}/vaststellen/", {}, format="json")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Alleen de coördinator stelt uitslagen vast namens de examencommissie."}
    assert not Vaststelling.objects.exists()

    api_client.force_authenticate(coordinator)
    fixed = api_client.post(f"{URL}{a['id']}/vaststellen/", {}, format="json")

    assert fixed.status_code == 200, fixed.json()
    body = fixed.json()
    assert (body["revisie"], body["uitslag"], body["percent"], body["reden"], body["door"]) == (
        1, "voldoende", None, "", "coordinator",
    )  # fmt: skip
    assert Examenpoging.objects.get().status == "vastgesteld"
    again = api_client.post(f"{URL}{a['id']}/vaststellen/", {}, format="json")
    assert (again.status_code, again.json()) == (400, {"detail": "Deze poging kan (nog) niet worden vastgesteld."})


def test_a_correction_needs_a_reason_and_becomes_a_new_revision(api_client, vastgesteld, praktijk, coordinator):
    scores = [{"criterium": s["criterium"], "waarde": "goed"} for s in vastgesteld["scores"]]
    url = f"{URL}{vastgesteld['id']}/correct/"

    api_client.force_authenticate(praktijk)
    by_assessor = api_client.post(url, {"scores": scores, "reden": "Rekenfout"}, format="json")
    api_client.force_authenticate(coordinator)
    without_reden = api_client.post(url, {"scores": scores}, format="json")
    blank_reden = api_client.post(url, {"scores": scores, "reden": "  "}, format="json")
    corrected = api_client.post(url, {"scores": scores, "reden": "Rekenfout in formulier"}, format="json")

    assert by_assessor.status_code == 403
    reason_needed = {"detail": "Een correctie na vaststelling heeft een reden nodig."}
    assert (without_reden.status_code, without_reden.json()) == (400, reason_needed)
    assert (blank_reden.status_code, blank_reden.json()) == (400, reason_needed)
    assert corrected.status_code == 200, corrected.json()
    assert (corrected.json()["revisie"], corrected.json()["uitslag"]) == (2, "goed")
    revisies = list(Vaststelling.objects.values_list("revisie", "uitslag", "reden"))
    assert revisies == [(1, "voldoende", ""), (2, "goed", "Rekenfout in formulier")]
    assert Examenpoging.objects.get().uitslag == "goed"


def test_history_is_for_the_coordinator_only(api_client, vastgesteld, praktijk, student, coordinator):
    scores = [{"criterium": s["criterium"], "waarde": "goed"} for s in vastgesteld["scores"]]
    api_client.force_authenticate(coordinator)
    api_client.post(f"{URL}{vastgesteld['id']}/correct/", {"scores": scores, "reden": "Rekenfout"}, format="json")
    url = f"{URL}{vastgesteld['id']}/history/"

    for user in (praktijk, student):
        api_client.force_authenticate(user)
        response = api_client.get(url)
        assert response.status_code == 403
        assert response.json() == {
            "detail": "Alleen de coördinator en de examencommissie zien de geschiedenis van een examenpoging."
        }
    api_client.force_authenticate(coordinator)
    response = api_client.get(url)

    assert response.status_code == 200
    body = response.json()
    assert body["poging"] == Examenpoging.objects.get().pk
    assert [(v["revisie"], v["uitslag"], v["reden"], v["door"]) for v in body["vaststellingen"]] == [
        (1, "voldoende", "", "coordinator"),
        (2, "goed", "Rekenfout", "coordinator"),
    ]
    assert body["vaststellingen"][1]["scores"] == {str(s["criterium"]): "goed" for s in vastgesteld["scores"]}
    if connection.vendor != "postgresql":
        assert body["events"] == []
        return
    models = {e["model"] for e in body["events"]}
    assert models == {f"assessment.{name}Event" for name in ("Examenpoging", "Beoordeling", "Score", "Vaststelling")}
    correcties = [e for e in body["events"] if (e["context"] or {}).get("action") == "poging_correct"]
    assert {e["model"] for e in correcties} == {"assessment.VaststellingEvent", "assessment.ExamenpogingEvent"}
    assert {e["context"]["user"] for e in correcties} == {coordinator.pk}
    assert set(body["events"][0]) == {"model", "label", "at", "object_id", "diff", "context"}


# -- list ----------------------------------------------------------------------------------------------


def test_the_list_is_scoped_and_filtered(api_client, inschrijving, praktijk, school, student, coordinator):
    submitted = scored(api_client, praktijk, inschrijving)
    concept = start(api_client, school, inschrijving)
    formatief = start(api_client, school, inschrijving, soort=FORMATIEF)

    def ids(user, query=""):
        api_client.force_authenticate(user)
        response = api_client.get(f"{URL}{query}")
        assert response.status_code == 200
        return sorted(row["id"] for row in response.json()["results"])

    assert ids(praktijk) == [submitted["id"]]
    assert ids(school) == sorted([concept["id"], formatief["id"]])
    assert ids(student) == []  # not vastgesteld yet, and the formatief one is still a concept
    assert ids(coordinator) == sorted([submitted["id"], concept["id"], formatief["id"]])
    assert ids(coordinator, "?soort=formatief") == [formatief["id"]]
    assert ids(coordinator, "?status=ingediend") == [submitted["id"]]
    assert ids(coordinator, "?werkproces=B1-K1-W2") == []
    assert ids(coordinator, f"?werkproces=B1-K1-W1&inschrijving={inschrijving.pk}&soort=examen") == sorted(
        [submitted["id"], concept["id"]]
    )
    assert ids(coordinator, f"?inschrijving={inschrijving.pk + 1}") == []


def test_list_row_shape(api_client, inschrijving, praktijk):
    body = scored(api_client, praktijk, inschrijving)

    row = api_client.get(URL).json()["results"][0]

    assert row == {
        "id": body["id"],
        "inschrijving": inschrijving.pk,
        "student": "sanne",
        "werkproces": "B1-K1-W1",
        "soort": "examen",
        "rol": "praktijk",
        "status": "ingediend",
        "beoordelaar": "praktijk",
        "poging": Examenpoging.objects.get().pk,
        "uitslag": "voldoende",
        "percent": None,
        "version": 3,
        "updated_by": "praktijk",
        "updated_at": body["updated_at"],
        "submitted_at": body["submitted_at"],
    }


def test_list_query_count_does_not_grow(api_client, inschrijving, werkproces, school, django_assert_max_num_queries):
    counts = []
    for total in (10, 30):
        while Beoordeling.objects.count() < total:
            services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=school, soort=FORMATIEF)
        # A fresh user object each time: permission caches on the instance must not hide queries.
        api_client.force_authenticate(User.objects.get(pk=school.pk))

        with django_assert_max_num_queries(4) as captured:
            response = api_client.get(URL)

        assert response.json()["count"] == total
        counts.append(len(captured))
    assert counts[0] == counts[1]


# -- schema --------------------------------------------------------------------------------------------


def test_schema_documents_the_beoordeling_endpoints(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    for path, method in [
        ("/api/v1/beoordelingen/", "get"),
        ("/api/v1/beoordelingen/", "post"),
        ("/api/v1/beoordelingen/{id}/", "get"),
        ("/api/v1/beoordelingen/{id}/save/", "post"),
        ("/api/v1/beoordelingen/{id}/submit/", "post"),
        ("/api/v1/beoordelingen/{id}/agree/", "post"),
        ("/api/v1/beoordelingen/{id}/refer/", "post"),
        ("/api/v1/beoordelingen/{id}/vaststellen/", "post"),
        ("/api/v1/beoordelingen/{id}/correct/", "post"),
        ("/api/v1/beoordelingen/{id}/history/", "get"),
    ]:
        assert method in schema["paths"][path], (path, method)
    for path in ("save", "submit", "agree"):
        assert "409" in schema["paths"][f"/api/v1/beoordelingen/{{id}}/{path}/"]["post"]["responses"], path
    parameters = {p["name"] for p in schema["paths"]["/api/v1/beoordelingen/"]["get"]["parameters"]}
    assert {"inschrijving", "werkproces", "soort", "status"} <= parameters
    assert schema["components"]["schemas"]["BeoordelingStatusEnum"]["enum"] == ["concept", "ingediend"]


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))

    assert "/api/v1/beoordelingen/{id}/history/:" in (tmp_path / "schema.yml").read_text()


def test_formative_feedback_on_one_criterion_is_submitted_through_the_api(api_client, inschrijving, school):
    body = start(api_client, school, inschrijving, soort=FORMATIEF)
    first = body["scores"][0]["criterium"]
    api_client.force_authenticate(school)
    saved = api_client.post(
        f"{URL}{body['id']}/save/",
        {"version": body["version"], "feedback": "", "scores": [{"criterium": first, "waarde": "goed"}]},
        format="json",
    )
    assert saved.status_code == 200, saved.json()

    response = submit(api_client, school, saved.json())

    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["uitslag"]) == ("ingediend", "")
