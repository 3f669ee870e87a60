"""Search's migrations 0001-0009 for a new database (docs/architecture.md, "Migrations").

The models as they stand, then the database's own full-text objects as 0002-0006 left
them, in one step: 0002's and 0004's vector columns on search_searchdoc, which 0005
moved into search_itemvector, are not made only to be dropped. Issue documents point
at ``bulletins`` at once (0007 repointed them in Django's state only: same tables).
0008's backfill of LSH bands is elided: a new database has no signatures."""

import django.db.models.deletion
import govdesk.lib.clock
from django.conf import settings
from django.db import migrations, models

# 0002_fulltext and 0003_issue_fulltext: FTS5 external-content tables kept in step by
# triggers (SQLite).
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
    "CREATE VIRTUAL TABLE search_issue_fts USING fts5(title, body, meta, "
    "content='search_issuedoc', content_rowid='entry_id', tokenize='unicode61')",
    "CREATE TRIGGER search_issue_fts_ai AFTER INSERT ON search_issuedoc BEGIN "
    "INSERT INTO search_issue_fts(rowid, title, body, meta) "
    "VALUES (new.entry_id, new.title, new.body, new.meta); END",
    "CREATE TRIGGER search_issue_fts_ad AFTER DELETE ON search_issuedoc BEGIN "
    "INSERT INTO search_issue_fts(search_issue_fts, rowid, title, body, meta) "
    "VALUES ('delete', old.entry_id, old.title, old.body, old.meta); END",
    "CREATE TRIGGER search_issue_fts_au AFTER UPDATE ON search_issuedoc BEGIN "
    "INSERT INTO search_issue_fts(search_issue_fts, rowid, title, body, meta) "
    "VALUES ('delete', old.entry_id, old.title, old.body, old.meta); "
    "INSERT INTO search_issue_fts(rowid, title, body, meta) "
    "VALUES (new.entry_id, new.title, new.body, new.meta); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_issue_fts_au",
    "DROP TRIGGER IF EXISTS search_issue_fts_ad",
    "DROP TRIGGER IF EXISTS search_issue_fts_ai",
    "DROP TABLE IF EXISTS search_issue_fts",
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]

# PostgreSQL: issue documents' weighted and title vectors (0003); the items' stripped
# vectors in search_itemvector, kept in step by a trigger (0005); the index the
# permission filter's probes read (0006).
_TITLE = "to_tsvector('simple'::regconfig, {row}.title)"
_ALL = (
    "to_tsvector('simple'::regconfig, {row}.title) || "
    "to_tsvector('simple'::regconfig, {row}.meta) || "
    "to_tsvector('simple'::regconfig, {row}.body)"
)


def _vectors(row: str) -> str:
    return f"strip({_ALL.format(row=row)}), strip({_TITLE.format(row=row)})"


