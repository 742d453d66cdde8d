"""Three ORM operations as plain SQL, for the statements every indicator save runs.

On the benchmark machine building an ORM query costs about 0.3 ms of Python, several times what the
database spends answering these statements; the save (the tightest benchmark target) runs each of
them once. Each helper does what the ORM call named beside it does, with the ORM's own pieces (its
FOR UPDATE clause, its converters, the fields' `pre_save` and `get_db_prep_save`), and
tests/ntm_tracker/test_db.py compares its result with the ORM's:

* `row_lock(model, pk)` — `model.objects.select_for_update().filter(pk=pk)`, evaluated;
* `rows_convert(model, attnames, rows)` — the Python values `values_list(*attnames)` would give
  for rows read with plain SQL;
* `upsert(objs, …)` — `bulk_create(objs, update_conflicts=True, …)`.
"""

import functools
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Model


def row_lock(model: type[Model], pk) -> None:
    """Hold the row's lock until the transaction ends. No statement on a database without row locks
    (SQLite lets one write transaction run at a time; the ORM would send the SELECT without its clause)."""
    if not connection.features.has_select_for_update:
        return
    meta, quote = model._meta, connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(meta.pk.column)} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s"
                       f" {connection.ops.for_update_sql()}", [pk])


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


@functools.cache
def _upsert_statement(model: type[Model], unique_fields: tuple[str, ...], update_fields: tuple[str, ...],
                      vendor: str) -> tuple[list, str, str, str]:
    """(fields written, "INSERT … VALUES ", "(%s, …)" for one row, " ON CONFLICT … DO UPDATE …")."""
    meta, quote = model._meta, connection.ops.quote_name
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    unique = ", ".join(quote(meta.get_field(name).column) for name in unique_fields)
    updates = ", ".join(f"{quote(column)} = excluded.{quote(column)}"
                        for column in (meta.get_field(name).column for name in update_fields))
    return (fields, f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES ",
            "(" + ", ".join(["%s"] * len(fields)) + ")", f" ON CONFLICT ({unique}) DO UPDATE SET {updates}")


def upsert(objs: Sequence[Model], *, unique_fields: Sequence[str], update_fields: Sequence[str]) -> None:
    """Insert `objs` (all of one model, primary keys left to the database), or update
    `update_fields` of the row that has the same `unique_fields`. Objects are not refreshed."""
    if not objs:
        return
    fields, head, row, tail = _upsert_statement(type(objs[0]), tuple(unique_fields), tuple(update_fields),
                                                connection.vendor)
    params = [[field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields] for obj in objs]
    with connection.cursor() as cursor:
        if len(params) == 1:
            cursor.execute(head + row + tail, params[0])
        else:
            # One one-row statement run many times: a statement of thousands of placeholders costs
            # the driver seconds of Python to parse (found on a province's import confirm).
            cursor.executemany(head + row + tail, params)
