"""SQL statements per API request on the busiest path (issue 12): one create with an
Idempotency-Key and one submit, through a bearer token. The bounds are today's counts;
a change that adds a statement here costs every submitter, so it must raise them on
purpose. The item answer must not grow with what the item holds (no N+1)."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govdesk.accounts.tokens import token_issue
from govdesk.items import services
from govdesk.items.models import Item, State
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

CREATE_QUERIES = 21
SUBMIT_QUERIES = 18
# PostgreSQL serialises the change log's hash chain with an advisory lock: one more
# statement for the one change each request records.
CHAIN_LOCK = 1
# Every API call is logged (``ApiCall``, issue 16): one INSERT per request.
CALL_LOG = 1
# A personal token's rate (GOVDESK_API_TOKEN_RATE_LIMIT) is counted from that log: one
# SELECT per request.
TOKEN_RATE = 1
BODY = "6月3日，城关镇召开防汛工作部署会，全镇12个村落实防汛责任人36名。"


@pytest.fixture
def bearer(client, world):
    _, raw = token_issue(user=world.a_officer, name="报送")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    client.get("/api/items")  # the token's first use is noted once, not on every call
    return client


def _create(client, world, **fields):
    return client.post(
        "/api/items",
        {"unit": world.town_a.pk, "title": "城关镇召开防汛工作部署会", "body": BODY, **fields},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )


def test_create_and_submit_stay_within_their_statement_counts(bearer, world):
    with CaptureQueriesContext(connection) as created:
        response = _create(bearer, world)
    assert response.status_code == 201, response.content
    item_id = response.json()["id"]
    with CaptureQueriesContext(connection) as submitted:
        response = bearer.generic("POST", f"/api/items/{item_id}/actions/submit")
    assert response.status_code == 200, response.content

    assert response.json()["state"] == State.PENDING_SIGNOFF
    assert Item.objects.get(pk=item_id).state == State.PENDING_SIGNOFF
    extra = CALL_LOG + TOKEN_RATE + (CHAIN_LOCK if connection.vendor == "postgresql" else 0)
    assert len(created) <= CREATE_QUERIES + extra, "\n".join(q["sql"] for q in created)
    assert len(submitted) <= SUBMIT_QUERIES + extra, "\n".join(q["sql"] for q in submitted)


def test_item_answer_costs_the_same_however_much_the_item_holds(bearer, world):
    plain = _create(bearer, world).json()["id"]
    colleague = make_user("a_officer2", "孙丽", [(world.town_a, "officer")])
    rich = _create(bearer, world, author_ids=[world.a_officer.pk, colleague.pk]).json()["id"]
    for n in range(4):
        item = Item.objects.get(pk=rich)
        services.item_update(
            item_id=rich,
            actor=world.a_officer,
            fields={"body": f"{BODY}第{n}稿。"},
            revision=item.revision,
        )

    def statements(item_id):
        with CaptureQueriesContext(connection) as read:
            response = bearer.get(f"/api/items/{item_id}")
        assert response.status_code == 200, response.content
        return len(read), response.json()

    plain_count, _ = statements(plain)
    rich_count, answer = statements(rich)
    assert len(answer["authors"]) == 2
    assert len(answer["history"]) == 5
    assert rich_count == plain_count


def test_the_create_answer_is_the_item_as_read_back(bearer, world):
    """The create answers with the object the service built (no second read inside the
    transaction): it must say exactly what reading the item back says."""
    created = _create(bearer, world, writer="张晓梅", urgency=3, topics="防汛 部署")
    assert created.status_code == 201, created.content
    read = bearer.get(f"/api/items/{created.json()['id']}")
    assert created.json() == read.json()
    assert created.json()["created_by"] == {
        "id": world.a_officer.pk,
        "username": world.a_officer.username,
        "full_name": world.a_officer.full_name,
    }
