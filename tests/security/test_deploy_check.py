"""`govdesk check --deploy` is clean with production settings: GOVDESK_HTTPS=1, a real
secret key, DEBUG off; and the headers those settings promise are sent."""

import os
import subprocess
import sys

import pytest
from django.test import Client


# On its own SQLite in tmp_path whichever database the suite uses: once per make test.
@pytest.mark.once
def test_check_deploy_is_clean_with_production_settings(tmp_path):
    # The parent's own test switches (GOVDESK_*, the browser tests' async override) stay out.
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GOVDESK_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "govdesk.settings",
        "GOVDESK_VAR_DIR": str(tmp_path),
        "GOVDESK_HTTPS": "1",
        "GOVDESK_DEBUG": "0",
        "GOVDESK_SECRET_KEY": "k7#Qm2!vX9zR4@pL8wT1$nB6^yH3&cF5*dJ0(sG7)eA2-uK9+iM4=oN8_qP1rZ6",
        "GOVDESK_ALLOWED_HOSTS": "govdesk.example.gov.cn",
    }
    result = subprocess.run(
        [sys.executable, "-m", "govdesk", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_pages_carry_a_content_security_policy_without_inline_script(db):
    response = Client().get("/accounts/login/")
    header = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "<script>" not in response.content.decode()
