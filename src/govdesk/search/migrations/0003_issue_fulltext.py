"""Issue articles (IssueDoc) get the same database index as items: an FTS5
external-content table with sync triggers on SQLite, a weighted generated tsvector
with a GIN index on PostgreSQL (see 0002_fulltext)."""

import django.db.models.deletion
from django.db import migrations, models

import govdesk.lib.clock

COLUMNS = "title, body, meta"
OLD = "old.entry_id, old.title, old.body, old.meta"
NEW = "new.entry_id, new.title, new.body, new.meta"
REMOVE = (
    f"INSERT INTO search_issue_fts(search_issue_fts, rowid, {COLUMNS}) VALUES ('delete', {OLD});"
)
ADD = f"INSERT INTO search_issue_fts(rowid, {COLUMNS}) VALUES ({NEW});"
SQLITE_UP = [
    f"CREATE VIRTUAL TABLE search_issue_fts USING fts5({COLUMNS}, "
    "content='search_issuedoc', content_rowid='entry_id', tokenize='unicode61')",
    f"CREATE TRIGGER search_issue_fts_ai AFTER INSERT ON search_issuedoc BEGIN {ADD} END",
    f"CREATE TRIGGER search_issue_fts_ad AFTER DELETE ON search_issuedoc BEGIN {REMOVE} END",
    f"CREATE TRIGGER search_issue_fts_au AFTER UPDATE ON search_issuedoc BEGIN {REMOVE} {ADD} END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_issue_fts_au",
    "DROP TRIGGER IF EXISTS search_issue_fts_ad",
    "DROP TRIGGER IF EXISTS search_issue_fts_ai",
    "DROP TABLE IF EXISTS search_issue_fts",
]
POSTGRES_UP = [
    "ALTER TABLE search_issuedoc ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, meta), 'B') || "
    "to_tsvector('simple'::regconfig, body)) STORED",
    "CREATE INDEX search_issue_vector ON search_issuedoc USING gin (vector)",
    # The title tier's column, as on search_searchdoc (0004); few rows, so no index.
    "ALTER TABLE search_issuedoc ADD COLUMN title_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title)) STORED",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_issue_vector",
    "ALTER TABLE search_issuedoc DROP COLUMN IF EXISTS title_vector",
    "ALTER TABLE search_issuedoc DROP COLUMN IF EXISTS vector",
]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0004_adoption_source_date_adoption_source_issue_issue_and_more"),
        ("search", "0002_fulltext"),
    ]

    operations = [
        migrations.CreateModel(
            name="IssueDoc",
            fields=[
                (
                    "entry",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="publications.issueentry",
                        verbose_name="刊期文章",
                    ),
                ),
                ("title", models.TextField(verbose_name="标题分词")),
                ("body", models.TextField(verbose_name="正文、编者按分词")),
                ("meta", models.TextField(verbose_name="刊物、期号、单位分词")),
                (
                    "indexed_at",
                    models.DateTimeField(default=govdesk.lib.clock.now, verbose_name="索引时间"),
                ),
                (
                    "issue",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="publications.issue",
                        verbose_name="刊期",
                    ),
                ),
            ],
            options={"verbose_name": "刊期检索索引", "verbose_name_plural": "刊期检索索引"},
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
