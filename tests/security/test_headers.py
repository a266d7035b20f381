"""Every response carries the security headers docs/security.md promises."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def csp(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/clusters/", "/project/"])
def test_every_page_has_a_strict_content_security_policy(
    client_for, client, manager_a, signed_in, path
):
    if signed_in:
        client = client_for(manager_a)
    response = client.get(path)
    policy = csp(response)
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_the_other_headers(client_for, manager_a):
    response = client_for(manager_a).get("/clusters/")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    # Development mode sends no HSTS: a laptop has no TLS.
    assert "Strict-Transport-Security" not in response.headers


@override_settings(ROOT_URLCONF="tests.security.urls")
def test_no_referrer_decorator_wins_over_the_site_wide_policy(client):
    response = client.get("/test-security/personal/")
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"
    # The rest of the site keeps the site-wide policy.
    assert client.get("/accounts/login/").headers["Referrer-Policy"] == "same-origin"


@override_settings(ROOT_URLCONF="tests.security.urls")
def test_csp_override_changes_only_the_named_directive(client):
    policy = csp(client.get("/test-security/relaxed/"))
    assert policy["img-src"] == ["'self'", "https://images.example"]
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_templates_have_no_inline_script_nor_event_handler():
    """The policy would block them in the browser; this finds them before a browser does."""
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    handler = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
    found = []
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts or "pdf" in template.parts:
            continue  # the PDF templates are rendered by WeasyPrint, never by a browser
        text = template.read_text()
        for pattern in (inline_script, handler):
            found += [f"{template.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert found == []


def test_api_docs_start_from_a_script_file_not_an_inline_script(client_for, manager_a):
    client = client_for(manager_a)
    page = client.get(reverse("api-docs"))
    assert page.status_code == 200
    html = page.content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert csp(page)["script-src"] == ["'self'"]
    script = client.get(reverse("api-docs") + "?script=")
    assert script.status_code == 200
    assert script.headers["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content


def test_cookies_are_http_only_and_same_site(client, manager_a):
    response = client.post(
        reverse("account_login"), {"login": manager_a.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    csrf = (
        client.get(reverse("account_login")).cookies.get("csrftoken") or client.cookies["csrftoken"]
    )
    assert csrf["samesite"] == "Lax"


def production_settings() -> dict:
    probe = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k, None) for k in ["
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', "
        "'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'LANGUAGE_COOKIE_SECURE', 'SECURE_PROXY_SSL_HEADER']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "tracekei.settings",
            "DEBUG": "0",
            "SECRET_KEY": "x" * 50,
            "VAR_DIR": str(ROOT / "var"),
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_sends_preload_ready_hsts_and_secure_cookies(client):
    production = production_settings()
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_HSTS_PRELOAD"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["LANGUAGE_COOKIE_SECURE"] is True
    # What Django sends with those settings, over HTTPS.
    production["SECURE_PROXY_SSL_HEADER"] = tuple(production["SECURE_PROXY_SSL_HEADER"])
    with override_settings(**production):
        response = client.get(reverse("account_login"), secure=True)
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response.cookies["csrftoken"]["secure"] is True


def test_media_files_are_never_served_from_their_storage_address(
    client_for, coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "secret.pdf").write_bytes(b"%PDF-1.4 the-confidential-bytes")
    client = client_for(coordinator)
    for path in ("/media/private/secret.pdf", "/private/secret.pdf"):
        response = client.get(path)
        assert response.status_code == 404
        assert b"the-confidential-bytes" not in b"".join(
            getattr(response, "streaming_content", [response.content])
        )


def test_links_holding_a_token_send_no_referrer(client):
    # An invitation (even one that does not exist) and a consultation link.
    assert client.get("/invitation/MQ/not-a-token/")["Referrer-Policy"] == "no-referrer"
    assert client.get("/consult/not-a-real-token/")["Referrer-Policy"] == "no-referrer"
