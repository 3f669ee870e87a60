"""The scratch database the drills serve (``scratch_database`` in tests/conftest.py). In
the SQLite run it is a copy of the test database the first xdist worker migrated, which
must hold what `govdesk migrate` makes on a fresh GOVDESK_VAR_DIR: Django's test
database creation adds only tables for apps without migrations (``run_syncdb``) and
the database cache's table (``createcachetable``), so neither may exist here. (Compared
table by table, schema and rows, with a `govdesk migrate` of its own when this was
introduced: the same but for the journal mode, which the copy now sets.)"""

import sqlite3
from contextlib import closing

import pytest
from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

pytestmark = pytest.mark.once  # the copy is made in the SQLite run only


def test_the_test_database_gets_nothing_that_govdesk_migrate_does_not_make():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    with_models = {model._meta.app_label for model in apps.get_models()}
    assert with_models <= loader.migrated_apps
    assert all(
        cache["BACKEND"] != "django.core.cache.backends.db.DatabaseCache"
        for cache in settings.CACHES.values()
    )


def test_the_scratch_database_is_migrated_in_wal_mode(scratch_database, tmp_path):
    scratch_database(tmp_path)
    with closing(sqlite3.connect(tmp_path / "govdesk.sqlite3")) as copy:
        journal = copy.execute("PRAGMA journal_mode").fetchone()
        applied = set(copy.execute("SELECT app, name FROM django_migrations"))
        types = set(copy.execute("SELECT app_label, model FROM django_content_type"))
        permissions = copy.execute("SELECT count(*) FROM auth_permission").fetchone()
    assert journal == ("wal",)
    assert applied == set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    # post_migrate ran: a content type and the four default permissions per model.
    models = apps.get_models()
    assert types == {(model._meta.app_label, model._meta.model_name) for model in models}
    assert permissions[0] >= 4 * len(models)
