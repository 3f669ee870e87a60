import pytest


@pytest.fixture(autouse=True)
def _media(media_storage):
    """Issue documents and uploads land in the test's own directory."""
