"""PostgreSQL: the items' title words in a column of their own with a GIN index, for the
title tier of the results (see search.index). A weight-restricted query (word:A) on the
whole vector would recheck every row holding the word anywhere, and computing the
title's tsvector per row made walks three times slower. SQLite's FTS5 answers
title-only queries already."""

from django.db import migrations

UP = [
    "ALTER TABLE search_searchdoc ADD COLUMN title_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title)) STORED",
    "CREATE INDEX search_doc_title ON search_searchdoc USING gin (title_vector)",
]
DOWN = [
    "DROP INDEX IF EXISTS search_doc_title",
    "ALTER TABLE search_searchdoc DROP COLUMN IF EXISTS title_vector",
]


def _run(statements: list[str]):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_issue_fulltext")]

    operations = [migrations.RunPython(_run(UP), _run(DOWN))]
