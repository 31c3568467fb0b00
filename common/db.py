"""Writes the ORM cannot say in one statement.

`insert_with_children` saves a new row and the rows that belong to it (a petition and its first
timeline events) in one round trip. A single statement is atomic by itself, so a caller whose
only write it is needs no transaction of its own: on the busiest path of the product (a citizen's
submission) that spares BEGIN, a second INSERT and COMMIT.
"""

from collections.abc import Sequence
from functools import lru_cache

from django.db import connections, router, transaction
from django.db.models import Model


def _insert_fields(model: type[Model]):
    """The columns an INSERT names: every concrete column but a database-generated primary key."""
    meta = model._meta
    return [field for field in meta.concrete_fields if field is not meta.auto_field and not field.generated]


def _insert_values(obj: Model, fields, connection) -> list:
    # As Model.save() does it: pre_save fills auto_now_add and the like, then the field adapts.
    return [field.get_db_prep_save(field.pre_save(obj, True), connection=connection) for field in fields]


def _mark_saved(obj: Model, alias: str) -> None:
    obj._state.adding = False
    obj._state.db = alias


@lru_cache(maxsize=32)
def _insert_with_children_sql(
    parent_model: type[Model], child_model: type[Model], fk_field: str, count: int, alias: str
):
    """The statement for `count` children, built once per shape: it is the same text every time."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    fk = child_model._meta.get_field(fk_field)
    parent_meta = parent_model._meta
    parent_fields = _insert_fields(parent_model)
    child_fields = [field for field in _insert_fields(child_model) if field is not fk]
    # The children's values sit in a VALUES list read by a SELECT, where PostgreSQL does not infer
    # types from the target columns: each placeholder carries its column's type, without the
    # length (an explicit cast to varchar(100) would cut a longer value instead of refusing it;
    # Django's bulk insert drops it the same way).
    casts = [f"%s::{field.db_type(connection).split('(')[0]}" for field in child_fields]
    child_rows = ", ".join(f"({ordinal}, {', '.join(casts)})" for ordinal in range(count))
    child_columns = [quote(field.column) for field in child_fields]
    parent_pk = quote(parent_meta.pk.column)
    sql = (
        f"WITH parent AS (INSERT INTO {quote(parent_meta.db_table)} "  # noqa: S608 - names from the models, values bound
        f"({', '.join(quote(field.column) for field in parent_fields)}) "
        f"VALUES ({', '.join(['%s'] * len(parent_fields))}) RETURNING {parent_pk}) "
        f"INSERT INTO {quote(child_model._meta.db_table)} ({quote(fk.column)}, {', '.join(child_columns)}) "
        f"SELECT parent.{parent_pk}, {', '.join(f'child_rows.{column}' for column in child_columns)} "
        f"FROM parent CROSS JOIN (VALUES {child_rows}) AS child_rows (ordinal, {', '.join(child_columns)}) "
        f"ORDER BY child_rows.ordinal "
        f"RETURNING {quote(fk.column)}, {quote(child_model._meta.pk.column)}"
    )
    return sql, parent_fields, child_fields


def insert_with_children(parent: Model, children: Sequence[Model], *, fk_field: str) -> None:
    """Insert `parent` and `children` (new rows of one model whose `fk_field` points to the
    parent's model), children in the order given. Sets every primary key and the children's
    foreign key, as save() and bulk_create() would; sends no model signals (bulk_create sends none
    either, and no receiver listens to these models' saves).

    PostgreSQL: one statement, a data-modifying CTE whose outer INSERT takes the parent's new id.
    Elsewhere (SQLite for `make run`): save() and bulk_create() inside one transaction.
    """
    if not children:
        raise ValueError("insert_with_children needs at least one child row")
    alias = router.db_for_write(type(parent), instance=parent)
    connection = connections[alias]
    child_model = type(children[0])
    fk = child_model._meta.get_field(fk_field)
    if connection.vendor != "postgresql":
        with transaction.atomic(using=alias, savepoint=False):
            parent.save(force_insert=True, using=alias)
            for child in children:
                setattr(child, fk.name, parent)
            child_model.objects.using(alias).bulk_create(children)
        return

    sql, parent_fields, child_fields = _insert_with_children_sql(
        type(parent), child_model, fk_field, len(children), alias
    )
    parent_values = _insert_values(parent, parent_fields, connection)
    child_params = [value for child in children for value in _insert_values(child, child_fields, connection)]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*parent_values, *child_params])
        returned = cursor.fetchall()
    parent.pk = returned[0][0]
    _mark_saved(parent, alias)
    for child, (_parent_pk, child_pk) in zip(children, returned, strict=True):
        setattr(child, fk.name, parent)
        child.pk = child_pk
        _mark_saved(child, alias)
