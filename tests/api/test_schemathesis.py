"""The API against its own OpenAPI document, in-process, with a fixed seed: every request
(valid and invalid) must draw no server error, and every status the API answers must be
one the document declares, with a body of the declared shape.

On PostgreSQL it makes some 8,200 requests: the 1,000 examples asked for and the cases
schemathesis's coverage phase adds, two thirds of them invalid (a wrong type, a missing
field, a method the path does not have). Nearly all invalid requests (4,855 of 5,236 in
the coverage phase) are refused by the API's validation or its router before an
endpoint's own queries run, the same code on either engine, so on SQLite only the
valid ones are sent (about 2,700). Those reach the endpoints' queries,
where the engines differ: PostgreSQL, the stricter of the two, refuses a NUL byte, a
string longer than its column and an integer beyond its column's range, which SQLite
stores or answers, so the invalid requests that slip past validation surface there.

The document is loaded when the test runs, not when the file is collected
(``from_fixture``): every xdist worker collects every file, and loading it (the
document built by the application, then parsed, and an item made per operation) cost
each of them about 6 s of CPU for a test only one of them runs. The operations are
checked one after another in the one test, each a subtest reported under its name
(``test_api_keeps_its_contract (label='POST /api/items')``) when it fails."""

import logging

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection, transaction
from hypothesis import HealthCheck, seed, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from govdesk.accounts.tokens import token_issue

EXAMPLES = 1000  # spread evenly over the operations
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def api_schema(django_db_blocker):
    # The WSGI application, not the test client: requests go through every middleware.
    # The document reads no data, but the request's start checks a connection this
    # worker may have open from an earlier file.
    with django_db_blocker.unblock():
        loaded = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    operations = len(list(loaded.get_all_operations()))
    modes = list(GenerationMode)
    if connection.vendor == "sqlite":  # the valid requests only (see above)
        modes = [GenerationMode.POSITIVE]
    loaded.config.generation.update(max_examples=max(1, EXAMPLES // operations), modes=modes)
    return loaded


schema = schemathesis.pytest.from_fixture("api_schema")


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
def bearer(world, same_connection, settings) -> dict:
    """An office editor's token, with a few items in the workflow to find. Its rate
    limit is lifted: an operation's cases come faster than 120 a minute, and past the
    limit every one would be answered 429 before reaching the endpoint
    (tests/api/test_token_rate.py tests the limit)."""
    settings.GOVDESK_API_TOKEN_RATE_LIMIT = 1_000_000
    world.submitted()
    world.draft(title="河口乡开展安全生产检查", by=world.b_officer, unit=world.town_b)
    _, raw = token_issue(user=world.county_editor, name="接口契约测试")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def unlogged_refusals(caplog):
    """Django logs every 4xx answer as a warning (``django.request``), for pytest to
    keep: on PostgreSQL two thirds of the requests are refused on purpose, and their
    warnings cost 0.5–1 % of the test's CPU. A 5xx is still logged, and fails the test."""
    caplog.set_level(logging.ERROR, logger="django.request")


@pytest.fixture
def fresh_per_operation(request, bearer):
    """Each operation starts from the data ``bearer`` left, as if it were a test of its
    own: what an operation's requests wrote is rolled back before the next one's."""
    # schemathesis 4.32 reads the item's ``_nodeid``, which pytest 9.2 no longer sets.
    request.node._nodeid = request.node.nodeid
    start = transaction.savepoint()
    current = []

    def enter(operation):
        if current and current[0] != operation.label:
            transaction.savepoint_rollback(start)
        current[:] = [operation.label]

    return enter


@pytest.mark.django_db
@schema.parametrize()
@seed(20261206)
@settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_api_keeps_its_contract(case, bearer, fresh_per_operation, unlogged_refusals):
    fresh_per_operation(case.operation)
    case.call_and_validate(headers=bearer, checks=CHECKS)
