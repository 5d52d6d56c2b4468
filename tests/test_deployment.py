import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portaal.example.nl",
        SITE_URL="https://portaal.example.nl",
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = manage("check", DJANGO_SETTINGS_MODULE="config.settings.production", ALLOWED_HOSTS="portaal.example.nl")

    assert result.returncode != 0
    assert "SECRET_KEY ontbreekt in de omgeving." in result.stderr


def test_production_settings_refuse_to_start_without_an_https_site_url():
    for site_url in ("", "http://portaal.example.nl"):
        result = manage(
            "check",
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="portaal.example.nl",
            SITE_URL=site_url,
        )

        assert result.returncode != 0
        assert "SITE_URL ontbreekt of begint niet met https://" in result.stderr


def test_makefile_finds_a_python_of_at_least_3_12():
    found = subprocess.run(["sh", "scripts/find-python.sh"], cwd=ROOT, capture_output=True, text=True, check=True)
    python = found.stdout.strip()

    version = subprocess.run(
        [python, "-c", "import sys; print(sys.version_info[:2] >= (3, 12))"], capture_output=True, text=True
    )
    assert version.stdout.strip() == "True"


def test_makefile_python_finder_explains_when_there_is_none(tmp_path):
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path)}
    result = subprocess.run(["/bin/sh", "scripts/find-python.sh"], cwd=ROOT, capture_output=True, text=True, env=env)

    assert result.returncode == 1
    assert "Geen Python 3.12 of nieuwer gevonden" in result.stderr


def test_health_endpoint_reports_ok(client, db):
    response = client.get("/health/")

    assert response.json() == {"status": "ok"}


def test_object_storage_is_one_setting_away_and_never_overwrites():
    code = (
        "import django; django.setup();"
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__name__, s.bucket_name, s.file_overwrite, s.default_acl, s.querystring_auth)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.local", STORAGE_BACKEND="s3", S3_BUCKET="bewijsstukken")

    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "bewijsstukken", "False", "private", "True"]


def test_production_with_single_sign_on_passes_the_deploy_check_and_requires_mfa():
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "portaal.example.nl",
        "SITE_URL": "https://portaal.example.nl",
        "OIDC_SERVER_URL": "https://login.example.nl/tenant/v2.0/",
        "OIDC_CLIENT_ID": "dossierportaal",
        "OIDC_CLIENT_SECRET": secrets.token_urlsafe(20),
    }
    check = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    shown = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; app = s.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'][0]; "
        "print(s.MFA_REQUIRED, *map(str, s.SECURE_CSP['form-action']), "
        "app['settings']['server_url'], app['provider_id'], "
        "s.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN, "
        "s.ACCOUNT_DEFAULT_HTTP_PROTOCOL)",
        **env,
    )

    assert check.returncode == 0, check.stderr
    assert "System check identified no issues (0 silenced)." in check.stdout
    assert shown.stdout.strip().splitlines()[-1].split() == [
        "True",
        "'self'",
        "https://login.example.nl/tenant/v2.0",
        "https://login.example.nl/tenant/v2.0",
        "school",
        "False",
        "https",
    ], shown.stderr
