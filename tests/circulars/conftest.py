"""The scoring tests' world and March events (tests/scoring/conftest.py), for notices."""

from tests.scoring.conftest import county_scheme, events, scored  # noqa: F401
