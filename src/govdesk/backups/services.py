"""Backup and restore, called by ``govdesk backup``/``govdesk restore`` and the worker.

An archive holds the database, the uploaded files and the generated secret key (when
the key comes from ``var/secret_key`` rather than GOVDESK_SECRET_KEY). The worker's
queue is left out on purpose: it holds only ids and scans, the database holds the
state, and the worker's scans re-queue what is due, so replaying an old queue against
restored data could only send stale work. A restore empties the queue instead.
"""

import fcntl
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from govdesk import __version__
from govdesk.audit.services import record
from govdesk.backups import archive, engines
from govdesk.backups.archive import BackupError
from govdesk.backups.models import Backup, Trigger
from govdesk.lib import clock
from govdesk.lib.env import env_str


def backup_dir() -> Path:
    return Path(settings.GOVDESK_BACKUP_DIR)


def media_root() -> Path:
    return Path(default_storage.location)


def _key_file() -> Path:
    return Path(settings.VAR_DIR) / archive.SECRET_KEY


def _key_from_file() -> bool:
    return not env_str("SECRET_KEY", "")


@contextmanager
def _exclusive(directory: Path) -> Iterator[None]:
    """One backup or restore at a time per backup directory (shared storage included)."""
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ".lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BackupError("另一个备份或恢复正在进行，请稍后再试。") from None
        archive.clear_leftovers(directory)
        yield


@dataclass(frozen=True)
class Made:
    backup: Backup
    path: Path
    manifest: dict
    pruned: list[str]


def _summary(counts: dict[str, int]) -> str:
    return f"信息 {counts['items.Item']} 条，附件 {counts['items.Attachment']} 个"


def _make(*, actor, trigger: str, directory: Path) -> Made:
    engine = engines.current()
    # Names are per second: a second archive within the same second waits for the next.
    while (path := directory / archive.archive_name(now := timezone.now())).exists():
        time.sleep(0.2)
    with tempfile.TemporaryDirectory(dir=directory, prefix=archive.WORK_PREFIX) as work:
        dump = Path(work) / f"database.{engine.suffix}"
        snapshot = engine.dump(dump)
        media = archive.media_files(media_root())
        key = _key_file() if _key_from_file() and _key_file().is_file() else None
        manifest = {
            "format": archive.FORMAT,
            "govdesk_version": __version__,
            "created_at": timezone.localtime(now).isoformat(timespec="seconds"),
            "engine": engine.name,
            "database_file": dump.name,
            "counts": snapshot.counts,
            "migrations": snapshot.migrations,
            "media_files": len(media.files),
            "media_bytes": media.size,
            "secret_key": key is not None,
            "trigger": trigger,
        }
        digest = archive.write(path, manifest=manifest, database=dump, media=media, secret_key=key)
    pruned = []
    # Not before a restore: the archive being restored may be the oldest one.
    if directory == backup_dir() and trigger != Trigger.BEFORE_RESTORE:
        pruned = archive.prune(directory, keep=settings.GOVDESK_BACKUP_KEEP)
    with transaction.atomic():
        backup = Backup.objects.create(
            name=path.name, created_at=now, trigger=trigger, size=path.stat().st_size, sha256=digest
        )
        record(
            actor=actor,
            action="backup.created",
            target=backup,
            summary=f"{Trigger(trigger).label}备份 {path.name}（{_summary(snapshot.counts)}）",
            path=str(path),
            counts=snapshot.counts,
            media_files=len(media.files),
            pruned=pruned,
        )
    return Made(backup, path, manifest, pruned)


def backup_create(*, actor, trigger: str = Trigger.MANUAL, dest: Path | None = None) -> Made:
    """Write one archive into ``dest`` (default GOVDESK_BACKUP_DIR, where only the newest
    GOVDESK_BACKUP_KEEP archives are kept)."""
    directory = (dest or backup_dir()).resolve()
    with _exclusive(directory):
        return _make(actor=actor, trigger=trigger, directory=directory)


def backup_due(*, now: datetime) -> bool:
    """Whether today's scheduled backup is due: it is past GOVDESK_BACKUP_HOUR local time
    and no archive was made since then. A worker that was down at that hour catches up."""
    since = clock.midnight(timezone.localdate(now)) + timedelta(hours=settings.GOVDESK_BACKUP_HOUR)
    if now < since:
        return False
    made = archive.archives(backup_dir())
    return not made or archive.created_at(made[-1]) < since


def backup_scheduled(*, now: datetime) -> Made | None:
    """The worker's daily backup; checks again under the lock, so two workers sharing
    the backup directory make one archive."""
    with _exclusive(backup_dir()):
        if not backup_due(now=now):
            return None
        return _make(actor=None, trigger=Trigger.SCHEDULED, directory=backup_dir())


