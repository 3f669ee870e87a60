"""Search tests run with real commits: the index follows the change log after each
transaction commits, as it does in production. The worker's tasks (the re-index after
a unit's rename) run inline (huey immediate mode)."""

import pytest
from huey.contrib.djhuey import HUEY

from govdesk.search import dedup


@pytest.fixture(autouse=True)
def _committing_db(transactional_db):
    dedup.index.reset()
    yield
    dedup.index.reset()


@pytest.fixture(autouse=True)
def immediate_queue():
    was, HUEY.immediate = HUEY.immediate, True
    yield HUEY
    HUEY.immediate = was
