"""The squashed migrations (docs/architecture.md, "Migrations"): a new database runs them
instead of the migrations they replace, which still serve databases made before them.
Both paths must end at the same models; the schema each makes in the database (SQL in
RunPython, indexes dropped by RunSQL) was compared once by dumps, as the docs say."""

from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

# A new database's plan runs 113 of GovDesk's operations (260 before the squash of
# session 9). Past this budget, squash again: each operation re-renders the models.
OPERATION_BUDGET = 130


def test_squashes_build_the_models_their_replaced_migrations_build():
    squashed = MigrationLoader(None, ignore_no_migrations=True)
    replaced = MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False)
    squashes = set(replaced.replacements)
    assert len(squashes) == 15
    assert squashes <= set(squashed.graph.nodes)  # a new database takes the squashes
    leaves = [node for node in replaced.graph.leaf_nodes() if node not in squashes]

    changes = MigrationAutodetector(
        squashed.project_state(), replaced.project_state(leaves)
    )._detect_changes()

    assert changes == {}


def test_a_new_database_migrates_within_the_operation_budget():
    executor = MigrationExecutor(None)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    ours = [migration for migration, _ in plan if migration.__module__.startswith("govdesk.")]

    replaced = {key for squash in executor.loader.replacements.values() for key in squash.replaces}

    assert not [m.name for m in ours if (m.app_label, m.name) in replaced]
    assert sum(len(migration.operations) for migration in ours) <= OPERATION_BUDGET
