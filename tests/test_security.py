"""Response headers through the whole stack: CSP on every page, no-store on private data, session lifetime."""

import datetime
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.roles import Role
from accounts.services import groups_ensure
from dossier.models import Criterium, Werkproces
from portfolio import services
from tests.factories import CohortFactory, InschrijvingFactory, OpleidingFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


@pytest.fixture
def coordinator(db):
    user = UserFactory.create(username="coordinator")
    user.groups.add(groups_ensure()[Role.COORDINATOR.value])
    OpleidingFactory.create().coordinatoren.add(user)
    return user


@pytest.fixture
def cohort(commercie):
    return CohortFactory.create()


@pytest.fixture
def inschrijving(p3, cohort):
    student = UserFactory.create(username="sanne")
    student.groups.add(groups_ensure()[Role.STUDENT.value])
    return InschrijvingFactory.create(student=student, profiel=p3, cohort=cohort)


@pytest.fixture
def bestand(inschrijving, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, "PDF")
    werkproces = Werkproces.objects.get(code="B1-K1-W1")
    bewijsstuk = services.bewijsstuk_create(
        inschrijving=inschrijving,
        werkproces=werkproces,
        titel="Marktonderzoek",
        criteria=list(Criterium.objects.filter(werkproces=werkproces, profiel__isnull=True)[:1]),
        files=[SimpleUploadedFile("verslag.pdf", buffer.getvalue(), content_type="application/pdf")],
        by=inschrijving.student,
    )
    services.bewijsstuk_submit(bewijsstuk=bewijsstuk, by=inschrijving.student)
    return bewijsstuk.versies.get().bestanden.get()


def test_every_page_carries_a_strict_content_security_policy(client, coordinator, inschrijving, cohort):
    pages = [(None, "/accounts/login/"), (inschrijving.student, "/dossier/23064/")]
    pages += [(inschrijving.student, f"/portfolio/{inschrijving.pk}/"), (coordinator, f"/diploma/cohort/{cohort.pk}/")]

    for user, url in pages:
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)

        assert response.status_code == 200, url
        policy = csp_directives(response)
        assert policy["default-src"] == ["'self'"], url
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["img-src"] == ["'self'", "data:"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]


def test_the_cohort_chart_needs_no_inline_style(client, coordinator, inschrijving, cohort):
    client.force_login(coordinator)

    html = client.get(f"/diploma/cohort/{cohort.pk}/").content.decode()

    assert 'class="bar-fill" data-percent="0"' in html
    assert "style=" not in html
    assert "js/bars.js" in html


def test_htmx_is_told_not_to_inject_its_indicator_styles(client, db):
    html = client.get("/accounts/login/").content.decode()

    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>""" in html


def test_no_template_has_inline_script_handlers_or_styles():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for needle in ("onclick=", "onchange=", "onsubmit=", "oninput=", "onload=", "style=", "<style", "<script>"):
            if needle in text:
                offenders.append(f"{template.relative_to(ROOT)}: {needle}")
        offenders += [
            f"{template.relative_to(ROOT)}: inline script"
            for part in text.split("<script")[1:]
            if "src=" not in part.split(">")[0]
        ]

    assert offenders == []


def test_api_docs_get_their_own_policy_and_still_render(client, db):
    for url in ("/api/docs/", "/api/docs/swagger/"):
        response = client.get(url)

        assert response.status_code == 200
        policy = csp_directives(response)
        assert "'unsafe-inline'" in policy["script-src"]
        assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in csp_directives(client.get("/accounts/login/"))["script-src"]


def test_api_responses_are_never_stored(client, inschrijving):
    client.force_login(inschrijving.student)

    response = client.get("/api/v1/dossiers/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "no-store" in client.get("/api/v1/dossiers/geen-crebo/")["Cache-Control"]
    assert "no-store" not in client.get("/dossier/").get("Cache-Control", "")


def test_evidence_downloads_are_never_stored(client, bestand, inschrijving):
    client.force_login(inschrijving.student)

    response = client.get(f"/portfolio/bestanden/{bestand.pk}/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    # The file keeps its own sandbox policy; the site-wide one does not replace it.
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_the_no_store_paths_include_report_downloads():
    from config.middleware import NO_STORE_PATHS

    assert NO_STORE_PATHS.match("/diploma/rapporten/12/download/")
    assert NO_STORE_PATHS.match("/portfolio/bestanden/3/")
    assert not NO_STORE_PATHS.match("/diploma/rapporten/")


def test_sessions_last_a_school_day_and_slide_with_use(client, inschrijving):
    client.force_login(inschrijving.student)
    session = Session.objects.get()
    assert session.expire_date == pytest.approx(
        timezone.now() + datetime.timedelta(hours=8), abs=datetime.timedelta(minutes=1)
    )
    assert "sessionid" not in client.get("/dossier/").cookies  # just logged in: nothing to renew yet

    store = client.session
    store["_refreshed_at"] = int(time.time()) - 6 * 60
    store.save()
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(hours=2))
    response = client.get("/dossier/")

    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 8 * 60 * 60
    assert cookie["httponly"]
    assert Session.objects.get().expire_date > timezone.now() + datetime.timedelta(hours=7, minutes=50)


def test_an_idle_session_ends(client, inschrijving):
    client.force_login(inschrijving.student)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    assert client.get("/portfolio/")["Location"].startswith("/accounts/login/")


def test_production_reads_the_idle_timeout_and_secures_the_session_cookie():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_AGE, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="portaal.example.nl",
        SITE_URL="https://portaal.example.nl",
        SESSION_IDLE_HOURS="4",
    )

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["14400", "True", "True"]


def test_production_with_one_proxy_reads_the_client_ip_from_x_forwarded_for():
    code = (
        "from django.conf import settings as s; from django.test import RequestFactory;"
        "from django.utils.module_loading import import_string;"
        "client_ip = import_string(s.AXES_CLIENT_IP_CALLABLE);"
        "r = RequestFactory().get('/', REMOTE_ADDR='10.0.0.254', HTTP_X_FORWARDED_FOR='192.0.2.9, 203.0.113.5');"
        "print(s.AXES_IPWARE_PROXY_COUNT, client_ip(r))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="portaal.example.nl",
        SITE_URL="https://portaal.example.nl",
        AXES_PROXY_COUNT="1",
    )

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["1", "203.0.113.5"]
