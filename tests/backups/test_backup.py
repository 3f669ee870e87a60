"""Backups and restores in this process, on the suite's database (SQLite or PostgreSQL):
what an archive holds, what a restore puts back, and every refusal with its message."""

import fcntl
import hashlib
import io
import json
import tarfile
import threading
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from huey.contrib.djhuey import HUEY

from govdesk.audit.models import Change
from govdesk.backups import archive, engines, services, tasks
from govdesk.backups.archive import BackupError
from govdesk.items.attachments import attachment_add
from govdesk.items.models import Attachment, Item

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def place(settings, tmp_path, monkeypatch):
    """Backups, uploaded files and the generated secret key in a temporary directory."""
    monkeypatch.delenv("GOVDESK_SECRET_KEY", raising=False)
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    (settings.VAR_DIR / "secret_key").write_text("the-generated-key")
    settings.GOVDESK_BACKUP_DIR = tmp_path / "backups"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    was = HUEY.immediate
    HUEY.immediate = True  # a restore empties the queue: the in-memory one here
    yield tmp_path
    HUEY.immediate = was


@pytest.fixture
def alone(transactional_db):
    """No other session on this worker's test database when a test starts: a restore
    refuses while anything else is connected, and an earlier test in the same process
    may leave one open (the browser tests' live server thread keeps its connection)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture
def filed(alone, world):
    """One draft with an attachment; transactional, as pg_dump joins a snapshot of
    committed data and pg_restore needs the connections closed."""
    item = world.draft()
    attachment_add(
        item=item,
        actor=world.a_officer,
        upload=SimpleUploadedFile("防汛记录.txt", "6月3日防汛部署会记录。\n".encode()),
    )
    return item


def _members(path: Path) -> list[str]:
    with tarfile.open(path) as tar:
        return tar.getnames()


def _rewrite(path: Path, *, manifest=None, extra: tuple[str, bytes] | None = None) -> None:
    """Change an archive's manifest or add a member, and write a matching checksum: an
    archive that passes the checksum but must still be refused."""
    with tarfile.open(path) as tar:
        members = [(m, tar.extractfile(m).read() if m.isfile() else None) for m in tar]
    with tarfile.open(path, "w:gz") as tar:
        for member, data in members:
            if member.name == archive.MANIFEST and manifest is not None:
                data = json.dumps(manifest(json.loads(data))).encode()
                member.size = len(data)
            tar.addfile(member, io.BytesIO(data) if data is not None else None)
        if extra:
            info = tarfile.TarInfo(extra[0])
            info.size = len(extra[1])
            tar.addfile(info, io.BytesIO(extra[1]))
    archive.checksum_path(path).write_text(f"{archive.sha256_of(path)}  {path.name}\n")


def test_an_archive_holds_manifest_database_files_and_key_with_its_checksum(place, filed):
    made = services.backup_create(actor=None)

    assert made.path.parent == place / "backups"
    assert made.path.stat().st_mode & 0o777 == 0o600
    digest = hashlib.sha256(made.path.read_bytes()).hexdigest()
    assert archive.checksum_path(made.path).read_text() == f"{digest}  {made.path.name}\n"
    stored = Attachment.objects.get().file.name
    dump = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
    assert _members(made.path) == ["manifest.json", dump, f"media/{stored}", "secret_key"]
    manifest = made.manifest
    assert manifest["engine"] == connection.vendor
    assert manifest["counts"]["items.Item"] == 1
    assert manifest["counts"]["items.Attachment"] == 1
    assert manifest["counts"]["audit.Change"] == Change.objects.count() - 1  # not its own
    assert manifest["migrations"]["backups"] == ["0001_backup_record"]
    assert (manifest["media_files"], manifest["secret_key"]) == (1, True)
    change = Change.objects.get(action="backup.created")
    assert change.summary == f"手动备份 {made.path.name}（信息 1 条，附件 1 个）"


def test_a_key_set_in_the_environment_stays_out_of_the_archive(place, filed, monkeypatch):
    monkeypatch.setenv("GOVDESK_SECRET_KEY", "from-the-environment")
    made = services.backup_create(actor=None)
    assert "secret_key" not in _members(made.path)
    assert made.manifest["secret_key"] is False


def test_restore_puts_back_rows_and_files_after_saving_what_it_replaces(place, filed, world):
    made = services.backup_create(actor=None)
    original = Attachment.objects.get()
    later = world.draft(title="河口乡开展汛前检查")
    newer = attachment_add(
        item=later, actor=world.a_officer, upload=SimpleUploadedFile("新.txt", b"later file\n")
    )
    newer_path = Path(newer.file.path)
    (place / "var" / "secret_key").write_text("a-new-key")

    restored = services.backup_restore(actor=None, checked=services.backup_check(path=made.path))

    assert list(Item.objects.values_list("title", flat=True)) == ["城关镇召开防汛工作部署会"]
    assert not newer_path.exists()
    with Attachment.objects.get().file.open("rb") as stored:
        assert stored.read() == "6月3日防汛部署会记录。\n".encode()
    assert Attachment.objects.get().file.name == original.file.name
    assert (place / "var" / "secret_key").read_text() == "the-generated-key"
    assert restored.secret_key
    assert restored.before.manifest["counts"]["items.Item"] == 2
    assert restored.before.path.exists()
    change = Change.objects.order_by("-id").first()
    assert change.action == "backup.restored"
    assert change.summary == f"从备份 {made.path.name} 恢复数据（信息 1 条，附件 1 个）"
    assert change.details["before"] == restored.before.path.name


def _refused(name: str, message: str) -> None:
    before = (Item.objects.count(), Change.objects.count())
    with pytest.raises(CommandError) as refused:
        call_command("restore", name, "--yes", stdout=io.StringIO())
    assert str(refused.value) == message
    assert (Item.objects.count(), Change.objects.count()) == before


def test_restore_refuses_an_archive_that_does_not_match_its_checksum(place, filed):
    made = services.backup_create(actor=None)
    with made.path.open("ab") as tampered:
        tampered.write(b"\0")
    _refused(
        made.path.name,
        f"备份文件 {made.path.name} 与校验文件不符（SHA-256 不一致），"
        "文件可能已损坏或被改动，拒绝恢复。",
    )


def test_restore_refuses_an_archive_without_its_checksum_file(place, filed):
    made = services.backup_create(actor=None)
    archive.checksum_path(made.path).unlink()
    _refused(
        str(made.path), f"找不到校验文件 {made.path.name}.sha256，无法确认备份完整，拒绝恢复。"
    )


LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
OTHER = {"sqlite": "postgresql", "postgresql": "sqlite"}


def _from_the_future(manifest: dict) -> dict:
    manifest["migrations"]["items"].append("0099_from_the_future")
    return {**manifest, "govdesk_version": "9.0.0"}


def _from_the_other_engine(manifest: dict) -> dict:
    return {**manifest, "engine": OTHER[manifest["engine"]]}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            _from_the_future,
            "备份的数据库结构比当前程序新（含本程序没有的迁移 items.0099_from_the_future），"
            "请先将 GovDesk 升级到 9.0.0 或更高版本再恢复。",
        ),
        (_from_the_other_engine, "备份来自 {other} 数据库，当前系统使用 {this}，不能直接恢复。"),
    ],
    ids=["newer schema", "other engine"],
)
def test_restore_refuses_what_this_system_cannot_take(place, filed, change, message):
    made = services.backup_create(actor=None)
    _rewrite(made.path, manifest=change)
    this = connection.vendor
    _refused(made.path.name, message.format(other=LABELS[OTHER[this]], this=LABELS[this]))


def test_restore_refuses_a_path_out_of_the_media_root(place, filed):
    made = services.backup_create(actor=None)
    _rewrite(made.path, extra=("media/../../escaped.txt", b"x"))
    with pytest.raises(BackupError) as refused:
        services.backup_restore(actor=None, checked=services.backup_check(path=made.path))
    assert str(refused.value) == (
        f"{made.path.name} 中有不安全的文件路径（media/../../escaped.txt），拒绝恢复。"
    )
    assert not (place / "escaped.txt").exists()
    assert Item.objects.count() == 1


def test_restore_asks_before_it_overwrites(place, filed, monkeypatch):
    made = services.backup_create(actor=None)
    with pytest.raises(CommandError) as no_terminal:
        call_command("restore", made.path.name, stdout=io.StringIO())
    assert str(no_terminal.value) == "需要确认：请在终端中运行，或加 --yes。未做任何改动。"

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError) as declined:
        call_command("restore", made.path.name, stdout=io.StringIO())
    assert str(declined.value) == "已取消，未做任何改动。"
    assert Change.objects.filter(action="backup.restored").count() == 0


def test_the_backup_directory_keeps_the_newest_archives(place, filed, settings):
    settings.GOVDESK_BACKUP_KEEP = 2
    directory = place / "backups"
    directory.mkdir()
    for name in ("govdesk-20260101-020000", "govdesk-20260102-020000", "govdesk-20260103-020000"):
        (directory / f"{name}.tar.gz").write_bytes(b"old")
        (directory / f"{name}.tar.gz.sha256").write_text("x")

    made = services.backup_create(actor=None)

    assert sorted(p.name for p in directory.iterdir() if not p.name.startswith(".")) == sorted(
        [
            "govdesk-20260103-020000.tar.gz",
            "govdesk-20260103-020000.tar.gz.sha256",
            made.path.name,
            f"{made.path.name}.sha256",
        ]
    )
    assert made.pruned == ["govdesk-20260101-020000.tar.gz", "govdesk-20260102-020000.tar.gz"]
    assert Change.objects.get(action="backup.created").details["pruned"] == made.pruned


def test_restoring_the_oldest_archive_keeps_it_past_the_retention(place, filed, settings):
    settings.GOVDESK_BACKUP_KEEP = 1
    made = services.backup_create(actor=None)
    restored = services.backup_restore(actor=None, checked=services.backup_check(path=made.path))
    assert made.path.exists() and restored.before.path.exists()
    assert Change.objects.order_by("-id").first().action == "backup.restored"


def test_a_backup_elsewhere_prunes_nothing(place, filed, settings, tmp_path):
    settings.GOVDESK_BACKUP_KEEP = 1
    first = services.backup_create(actor=None, dest=tmp_path / "usb")
    second = services.backup_create(actor=None, dest=tmp_path / "usb")
    assert first.path.exists() and second.path.exists()
    assert first.path != second.path


def test_the_daily_backup_is_due_from_the_backup_hour_until_one_is_made(place, settings):
    settings.GOVDESK_BACKUP_HOUR = 2
    directory = place / "backups"
    directory.mkdir()
    (directory / "govdesk-20260709-020003.tar.gz").write_bytes(b"yesterday's")

    assert not services.backup_due(now=datetime(2026, 7, 10, 1, 59, tzinfo=TZ))
    assert services.backup_due(now=datetime(2026, 7, 10, 2, 0, tzinfo=TZ))
    assert services.backup_due(now=datetime(2026, 7, 10, 15, 0, tzinfo=TZ))  # worker was down
    (directory / "govdesk-20260710-020001.tar.gz").write_bytes(b"today's")
    assert not services.backup_due(now=datetime(2026, 7, 10, 3, 0, tzinfo=TZ))


def test_the_worker_backs_up_once_a_day(place, filed, settings):
    settings.GOVDESK_BACKUP_HOUR = 0
    first = tasks.daily_backup.call_local()
    second = tasks.daily_backup.call_local()

    assert first is not None and second is None
    assert [p.name for p in archive.archives(place / "backups")] == [first]
    change = Change.objects.get(action="backup.created")
    assert change.summary == f"定时备份 {first}（信息 1 条，附件 1 个）"


def test_one_backup_at_a_time(place, filed):
    directory = place / "backups"
    directory.mkdir()
    with (directory / ".lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(BackupError) as busy:
            services.backup_create(actor=None)
    assert str(busy.value) == "另一个备份或恢复正在进行，请稍后再试。"
    assert archive.archives(directory) == []


def test_the_commands_report_what_they_did(place, filed):
    out = io.StringIO()
    call_command("backup", stdout=out)
    (made,) = archive.archives(place / "backups")
    assert out.getvalue().startswith(f"已备份到 {made}（")
    assert "信息 1 条，附件 1 个，上传文件 1 个" in out.getvalue()

    listed = io.StringIO()
    call_command("backup", "--list", stdout=listed)
    assert listed.getvalue().startswith(f"{made.name}  ")
    assert f"信息 1 条  {connection.vendor}  GovDesk " in listed.getvalue()

    restored = io.StringIO()
    call_command("restore", str(made), "--yes", stdout=restored)
    lines = restored.getvalue().splitlines()
    assert lines[0].startswith(f"备份 {made.name}：")
    assert lines[0].endswith("信息 1 条，上传文件 1 个，校验通过。")
    assert lines[1].startswith("恢复前的数据已自动备份到 ")
    assert lines[2:] == [
        "已恢复：信息 1 条，附件 1 个，与备份清单一致。",
        "密钥文件已恢复。",
        "请重新启动 Web 服务和后台任务。",
    ]


def test_the_next_backup_clears_what_a_killed_one_left(place, filed):
    directory = place / "backups"
    (directory / ".backup-killed").mkdir(parents=True)
    (directory / ".backup-killed" / "database.sqlite3").write_bytes(b"half")
    (directory / "govdesk-20260101-020000.tar.gz.partial").write_bytes(b"half")

    made = services.backup_create(actor=None)

    assert sorted(p.name for p in directory.iterdir()) == sorted(
        [".lock", made.path.name, f"{made.path.name}.sha256"]
    )


def test_a_restore_waits_until_nothing_else_uses_the_postgresql_database(place, filed):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's backup API copies under its own locks")
    made = services.backup_create(actor=None)
    params = connection.settings_dict
    server = {k.lower(): params[k] or None for k in ("HOST", "PORT", "USER", "PASSWORD")}
    # A web server that was not stopped, in the middle of reading the items.
    with psycopg.connect(dbname=params["NAME"], **server) as running:
        running.execute("SELECT count(*) FROM items_item").fetchone()
        with pytest.raises(BackupError) as busy:
            services.backup_restore(actor=None, checked=services.backup_check(path=made.path))
    assert str(busy.value) == (
        "数据库还有 1 个其他连接（Web 服务或后台任务可能仍在运行），"
        "请先停止它们再恢复。未做任何改动。"
    )
    assert archive.archives(place / "backups") == [made.path]  # no backup before restoring


def test_a_connection_that_is_closing_does_not_refuse_a_restore(alone):
    """A backup's pg_dump stays listed for a moment after it has disconnected; a restore
    right after it must not count it as a running server."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's backup API copies under its own locks")
    params = connection.settings_dict
    server = {k.lower(): params[k] or None for k in ("HOST", "PORT", "USER", "PASSWORD")}
    leaving = psycopg.connect(dbname=params["NAME"], **server)
    leaving.execute("SELECT 1").fetchone()
    closer = threading.Timer(0.3, leaving.close)
    closer.start()
    try:
        engines.current().ensure_unused()  # waits for it instead of raising BackupError
    finally:
        closer.join()
    assert leaving.closed
