import re

import pytest
from django.core import mail

from invitations import services as invitation_services
from portfolio import services as portfolio_services
from portfolio.models import Beoordelaarstoewijzing
from tests.factories import InschrijvingFactory, UserFactory
from tests.portfolio.conftest import *  # noqa: F403  (the portfolio personas and evidence)
from tests.portfolio.conftest import criteria_of, in_group

LINK = re.compile(r"https?://\S+/uitnodiging/link/[\w-]+/")
CODE = re.compile(r"\b(\d{6})\b")
PIET = {"naam": "Piet Bakker", "email": "piet@leerbedrijf.example"}


@pytest.fixture
def enrolment(p3, cohort, school, coach):
    """A student of the coordinator's opleiding with a schoolbeoordelaar and no praktijkbeoordelaar yet."""
    from accounts.roles import Role

    student = in_group(UserFactory(username="sanne", first_name="Sanne", last_name="de Vries"), Role.STUDENT)
    inschrijving = InschrijvingFactory(
        student=student, profiel=p3, cohort=cohort, bpv_coach=coach, leerbedrijf="Uitzend BV"
    )
    Beoordelaarstoewijzing.objects.create(inschrijving=inschrijving, beoordelaar=school, rol="school")
    return inschrijving


@pytest.fixture
def second_enrolment(p3, cohort):
    """Another student of the same opleiding."""
    return InschrijvingFactory(student=UserFactory(username="tom"), profiel=p3, cohort=cohort)


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
        links = [LINK.search(m.body).group(0) for m in mail.outbox if LINK.search(m.body)]
        return uitnodiging, links[-1]

    return make


def code_from_outbox() -> str:
    return CODE.search(mail.outbox[-1].body).group(1)


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


def path_of(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def ingediend_for(werkproces, pdf):
    """Submitted evidence of B1-K1-W1 for an enrolment."""

    def make(inschrijving):
        bewijsstuk = portfolio_services.bewijsstuk_create(
            inschrijving=inschrijving,
            werkproces=werkproces,
            titel="Marktonderzoek regio Utrecht",
            reflectie="Ik heb vacaturesites vergeleken.",
            criteria=criteria_of(werkproces, profiel_code=None),
            files=[pdf()],
            by=inschrijving.student,
        )
        return portfolio_services.bewijsstuk_submit(bewijsstuk=bewijsstuk, by=inschrijving.student)

    return make
