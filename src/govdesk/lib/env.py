"""Typed environment readers that fail loudly on bad values.

Every GovDesk setting comes from a ``GOVDESK_``-prefixed variable so a
deployment is configured without editing code. A secret may instead come from a
file named by ``GOVDESK_<NAME>_FILE`` (systemd credentials, Docker or Kubernetes
secrets), so it never has to sit in the environment or a unit file.

The one Django import here is the exception class: a bad value is a configuration
error, and Django reports ``ImproperlyConfigured`` as one at start-up.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

PREFIX = "GOVDESK_"


class EnvError(ImproperlyConfigured, ValueError):
    pass


def _raw(name: str) -> str | None:
    value = os.environ.get(PREFIX + name)
    path = os.environ.get(f"{PREFIX}{name}_FILE")
    if value is not None and value.strip() and path:
        raise EnvError(f"{PREFIX}{name} and {PREFIX}{name}_FILE are both set; keep one")
    if (value is None or not value.strip()) and path:
        try:
            value = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise EnvError(f"{PREFIX}{name}_FILE: cannot read {path!r} ({error})") from None
    return None if value is None or value.strip() == "" else value.strip()


def env_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise EnvError(f"{PREFIX}{name} must be a boolean (true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise EnvError(f"{PREFIX}{name} must be an integer, got {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]
