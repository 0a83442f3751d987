"""What the sample generators share: SQL literals and INSERT statements, printed to stdout."""


def q(value):
    """A SQL literal: NULL, a number as Python writes it, or a single-quoted string with quotes doubled."""
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def insert(table, rows):
    for row in rows:
        print(f"INSERT INTO {table} VALUES ({', '.join(q(v) for v in row)});")
