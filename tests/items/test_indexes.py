"""No foreign key keeps an index of its own where a longer index starts with it: the
composite serves a filter on the key alone (EXPLAIN on PostgreSQL, docs/performance.md
"Indexes a composite one covers"), the short one only costs writes. Read from the
database itself, so a migration that left the index behind fails here on either
backend."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

# (table, column) -> the index or unique constraint that serves it.
COVERED = {
    ("items_item", "unit_id"): "item_unit_office_submitted",
    ("items_item", "office_id"): "item_office_submitted",
    ("items_itemversion", "item_id"): "version_number_per_item",
    ("portal_article", "office_id"): "portal_article_live",
    ("portal_portalcolumn", "office_id"): "portal_column_slug",
}
# Kept: the planner reads a column's newest articles by date without it.
KEPT = {("portal_article", "column_id"): "portal_column_live"}


def _indexes(table: str) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {
        name: info["columns"]
        for name, info in found.items()
        if (info["index"] or info["unique"]) and not info["primary_key"]
    }


def test_a_key_led_by_a_longer_index_has_no_index_of_its_own():
    alone, leads = {}, {}
    for (table, column), longer in {**COVERED, **KEPT}.items():
        indexes = _indexes(table)
        alone[table, column] = [name for name, cols in indexes.items() if cols == [column]]
        leads[table, column] = indexes.get(longer, [None])[0] == column
    assert all(leads.values()), leads
    assert {key: bool(names) for key, names in alone.items()} == {
        **{key: False for key in COVERED},
        **{key: True for key in KEPT},
    }
