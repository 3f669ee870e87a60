import pytest

from govdesk.accounts.models import Role
from govdesk.portal import services
from tests.conftest import make_user


@pytest.fixture
def portal(world):
    """The county's portal: the seed's columns and a 网站编辑 at the county office."""
    world.people["county_web"] = make_user(
        "county_web", "林芳", [(world.county, Role.PORTAL_EDITOR)]
    )
    world.people["city_web"] = make_user("city_web", "高远", [(world.city, Role.PORTAL_EDITOR)])
    columns = {c.slug: c for c in services.columns_seed(actor=None, office=world.county)}
    return columns


def public_item(world, **fields):
    """A township item marked 主动公开, signed off and sent to the county office."""
    return world.submitted(public_release="active", **fields)
