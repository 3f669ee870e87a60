"""Search tests run with real commits: the index follows the change log after each
transaction commits, as it does in production."""

import pytest

from govdesk.search import dedup


@pytest.fixture(autouse=True)
def _committing_db(transactional_db):
    dedup.index.reset()
    yield
    dedup.index.reset()
