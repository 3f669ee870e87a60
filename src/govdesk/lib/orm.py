"""Small ORM helpers for the busiest requests."""

from django.db import connection
from django.db.models import Model, QuerySet

CHUNK = 2000


def first_row(qs: QuerySet) -> Model | None:
    """The one row a filter by key matches, or None. Unlike ``first()`` it adds no
    ORDER BY: compiling one makes Django hash every selected column, a noticeable
    share of a request's CPU when several tables are joined."""
    return next(iter(qs.order_by()[:1]), None)


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
    rest = [f for f in model._meta.concrete_fields if f.column not in columns and not f.primary_key]
    fill = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
    insert_rows(model, [*columns, *(f.column for f in rest)], (tuple(row) + fill for row in rows))
