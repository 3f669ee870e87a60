import pytest

from govdesk.accounts.models import Role
from tests.conftest import make_user


@pytest.fixture
def duties(world):
    """The county's three separated duties (三员分立): county_admin (system), plus a
    security and an audit administrator."""
    world.people["county_security"] = make_user(
        "county_security", "冯安", [(world.county, Role.SECURITY)]
    )
    world.people["county_auditor"] = make_user(
        "county_auditor", "蒋审", [(world.county, Role.AUDITOR)]
    )
    return world
