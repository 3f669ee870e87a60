"""Heavy reads on the streaming replica (GOVDESK_REPLICA_URL): run by
``scripts/with-postgres --replica`` (scripts/run-tests does, so CI does). Real
commits: the replica only sees what the primary committed and replayed."""

import time

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from govdesk.lib import replica
from govdesk.scoring.models import Scheme
from govdesk.scoring.services import scheme_install_preset

HAS_REPLICA = "replica" in settings.DATABASES
on_replica = pytest.mark.skipif(not HAS_REPLICA, reason="GOVDESK_REPLICA_URL unset")
both_databases = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def caught_up() -> None:
    """Waits until the replica has replayed everything the primary wrote so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        lsn = cursor.fetchone()[0]
    for _ in range(200):
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("the replica did not catch up in 10 s")


def ranking_queries(client, scheme) -> tuple[list, list]:
    """The scoring queries of one ranking page on the replica and on the primary."""
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        page = client.get(f"/scoring/{scheme.pk}/ranking/?month=3")
    assert page.status_code == 200
    assert "城关镇" in page.content.decode()

    def scoring(queries):
        return [q["sql"] for q in queries if "scoring_" in q["sql"]]

    return scoring(on_replica), scoring(on_primary)


@pytest.fixture
def scheme(world):
    return scheme_install_preset(actor=None, office=world.county, year=2026, preset="county")


@on_replica
@both_databases
def test_the_replica_is_a_standby():
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is False


@on_replica
@both_databases
def test_a_ranking_read_goes_to_the_replica(world, scheme, login):
    client = login(world.county_editor)
    caught_up()
    on_replica, on_primary = ranking_queries(client, scheme)
    assert on_replica and not on_primary


@on_replica
@both_databases
def test_a_write_pins_the_session_to_the_primary(world, scheme, login, monkeypatch):
    client = login(world.county_editor)
    written = client.post("/accounts/logout/")  # any write pins
    assert replica.PIN_COOKIE in written.cookies
    client = login(world.county_editor)
    on_replica, on_primary = ranking_queries(client, scheme)
    assert on_primary and not on_replica
    # A few seconds later the same session reads the replica again.
    later = time.time() + replica.PIN_SECONDS + 1
    monkeypatch.setattr(replica.time, "time", lambda: later)
    caught_up()
    on_replica, on_primary = ranking_queries(client, scheme)
    assert on_replica and not on_primary


@on_replica
@both_databases
def test_reads_inside_a_transaction_stay_on_the_primary(world, scheme):
    with transaction.atomic(), replica.reads_from_replica():
        Scheme.objects.filter(pk=scheme.pk).update(name="改名方案")
        assert Scheme.objects.get(pk=scheme.pk).name == "改名方案"


@on_replica
@both_databases
def test_search_reads_the_replica(world, login, immediate_queue):
    """The full-text query is raw SQL: it follows the router too."""
    item = world.submitted(title="城关镇部署防汛工作", body="城关镇召开防汛工作部署会。")
    client = login(world.county_editor)
    caught_up()
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        page = client.get("/search/", {"q": "防汛"})
    assert page.status_code == 200
    assert f"/items/{item.pk}/" in page.content.decode()
    # @@: PostgreSQL's full-text match
    assert any("@@" in q["sql"] for q in on_replica)
    assert not any("@@" in q["sql"] for q in on_primary)


@pytest.mark.skipif(HAS_REPLICA, reason="GOVDESK_REPLICA_URL set")
def test_without_a_replica_nothing_changes(world, scheme, login):
    assert list(settings.DATABASES) == ["default"]
    assert settings.DATABASE_ROUTERS == []
    assert "govdesk.lib.replica.pin_after_write" not in settings.MIDDLEWARE
    with CaptureQueriesContext(connections["default"]) as queries:
        page = login(world.county_editor).get(f"/scoring/{scheme.pk}/ranking/?month=3")
    assert page.status_code == 200 and "城关镇" in page.content.decode()
    assert any("scoring_" in q["sql"] for q in queries)
