"""Small ORM helpers for the busiest requests."""

from django.db import connection, connections, router
from django.db.models import Model, QuerySet

CHUNK = 2000


def first_row(qs: QuerySet) -> Model | None:
    """The one row a filter by key matches, or None. Unlike ``first()`` it adds no
    ORDER BY: compiling one makes Django hash every selected column, a noticeable
    share of a request's CPU when several tables are joined."""
    return next(iter(qs.order_by()[:1]), None)


def insert_row(model, **values) -> None:
    """One row by a plain INSERT of ``values`` (field name -> value, a related row's
    key for a foreign key), every other column taking its field's default. For a row
    every request writes (the API call log): ``objects.create`` builds an instance and
    compiles its statement, several times the INSERT's own cost. No signal is sent and
    the new key is not read back."""
    meta = model._meta
    db = connections[router.db_for_write(model)]
    given = {meta.get_field(name): value for name, value in values.items()}
    rest, fill = _defaults(model, {f.column for f in given}, db)
    quote = db.ops.quote_name
    names = ", ".join(quote(c) for c in [*(f.column for f in given), *rest])
    marks = ", ".join(["%s"] * (len(given) + len(rest)))
    with db.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({marks})",
            [*(f.get_db_prep_save(value, db) for f, value in given.items()), *fill],
        )


def _defaults(model, given: set[str], db) -> tuple[list[str], tuple]:
    """The columns not ``given`` (bar the auto key) and their fields' defaults, ready
    for ``db``: a default lives in Python, not in the table, so a statement written out
    must send it."""
    rest = [f for f in model._meta.concrete_fields if f.column not in given and not f.primary_key]
    return [f.column for f in rest], tuple(f.get_db_prep_save(f.get_default(), db) for f in rest)


def insert_rows(model, columns: list[str], rows) -> None:
    """Insert rows of plain values with COPY on PostgreSQL, one executemany per chunk
    elsewhere: for hundreds of thousands of rows (a ledger rebuild, a benchmark corpus)
    building model instances took most of the time. (Multi-row INSERTs were measured
    too: no faster on SQLite, slower on PostgreSQL.)"""
    rows = list(rows)
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # executemany runs one INSERT per row on the server. The values are sent
            # as text, as the INSERTs were.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])


def insert_filled(model, columns: list[str], rows) -> None:
    """``insert_rows`` of whole rows from the columns given: every other column (bar
    the auto key) takes its field's default, which lives in Python, not in the table
    (COPY would leave it NULL)."""
    rest, fill = _defaults(model, set(columns), connection)
    insert_rows(model, [*columns, *rest], (tuple(row) + fill for row in rows))


def set_aside_for_load(tables: list[str]) -> tuple[list, list]:
    """PostgreSQL, before a bulk load into ``tables``: drop their foreign keys and the
    indexes no primary, unique or exclusion constraint owns, so that the load keeps no
    B-tree in step and checks no key row by row. Returns (indexes as (name, CREATE
    statement), keys as (table, name, definition)) for the caller to build again after
    the load (``restore_keys`` for the keys)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [tables],
        )
        keys = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS (SELECT FROM pg_constraint c "
            "WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))",
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _ in keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    return indexes, keys


def restore_keys(keys) -> None:
    """The foreign keys ``set_aside_for_load`` dropped, each checked in one join."""
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
