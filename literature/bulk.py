"""Inserting thousands of rows whose values are already plain Python values, without Django's per-value work.

QuerySet.bulk_create prepares every value through its field (pre_save, get_db_prep_save and the calls behind
them) and builds a placeholder per value: for an import of 10,000 references and their 17,500 authors that was
some 375,000 values and a quarter of the import's time, several times what the database spent writing them.
Here a row is a list of the objects' attributes; a value that is not a plain str, int, bool or None (a datetime,
say) still goes through its field, so the database receives what bulk_create would send. The statements are
the ones bulk_create writes: multi-row INSERTs within the backend's parameter limit (on PostgreSQL, one array
per column), returning the new primary keys where the backend can.
"""

from django.db import connections, router
from django.db.models import Model

PLAIN = (str, int, bool, type(None))  # bool is an int; listed for the reader


def insert(model: type[Model], objs: list[Model], *, batch_size: int) -> None:
    """INSERT the objects (none saved yet) as bulk_create does: auto_now fields set, primary keys filled in when
    the backend returns them (PostgreSQL, SQLite), the objects then marked as saved. Sends no signals. At most
    `batch_size` rows a statement (fewer where the backend limits the parameters, as SQLite does)."""
    if not objs:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    opts = model._meta
    fields = [field for field in opts.concrete_fields if not (field.primary_key and field.get_default() is None)]
    stamped = [field for field in fields if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)]
    returns_pk = connection.features.can_return_rows_from_bulk_insert and fields != list(opts.concrete_fields)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    head = f"{connection.ops.insert_statement()} {quote(opts.db_table)} ({columns}) "
    tail = ""
    if returns_pk:
        returning, _ = connection.ops.return_insert_columns([opts.pk])
        tail = f" {returning}"
    batch = max(1, min(batch_size, connection.ops.bulk_batch_size(fields, objs)))
    attnames = [field.attname for field in fields]
    placeholder_row = [["%s"] * len(fields)]
    # PostgreSQL: one array per column, unnested (as bulk_create does there); psycopg reads every placeholder of
    # the statement in Python, which for 500 rows of 25 columns cost more than the insert.
    unnest = connection.vendor == "postgresql"
    array_types = [field.db_type(connection).split("(")[0] for field in fields] if unnest else []
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch):
            chunk = objs[start : start + batch]
            rows = []
            for obj in chunk:
                for field in stamped:
                    field.pre_save(obj, add=True)  # sets created/updated on the object, as bulk_create does
                row = []
                for field, attname in zip(fields, attnames, strict=True):
                    value = getattr(obj, attname)
                    row.append(value if type(value) in PLAIN else field.get_db_prep_save(value, connection))
                rows.append(row)
            if unnest:
                arrays = ", ".join(f"(%s)::{array_type}[]" for array_type in array_types)
                values, params = f"SELECT * FROM UNNEST({arrays})", [list(column) for column in zip(*rows, strict=True)]
            else:
                values = connection.ops.bulk_insert_sql(fields, placeholder_row * len(chunk))
                params = [value for row in rows for value in row]
            cursor.execute(head + values + tail, params)
            if returns_pk:
                for obj, row in zip(chunk, connection.ops.fetch_returned_insert_rows(cursor), strict=True):
                    obj.pk = row[0]
            for obj in chunk:
                obj._state.adding = False
                obj._state.db = alias


# A write of at least this many rows, and at least this share of the table, is followed by ANALYZE (PostgreSQL).
ANALYZE_ROWS, ANALYZE_SHARE = 1_000, 0.1


def analyze_if_grown(model: type[Model], rows: int) -> None:
    """On PostgreSQL, bring the planner's statistics of the model's table up to date after a bulk write that added
    a large share of it, as its documentation advises after a bulk load (autovacuum gets to it within minutes).

    Until then the planner plans for the table it last saw: a preview right after a 10,000-entry import into a
    small library scanned the whole table once per batch for the citation keys (280 ms a batch, instead of 10).
    ANALYZE reads a sample of fixed size (30,000 rows by default), so it costs the same at any size of library, and
    sees this transaction's own rows; what it finds is committed with them.
    """
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql" or rows < ANALYZE_ROWS:
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        (estimated,) = cursor.fetchone()
        if estimated < 0 or rows >= ANALYZE_SHARE * estimated:  # -1: never analyzed
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
