import pytest
from django.core import mail

from invitations import services as invitation_services
from portfolio import services as portfolio_services
from portfolio.models import Beoordelaarstoewijzing
from tests.factories import (
    INVITATION_LINK,
    PIET,
    InschrijvingFactory,
    UserFactory,
    bewijsstuk_concept,
    code_from_outbox,
    student_user,
)


@pytest.fixture
def enrolment(p3, cohort, school, coach):
    """A student of the coordinator's opleiding with a schoolbeoordelaar and no praktijkbeoordelaar yet."""
    student = student_user("sanne", first_name="Sanne", last_name="de Vries")
    inschrijving = InschrijvingFactory.create(
        student=student, profiel=p3, cohort=cohort, bpv_coach=coach, leerbedrijf="Uitzend BV"
    )
    Beoordelaarstoewijzing.objects.create(inschrijving=inschrijving, beoordelaar=school, rol="school")
    return inschrijving


@pytest.fixture
def second_enrolment(p3, cohort):
    """Another student of the same opleiding."""
    return InschrijvingFactory.create(student=UserFactory.create(username="tom"), profiel=p3, cohort=cohort)


@pytest.fixture
def invite(coordinator, django_capture_on_commit_callbacks):
    """Invites as the coordinator, with the mails sent; returns the invitation and the link from its mail."""

    def make(inschrijving, *, by=None, **person):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            uitnodiging = invitation_services.uitnodiging_create(
                inschrijving=inschrijving, by=by or coordinator, **(person or PIET)
            )
        uitnodiging.refresh_from_db()
        links = [found.group(0) for m in mail.outbox if (found := INVITATION_LINK.search(str(m.body)))]
        return uitnodiging, links[-1]

    return make


@pytest.fixture
def log_in(django_capture_on_commit_callbacks):
    """Opens the link in `client`, has a code mailed and types it: the invitation session."""

    def run(client, link):
        path = link.split("://", 1)[1].split("/", 1)[1]
        assert client.get("/" + path).status_code == 302
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post("/uitnodiging/code/sturen/").status_code == 302
        response = client.post("/uitnodiging/code/", {"code": code_from_outbox()})
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == "/uitnodiging/"
        return response

    return run


@pytest.fixture
def ingediend_for(werkproces, pdf):
    """Submitted evidence of B1-K1-W1 for an enrolment."""

    def make(inschrijving):
        bewijsstuk = bewijsstuk_concept(inschrijving, werkproces, pdf())
        return portfolio_services.bewijsstuk_submit(bewijsstuk=bewijsstuk, by=inschrijving.student)

    return make
