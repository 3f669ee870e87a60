"""Heavy reads on the streaming replica (GOVDESK_REPLICA_URL): run by
``scripts/with-postgres --replica`` (scripts/run-tests does, so CI does). Real
commits: the replica only sees what the primary committed and replayed."""

import time

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from govdesk.lib import replica
from govdesk.portal import services as portal_services
from govdesk.scoring.models import Scheme
from govdesk.scoring.services import scheme_install_preset
from tests.fixtures.portal import public_item

HAS_REPLICA = "replica" in settings.DATABASES
on_replica = pytest.mark.skipif(not HAS_REPLICA, reason="GOVDESK_REPLICA_URL unset")
both_databases = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def caught_up() -> None:
    """Waits until the replica has replayed everything the primary wrote so far. The
    test cluster runs with synchronous_commit=off, so a commit may still sit in the WAL
    buffers: wait for the insert position, not the written one."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()")
        lsn = cursor.fetchone()[0]
    for _ in range(200):
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("the replica did not catch up in 10 s")


def queries_of(client, url: str, table: str, shows: str = "") -> tuple[list, list]:
    """The statements of one GET naming ``table``, on the replica and on the primary;
    the page must answer 200 (and hold ``shows``: the data really was read)."""
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        page = client.get(url)
    assert page.status_code == 200
    assert shows in (page.content.decode() if shows else "")

    def naming(queries):
        return [q["sql"] for q in queries if table in q["sql"]]

    return naming(on_replica), naming(on_primary)


def ranking_queries(client, scheme) -> tuple[list, list]:
    """The scoring queries of one ranking page on the replica and on the primary."""
    return queries_of(client, f"/scoring/{scheme.pk}/ranking/?month=3", "scoring_", "城关镇")


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


def published(world, portal, title: str):
    item = public_item(world, title=title)
    article = portal_services.article_prepare(
        actor=world.county_web, item_id=item.pk, column_id=portal["xzdt"].pk
    )
    portal_services.article_confirm_secrecy(actor=world.county_web, article_id=article.pk)
    return portal_services.article_publish(actor=world.county_web, article_id=article.pk)


@pytest.fixture
def heavy_reads(world, ready, portal):
    """Each heavy read path: (who reads, URL, the table it reads, what the answer shows).
    The .xlsx answers are zip files: their rows are checked in the exports' own tests."""
    world.submitted(title="城关镇部署防汛工作")
    article = published(world, portal, "城关镇召开防汛工作部署会")
    return {
        "award evaluation": (world.county_editor, f"/awards/{ready.pk}/", "awards_", "先进集体"),
        "items export": (world.county_editor, "/items/desk/?export=xlsx", "items_item", ""),
        "ranking export": (
            world.county_editor,
            f"/scoring/{ready.pk}/notice/?month=3&format=xlsx",
            "scoring_",
            "",
        ),
        "portal home": (None, "/portal/", "portal_article", "城关镇召开防汛工作部署会"),
        "portal column": (None, "/portal/c/xzdt/", "portal_article", "城关镇召开防汛工作部署会"),
        "portal article": (
            None,
            f"/portal/a/{article.pk}/",
            "portal_article",
            "城关镇召开防汛工作部署会",
        ),
    }


PATHS = [
    "award evaluation",
    "items export",
    "ranking export",
    "portal home",
    "portal column",
    "portal article",
]


@on_replica
@both_databases
@pytest.mark.parametrize("path", PATHS)
def test_heavy_reads_go_to_the_replica_and_after_a_write_to_the_primary(
    heavy_reads, path, client, login
):
    """Each heavy read path reads the replica; after a write the same session reads it
    from the primary. One test for both, so the committed data (a year of a township's
    items through the services, 5–8 s of setup) is built once per path, not twice."""
    who, url, table, shows = heavy_reads[path]
    reader = login(who) if who else client
    caught_up()
    on_replica, on_primary = queries_of(reader, url, table, shows)
    assert on_replica and not on_primary
    written = client.post("/accounts/logout/")  # any write pins the browser
    assert replica.PIN_COOKIE in written.cookies
    reader = login(who) if who else client
    on_replica, on_primary = queries_of(reader, url, table, shows)
    assert on_primary and not on_replica


@on_replica
@both_databases
def test_the_web_editor_sees_the_article_just_published(world, portal, login):
    """Published through the desk (a POST), the article's public page is read from the
    primary at once, without waiting for the replica to replay it."""
    item = public_item(world, title="城关镇举办农产品展销会")
    article = portal_services.article_prepare(
        actor=world.county_web, item_id=item.pk, column_id=portal["xzdt"].pk
    )
    portal_services.article_confirm_secrecy(actor=world.county_web, article_id=article.pk)
    client = login(world.county_web)
    done = client.post(f"/portal/desk/a/{article.pk}/publish/", {"publish_at": ""})
    assert done.status_code == 302
    on_replica, on_primary = queries_of(
        client, f"/portal/a/{article.pk}/", "portal_article", "城关镇举办农产品展销会"
    )
    assert on_primary and not on_replica


@pytest.mark.skipif(HAS_REPLICA, reason="GOVDESK_REPLICA_URL set")
def test_without_a_replica_nothing_changes(world, scheme, login):
    assert list(settings.DATABASES) == ["default"]
    assert settings.DATABASE_ROUTERS == []
    assert "govdesk.lib.replica.pin_after_write" not in settings.MIDDLEWARE
    with CaptureQueriesContext(connections["default"]) as queries:
        page = login(world.county_editor).get(f"/scoring/{scheme.pk}/ranking/?month=3")
    assert page.status_code == 200 and "城关镇" in page.content.decode()
    assert any("scoring_" in q["sql"] for q in queries)
