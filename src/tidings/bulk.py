"""Inserting many rows at once, for `tidings import`: one prepared INSERT run with
``executemany``. Django's ``bulk_create`` compiles every row's SQL in Python, which costs
more than the database's work at a million rows; this skips that and returns no ids."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model


def insert_rows(model: type[Model], objects: Sequence[Model]) -> None:
    """Insert ``objects`` (unsaved, with their defaults) with every column but the id."""
    if not objects:
        return
    connection = connections[DEFAULT_DB_ALIAS]  # once: each lookup of the proxy costs
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    for obj in objects:
        for field in fields:
            field.pre_save(obj, add=True)  # auto_now and file fields, as save() would
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    rows = [
        tuple(field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields)
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