def backup_list() -> list[tuple[Path, dict | None]]:
    """The archives in GOVDESK_BACKUP_DIR, newest first, with their manifests (None for
    an archive that cannot be read)."""
    found = []
    for path in reversed(archive.archives(backup_dir())):
        try:
            found.append((path, archive.read_manifest(path)))
        except BackupError:
            found.append((path, None))
    return found


@dataclass(frozen=True)
class Checked:
    path: Path
    manifest: dict
    sha256: str
    older: bool  # the archive lacks migrations this version has: migrate after restoring


def backup_check(*, path: Path) -> Checked:
    """Verify an archive before anything is touched: its checksum, its database engine,
    and that its schema is not newer than this version of GovDesk."""
    manifest, digest = archive.verify(path)
    engine = engines.current()
    if manifest["engine"] != engine.name:
        labels = {e.name: e.label for e in (engines.Sqlite, engines.Postgres)}
        raise BackupError(
            f"备份来自 {labels.get(manifest['engine'], manifest['engine'])} 数据库，"
            f"当前系统使用 {engine.label}，不能直接恢复。"
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    archived = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    if newer := sorted(archived - known):
        shown = "、".join(f"{app}.{name}" for app, name in newer[:3])
        more = f" 等 {len(newer)} 个" if len(newer) > 3 else ""
        raise BackupError(
            f"备份的数据库结构比当前程序新（含本程序没有的迁移 {shown}{more}），"
            f"请先将 GovDesk 升级到 {manifest['govdesk_version']} 或更高版本再恢复。"
        )
    return Checked(path, manifest, digest, older=bool(known - archived))


@dataclass(frozen=True)
class Restored:
    backup: Backup
    before: Made | None  # the automatic backup of what the restore replaced
    counts: dict[str, int]
    secret_key: bool  # the archive's key file was put back


def _replace_media(root: Path, staged: Path, staging: Path) -> None:
    for child in root.iterdir():
        if child == staging:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if staged.is_dir():
        for child in staged.iterdir():
            child.rename(root / child.name)


def _restore_key(extracted: Path | None) -> bool:
    if extracted is None or not _key_from_file():
        return False
    target = _key_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    extracted.chmod(0o600)
    extracted.replace(target)
    return True


def backup_restore(*, actor, checked: Checked) -> Restored:
    """Replace the database and the uploaded files with the archive's, after an automatic
    backup of the current data (when there is any). Stop the web server and the worker
    first: they would keep old data in memory and the old secret key."""
    directory = backup_dir()
    engine = engines.current()
    with _exclusive(directory):
        engine.ensure_unused()
        before = None
        if engines.has_schema():
            before = _make(actor=actor, trigger=Trigger.BEFORE_RESTORE, directory=directory)
        media = media_root()
        media.mkdir(parents=True, exist_ok=True)
        archive.clear_leftovers(media)
        with (
            tempfile.TemporaryDirectory(dir=directory, prefix=archive.STAGING_PREFIX) as work,
            tempfile.TemporaryDirectory(dir=media, prefix=archive.STAGING_PREFIX) as staging,
        ):
            dump, key = archive.extract(
                checked.path, database_to=Path(work), media_to=Path(staging)
            )
            engine.restore(dump)
            _replace_media(media, Path(staging) / archive.MEDIA, Path(staging))
            key_restored = _restore_key(key)
    # Content type ids are the archive's now, not those this process cached before.
    ContentType.objects.clear_cache()
    counts = engines.current_snapshot().counts
    expected = {engines.MOVED.get(k, k): v for k, v in checked.manifest["counts"].items()}
    if differ := [label for label in expected if counts.get(label) != expected[label]]:
        shown = "；".join(f"{x} 备份 {expected[x]}，恢复后 {counts.get(x)}" for x in differ)
        raise BackupError(f"恢复后核对不一致：{shown}")
    if checked.older:
        call_command("migrate", interactive=False, verbosity=0)
    HUEY.flush()
    with transaction.atomic():
        backup, _ = Backup.objects.get_or_create(
            name=checked.path.name,
            defaults={
                "created_at": datetime.fromisoformat(checked.manifest["created_at"]),
                "trigger": checked.manifest["trigger"],
                "size": checked.path.stat().st_size,
                "sha256": checked.sha256,
            },
        )
        record(
            actor=actor,
            action="backup.restored",
            target=backup,
            summary=f"从备份 {checked.path.name} 恢复数据（{_summary(counts)}）",
            path=str(checked.path),
            counts=counts,
            before=before.path.name if before else None,
        )
    return Restored(backup, before, counts, key_restored)
