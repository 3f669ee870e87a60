"""The database's own full-text index over SearchDoc: an FTS5 external-content table
with sync triggers on SQLite; a generated, weighted tsvector column with a GIN index
on PostgreSQL (text is stored already segmented by jieba, so 'simple' suffices)."""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, meta, "
    "content='search_searchdoc', content_rowid='item_id', tokenize='unicode61')",
    "CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdoc BEGIN "
    "INSERT INTO search_fts(rowid, title, body, meta) "
    "VALUES (new.item_id, new.title, new.body, new.meta); END",
    "CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdoc BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body, meta) "
    "VALUES ('delete', old.item_id, old.title, old.body, old.meta); END",
    "CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchdoc BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body, meta) "
    "VALUES ('delete', old.item_id, old.title, old.body, old.meta); "
    "INSERT INTO search_fts(rowid, title, body, meta) "
    "VALUES (new.item_id, new.title, new.body, new.meta); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_UP = [
    "ALTER TABLE search_searchdoc ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, meta), 'B') || "
    "to_tsvector('simple'::regconfig, body)) STORED",
    "CREATE INDEX search_doc_vector ON search_searchdoc USING gin (vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_doc_vector",
    "ALTER TABLE search_searchdoc DROP COLUMN IF EXISTS vector",
]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
