"""A real OpenID Connect provider for the SSO tests: tests/oidc/server.js (panva/oidc-provider) under Node.

`.ci/run` and `make test` install it with `npm ci` in tests/oidc; without Node the SSO tests are skipped,
in CI they fail.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

HERE = Path(__file__).resolve().parent / "oidc"
CLIENT_ID = "dossierportaal"
CLIENT_SECRET = "test-client-secret"  # noqa: S105 - the test provider's client, nothing real
CALLBACK = "/accounts/oidc/school/login/callback/"

# The school's identity provider knows these people; the portal knows some of them (see the tests).
ACCOUNTS = {
    "noor": {
        "email": "noor.privé@example.test",
        "name": "Noor Bakker",
        "studentnummer": "urn:schac:personalUniqueCode:nl:local:school.test:studentid:500123",
    },
    "carla": {"email": "Carla.Coord@School.Test", "name": "Carla de Coördinator"},
    "nieuw": {"email": "nieuw@school.test", "name": "Niet in het portaal"},
    "dubbel": {"email": "dubbel@school.test"},
}


@dataclass
class OidcProvider:
    issuer: str
    process: subprocess.Popen

    def app_settings(self) -> dict:
        """SOCIALACCOUNT_PROVIDERS as config/settings/base.py builds it from OIDC_* for this provider."""
        return {
            "openid_connect": {
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": "school",
                        "name": "Schoolaccount",
                        "client_id": CLIENT_ID,
                        "secret": CLIENT_SECRET,
                        "settings": {
                            "server_url": self.issuer,
                            "token_auth_method": "client_secret_basic",
                            "scope": ["openid", "profile", "email"],
                        },
                    }
                ],
            }
        }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(redirect_origins: list[str]) -> OidcProvider:
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "oidc-provider").exists():
        message = "Node of tests/oidc/node_modules ontbreekt (npm ci in tests/oidc); SSO-tests overgeslagen."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    clients = [
        {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [origin.rstrip("/") + CALLBACK for origin in redirect_origins],
        }
    ]
    env = {**os.environ, "PORT": str(port), "CLIENTS": json.dumps(clients), "ACCOUNTS": json.dumps(ACCOUNTS)}
    process = subprocess.Popen(  # noqa: S603 - our own script
        [node, str(HERE / "server.js")], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    issuer = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                return OidcProvider(issuer=issuer, process=process)
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    pytest.fail("De OpenID-provider (tests/oidc/server.js) start niet.")


def _form(html: str) -> tuple[str, dict]:
    form = re.search(r'<form[^>]*action="([^"]+)"', html)
    assert form is not None, html
    action = unescape(form.group(1))
    fields = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    return action, fields


def sign_in_at_provider(authorize_url: str, login: str, portal_origin: str = "http://testserver") -> str:
    """What a person does at the identity provider: sign in, consent; returns the portal callback URL."""
    browser = requests.Session()
    url, method, data = authorize_url, "GET", None
    for _ in range(10):
        response = browser.request(method, url, data=data, allow_redirects=False, timeout=5)
        if response.is_redirect:
            url, method, data = urljoin(url, response.headers["Location"]), "GET", None
            if url.startswith(portal_origin):
                return url
            continue
        action, fields = _form(response.text)
        url, method = urljoin(url, action), "POST"
        data = {**fields, "login": login, "password": "wat-dan-ook"} if fields.get("prompt") == "login" else fields
    raise AssertionError(f"De provider stuurde niet terug naar het portaal (laatste URL {url}).")


def callback_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"