POSTGRES_UP = [
    "ALTER TABLE search_issuedoc ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, meta), 'B') || "
    "to_tsvector('simple'::regconfig, body)) STORED",
    "CREATE INDEX search_issue_vector ON search_issuedoc USING gin (vector)",
    "ALTER TABLE search_issuedoc ADD COLUMN title_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title)) STORED",
    "CREATE TABLE search_itemvector ("
    "item_id bigint PRIMARY KEY, vector tsvector NOT NULL, title_vector tsvector NOT NULL)",
    "CREATE INDEX search_item_vector ON search_itemvector USING gin (vector)",
    "CREATE INDEX search_item_title ON search_itemvector USING gin (title_vector)",
    f"""CREATE FUNCTION search_itemvector_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE search_itemvector;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        DELETE FROM search_itemvector WHERE item_id = OLD.item_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO search_itemvector (item_id, vector, title_vector)
        VALUES (NEW.item_id, {_vectors("NEW")});
    END IF;
    RETURN NULL;
END
$$""",
    "CREATE TRIGGER search_itemvector_sync AFTER INSERT OR UPDATE OR DELETE "
    "ON search_searchdoc FOR EACH ROW EXECUTE FUNCTION search_itemvector_sync()",
    "CREATE TRIGGER search_itemvector_truncate AFTER TRUNCATE "
    "ON search_searchdoc FOR EACH STATEMENT EXECUTE FUNCTION search_itemvector_sync()",
    "CREATE INDEX IF NOT EXISTS search_item_visibility ON items_item (id) "
    "INCLUDE (unit_id, office_id, submission_count, state)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_item_visibility",
    "DROP TRIGGER IF EXISTS search_itemvector_truncate ON search_searchdoc",
    "DROP TRIGGER IF EXISTS search_itemvector_sync ON search_searchdoc",
    "DROP FUNCTION IF EXISTS search_itemvector_sync()",
    "DROP TABLE IF EXISTS search_itemvector",
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
    replaces = [
        ("search", "0001_initial"),
        ("search", "0002_fulltext"),
        ("search", "0003_issue_fulltext"),
        ("search", "0004_title_index"),
        ("search", "0005_item_vectors"),
        ("search", "0006_item_visibility_index"),
        ("search", "0007_issue_docs_point_to_bulletins"),
        ("search", "0008_shared_lsh_bands"),
        ("search", "0009_lshband_hash_item_index"),
    ]

    initial = True

    dependencies = [
        ("bulletins", "0001_moved_from_publications"),
        ("items", "0003_verbose_names"),
        ("items", "0006_text_limits"),
        ("items", "0008_drop_fk_indexes_led_by_composites"),
        ("publications", "0004_adoption_source_date_adoption_source_issue_issue_and_more"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDoc",
            fields=[
                (
                    "item",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="items.item",
                        verbose_name="信息",
                    ),
                ),
                ("title", models.TextField(verbose_name="标题分词")),
                ("body", models.TextField(verbose_name="正文分词")),
                ("meta", models.TextField(verbose_name="单位、作者、附件分词")),
                (
                    "indexed_at",
                    models.DateTimeField(default=govdesk.lib.clock.now, verbose_name="索引时间"),
                ),
            ],
            options={
                "verbose_name": "检索索引",
                "verbose_name_plural": "检索索引",
            },
        ),
        migrations.CreateModel(
            name="Signature",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("office_id", models.IntegerField(db_index=True, verbose_name="接收单位")),
                ("hashvalues", models.BinaryField(verbose_name="签名")),
                (
                    "item",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="items.item",
                        verbose_name="信息",
                    ),
                ),
            ],
            options={
                "verbose_name": "查重签名",
                "verbose_name_plural": "查重签名",
            },
        ),
        migrations.CreateModel(
            name="NotDuplicate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "marked_at",
                    models.DateTimeField(default=govdesk.lib.clock.now, verbose_name="标记时间"),
                ),
                (
                    "first",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="items.item",
                        verbose_name="信息一",
                    ),
                ),
                (
                    "marked_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="标记人",
                    ),
                ),
                (
                    "second",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="items.item",
                        verbose_name="信息二",
                    ),
                ),
            ],
            options={
                "verbose_name": "非重复标记",
                "verbose_name_plural": "非重复标记",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("first", "second"), name="not_duplicate_pair_once"
                    )
                ],
            },
        ),
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
                        to="bulletins.issueentry",
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
                        to="bulletins.issue",
                        verbose_name="刊期",
                    ),
                ),
            ],
            options={
                "verbose_name": "刊期检索索引",
                "verbose_name_plural": "刊期检索索引",
            },
        ),
        migrations.CreateModel(
            name="LshBand",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("band", models.PositiveSmallIntegerField(verbose_name="段号")),
                ("hash", models.BigIntegerField(verbose_name="段哈希")),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="items.item",
                        verbose_name="信息",
                    ),
                ),
            ],
            options={
                "verbose_name": "查重分段索引",
                "verbose_name_plural": "查重分段索引",
                "indexes": [models.Index(fields=["hash", "item"], name="search_lshband_hash_item")],
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
