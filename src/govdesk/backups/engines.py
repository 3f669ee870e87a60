"""The database half of a backup: SQLite's online backup API, or pg_dump/pg_restore.

Both copy a consistent snapshot while the web server and the worker keep running,
and count the key tables and read the applied migrations in that same snapshot, so
the manifest describes exactly what the dump holds.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import connection, connections, transaction

from govdesk.backups.archive import BackupError

# The tables a restore is checked against (the manifest's counts).
COUNTED = (
    "units.Unit",
    "accounts.User",
    "items.Item",
    "items.Attachment",
    "bulletins.Issue",
    "publications.Adoption",
    "annotations.Annotation",
    "scoring.LedgerLine",
    "audit.Change",
)

# Models that moved app since older archives were made (same table): their old labels.
MOVED = {"publications.Issue": "bulletins.Issue"}


@dataclass(frozen=True)
class Snapshot:
    counts: dict[str, int]
    migrations: dict[str, list[str]]


def read_snapshot(cursor) -> Snapshot:
    """Counts and applied migrations through any DB-API cursor (sqlite3 or Django's)."""
    counts = {}
    for label in COUNTED:
        cursor.execute(f'SELECT COUNT(*) FROM "{apps.get_model(label)._meta.db_table}"')
        counts[label] = cursor.fetchone()[0]
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    migrations: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        migrations.setdefault(app, []).append(name)
    return Snapshot(counts, migrations)


def current_snapshot() -> Snapshot:
    with connection.cursor() as cursor:
        return read_snapshot(cursor)


def has_schema() -> bool:
    """Whether the database has been migrated at all (a wiped one has not)."""
    return "django_migrations" in connection.introspection.table_names()


class Sqlite:
    name = "sqlite"
    label = "SQLite"
    suffix = "sqlite3"

    def dump(self, dest: Path) -> Snapshot:
        # Through Django's own connection, so an in-memory test database works too.
        connection.ensure_connection()
        copy = sqlite3.connect(dest)
        try:
            connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            return read_snapshot(copy.cursor())
        finally:
            copy.close()

    def ensure_unused(self) -> None:
        """Nothing to check: the backup API copies under SQLite's own locks."""

    def restore(self, dump: Path) -> None:
        source = sqlite3.connect(dump)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(
                    "备份中的 SQLite 数据库文件已损坏（完整性检查未通过），拒绝恢复。"
                )
            # The backup API writes page by page under SQLite's own locks and keeps the
            # live file's WAL consistent: safer than swapping files under open connections.
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()


def _pg_tool(name: str) -> str:
    """The newest Debian PostgreSQL's binary (pg_dump must not be older than the server),
    else the one on PATH."""

    def version(bindir: Path) -> int:
        return int(bindir.parent.name) if bindir.parent.name.isdigit() else 0

    for bindir in sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True):
        if (bindir / name).is_file():
            return str(bindir / name)
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"找不到 {name}：请安装 PostgreSQL 客户端"
            "（Debian：apt-get install postgresql-client）。"
        )
    return found


def _pg_run(tool: str, *args: str) -> str:
    db = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    if sslmode := db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    done = subprocess.run(
        [_pg_tool(tool), *args, f"--dbname={db['NAME']}"],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupError(f"{tool} 失败：{done.stderr.strip()}")
    return done.stdout


class Postgres:
    name = "postgresql"
    label = "PostgreSQL"
    suffix = "pgdump"

    def dump(self, dest: Path) -> Snapshot:
        # pg_dump joins this transaction's snapshot, so the counts match the dump.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            snapshot = read_snapshot(cursor)
            _pg_run("pg_dump", "--format=custom", f"--snapshot={snapshot_id}", f"--file={dest}")
        return snapshot

    def ensure_unused(self) -> None:
        """pg_restore would wait for ever on a table a running server still reads (it
        switches lock timeouts off), so a restore starts only when nothing else is
        connected to the database. A client that has just disconnected (the pg_dump of
        a backup a moment ago) stays listed until its server process has exited, which
        takes milliseconds, so a connection counts only if it is still there a second
        later."""
        deadline = time.monotonic() + 1
        with connection.cursor() as cursor:
            while True:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                others = cursor.fetchone()[0]
                if not others or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
        if others:
            raise BackupError(
                f"数据库还有 {others} 个其他连接（Web 服务或后台任务可能仍在运行），"
                "请先停止它们再恢复。未做任何改动。"
            )

    def restore(self, dump: Path) -> None:
        listing = subprocess.run(
            [_pg_tool("pg_restore"), "--list", str(dump)], capture_output=True, text=True
        )
        if listing.returncode != 0:
            raise BackupError(f"pg_restore 无法读取备份：{listing.stderr.strip()}")
        archived = set(re.findall(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", listing.stdout, re.M))
        # Tables of later migrations would survive --clean and break the next migrate.
        leftovers = set(connection.introspection.table_names()) - archived
        with connection.cursor() as cursor:
            for table in sorted(leftovers):
                cursor.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')
        connections.close_all()
        _pg_run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            str(dump),
        )


def current() -> Sqlite | Postgres:
    engines = {"sqlite": Sqlite, "postgresql": Postgres}
    if connection.vendor not in engines:
        raise BackupError(f"不支持备份此类数据库：{connection.vendor}")
    return engines[connection.vendor]()
