"""The change log is tamper-evident (each row chained to the one before by SHA-256) and
kept at least 180 days."""

import itertools
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from govdesk.audit.models import Change
from govdesk.audit.services import chain_verify, changes_purge, record
from govdesk.lib import clock


def _write(world, n=3):
    for i in range(n):
        record(
            actor=world.county_admin,
            action="unit.changed",
            target=world.town_a,
            summary=f"第 {i} 次修改",
            field="name",
        )


def test_rows_link_to_the_one_before_and_verify_passes(world, capsys):
    _write(world)
    rows = list(Change.objects.order_by("id"))
    for before, after in itertools.pairwise(rows):
        assert after.prev_digest == before.digest and len(after.digest) == 64
    call_command("audit", "verify")
    assert capsys.readouterr().out.strip() == (
        f"操作日志完好：{len(rows)} 条记录的哈希链校验通过。"
    )


def test_a_row_changed_behind_the_application_is_reported(world):
    _write(world)
    victim = Change.objects.filter(action="unit.changed").order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_change SET summary = %s WHERE id = %s", ["无事发生", victim.pk]
        )
    checked, broken = chain_verify()
    assert broken.change_id == victim.pk
    assert checked == Change.objects.filter(id__lt=victim.pk).count()
    with pytest.raises(CommandError) as error:
        call_command("audit", "verify")
    assert str(error.value) == (
        f"操作日志第 {victim.pk} 号记录校验失败：内容与摘要值不符（记录被修改）"
        f"（此前 {checked} 条完好）。"
    )


def test_a_deleted_row_is_reported_at_the_next_one(world):
    _write(world)
    _, second, third = Change.objects.filter(action="unit.changed").order_by("id")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_change WHERE id = %s", [second.pk])
    assert chain_verify()[1].change_id == third.pk
    assert chain_verify()[1].reason == "与前一条记录的链接不符（记录被删除或插入）"


def test_the_application_refuses_to_edit_or_delete_a_row(world):
    _write(world, 1)
    change = Change.objects.last()
    with pytest.raises(ValueError, match="只能追加，不能修改"):
        change.save()
    with pytest.raises(ValueError, match="只能追加，不能删除"):
        change.delete()


def test_purge_refuses_rows_younger_than_the_retention_period(world, settings):
    settings.GOVDESK_AUDIT_RETENTION_DAYS = 30  # below the floor: 180 still holds
    with pytest.raises(ValidationError) as error:
        changes_purge(actor=None, older_than_days=179)
    assert error.value.messages == ["操作日志至少保存 180 天，不能清理 179 天内的记录。"]
    with pytest.raises(CommandError, match="至少保存 180 天"):
        call_command("audit", "purge", "--days", "90")


def test_purge_removes_the_oldest_rows_only_and_the_chain_still_verifies(db):
    def line(summary):
        record(actor=None, action="account.login_failed", target=None, summary=summary)

    with clock.frozen_at(clock.now() - timedelta(days=400)):
        line("一年多以前")
        line("一年多以前")
    line("今天")
    with clock.frozen_at(clock.now() - timedelta(days=400)):
        line("时钟回拨后写入")  # after a young row: kept, the chain is cut at its front only
    assert changes_purge(actor=None, older_than_days=200) == 2
    assert list(Change.objects.order_by("id").values_list("summary", flat=True)) == [
        "今天",
        "时钟回拨后写入",
        "清理 200 天前的操作日志 2 条",
    ]
    assert chain_verify() == (3, None)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the test database of SQLite is in memory with table locks; PostgreSQL run only",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain():
    """Writers in parallel threads (own connections) never link to the same row: the
    advisory lock serialises them."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def write(n):
        try:
            for i in range(10):
                record(actor=None, action="account.login_failed", target=None, summary=f"{n}-{i}")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(write, range(4)))
    assert chain_verify() == (40, None)
    assert Change.objects.values("prev_digest").distinct().count() == 40


def test_the_upgrade_chains_rows_written_before_the_chain_existed(world):
    """The data migration links old rows (their digests empty) oldest first."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "govdesk.audit.migrations.0003_hash_chain_and_untargeted_events"
    )
    _write(world)
    Change.objects.update(prev_digest="", digest="")  # as the rows stood before 0003
    assert chain_verify()[1] is not None
    migration.chain_existing_rows(apps, None)
    assert chain_verify() == (Change.objects.count(), None)


def test_the_superusers_log_admin_shows_rows_without_a_target(db, admin_client):
    record(actor=None, action="account.login_failed", target=None, summary="登录失败：用户名“x”")
    change = Change.objects.get(action="account.login_failed")
    page = admin_client.get(f"/admin/audit/change/{change.pk}/change/").content.decode()
    assert '<div class="readonly">无</div>' in page
