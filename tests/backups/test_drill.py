"""The restore drill on the database this run uses (the suite runs on SQLite and on
PostgreSQL): `govdesk` processes in a temporary GOVDESK_VAR_DIR build a small demo
county with attachments, back it up, lose everything (database, uploaded files,
secret key), restore with `govdesk restore --yes`, and must get it all back."""

import json
import os
import shutil
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from django.db import connection

GOVDESK = str(Path(sys.executable).with_name("govdesk"))
DATA = Path(__file__).with_name("drill_data.py")


class Drill:
    def __init__(self, var_dir: Path, database_url: str | None):
        self.var_dir = var_dir
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("GOVDESK_")}
        self.env.update(GOVDESK_VAR_DIR=str(var_dir), GOVDESK_LOG_LEVEL="WARNING")
        if database_url:
            self.env["GOVDESK_DATABASE_URL"] = database_url

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [GOVDESK, *args], env=self.env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def figures(self, attach: bool = False) -> dict:
        """What a restore must bring back (drill_data.py), after giving three drafts
        an attachment each if ``attach``: one process for both."""
        done = subprocess.run(
            [sys.executable, str(DATA), *(["attach"] if attach else []), "figures"],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(done.stdout)

    def lose_files(self) -> None:
        shutil.rmtree(self.var_dir / "media")
        (self.var_dir / "secret_key").unlink()
        for path in self.var_dir.glob("govdesk.sqlite3*"):
            path.unlink()


@contextmanager
def _postgres_database(copy_template):
    """A database of its own on the suite's PostgreSQL server, a copy of the migrated
    template when there is one (``postgres_template``); yields (url, migrated,
    recreate)."""
    params = connection.settings_dict
    server = {
        "host": params["HOST"] or None,
        "port": params["PORT"] or None,
        "user": params["USER"] or None,
        "password": params["PASSWORD"] or None,
    }
    name = f"govdesk_drill_{uuid.uuid4().hex[:8]}"

    def execute(*statements: str) -> None:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            for statement in statements:
                admin.execute(statement)

    try:
        migrated = copy_template(execute, name)
        if not migrated:
            execute(f'CREATE DATABASE "{name}"')
        url = urlsplit(os.environ["GOVDESK_DATABASE_URL"])
        yield (
            urlunsplit(url._replace(path=f"/{name}")),
            migrated,
            lambda: execute(f'DROP DATABASE "{name}"', f'CREATE DATABASE "{name}"'),
        )
    finally:
        execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def _drill(tmp_path: Path, request):
    """A migrated Drill on this run's engine, and how to lose its database (and files)."""
    if connection.vendor == "postgresql":
        copy_template = request.getfixturevalue("postgres_template")
        with _postgres_database(copy_template) as (url, migrated, recreate):
            drill = Drill(tmp_path / "var", url)
            if not migrated:  # no migrated template to copy (-n 0)
                drill.run("migrate", "--no-input", "-v", "0")

            def lose_everything():
                drill.lose_files()
                recreate()

            yield drill, lose_everything
    else:
        drill = Drill(tmp_path / "var", None)
        request.getfixturevalue("scratch_database")(drill.var_dir)  # migrated once per run
        yield drill, drill.lose_files


def test_backup_lose_everything_restore_brings_it_all_back(tmp_path, request):
    with _drill(tmp_path, request) as (drill, lose_everything):
        drill.run("load_demo", "--today", "2026-03-20", "--months", "3", "--scale", "0.1")
        before = drill.figures(attach=True)
        made = drill.run("backup")
        (archive,) = (tmp_path / "var" / "backups").glob("govdesk-*.tar.gz")
        lose_everything()
        restored = drill.run("restore", archive.name, "--yes")
        after = drill.figures()

    assert f"已备份到 {archive}" in made
    items = before["counts"]["items"]
    assert items > 0 and before["counts"]["attachments"] == 3
    assert any(row[1] != "0" for rows in before["rankings"].values() for row in rows)
    assert f"已恢复：信息 {items} 条，附件 3 个，与备份清单一致。" in restored
    assert "恢复前的数据已自动备份" not in restored  # nothing was left to save
    assert "密钥文件已恢复。" in restored
    assert after["counts"] == before["counts"]
    assert after["rankings"] == before["rankings"]
    assert after["files"] == before["files"]
    assert after["secret key"] == before["secret key"]
    assert after["changes"] == before["changes"] + 1
    assert after["last change"] == "backup.restored"
