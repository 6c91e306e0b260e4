"""The PostgreSQL statement cache: each raw ledger statement is prepared once per session
(`PREPARE stockbridge_<hash of the SQL> (<types>) AS ...`, tracked per driver connection),
then only executed (`EXECUTE stockbridge_<hash>(...)`). SQLite runs the statement as it is.

Django binds parameters on the client and never prepares, so each call would be parsed and
planned again, which cost about as much server CPU as running it. SQL-level prepared statements
need the session to persist: use direct connections or session pooling, not a pooler in
transaction mode or one that runs `DISCARD ALL` between clients.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Any
from weakref import WeakKeyDictionary

from django.db import ProgrammingError, connection
from django.db.backends.utils import CursorWrapper

Param = int | str | bool | datetime | None

# The SQL type of each named parameter of the raw statements (`v3`, one of a list, is a `v`).
TYPES = {
    "v": "bigint",
    "l": "bigint",
    "bundle": "bigint",
    "dh": "integer",
    "dc": "integer",
    "di": "integer",
    "neg_dh": "integer",
    "neg_dc": "integer",
    "neg_di": "integer",
    "gap": "integer",
    "hi_h": "integer",
    "lo_h": "integer",
    "hi_c": "integer",
    "hi_i": "integer",
    "ful": "integer",
    "r": "text",
    "per": "integer",
    "now": "timestamptz",
    "reason": "text",
    "ref": "text",
    "actor": "text",
    "note": "text",
    "active": "boolean",
}
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# Names of the statements prepared on each PostgreSQL session (by its driver connection).
_PREPARED: WeakKeyDictionary[Any, set[str]] = WeakKeyDictionary()
_NO_SUCH_STATEMENT = "26000"  # invalid_sql_statement_name


@cache
def _preparation(sql: str) -> tuple[str, str, tuple[str, ...]]:
    """(statement name, PREPARE command, parameter names in $n order) for `sql`."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        if match[1] not in names:
            names.append(match[1])
        return f"${names.index(match[1]) + 1}"

    body = _PLACEHOLDER.sub(number, sql)
    name = "stockbridge_" + hashlib.sha1(sql.encode(), usedforsecurity=False).hexdigest()[:16]
    types = ", ".join(TYPES[n.rstrip("0123456789")] for n in names)
    return name, f"PREPARE {name} ({types}) AS {body}", tuple(names)


def execute(
    cursor: CursorWrapper,
    sql: str,
    params: Mapping[str, Param],
    *,
    siblings: Sequence[str] = (),
) -> None:
    """Run one of the raw statements (named `%(x)s` parameters, each typed in `TYPES`).
    `siblings` are statements used in its place in other circumstances (e.g. the same read
    with and without a lock): they are prepared with it, in the same round trip."""
    if connection.vendor != "postgresql":
        cursor.execute(sql, params)
        return
    name, prepare, names = _preparation(sql)
    prepared = _PREPARED.setdefault(connection.connection, set())
    if name not in prepared:
        together = [prepare]
        for sibling in siblings:
            other, prepare_other, _ = _preparation(sibling)
            if other not in prepared and other != name:
                together.append(prepare_other)
                prepared.add(other)
        cursor.execute("; ".join(together))
        prepared.add(name)
    statement = f"EXECUTE {name}({', '.join(['%s'] * len(names))})"
    values = [params[n] for n in names]
    try:
        cursor.execute(statement, values)
    except ProgrammingError as exc:
        if getattr(exc.__cause__, "sqlstate", None) != _NO_SUCH_STATEMENT:
            raise
        # The session's prepared statements were dropped behind our back (DEALLOCATE ALL,
        # DISCARD ALL): forget them all. Outside a transaction nothing was lost: prepare and
        # run again; inside one, the transaction is aborted and the error goes to the caller.
        prepared.clear()
        if connection.in_atomic_block:
            raise
        cursor.execute(prepare)
        prepared.add(name)
        cursor.execute(statement, values)
