from django.core import mail

from assessment import services
from assessment.models import Examenpoging
from portfolio import services as portfolio_services
from tests.assessment.test_services import score_all


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
