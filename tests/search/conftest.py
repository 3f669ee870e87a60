"""Search tests run with real commits: the index follows the change log after each
transaction commits, as it does in production. The worker's tasks (the re-index after
a unit's rename) run inline (huey immediate mode)."""

import pytest
from huey.contrib.djhuey import HUEY


@pytest.fixture(autouse=True)
def _committing_db(transactional_db):
    """Every search test commits (the shared duplicate index is in the database)."""


@pytest.fixture(autouse=True)
def immediate_queue():
    was, HUEY.immediate = HUEY.immediate, True
    yield HUEY
    HUEY.immediate = was
