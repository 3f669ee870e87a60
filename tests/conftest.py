"""Shared test world: a city office, a county office under it, two townships and a
department reporting to the county, and named people with one role each, so
permission tests read like sentences ("town_b's officer cannot see town_a's draft")."""

import fcntl
import gc
import os
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from huey.contrib.djhuey import HUEY

from govdesk.accounts.models import Role, User
from govdesk.accounts.services import membership_grant
from govdesk.items import services
from govdesk.publications.models import AdoptionKind, Column, Publication
from govdesk.units.models import Level, Unit, UnitKind
from govdesk.units.services import unit_create

PASSWORD = "Zhengwu#2026"
GOVDESK = str(Path(sys.executable).with_name("govdesk"))

# The shared fixtures beyond ``world`` (tests/fixtures/): registered here, once, so every
# folder can use them without importing fixture functions.
pytest_plugins = [
    "tests.fixtures.scoring",
    "tests.fixtures.awards",
    "tests.fixtures.bulletins",
    "tests.fixtures.emergencies",
    "tests.fixtures.portal",
    "tests.fixtures.web",
    "tests.fixtures.annotations",
    "tests.fixtures.shared",
    "tests.fixtures.flush",
]


def pytest_configure(config):
    """Python's cyclic collector runs after every 700 new container objects by default,
    and a test makes a great many (querysets, model instances, template nodes); its full
    passes walk Django's whole start-up heap again. Fewer passes, over a frozen start-up
    heap, save 2-3 % of a test process's CPU (docs/testing.md, session 11). Cycles are
    still collected."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def pytest_collection_modifyitems(config, items):
    """Slow tests first. `scripts/run-tests` hands whole files to the workers in this
    order (`--dist loadfile --no-loadscope-reorder`), so the slow files, with few tests
    each, start beside the quick ones instead of running alone at the end while the
    other worker idles."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings
):
    """Migrate once per run, not once per worker: the first xdist worker migrates the
    test database, the others copy it (PostgreSQL: ``CREATE DATABASE ... TEMPLATE``;
    SQLite: the in-memory database saved to a file and loaded back). The real
    migrations, data migrations included, still run once in every run. Without
    xdist (the replica run, ``-n 0``) this is pytest-django's own setup."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    worker = getattr(request.config, "workerinput", {}).get("workerid")
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    # Only the databases this run configures (the replica tests name one only their own
    # run has); a mirror (the replica) needs Django's own setup.
    aliases = set(aliases) & set(connections)
    mirrored = any(connections[alias].settings_dict["TEST"].get("MIRROR") for alias in aliases)
    verbosity = request.config.option.verbose
    if worker is None or mirrored:
        with django_db_blocker.unblock():
            db_cfg = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases=aliases,
                serialized_aliases=serialized_aliases,
            )
        yield
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=verbosity)
        return
    shared = request.config._tmp_path_factory.getbasetemp().parent
    copies = []
    with django_db_blocker.unblock():
        for alias in sorted(aliases):
            connection = connections[alias]
            copies.append((connection, connection.settings_dict["NAME"]))
            with open(shared / f"migrate-{alias}.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                _worker_database(connection, shared, worker, verbosity)
            if alias in serialized_aliases:
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        for connection, old_name in copies:
            connection.creation.destroy_test_db(old_name, verbosity)


def _worker_database(connection, shared, worker, verbosity):
    """Point ``connection`` at this worker's copy of the migrated test database,
    migrating it first if no worker has yet (called under the alias's lock)."""
    from django.conf import settings

    alias = connection.alias
    marker = shared / f"migrated-{alias}"  # the PostgreSQL template's name; empty for SQLite
    saved = shared / f"migrated-{alias}.sqlite3"
    test = connection.settings_dict["TEST"]
    sqlite = connection.vendor == "sqlite"
    if not sqlite:
        # pytest-django named it test_<name>_<worker>; the template takes the plain name.
        test["NAME"] = test["NAME"].removesuffix(f"_{worker}")
    if not marker.exists():
        connection.creation.create_test_db(verbosity, autoclobber=True, serialize=False)
        if sqlite:
            target = sqlite3.connect(saved)
            connection.connection.backup(target)
            target.close()
            marker.write_text("")
            return
        marker.write_text(connection.settings_dict["NAME"])
    if sqlite:
        # This worker's in-memory database, filled from the file.
        name = connection.creation._get_test_db_name()
        settings.DATABASES[alias]["NAME"] = connection.settings_dict["NAME"] = name
        connection.ensure_connection()
        source = sqlite3.connect(saved)
        source.backup(connection.connection)
        source.close()
        return
    connection.settings_dict["NAME"] = marker.read_text()
    connection.creation.clone_test_db(worker, verbosity, autoclobber=True)
    name = connection.creation.get_test_db_clone_settings(worker)["NAME"]
    test["NAME"] = name
    settings.DATABASES[alias]["NAME"] = connection.settings_dict["NAME"] = name
    connection.close()


def pytest_sessionfinish(session):
    """The xdist controller drops the PostgreSQL template the workers copied."""
    config = session.config
    if hasattr(config, "workerinput") or not hasattr(config, "_tmp_path_factory"):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    for marker in config._tmp_path_factory.getbasetemp().glob("migrated-*"):
        if marker.suffix != ".sqlite3" and (name := marker.read_text()):
            connection = connections[marker.name.removeprefix("migrated-")]
            with config.stash[blocking_manager_key].unblock():
                connection.creation._destroy_test_db(name, verbosity=0)


@pytest.fixture(scope="session")
def scratch_database(request, tmp_path_factory):
    """``put(var_dir)`` puts a migrated SQLite database where `govdesk` processes in
    ``var_dir`` look for it. It is made once per run, under a lock the xdist workers
    share; the tests that serve a scratch GOVDESK_VAR_DIR (the worker drills, the load
    runs, the deployment kit, the restore drill, the memory benchmark) copy it instead
    of migrating their own. Their subject is what runs on a migrated database; the
    migrations themselves run in every run here and in the suite's own setup.

    In the SQLite run under xdist it is the test database the first worker migrated
    (``migrated-default.sqlite3``, see ``_worker_database``): the same tables and rows
    as `govdesk migrate` makes (``tests/test_scratch_database.py``), in WAL mode as
    GovDesk's connections set. Elsewhere (PostgreSQL, ``-n 0``) `govdesk migrate`
    makes it (20–25 s of CPU: Django renders the model states of every migration)."""
    base = tmp_path_factory.getbasetemp()
    worker = hasattr(request.config, "workerinput")
    # Under xdist the workers' directories share a parent that is this run's own.
    shared = base.parent if worker else base
    saved = shared / "scratch-govdesk.sqlite3"
    migrated = shared / "migrated-default.sqlite3"
    if worker:
        request.getfixturevalue("django_db_setup")  # the SQLite run's first one saves it
    with open(shared / "scratch-govdesk.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not saved.exists() and migrated.exists():
            _sqlite_copy(migrated, saved)
            with closing(sqlite3.connect(saved)) as copy:
                copy.execute("PRAGMA journal_mode=WAL")
        elif not saved.exists():
            var_dir = shared / "scratch-var"
            var_dir.mkdir(exist_ok=True)
            env = {k: v for k, v in os.environ.items() if not k.startswith("GOVDESK_")}
            env.update(GOVDESK_VAR_DIR=str(var_dir), GOVDESK_SECRET_KEY="scratch")
            subprocess.run([GOVDESK, "migrate", "--no-input", "-v", "0"], env=env, check=True)
            _sqlite_copy(var_dir / "govdesk.sqlite3", saved)

    def put(var_dir: Path) -> None:
        var_dir.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(saved, var_dir / "govdesk.sqlite3")

    return put


@pytest.fixture(scope="session")
def postgres_template(request):
    """``copy(execute, name)`` creates PostgreSQL database ``name`` as a copy of the test
    database the first xdist worker migrated (``_worker_database``), the template the
    workers clone, and returns True; ``execute`` runs a statement on the server. The
    restore drill serves it to `govdesk` processes instead of running `govdesk migrate`
    into an empty database (20–25 s of CPU). Django's test database creation adds only
    tables for apps without migrations and the database cache's table to what `govdesk
    migrate` makes, and neither exists (``tests/test_scratch_database.py``). The copy is
    made under the lock the workers clone under: ``CREATE DATABASE ... TEMPLATE`` needs
    the template unused. Without xdist (``-n 0``) the test database is in use and may
    hold the module fixtures' rows: there is none, and it returns False (the caller
    migrates)."""
    if not hasattr(request.config, "workerinput"):
        return lambda execute, name: False
    request.getfixturevalue("django_db_setup")  # the first worker makes the template
    shared = request.config._tmp_path_factory.getbasetemp().parent
    marker = shared / "migrated-default"

    def copy(execute, name: str) -> bool:
        with open(shared / "migrate-default.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            template = marker.read_text() if marker.exists() else ""
            if not template:
                return False
            execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return True

    return copy


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's backup API: a consistent copy even of a WAL-mode database."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


# What every test runs with (the autouse fixtures below; the shared builds too).
TEST_SETTINGS = {
    "GOVDESK_OTP_REQUIRED_ROLES": [],
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
}


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    """Tests log in with a password alone; tests/security/test_otp.py turns TOTP on."""
    settings.GOVDESK_OTP_REQUIRED_ROLES = list(TEST_SETTINGS["GOVDESK_OTP_REQUIRED_ROLES"])


@dataclass
class World:
    city: Unit
    county: Unit
    town_a: Unit
    town_b: Unit
    dept: Unit
    city_dept: Unit
    kuaixun: Publication
    kuaixun_work: Column
    zhuanbao: Publication
    people: dict

    def __getattr__(self, name):
        # Only people: not ``people`` itself, nor what ``copy.deepcopy`` asks of the
        # blank copy it makes before filling it in (the fixtures are copied per test).
        if name == "people" or name.startswith("__"):
            raise AttributeError(name)
        try:
            return self.people[name]
        except KeyError:
            raise AttributeError(name) from None

    def draft(self, *, by=None, unit=None, title="城关镇召开防汛工作部署会", body=None, **fields):
        by = by or self.people["a_officer"]
        unit = unit or self.town_a
        return services.item_create(
            actor=by,
            unit=unit,
            fields={
                "title": title,
                "body": body
                if body is not None
                else "6月3日，城关镇召开防汛工作部署会，全镇12个村落实防汛责任人36名。",
                **fields,
            },
        )

    def pending(self, **kwargs):
        item = self.draft(**kwargs)
        return services.item_transition(item_id=item.pk, action="submit", actor=item.created_by)

    def submitted(self, **kwargs):
        item = self.pending(**kwargs)
        signer = (
            self.people["b_reviewer"] if item.unit == self.town_b else self.people["a_reviewer"]
        )
        if item.unit == self.dept:
            signer = self.people["d_reviewer"]
        return services.item_transition(item_id=item.pk, action="sign_off", actor=signer)


def item_form_data(*, body: str, **overrides) -> dict:
    """What the item form posts: the fields, and a fresh one-time request key."""
    data = {
        "request_key": str(uuid.uuid4()),
        "title": "城关镇部署防汛工作",
        "body": body,
        "kind": "dynamic",
        "urgency": 5,
        "classification": "public",
        "public_release": "not_public",
        "writer": "张晓梅",
        "contact_phone": "0571-1234567",
        "topics": "防汛",
    }
    return {**data, **overrides}


def make_user(username: str, full_name: str, memberships=()) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=full_name)
    for unit, role, *level in memberships:
        membership_grant(
            actor=None, user=user, unit=unit, role=role, leader_level=level[0] if level else None
        )
    user.refresh_from_db()
    return user


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """The ``world`` in whatever database is connected (the webhook test's worker rig
    builds it in its own, outside pytest)."""
    city = unit_create(actor=None, parent=None, name="某市人民政府办公室", kind="office", level=30)
    county = unit_create(
        actor=None, parent=city, name="某县人民政府办公室", kind="office", level=Level.COUNTY
    )
    town_a = unit_create(
        actor=None, parent=county, name="城关镇人民政府", short_name="城关镇", kind="township"
    )
    town_b = unit_create(
        actor=None, parent=county, name="河口乡人民政府", short_name="河口乡", kind="township"
    )
    dept = unit_create(actor=None, parent=county, name="县应急管理局", kind=UnitKind.DEPARTMENT)
    city_dept = unit_create(actor=None, parent=city, name="市应急管理局", kind="department")
    people = {
        "a_officer": make_user("a_officer", "张晓梅", [(town_a, Role.OFFICER)]),
        "a_reviewer": make_user("a_reviewer", "李建国", [(town_a, Role.REVIEWER)]),
        "b_officer": make_user("b_officer", "王磊", [(town_b, Role.OFFICER)]),
        "b_reviewer": make_user("b_reviewer", "赵敏", [(town_b, Role.REVIEWER)]),
        "d_officer": make_user("d_officer", "孙涛", [(dept, Role.OFFICER)]),
        "d_reviewer": make_user("d_reviewer", "周洁", [(dept, Role.REVIEWER)]),
        "county_editor": make_user("county_editor", "陈静", [(county, Role.EDITOR)]),
        "county_chief": make_user("county_chief", "刘伟", [(county, Role.CHIEF)]),
        "county_leader": make_user(
            "county_leader", "黄志强", [(county, Role.LEADER, Level.COUNTY)]
        ),
        "county_admin": make_user("county_admin", "吴芳", [(county, Role.ADMIN)]),
        "county_duty": make_user("county_duty", "郑浩", [(county, Role.DUTY)]),
        "city_editor": make_user("city_editor", "何丽", [(city, Role.EDITOR)]),
        "outsider": make_user("outsider", "钱多", []),
    }
    kuaixun = Publication.objects.create(
        office=county,
        name="快讯",
        code="kuaixun",
        adoption_kinds=[AdoptionKind.COMPREHENSIVE, AdoptionKind.BRIEF, AdoptionKind.SOLICITED],
    )
    work = Column.objects.create(publication=kuaixun, name="工作简况")
    zhuanbao = Publication.objects.create(
        office=county,
        name="专报信息",
        code="zhuanbao",
        adoption_kinds=[AdoptionKind.SPECIAL, AdoptionKind.COMPREHENSIVE],
    )
    return World(city, county, town_a, town_b, dept, city_dept, kuaixun, work, zhuanbao, people)


@pytest.fixture
def offices(world):
    """The county's security administrator and auditor (三员分立), and a second county
    with its own administrator, who must not reach the first county's people or units."""
    world.people["county_security"] = make_user(
        "county_security", "冯安", [(world.county, Role.SECURITY)]
    )
    world.people["county_auditor"] = make_user(
        "county_auditor", "蒋审", [(world.county, Role.AUDITOR)]
    )
    other = unit_create(
        actor=None, parent=world.city, name="另县人民政府办公室", kind="office", level=Level.COUNTY
    )
    world.people["other_admin"] = make_user("other_admin", "柯管", [(other, Role.ADMIN)])
    world.people["other_town"] = unit_create(
        actor=None, parent=other, name="另县城南镇", kind="township"
    )
    return world


@pytest.fixture
def immediate_queue():
    """The worker's tasks run inline when queued (huey immediate mode), e.g. the search
    indexing queued after a commit."""
    was, HUEY.immediate = HUEY.immediate, True
    yield HUEY
    HUEY.immediate = was


@pytest.fixture
def login(client):
    """login(user) signs the test client in as that user and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def media_storage(settings, tmp_path):
    """Uploaded files land in the test's own directory."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = list(TEST_SETTINGS["PASSWORD_HASHERS"])


def refused_page(client, url: str, data: dict) -> str:
    """POST ``data`` that the page must refuse: the page again (400), as text."""
    response = client.post(url, data)
    assert response.status_code == 400, response.status_code
    return response.content.decode()
