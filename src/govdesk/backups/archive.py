"""The archive file: ``govdesk-YYYYMMDD-HHMMSS.tar.gz`` (local time) with the manifest
first, then the database dump, the uploaded files under ``media/`` and the generated
secret key; ``<archive>.sha256`` beside it, in ``sha256sum`` format so an operator can
check it with ``sha256sum -c`` too.

The archive holds every piece of data and the key that signs sessions: it is written
readable by its owner only.
"""

import hashlib
import io
import json
import os
import re
import shutil
import tarfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
SECRET_KEY = "secret_key"
# Working directories beside the archives, and inside the media root while a restore
# stages the uploaded files (never part of a backup).
WORK_PREFIX = ".backup-"
STAGING_PREFIX = ".restore-"
_NAME = re.compile(r"^govdesk-(\d{8}-\d{6})\.tar\.gz$")


class BackupError(Exception):
    """A backup or restore refused or failed; the message is for the operator."""


def archive_name(at: datetime) -> str:
    return f"govdesk-{timezone.localtime(at):%Y%m%d-%H%M%S}.tar.gz"


def created_at(path: Path) -> datetime | None:
    """When the archive was made, from its name; None for files that are not archives."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    return timezone.make_aware(datetime.strptime(match.group(1), "%Y%m%d-%H%M%S"))


def archives(directory: Path) -> list[Path]:
    """The archives in ``directory``, oldest first (the names sort by time)."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if created_at(p) is not None)


def checksum_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class MediaFiles:
    root: Path
    files: list[Path]

    @property
    def size(self) -> int:
        return sum(path.stat().st_size for path in self.files)


def media_files(root: Path) -> MediaFiles:
    """Every uploaded file under ``root``, skipping a restore's staging directory."""
    found = []
    if root.is_dir():
        for directory, subdirs, names in os.walk(root):
            if Path(directory) == root:
                subdirs[:] = [d for d in subdirs if not d.startswith(STAGING_PREFIX)]
            subdirs.sort()
            found.extend(Path(directory) / name for name in sorted(names))
    return MediaFiles(root, found)


def write(
    path: Path, *, manifest: dict, database: Path, media: MediaFiles, secret_key: Path | None
) -> str:
    """Write the archive and its checksum file; return the SHA-256. The archive appears
    under its name only when complete."""
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            body = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(body), int(timezone.now().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(body))
            tar.add(database, arcname=manifest["database_file"])
            for file in media.files:
                tar.add(file, arcname=f"{MEDIA}/{file.relative_to(media.root).as_posix()}")
            if secret_key is not None:
                tar.add(secret_key, arcname=SECRET_KEY)
        digest = sha256_of(partial)
        partial.rename(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    checksum_path(path).write_text(f"{digest}  {path.name}\n")
    return digest


def verify(path: Path) -> tuple[dict, str]:
    """Check the archive against its checksum file; return its manifest and SHA-256."""
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    sums = checksum_path(path)
    if not sums.is_file():
        raise BackupError(f"找不到校验文件 {sums.name}，无法确认备份完整，拒绝恢复。")
    recorded = sums.read_text().split()
    digest = sha256_of(path)
    if not recorded or digest != recorded[0].lower():
        raise BackupError(
            f"备份文件 {path.name} 与校验文件不符（SHA-256 不一致），"
            "文件可能已损坏或被改动，拒绝恢复。"
        )
    return read_manifest(path), digest


def read_manifest(path: Path) -> dict:
    try:
        with tarfile.open(path, "r:gz") as tar:
            member = tar.next()
            if member is None or member.name != MANIFEST:
                raise BackupError(f"{path.name} 不是 GovDesk 备份（缺少清单文件）。")
            manifest = json.load(tar.extractfile(member))
    except (tarfile.TarError, OSError, ValueError) as error:
        raise BackupError(f"无法读取备份文件 {path.name}：{error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path.name} 的备份格式（{manifest.get('format')}）不是本程序支持的格式 {FORMAT}。"
        )
    return manifest


def extract(path: Path, *, database_to: Path, media_to: Path) -> tuple[Path, Path | None]:
    """Unpack the database dump into ``database_to`` and the uploaded files into
    ``media_to/media``; return the dump and the secret key file (if the archive has one).
    tarfile's "data" filter refuses absolute paths, ``..`` and links out of the tree."""
    with tarfile.open(path, "r:gz") as tar:
        members = tar.getmembers()
        dump_name = next((m.name for m in members if m.name.startswith("database.")), None)
        if dump_name is None:
            raise BackupError(f"{path.name} 中没有数据库文件，拒绝恢复。")
        try:
            tar.extractall(
                database_to,
                members=[m for m in members if m.name in {dump_name, SECRET_KEY}],
                filter="data",
            )
            tar.extractall(
                media_to,
                members=[m for m in members if m.name.startswith(MEDIA + "/")],
                filter="data",
            )
        except tarfile.FilterError as error:
            raise BackupError(
                f"{path.name} 中有不安全的文件路径（{error.tarinfo.name}），拒绝恢复。"
            ) from error
    key = database_to / SECRET_KEY
    return database_to / dump_name, key if key.exists() else None


def clear_leftovers(directory: Path) -> None:
    """Remove what a killed backup or restore left behind (working directories, a
    half-written archive); called under the lock, so none of it is in use."""
    for path in directory.glob(".*"):
        if path.name.startswith((WORK_PREFIX, STAGING_PREFIX)) and path.is_dir():
            shutil.rmtree(path)
    for path in directory.glob("*.partial"):
        path.unlink()


def prune(directory: Path, *, keep: int) -> list[str]:
    """Delete all but the newest ``keep`` archives (and their checksum files)."""
    found = archives(directory)
    removed = found[: max(len(found) - keep, 0)]
    for path in removed:
        path.unlink()
        checksum_path(path).unlink(missing_ok=True)
    return [path.name for path in removed]
