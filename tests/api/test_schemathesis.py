"""The API against its own OpenAPI document, in-process, with a fixed seed: about 1,000
generated requests (valid and invalid) must draw no server error, and every status the
API answers must be one the document declares, with a body of the declared shape."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, seed, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from govdesk.accounts.tokens import token_issue

# The WSGI application, not the test client: requests go through every middleware.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
OPERATIONS = len(list(schema.get_all_operations()))
EXAMPLES_PER_OPERATION = max(1, 1000 // OPERATIONS)
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def same_connection():
    """Requests run inside the test's transaction, on its connection, as with Django's
    test client: the end of a request must not close it (it does on PostgreSQL)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(world, same_connection) -> dict:
    """An office editor's token, with a few items in the workflow to find."""
    world.submitted()
    world.draft(title="河口乡开展安全生产检查", by=world.b_officer, unit=world.town_b)
    _, raw = token_issue(user=world.county_editor, name="接口契约测试")
    return {"Authorization": f"Bearer {raw}"}


@pytest.mark.django_db
@schema.parametrize()
@seed(20261206)
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_keeps_its_contract(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)
