"""The column types the direct readers check are the ones the SQLAlchemy tables declare."""

from simulator.records import progress_tables  # noqa: F401 - registers its tables
from simulator.records.columns import COLUMN_TYPES, LATER_TABLES
from simulator.records.schema import metadata
from simulator.records.typed import DamagedRecord, typed


def test_every_table_and_column_has_its_python_type():
    declared = {table.name: {c.name: c.type.python_type for c in table.columns}
                for table in metadata.sorted_tables}
    assert {t: list(cols.items()) for t, cols in COLUMN_TYPES.items()} == \
        {t: list(cols.items()) for t, cols in declared.items()}
    assert set(COLUMN_TYPES) >= LATER_TABLES


def test_rows_come_back_with_their_columns_types():
    """0 or 1 in a Boolean column is a bool, a memoryview of a BLOB is bytes."""
    row = typed("attempts", {"passed": 1, "overall": 7, "commands_packed": memoryview(b"x")},
                "db", "a1")
    assert row == {"passed": True, "overall": 7, "commands_packed": b"x"}
    assert type(row["passed"]) is bool and type(row["commands_packed"]) is bytes


def test_a_boolean_column_holding_another_number_is_damaged():
    for value in (2, 1.0, "1"):
        try:
            typed("attempts", {"passed": value}, "db", "a1")
        except DamagedRecord as exc:
            assert exc.columns == ["passed"]
        else:
            raise AssertionError(f"{value!r} was taken as a bool")
