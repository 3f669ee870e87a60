"""Article.office and PortalColumn.office lose their single-column indexes: each leads
portal_article_live or the unique (office, slug), which serve a filter on it alone
(checked with EXPLAIN on PostgreSQL, docs/performance.md). Only the index is dropped,
no table rebuild."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_article_from_monthly_notice"),
        ("units", "0002_verbose_names"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="office",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="portal_articles",
                        to="units.unit",
                        verbose_name="办公室",
                    ),
                ),
                migrations.AlterField(
                    model_name="portalcolumn",
                    name="office",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="portal_columns",
                        to="units.unit",
                        verbose_name="办公室",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX "portal_article_office_id_e5fcb7f0"',
                    reverse_sql='CREATE INDEX "portal_article_office_id_e5fcb7f0" ON "portal_article" ("office_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX "portal_portalcolumn_office_id_515f88a1"',
                    reverse_sql='CREATE INDEX "portal_portalcolumn_office_id_515f88a1" ON "portal_portalcolumn" ("office_id")',
                ),
            ],
        ),
    ]
