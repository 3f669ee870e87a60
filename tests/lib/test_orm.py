"""The small ORM helpers of the busiest requests (``govdesk.lib.orm``)."""

import pytest

from govdesk.api.models import ApiCall
from govdesk.lib import clock
from govdesk.lib.orm import insert_row

pytestmark = pytest.mark.django_db


def test_insert_row_writes_the_row_create_writes(world):
    """The values given, a foreign key by its key, and every other column its field's
    default (the call's time from the clock), as ``objects.create`` would."""
    fields = {
        "client_id": None,
        "user_id": world.a_officer.pk,
        "method": "POST",
        "endpoint": "/api/items",
        "status": 201,
        "duration_ms": 12,
    }
    moment = clock.now()
    with clock.frozen_at(moment):
        ApiCall.objects.create(**fields)
        insert_row(ApiCall, **fields)
    created, inserted = ApiCall.objects.order_by("pk").values()
    assert inserted.pop("id") > created.pop("id")
    assert inserted == created
    assert inserted["at"] == moment
