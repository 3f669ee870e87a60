"""PostgreSQL: an index on the items' ids covering the columns the permission filter
reads (policy.visible_items: unit, office, submission count, state), so that checking
each of the ~1,000 matches a search fetches is an index-only probe instead of a visit
to the wide items_item row (see docs/performance.md). Search is its only reader; it
lives here, with the search's other PostgreSQL-only objects. SQLite is untouched."""

from django.db import migrations

UP = (
    "CREATE INDEX IF NOT EXISTS search_item_visibility ON items_item (id) "
    "INCLUDE (unit_id, office_id, submission_count, state)"
)
DOWN = "DROP INDEX IF EXISTS search_item_visibility"


def _run(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0005_item_vectors")]

    operations = [migrations.RunPython(_run(UP), _run(DOWN))]
