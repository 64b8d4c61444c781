"""Stored rows read back with the types their columns promise, or refused with a reason.

PostgreSQL keeps every column to its type; SQLite keeps whatever it is given, so a file
edited behind the program's back can hold bytes in a text column, text in a number column
or a fraction in a count. Such a row is never handed on as if it were whole: readers call
:func:`typed` and get :class:`DamagedRecord`, a :class:`~simulator.errors.ContentError` that
names the table, the row and the columns (``verify`` reports it as a difference; every
other command stops with it, exit 2, instead of a traceback further on).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from simulator.errors import ContentError, Problem
from simulator.records.columns import COLUMN_TYPES

if TYPE_CHECKING:
    from sqlalchemy import Table

__all__ = ["DamagedRecord", "damaged_message", "mistyped", "row_checker", "typed"]

#: Python types SQLAlchemy's own column types read as (a BLOB may come as a memoryview).
_ACCEPTED: dict[type, tuple[type, ...]] = {bytes: (bytes, bytearray, memoryview)}


def damaged_message(table: str, columns: list[str]) -> str:
    """What is said of a row whose ``columns`` hold values of the wrong type."""
    return (f"the stored {table} row holds a value of the wrong type in "
            f"{', '.join(columns)}: the database was edited outside the program")


class DamagedRecord(ContentError):
    """A stored row holds a value of the wrong type for its column (edited outside)."""

    def __init__(self, where: str, table: str, key: str, columns: list[str]):
        self.columns = columns
        super().__init__([Problem(where, 0, 0, f"{table}[{key}]",
                                  damaged_message(table, columns),
                                  "'frontdesk verify ATTEMPT_ID' names what differs from "
                                  "the seals")])


def _name(table: Table | str) -> str:
    return table if isinstance(table, str) else table.name


def _types(table: Table | str) -> dict[str, tuple[type, ...]]:
    name = _name(table)
    kinds = _CACHE.get(name)
    if kinds is None:
        kinds = _CACHE[name] = {column: _ACCEPTED.get(kind, (kind,))
                                for column, kind in COLUMN_TYPES[name].items()}
    return kinds


_CACHE: dict[str, dict[str, tuple[type, ...]]] = {}


def _wrong(value: Any, want: tuple[type, ...]) -> bool:
    # SQLite's driver hands a Boolean column's 0 or 1 as is (SQLAlchemy makes it a bool);
    # any other number there (2, 1.0) was written by something else.
    return not isinstance(value, want) and not (
        want == (bool,) and type(value) is int and value in (0, 1))


def mistyped(table: Table | str, row: Mapping[str, Any]) -> list[str]:
    """The columns of ``row`` (from ``table``, or its name) not of their column's type.

    Keys that are not columns of ``table`` (a joined trainee name, say) are not checked.
    """
    kinds = _types(table)
    return [name for name, value in row.items()
            if value is not None and name in kinds and _wrong(value, kinds[name])]


def row_checker(tables: Mapping[str, Table | str], names: tuple[str, ...]
                ) -> Callable[[Sequence[Any]], list[str]]:
    """:func:`mistyped` for rows read as tuples, built once for a stream of many rows.

    Args:
        tables: For each name in ``names`` that is checked, the table it is a column of.
        names: The tuple's fields, in order.

    Returns:
        A function from a row tuple to the names of its wrongly typed fields.
    """
    checks = tuple((i, name, _types(tables[name])[name]) for i, name in enumerate(names)
                   if name in tables)

    def check(row: Sequence[Any]) -> list[str]:
        out = []
        for i, name, want in checks:
            value = row[i]
            if value is not None and _wrong(value, want):
                out.append(name)
        return out

    return check


def typed(table: Table | str, row: Mapping[str, Any], where: str, key: str
          ) -> dict[str, Any]:
    """``row`` as a dict, when every column holds its own type.

    Values come back as SQLAlchemy's column types give them, whichever driver read them: a
    Boolean column's 0 or 1 (SQLite's driver, or SQL text run through SQLAlchemy) as a
    bool, a BLOB as bytes.

    Args:
        table: The table the row was read from (or its name).
        row: The row's mapping (column name to value); extra keys pass through.
        where: The database, as messages name it.
        key: The row's id, for the message.

    Raises:
        DamagedRecord: Naming the columns that hold another type.
    """
    bad = mistyped(table, row)
    if bad:
        raise DamagedRecord(where, _name(table), key, bad)
    out = dict(row)
    kinds = _types(table)
    for column, value in out.items():
        want = kinds.get(column)
        if want == (bool,) and type(value) is int:
            out[column] = bool(value)
        elif want is not None and want[0] is bytes and isinstance(value, bytearray | memoryview):
            out[column] = bytes(value)
    return out
