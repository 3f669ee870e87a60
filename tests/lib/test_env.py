"""Typed settings readers: values, secrets from files, and loud failures."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from govdesk.lib.env import EnvError, env_bool, env_int, env_list, env_str


def test_values_are_read_typed_and_blank_means_default(monkeypatch):
    monkeypatch.setenv("GOVDESK_T_INT", " 42 ")
    monkeypatch.setenv("GOVDESK_T_BOOL", "yes")
    monkeypatch.setenv("GOVDESK_T_LIST", "a, b,,c")
    monkeypatch.setenv("GOVDESK_T_BLANK", "  ")
    assert env_int("T_INT", 1) == 42
    assert env_bool("T_BOOL", False) is True
    assert env_list("T_LIST", []) == ["a", "b", "c"]
    assert env_str("T_BLANK", "default") == "default"


def test_a_secret_comes_from_the_file_its_FILE_variable_names(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret-value\n", encoding="utf-8")
    monkeypatch.delenv("GOVDESK_T_SECRET", raising=False)
    monkeypatch.setenv("GOVDESK_T_SECRET_FILE", str(secret))
    assert env_str("T_SECRET", "") == "s3cret-value"


def test_bad_values_are_configuration_errors_naming_the_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("GOVDESK_T_INT", "many")
    with pytest.raises(ImproperlyConfigured, match="GOVDESK_T_INT must be an integer"):
        env_int("T_INT", 1)

    monkeypatch.setenv("GOVDESK_T_SECRET", "inline")
    monkeypatch.setenv("GOVDESK_T_SECRET_FILE", str(tmp_path / "secret"))
    with pytest.raises(EnvError, match="both set"):
        env_str("T_SECRET", "")

    monkeypatch.delenv("GOVDESK_T_SECRET")
    with pytest.raises(EnvError, match="GOVDESK_T_SECRET_FILE: cannot read"):
        env_str("T_SECRET", "")
