from django.core import mail

from assessment import services
from assessment.models import Examenpoging
from portfolio import services as portfolio_services
from tests.factories import score_all


def test_submitting_evidence_mails_the_beoordelaars_after_commit(concept, student, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        portfolio_services.bewijsstuk_submit(bewijsstuk=concept, by=student)
        assert mail.outbox == []

    assert len(callbacks) == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["praktijk@example.test", "school@example.test"]
    assert mail.outbox[0].subject == "Nieuw bewijs voor B1-K1-W1 van Sanne de Vries"
    assert "/beoordelen/" in mail.outbox[0].body


def test_vaststelling_mails_the_student(
    inschrijving, werkproces, praktijk, school, coordinator, django_capture_on_commit_callbacks
):
    for user in (praktijk, school):
        score_all(
            services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=user, soort="examen"), user
        )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.poging_vaststellen(poging=Examenpoging.objects.get(), by=coordinator)

    assert [m.to for m in mail.outbox] == [["sanne@example.test"]]
    assert mail.outbox[0].subject == "Feedback voor B1-K1-W1 staat klaar"
    assert f"/beoordelen/feedback/{inschrijving.pk}/" in mail.outbox[0].body


def test_a_submitted_exam_beoordeling_alone_releases_nothing(
    inschrijving, werkproces, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        score_all(
            services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=school, soort="examen"),
            school,
        )

    assert mail.outbox == []


def in_overleg(inschrijving, werkproces, praktijk, school) -> Examenpoging:
    a = score_all(
        services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=praktijk, soort="examen"),
        praktijk,
    )
    score_all(
        services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=school, soort="examen"),
        school,
        overrides={a.scores.first().criterium_id: "onvoldoende"},
    )
    poging = Examenpoging.objects.get()
    assert poging.status == "overleg"
    mail.outbox.clear()
    return poging


def test_returning_evidence_mails_the_student_with_a_link_to_the_feedback(
    ingediend, praktijk, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://portaal.school.example"

    with django_capture_on_commit_callbacks(execute=True):
        portfolio_services.bewijsstuk_return(bewijsstuk=ingediend, by=praktijk, feedback="Voeg je bronnen toe.")
        assert mail.outbox == []

    assert [m.to for m in mail.outbox] == [["sanne@example.test"]]
    assert mail.outbox[0].subject == "Je bewijsstuk voor B1-K1-W1 is teruggegeven"
    assert f"https://portaal.school.example/portfolio/bewijsstukken/{ingediend.pk}/" in mail.outbox[0].body


def test_evidence_resubmitted_before_the_mail_goes_out_sends_nothing(ingediend, praktijk, student):
    portfolio_services.bewijsstuk_return(bewijsstuk=ingediend, by=praktijk, feedback="Voeg je bronnen toe.")
    portfolio_services.bewijsstuk_submit(bewijsstuk=ingediend, by=student)
    mail.outbox.clear()

    from portfolio.notifications import mail_student_returned

    assert mail_student_returned(bewijsstuk_id=ingediend.pk) == 0
    assert mail.outbox == []


def test_a_proposal_mails_the_other_assessor_only(
    inschrijving, werkproces, praktijk, school, django_capture_on_commit_callbacks
):
    poging = in_overleg(inschrijving, werkproces, praktijk, school)
    beoordeling = poging.beoordelingen.first()
    assert beoordeling is not None
    scores = {s.criterium_id: "voldoende" for s in beoordeling.scores.all()}

    with django_capture_on_commit_callbacks(execute=True):
        services.poging_propose(poging=poging, by=school, scores=scores, expected_version=poging.version)

    assert [m.to for m in mail.outbox] == [["praktijk@example.test"]]
    assert mail.outbox[0].subject == "Voorstel voor de uitslag van B1-K1-W1 van Sanne de Vries"
    assert "Samira El Idrissi stelt scores voor" in mail.outbox[0].body
    assert f"/beoordelen/poging/{poging.pk}/" in mail.outbox[0].body


def test_referring_mails_the_coordinators(
    inschrijving, werkproces, praktijk, school, coordinator, django_capture_on_commit_callbacks
):
    poging = in_overleg(inschrijving, werkproces, praktijk, school)

    with django_capture_on_commit_callbacks(execute=True):
        services.poging_voorleggen(poging=poging, by=praktijk)

    assert [m.to for m in mail.outbox] == [["coordinator@example.test"]]
    assert mail.outbox[0].subject == "Beslissing nodig: B1-K1-W1 van Sanne de Vries"
    assert f"/beoordelen/poging/{poging.pk}/" in mail.outbox[0].body
