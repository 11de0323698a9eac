"""The PostgreSQL headquarters schema against the workspace's: every table a bundle can
carry has, on PostgreSQL, exactly the workspace's columns (names, compatible types, NOT
NULL) and the unique keys the merge relies on, so a workspace migration that forgets
PostgreSQL fails here, naming the table and column."""
from __future__ import annotations

import re

import pytest

from storage import audit, migrations
from storage.hq.postgres import schema
from storage.sync import merging
from storage.workspace import Workspace

FIX = "add a PostgreSQL migration in storage/hq/postgres/schema.py"
# SQLite's declared type -> PostgreSQL's (the module docstring of storage/hq/postgres/schema.py)
PG_TYPES = {"TEXT": "text", "INTEGER": "bigint", "REAL": "double precision", "BLOB": "bytea"}

Columns = dict[str, tuple[str, bool]]      # name -> (type, NOT NULL)


def workspace_columns(ws: Workspace, table: str) -> Columns:
    """A primary key counts as NOT NULL (SQLite's table_info says 0 for it); a local copy
    (``audit.LOCAL_COLUMNS``, such as ``finding.enterprise_district``) never travels."""
    return {name: ((decl or "").upper(), bool(notnull or pk))
            for _, name, decl, notnull, _default, pk in ws.execute(f"PRAGMA table_info([{table}])")
            if name not in audit.LOCAL_COLUMNS}


def postgres_columns(conn, table: str) -> Columns:
    return {name: (kind, nullable == "NO") for name, kind, nullable in conn.execute(
        "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s", [table]).fetchall()}


def column_drift(table: str, mine: Columns, theirs: Columns) -> list[str]:
    """Each difference of ``table`` between the workspace (``mine``) and PostgreSQL."""
    if not theirs:
        return [f"table {table} travels in bundles but PostgreSQL has no such table: {FIX}"]
    out = []
    for name, (decl, notnull) in mine.items():
        if name not in theirs:
            out.append(f"table {table}: column {name} ({decl}) is missing in PostgreSQL: {FIX}")
            continue
        kind, required = theirs[name]
        if PG_TYPES.get(decl) != kind:
            out.append(f"table {table}: column {name} is {kind} in PostgreSQL but {decl or 'untyped'} "
                       f"in the workspace ({PG_TYPES.get(decl, 'no PostgreSQL type')} expected): {FIX}")
        if required != notnull:
            out.append(f"table {table}: column {name} is {_nulls(required)} in PostgreSQL but "
                       f"{_nulls(notnull)} in the workspace: {FIX}")
    out += [f"table {table}: column {name} is in PostgreSQL but not in the workspace: {FIX}"
            for name in theirs if name not in mine]
    return out


def _nulls(required: bool) -> str:
    return "NOT NULL" if required else "nullable"


def unique_keys(conn, table: str) -> list[list[str]]:
    """Each unique index of ``table`` (no partial ones) as its key columns' definitions."""
    out = []
    for oid, width in conn.execute(
            "SELECT indexrelid, indnatts FROM pg_index WHERE indrelid = %s::regclass "
            "AND indisunique AND indpred IS NULL", [table]).fetchall():
        out.append([conn.execute("SELECT pg_get_indexdef(%s, %s, true)", [oid, k]).fetchone()[0]
                    for k in range(1, width + 1)])
    return out


def key_drift(table: str, keys: tuple[str, ...], mine: Columns, indexes: list[list[str]]) -> list[str]:
    """The merge's unique key (``merging._UNIQUE``) is a unique index on PostgreSQL; a
    nullable key column enters it as COALESCE(column, '') so that NULLs clash, as in the
    workspace's index."""
    wanted = [f"COALESCE({k}, ''::text)" if not mine.get(k, ("", True))[1] else k for k in keys]
    if any(index == wanted for index in indexes):
        return []
    return [f"table {table}: no unique index ({', '.join(wanted)}) in PostgreSQL, the merge's key "
            f"{'/'.join(keys)} (found {indexes}): {FIX}"]


def drift(ws: Workspace, conn) -> list[str]:
    out = []
    for table in merging.BUNDLE_TABLES:
        mine = workspace_columns(ws, table)
        out += column_drift(table, mine, postgres_columns(conn, table))
        if table in merging._UNIQUE and postgres_columns(conn, table):
            out += key_drift(table, merging._UNIQUE[table][1], mine, unique_keys(conn, table))
    return out


@pytest.fixture(scope="module")
def reference():
    ws = Workspace.open(None, install_builtin=False)
    yield ws
    ws.close()


def test_every_table_a_bundle_carries_has_the_workspace_columns_on_postgresql(reference, pg_url):
    from storage.hq import open_hq

    assert {"answer", "signature", "inspection", "enterprise"} <= set(merging.BUNDLE_TABLES)
    with open_hq(pg_url) as hq:
        problems = drift(reference, hq.conn)
    assert problems == [], "\n".join(problems)


def test_a_forgotten_column_table_type_or_key_is_named(reference, pg_url):
    """The check itself: each kind of drift, made on purpose, is reported by name."""
    from storage.hq import open_hq

    with open_hq(pg_url) as hq:
        already = drift(reference, hq.conn)      # the first test's business, not this one's
        for statement in ("ALTER TABLE answer DROP COLUMN for_equipment",
                          "ALTER TABLE finding ADD COLUMN supervised text",
                          "ALTER TABLE photo ALTER COLUMN gps_lat TYPE text",
                          "ALTER TABLE enterprise ALTER COLUMN name DROP NOT NULL",
                          "DROP TABLE signature"):
            hq.conn.execute(statement)
        problems = [p for p in drift(reference, hq.conn) if p not in already]
        hq.conn.rollback()
    assert problems == [
        "table enterprise: column name is nullable in PostgreSQL but NOT NULL in the workspace: " + FIX,
        "table answer: column for_equipment (TEXT) is missing in PostgreSQL: " + FIX,
        "table answer: no unique index (inspection_id, checklist_hash, item_id, COALESCE(for_equipment, "
        "''::text)) in PostgreSQL, the merge's key inspection_id/checklist_hash/item_id/for_equipment "
        "(found [['id']]): " + FIX,
        "table finding: column supervised is in PostgreSQL but not in the workspace: " + FIX,
        "table photo: column gps_lat is text in PostgreSQL but REAL in the workspace "
        "(double precision expected): " + FIX,
        "table signature travels in bundles but PostgreSQL has no such table: " + FIX,
    ]


def test_each_postgresql_migration_names_the_workspace_migrations_it_mirrors():
    assert sorted(schema.MIRRORS) == list(range(1, schema.LATEST + 1))
    mirrored = [n for numbers in schema.MIRRORS.values() for n in numbers]
    assert mirrored == sorted(mirrored) and len(set(mirrored)) == len(mirrored)
    assert mirrored[-1] <= migrations.LATEST
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "headquarters.md").read_text(encoding="utf-8")
    for number, numbers in schema.MIRRORS.items():
        listed = ", ".join(str(n) for n in numbers) if len(numbers) < 3 else f"{numbers[0]}–{numbers[-1]}"
        assert re.search(rf"^\| {number} \| {re.escape(listed)} \|", doc, re.M), \
            f"docs/headquarters.md: the row of PostgreSQL migration {number} (workspace {listed})"
