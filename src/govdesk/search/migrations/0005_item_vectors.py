"""PostgreSQL: the items' tsvectors move out of search_searchdoc into a narrow table of
their own, ``search_itemvector`` (item id, vector, title vector), kept in step by a
trigger on search_searchdoc as SQLite's FTS5 table is.

search_searchdoc's rows are wide (the segmented title, body and meta, which SQLite's
external-content FTS5 reads, plus both vectors: about 1.7 kB, 4–5 rows a page), so a
bounded fetch of 1,001 matches read about 1,000 pages of them. The vectors are
stored stripped (no positions, no weights): the queries use neither (the title tier
reads its own vector), and the rows are half as wide. SQLite is untouched."""

from django.db import migrations

_TITLE = "to_tsvector('simple'::regconfig, {row}.title)"
_ALL = (
    "to_tsvector('simple'::regconfig, {row}.title) || "
    "to_tsvector('simple'::regconfig, {row}.meta) || "
    "to_tsvector('simple'::regconfig, {row}.body)"
)


def _vectors(row: str) -> str:
    return f"strip({_ALL.format(row=row)}), strip({_TITLE.format(row=row)})"


UP = [
    "CREATE TABLE search_itemvector ("
    "item_id bigint PRIMARY KEY, vector tsvector NOT NULL, title_vector tsvector NOT NULL)",
    f"INSERT INTO search_itemvector (item_id, vector, title_vector) "
    f"SELECT d.item_id, {_vectors('d')} FROM search_searchdoc d",
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
    "DROP INDEX search_doc_title",
    "DROP INDEX search_doc_vector",
    "ALTER TABLE search_searchdoc DROP COLUMN title_vector",
    "ALTER TABLE search_searchdoc DROP COLUMN vector",
    "ANALYZE search_itemvector",
]
DOWN = [
    # As 0002_fulltext and 0004_title_index left them.
    "ALTER TABLE search_searchdoc ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, meta), 'B') || "
    "to_tsvector('simple'::regconfig, body)) STORED",
    "CREATE INDEX search_doc_vector ON search_searchdoc USING gin (vector)",
    "ALTER TABLE search_searchdoc ADD COLUMN title_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title)) STORED",
    "CREATE INDEX search_doc_title ON search_searchdoc USING gin (title_vector)",
    "DROP TRIGGER search_itemvector_truncate ON search_searchdoc",
    "DROP TRIGGER search_itemvector_sync ON search_searchdoc",
    "DROP FUNCTION search_itemvector_sync()",
    "DROP TABLE search_itemvector",
]


def _run(statements: list[str]):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_title_index")]

    operations = [migrations.RunPython(_run(UP), _run(DOWN))]
