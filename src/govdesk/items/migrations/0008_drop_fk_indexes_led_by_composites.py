"""Item.unit, Item.office and ItemVersion.item lose their single-column indexes: each
leads a composite index or unique constraint that serves a filter on it alone
(checked with EXPLAIN on PostgreSQL, docs/performance.md). Only the index is dropped
(no table rebuild on SQLite, 2 million items in scale mode)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("items", "0007_unit_office_submitted_index"),
        ("units", "0002_verbose_names"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="item",
                    name="office",
                    field=models.ForeignKey(
                        db_index=False,
                        help_text="报送单位的直接上级办公室",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="received_items",
                        to="units.unit",
                        verbose_name="接收单位",
                    ),
                ),
                migrations.AlterField(
                    model_name="item",
                    name="unit",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="items",
                        to="units.unit",
                        verbose_name="报送单位",
                    ),
                ),
                migrations.AlterField(
                    model_name="itemversion",
                    name="item",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="items.item",
                        verbose_name="信息",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX "items_item_unit_id_5206648a"',
                    reverse_sql='CREATE INDEX "items_item_unit_id_5206648a" ON "items_item" ("unit_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX "items_item_office_id_cc6fe834"',
                    reverse_sql='CREATE INDEX "items_item_office_id_cc6fe834" ON "items_item" ("office_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX "items_itemversion_item_id_55f97f66"',
                    reverse_sql='CREATE INDEX "items_itemversion_item_id_55f97f66" ON "items_itemversion" ("item_id")',
                ),
            ],
        ),
    ]
