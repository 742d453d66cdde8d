"""Four ORM operations as plain SQL, for the statements every indicator save runs.

On the benchmark machine building an ORM query costs about 0.3 ms of Python, several times what the
database spends answering these statements; the save (the tightest benchmark target) runs each of
them once. Each helper does what the ORM call named beside it does, with the ORM's own pieces (its
FOR UPDATE clause, its converters, the fields' `pre_save` and `get_db_prep_save`), and
tests/ntm_tracker/test_db.py compares its result with the ORM's:

* `row_lock(model, pk)` — `model.objects.select_for_update().filter(pk=pk)`, evaluated, and
  `rows_lock(model, pks)`, the same for many rows in one statement (in key order);
* `rows_convert(model, attnames, rows)` — the Python values `values_list(*attnames)` would give
  for rows read with plain SQL;
* `upsert(objs, …)` — `bulk_create(objs, update_conflicts=True, …)`, and `insert(objs)`, plain
  `bulk_create(objs)`, both through `rows_insert`, the one batch writer (also used by the audit
  trail and the bulk assessment save).
"""

import functools
from collections.abc import Iterable, Sequence

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Model


def row_lock(model: type[Model], pk) -> None:
    """Hold the row's lock until the transaction ends (`rows_lock` of one row)."""
    rows_lock(model, [pk])


def rows_lock(model: type[Model], pks: Iterable) -> None:
    """Hold the locks of the rows of `pks` until the transaction ends, taken in key order (so two
    transactions locking overlapping sets cannot deadlock), a thousand keys a statement. No
    statement on a database without row locks (SQLite lets one write transaction run at a time;
    the ORM would send the SELECT without its clause)."""
    if not connection.features.has_select_for_update:
        return
    meta, quote = model._meta, connection.ops.quote_name
    pks, column = sorted(set(pks)), quote(meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), 1000):
            chunk = pks[start:start + 1000]
            cursor.execute(f"SELECT {column} FROM {quote(meta.db_table)} WHERE {column} IN ({', '.join(['%s'] * len(chunk))})"
                           f" ORDER BY {column} {connection.ops.for_update_sql()}", chunk)


@functools.cache
def _converters(model: type[Model], attnames: tuple[str, ...], vendor: str) -> list[tuple[int, object, list]]:
    """(column index, expression, converter functions) of the columns that have converters."""
    found = []
    for index, attname in enumerate(attnames):
        field = next(f for f in model._meta.concrete_fields if f.attname == attname)
        expression = field.get_col(model._meta.db_table)
        functions = connection.ops.get_db_converters(expression) + field.get_db_converters(connection)
        if functions:
            found.append((index, expression, functions))
    return found


def rows_convert(model: type[Model], attnames: Sequence[str], rows: Iterable[Sequence]) -> list[list]:
    """`rows` (the columns of `attnames`, as the database driver returned them) in the Python types
    the ORM gives: the backend's and the fields' converters applied, as the ORM's compiler does."""
    converters = _converters(model, tuple(attnames), connection.vendor)
    converted = []
    for row in rows:
        values = list(row)
        for index, expression, functions in converters:
            for function in functions:
                values[index] = function(values[index], expression, connection)
        converted.append(values)
    return converted


def rows_insert(table: str, columns: Sequence[str], rows: Sequence[Sequence], suffix: str = "") -> None:
    """INSERT `rows` (values in the order of the column names `columns`, already prepared for the
    database) into `table` by one `executemany` of a one-row statement; `suffix` (e.g. ON CONFLICT …
    DO UPDATE …) follows its VALUES. One one-row statement run many times: a statement of thousands
    of placeholders costs the driver seconds of Python to parse (found on a province's import confirm)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    statement = (f"INSERT INTO {quote(table)} ({', '.join(quote(column) for column in columns)})"
                 f" VALUES ({', '.join(['%s'] * len(columns))}){suffix}")
    with connection.cursor() as cursor:
        if len(rows) == 1:
            cursor.execute(statement, rows[0])
        else:
            cursor.executemany(statement, rows)


def upsert_suffix(model: type[Model], unique_fields: Sequence[str], update_fields: Sequence[str]) -> str:
    """" ON CONFLICT (…) DO UPDATE SET …" for `rows_insert`: on a row with the same `unique_fields`,
    update `update_fields` (field names) to the values offered."""
    meta, quote = model._meta, connection.ops.quote_name
    unique = ", ".join(quote(meta.get_field(name).column) for name in unique_fields)
    updates = ", ".join(f"{quote(column)} = excluded.{quote(column)}"
                        for column in (meta.get_field(name).column for name in update_fields))
    return f" ON CONFLICT ({unique}) DO UPDATE SET {updates}"


def insert(objs: Sequence[Model], suffix: str = "") -> None:
    """`bulk_create(objs)` without its per-value SQL compilation (a demo load of tens of thousands of
    assessments spent most of its time there): objects all of one model, primary keys left to the
    database, not refreshed. `suffix`: as `rows_insert`'s."""
    if not objs:
        return
    model = type(objs[0])
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    wrapper = connections[DEFAULT_DB_ALIAS]  # not the `connection` proxy: one lookup, not one per value
    rows_insert(model._meta.db_table, [field.column for field in fields],
                [[field.get_db_prep_save(field.pre_save(obj, True), wrapper) for field in fields] for obj in objs],
                suffix)


def upsert(objs: Sequence[Model], *, unique_fields: Sequence[str], update_fields: Sequence[str]) -> None:
    """Insert `objs` (all of one model, primary keys left to the database), or update
    `update_fields` of the row that has the same `unique_fields`. Objects are not refreshed."""
    if objs:
        insert(objs, upsert_suffix(type(objs[0]), unique_fields, update_fields))
