"""Issue 12: imported students activate their account by a one-time link; "Wachtwoord vergeten" reaches them."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from accounts.activation import ActivationTokenGenerator
from accounts.models import User
from tests.factories import HEADER, UserFactory, line, run

LINK = re.compile(r"https?://\S+/accounts/activeren/\S+/")


@pytest.fixture
def beoordelaars(praktijk, school, coach):
    return {"praktijk": praktijk, "school": school, "coach": coach}


@pytest.fixture
def imported(coordinator, cohort, beoordelaars, django_capture_on_commit_callbacks, settings):
    """Two new students read from a CSV file, the import committed (so the mails went out)."""
    settings.SITE_URL = "https://portaal.school.example"
    text = "\n".join(
        [
            HEADER,
            line(),
            line(studentnummer="300002", voornaam="Tim", email="tim@example.test", gebruikersnaam="tim.b"),
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert run(coordinator, cohort, text).ok
    return User.objects.get(email="sanne@example.test"), User.objects.get(username="tim.b")


def link_in(message) -> str:
    found = LINK.search(str(message.body))
    assert found is not None, message.body
    return found.group(0)


def test_each_imported_student_gets_an_activation_mail_with_username_and_a_site_url_link(imported):
    sanne, tim = imported

    assert sorted(m.to[0] for m in mail.outbox) == ["sanne@example.test", "tim@example.test"]
    to_tim = next(m for m in mail.outbox if m.to == ["tim@example.test"])
    assert to_tim.subject == "Activeer je account voor Dossierportaal"
    assert "Je gebruikersnaam is: tim.b" in to_tim.body
    assert link_in(to_tim).startswith("https://portaal.school.example/accounts/activeren/")
    assert "De link werkt 14 dagen." in to_tim.body
    assert User.objects.get(pk=tim.pk).activatie_verstuurd is not None


def test_the_link_sets_the_password_once_and_then_the_student_logs_in(client, imported):
    _, tim = imported
    path = link_in(next(m for m in mail.outbox if m.to == ["tim@example.test"])).split("example", 1)[1]

    form = client.get(path, follow=True)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Zomer-Stage-2026!", "new_password2": "Zomer-Stage-2026!"},
        follow=True,
    )
    again = client.get(path, follow=True)
    client.logout()
    login = client.post("/accounts/login/", {"login": "tim.b", "password": "Zomer-Stage-2026!"})

    assert "Je gebruikersnaam is <strong>tim.b</strong>" in form.content.decode()
    assert done.redirect_chain[-1][0] == "/accounts/login/"
    assert "Je account is actief. Log in met je gebruikersnaam tim.b." in done.content.decode()
    assert "Activatielink ongeldig" in again.content.decode()
    assert login.status_code == 302
    assert client.session["_auth_user_id"] == str(tim.pk)


def test_an_expired_or_foreign_token_is_refused_with_a_way_out(client, imported, settings):
    _, tim = imported

    class FifteenDaysAgo(ActivationTokenGenerator):
        def _now(self):
            return super()._now() - datetime.timedelta(days=15)

    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(tim.pk))
    for token in (FifteenDaysAgo().make_token(tim), default_token_generator.make_token(tim)):
        page = client.get(f"/accounts/activeren/{uid}/{token}/", follow=True)

        assert "Activatielink ongeldig" in page.content.decode()
        assert 'href="/accounts/password_reset/"' in page.content.decode()


def test_the_reset_form_mails_a_student_who_never_activated_and_names_the_username(client, imported, settings):
    sanne, _ = imported
    mail.outbox.clear()

    client.post("/accounts/password_reset/", {"email": "SANNE@example.test"})

    assert [m.to for m in mail.outbox] == [["sanne@example.test"]]
    assert f"gebruikersnaam: {sanne.username}" in mail.outbox[0].body
    assert "https://portaal.school.example/accounts/reset/" in mail.outbox[0].body


def test_the_reset_form_still_skips_an_account_disabled_on_purpose(client, db):
    disabled = UserFactory.create(username="oud", email="oud@example.test")
    disabled.set_unusable_password()
    disabled.last_login = timezone.now()
    disabled.save()

    client.post("/accounts/password_reset/", {"email": "oud@example.test"})

    assert mail.outbox == []


def test_the_coordinator_resends_an_activation_and_others_may_not(
    client, imported, coordinator, school, django_capture_on_commit_callbacks
):
    sanne, _ = imported
    inschrijving = sanne.inschrijvingen.get()
    mail.outbox.clear()
    path = f"/portfolio/beheer/inschrijvingen/{inschrijving.pk}/activatie/"

    client.force_login(school)
    refused = client.post(path)
    client.force_login(coordinator)
    cohort_page = client.get(f"/portfolio/beheer/cohorten/{inschrijving.cohort_id}/")
    with django_capture_on_commit_callbacks(execute=True):
        resent = client.post(path, follow=True)

    assert refused.status_code == 403
    assert "Niet geactiveerd (link verstuurd" in cohort_page.content.decode()
    assert "Een nieuwe activatielink is verstuurd naar sanne@example.test." in resent.content.decode()
    assert [m.to for m in mail.outbox] == [["sanne@example.test"]]


def test_an_activated_student_gets_no_new_link(client, imported, coordinator, django_capture_on_commit_callbacks):
    sanne, _ = imported
    sanne.set_password("Zomer-Stage-2026!")
    sanne.save()
    mail.outbox.clear()
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(f"/portfolio/beheer/inschrijvingen/{sanne.inschrijvingen.get().pk}/activatie/", follow=True)

    assert "heeft het account al geactiveerd" in page.content.decode()
    assert mail.outbox == []


def test_a_student_added_by_the_form_gets_an_activation_mail(
    client, coordinator, cohort, p3, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/portfolio/beheer/cohorten/{cohort.pk}/inschrijvingen/nieuw/",
            {
                "studentnummer": "400001",
                "voornaam": "Noor",
                "achternaam": "Bakker",
                "email": "noor@example.test",
                "gebruikersnaam": "noor.b",
                "profiel": p3.pk,
                "leerweg": "BOL",
                "startdatum": "2026-09-01",
            },
        )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert [m.to for m in mail.outbox] == [["noor@example.test"]]
    assert "Je gebruikersnaam is: noor.b" in mail.outbox[0].body


def test_a_mail_failure_retries_only_the_students_not_yet_mailed(imported, monkeypatch):
    from accounts import notifications, tasks

    sanne, tim = imported
    mail.outbox.clear()
    real_send = notifications.send_mail
    calls = []

    def flaky(*args, **kwargs):
        calls.append(args[3])
        if len(calls) == 2:
            raise OSError("SMTP-server weg")
        return real_send(*args, **kwargs)

    monkeypatch.setattr(notifications, "send_mail", flaky)

    result = tasks.send_activation_task.apply(args=([sanne.pk, tim.pk],))

    assert result.successful()
    assert calls == [["sanne@example.test"], ["tim@example.test"], ["tim@example.test"]]
    assert sorted(m.to[0] for m in mail.outbox) == ["sanne@example.test", "tim@example.test"]
