"""Issue 12.3: inviting a praktijkbeoordelaar by e-mail, the login code, revoking, and what each records."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from assessment import services as assessment_services
from config.errors import ApplicationError
from invitations import services as invitation_services
from invitations.models import Event, Toegangscode, Uitnodiging
from invitations.tokens import token_hash
from portfolio.models import Beoordelaarstoewijzing
from tests.factories import INVITATION_LINK as LINK
from tests.factories import PIET, code_from_outbox, path_of


def soorten(inschrijving) -> list[str]:
    return list(Event.objects.filter(inschrijving=inschrijving).order_by("at", "pk").values_list("soort", flat=True))


def request_code(uitnodiging, django_capture_on_commit_callbacks) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        invitation_services.code_request(uitnodiging=uitnodiging)
    return code_from_outbox()


# -- inviting -------------------------------------------------------------------------------------------


def test_an_invitation_makes_an_invitation_only_praktijkbeoordelaar_and_mails_a_link_after_commit(
    enrolment, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        uitnodiging = invitation_services.uitnodiging_create(inschrijving=enrolment, by=coordinator, **PIET)
        assert mail.outbox == []  # nothing leaves before the transaction commits

    assert len(callbacks) == 1
    callbacks[0]()
    uitnodiging.refresh_from_db()
    user = uitnodiging.beoordelaar
    assert (user.email, user.get_full_name(), user.alleen_uitnodiging) == (PIET["email"], "Piet Bakker", True)
    assert not user.has_usable_password()
    assert not user.groups.exists()
    assert Beoordelaarstoewijzing.objects.get(inschrijving=enrolment, beoordelaar=user).rol == "praktijk"
    assert [m.to for m in mail.outbox] == [[PIET["email"]]]
    assert mail.outbox[0].subject == "Uitnodiging: beoordeel Sanne de Vries in Dossierportaal"
    found = LINK.search(str(mail.outbox[0].body))
    assert found is not None, mail.outbox[0].body
    link = found.group(0)
    assert link.startswith("http://127.0.0.1:8000/uitnodiging/link/")
    token = path_of(link).rstrip("/").rsplit("/", 1)[1]
    assert uitnodiging.token_hash == token_hash(token) != token  # only the hash is stored
    assert not Uitnodiging.objects.filter(token_hash=token).exists()
    assert uitnodiging.status == "actief"
    assert timezone.now() + datetime.timedelta(days=29) < uitnodiging.expires_at
    assert soorten(enrolment) == ["uitgenodigd"]


def test_the_invitation_timeout_comes_from_the_setting(enrolment, coordinator, settings):
    settings.INVITATION_TIMEOUT = 3600

    uitnodiging = invitation_services.uitnodiging_create(inschrijving=enrolment, by=coordinator, **PIET)

    assert uitnodiging.expires_at - uitnodiging.created_at < datetime.timedelta(seconds=3601)


def test_the_same_address_reuses_its_invitation_only_account_for_another_enrolment(
    enrolment, second_enrolment, coordinator
):
    first = invitation_services.uitnodiging_create(inschrijving=enrolment, by=coordinator, **PIET)
    second = invitation_services.uitnodiging_create(
        inschrijving=second_enrolment, by=coordinator, naam="P. Bakker", email="PIET@leerbedrijf.example"
    )

    assert first.beoordelaar_id == second.beoordelaar_id
    assert User.objects.filter(alleen_uitnodiging=True).count() == 1


def test_an_address_of_a_full_account_is_refused_and_nothing_changes(enrolment, coordinator, praktijk):
    with pytest.raises(ApplicationError, match="Er is al een account met het e-mailadres"):
        invitation_services.uitnodiging_create(
            inschrijving=enrolment, by=coordinator, naam="Pieter", email=praktijk.email.upper()
        )

    assert not Uitnodiging.objects.exists()
    assert not enrolment.toewijzingen.filter(rol="praktijk").exists()


def test_the_bpv_coach_can_not_be_invited_as_assessor(enrolment, coordinator):
    coach = User(username="bpv-uitgenodigd", email="coach@leerbedrijf.example", alleen_uitnodiging=True)
    coach.set_unusable_password()
    coach.save()
    enrolment.bpv_coach = coach
    enrolment.save(update_fields=["bpv_coach"])

    with pytest.raises(ApplicationError, match="BPV-coach"):
        invitation_services.uitnodiging_create(
            inschrijving=enrolment, by=coordinator, naam="Coach", email="coach@leerbedrijf.example"
        )


def test_a_coordinator_of_another_opleiding_can_not_invite(enrolment, other_coordinator):
    with pytest.raises(PermissionDenied):
        invitation_services.uitnodiging_create(inschrijving=enrolment, by=other_coordinator, **PIET)

    assert not Uitnodiging.objects.exists()


@pytest.mark.parametrize(("naam", "email"), [("  ", "piet@leerbedrijf.example"), ("Piet", "geen-adres")])
def test_a_name_and_a_valid_address_are_required(enrolment, coordinator, naam, email):
    with pytest.raises(ApplicationError):
        invitation_services.uitnodiging_create(inschrijving=enrolment, by=coordinator, naam=naam, email=email)


def test_inviting_someone_else_replaces_a_praktijkbeoordelaar_without_work_in_progress(
    inschrijving, coordinator, praktijk
):
    uitnodiging = invitation_services.uitnodiging_create(inschrijving=inschrijving, by=coordinator, **PIET)

    praktijk_now = list(inschrijving.toewijzingen.filter(rol="praktijk").values_list("beoordelaar_id", flat=True))
    assert praktijk_now == [uitnodiging.beoordelaar_id]
    assert inschrijving.toewijzingen.filter(rol="school").count() == 1
    event = Event.objects.get(soort=Event.Soort.BEOORDELAAR_VERVANGEN)
    assert event.detail == "Pieter Jansen"


def test_a_praktijkbeoordelaar_with_a_draft_is_not_replaced(inschrijving, coordinator, praktijk, werkproces):
    assessment_services.beoordeling_start(inschrijving=inschrijving, werkproces=werkproces, by=praktijk, soort="examen")

    with pytest.raises(ApplicationError, match="Pieter Jansen is praktijkbeoordelaar van deze student"):
        invitation_services.uitnodiging_create(inschrijving=inschrijving, by=coordinator, **PIET)

    assert inschrijving.toewijzingen.get(rol="praktijk").beoordelaar == praktijk
    assert not Uitnodiging.objects.exists()


def test_a_new_invitation_ends_the_previous_link(enrolment, coordinator, invite, client):
    first, first_link = invite(enrolment)
    second, second_link = invite(enrolment, naam="Piet Bakker", email="p.bakker@leerbedrijf.example")

    first.refresh_from_db()
    assert first.status == "vervangen"
    assert first.replaced_by == second
    assert second.status == "actief"
    assert first_link != second_link
    assert client.get(path_of(first_link)).status_code == 410
    assert client.get(path_of(second_link)).status_code == 302
    assert Uitnodiging.objects.filter(inschrijving=enrolment, revoked_at__isnull=True).get() == second


def test_one_open_invitation_per_enrolment_is_a_database_rule(enrolment, coordinator):
    uitnodiging = invitation_services.uitnodiging_create(inschrijving=enrolment, by=coordinator, **PIET)

    with pytest.raises(IntegrityError), transaction.atomic():
        Uitnodiging.objects.create(
            inschrijving=enrolment,
            beoordelaar=uitnodiging.beoordelaar,
            naam="x",
            email="x@example.test",
            expires_at=uitnodiging.expires_at,
            created_by=coordinator,
        )


def test_a_delivery_of_the_mail_task_twice_mails_once(enrolment, coordinator, invite):
    from invitations.notifications import mail_invitation

    uitnodiging, _link = invite(enrolment)
    hashed = uitnodiging.token_hash

    assert mail_invitation(uitnodiging_id=uitnodiging.pk) is False
    assert mail_invitation(uitnodiging_id=10**9) is False
    uitnodiging.refresh_from_db()
    assert uitnodiging.token_hash == hashed
    assert len(mail.outbox) == 1


def test_a_revoked_invitation_is_not_mailed(enrolment, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        uitnodiging = invitation_services.uitnodiging_create(inschrijving=enrolment, by=coordinator, **PIET)
        invitation_services.uitnodiging_revoke(uitnodiging=uitnodiging, by=coordinator)
    for callback in callbacks:
        callback()

    assert mail.outbox == []


# -- revoking -------------------------------------------------------------------------------------------


def test_revoking_ends_the_invitation_once(enrolment, coordinator, other_coordinator):
    uitnodiging = invitation_services.uitnodiging_create(inschrijving=enrolment, by=coordinator, **PIET)

    with pytest.raises(PermissionDenied):
        invitation_services.uitnodiging_revoke(uitnodiging=uitnodiging, by=other_coordinator)
    invitation_services.uitnodiging_revoke(uitnodiging=uitnodiging, by=coordinator)
    with pytest.raises(ApplicationError, match="al ingetrokken"):
        invitation_services.uitnodiging_revoke(uitnodiging=uitnodiging, by=coordinator)

    uitnodiging.refresh_from_db()
    assert (uitnodiging.status, uitnodiging.revoked_by) == ("ingetrokken", coordinator)
    assert soorten(enrolment) == ["uitgenodigd", "ingetrokken"]


# -- the code -------------------------------------------------------------------------------------------


def test_a_code_is_mailed_hashed_and_logs_in_once(enrolment, invite, django_capture_on_commit_callbacks):
    uitnodiging, _link = invite(enrolment)

    code = request_code(uitnodiging, django_capture_on_commit_callbacks)

    row = Toegangscode.objects.get()
    assert mail.outbox[-1].to == [PIET["email"]]
    assert mail.outbox[-1].subject == "Je inlogcode voor Dossierportaal"
    assert code not in row.code_hash
    assert len(row.code_hash) == 64
    assert row.expires_at - row.created_at == datetime.timedelta(minutes=10)
    assert invitation_services.code_verify(uitnodiging=uitnodiging, code=f" {code[:3]} {code[3:]} ") == (
        uitnodiging.beoordelaar
    )
    with pytest.raises(ApplicationError, match="verlopen"):
        invitation_services.code_verify(uitnodiging=uitnodiging, code=code)
    assert soorten(enrolment) == ["uitgenodigd", "code_verstuurd", "ingelogd"]
    uitnodiging.refresh_from_db()
    assert uitnodiging.last_used_at is not None


def test_five_wrong_codes_block_the_code_and_each_is_recorded(enrolment, invite, django_capture_on_commit_callbacks):
    uitnodiging, _link = invite(enrolment)
    code = request_code(uitnodiging, django_capture_on_commit_callbacks)
    wrong = f"{(int(code) + 1) % 10**6:06d}"

    messages = []
    for _attempt in range(5):
        with pytest.raises(ApplicationError) as refused:
            invitation_services.code_verify(uitnodiging=uitnodiging, code=wrong)
        messages.append(refused.value.message)
    with pytest.raises(ApplicationError, match="Te veel verkeerde pogingen"):
        invitation_services.code_verify(uitnodiging=uitnodiging, code=code)

    assert messages[0] == "Deze code klopt niet. Je kunt het nog 4 keer proberen."
    assert messages[3] == "Deze code klopt niet. Je kunt het nog één keer proberen."
    assert messages[4].endswith("dat was de laatste poging. Vraag een nieuwe code aan.")
    assert soorten(enrolment).count("code_fout") == 5
    assert soorten(enrolment)[-1] == "code_geblokkeerd"
    assert Toegangscode.objects.get().attempts == 5


def test_an_expired_code_does_not_log_in(enrolment, invite, django_capture_on_commit_callbacks):
    uitnodiging, _link = invite(enrolment)
    code = request_code(uitnodiging, django_capture_on_commit_callbacks)
    Toegangscode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    with pytest.raises(ApplicationError, match="Deze code is verlopen"):
        invitation_services.code_verify(uitnodiging=uitnodiging, code=code)


def test_only_the_newest_code_counts(enrolment, invite, django_capture_on_commit_callbacks):
    uitnodiging, _link = invite(enrolment)
    old = request_code(uitnodiging, django_capture_on_commit_callbacks)
    Toegangscode.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    new = request_code(uitnodiging, django_capture_on_commit_callbacks)

    if old != new:
        with pytest.raises(ApplicationError, match="klopt niet"):
            invitation_services.code_verify(uitnodiging=uitnodiging, code=old)
    assert invitation_services.code_verify(uitnodiging=uitnodiging, code=new) == uitnodiging.beoordelaar


def test_codes_are_rate_limited(enrolment, invite, django_capture_on_commit_callbacks):
    uitnodiging, _link = invite(enrolment)
    request_code(uitnodiging, django_capture_on_commit_callbacks)

    with pytest.raises(ApplicationError, match="Wacht een minuut"):
        invitation_services.code_request(uitnodiging=uitnodiging)
    for minutes in (2, 4, 6, 8):
        Toegangscode.objects.filter(uitnodiging=uitnodiging).update(
            created_at=timezone.now() - datetime.timedelta(minutes=minutes)
        )
        Toegangscode.objects.create(uitnodiging=uitnodiging, expires_at=timezone.now())
    with pytest.raises(ApplicationError, match="al 5 codes gevraagd"):
        invitation_services.code_request(uitnodiging=uitnodiging)


def test_no_code_for_a_revoked_or_expired_invitation(enrolment, coordinator, invite):
    uitnodiging, _link = invite(enrolment)
    Uitnodiging.objects.filter(pk=uitnodiging.pk).update(expires_at=timezone.now())

    with pytest.raises(ApplicationError, match="ingetrokken of verlopen"):
        invitation_services.code_request(uitnodiging=uitnodiging)


def test_a_code_of_a_revoked_invitation_does_not_log_in(
    enrolment, coordinator, invite, django_capture_on_commit_callbacks
):
    uitnodiging, _link = invite(enrolment)
    code = request_code(uitnodiging, django_capture_on_commit_callbacks)
    invitation_services.uitnodiging_revoke(uitnodiging=uitnodiging, by=coordinator)

    with pytest.raises(ApplicationError, match="ingetrokken of verlopen"):
        invitation_services.code_verify(uitnodiging=uitnodiging, code=code)


@pytest.mark.parametrize("code", ["12345", "1234567", "abcdef", "１２３４５６"])
def test_a_code_that_is_not_six_digits_is_not_an_attempt(enrolment, invite, django_capture_on_commit_callbacks, code):
    uitnodiging, _link = invite(enrolment)
    request_code(uitnodiging, django_capture_on_commit_callbacks)

    with pytest.raises(ApplicationError, match="zes cijfers"):
        invitation_services.code_verify(uitnodiging=uitnodiging, code=code)

    assert Toegangscode.objects.get().attempts == 0


# -- never a full account ------------------------------------------------------------------------------


def test_an_invited_assessor_gets_no_reset_mail_and_no_activation(client, enrolment, coordinator, invite):
    from accounts.services import activation_send

    uitnodiging, _link = invite(enrolment)
    mail.outbox.clear()

    response = client.post("/accounts/password_reset/", {"email": PIET["email"]})

    assert response.status_code == 302
    assert mail.outbox == []
    assert uitnodiging.beoordelaar.awaiting_activation is False
    assert activation_send(users=[uitnodiging.beoordelaar]) == 0


def test_an_invited_assessor_can_never_have_a_password(enrolment, invite):
    uitnodiging, _link = invite(enrolment)
    user = uitnodiging.beoordelaar
    user.set_password("een-wachtwoord-123")

    with pytest.raises(IntegrityError), transaction.atomic():
        user.save(update_fields=["password"])
