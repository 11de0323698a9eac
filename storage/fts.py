"""The full-text index of findings (description and note), for queries of any length.

Chinese has no spaces to split words on, so the index is FTS5's trigram
tokenizer, which alone finds nothing for a query of one or two characters.
We index each text with a space between its characters (:func:`spaced`): then
every character and every pair of neighbours is a trigram (" 锁 ", "门 锁"),
and a query, spaced the same way, matches substrings of any length.

New findings are indexed in one ``INSERT … SELECT`` when a write transaction
commits (``Workspace.transaction`` calls :func:`index_new_findings`), however
they were inserted: one by one, in bulk, or merged from a sync bundle.  Findings
are never deleted (tombstones), so rowids only grow and a watermark suffices.
"""
from __future__ import annotations

import sqlite3

from .validate import search_text


def spaced(text: str | None) -> str | None:
    """The text as indexed: every character between spaces."""
    return None if text is None else " " + " ".join(text) + " "


def register(conn: sqlite3.Connection) -> None:
    """Make ``fts_spaced()`` available to the triggers and queries of this connection."""
    conn.create_function("fts_spaced", 1, spaced, deterministic=True)


def match_expression(query: str) -> str:
    """An FTS5 MATCH string finding ``query`` as a substring: one quoted phrase, so
    FTS5 syntax (``"``, ``*``, ``(``, NEAR, AND) is searched for as text; control
    characters (a NUL ends an FTS5 query) and lone surrogates are dropped."""
    return '"' + spaced(search_text(query)).replace('"', '""') + '"'


def index_new_findings(db: sqlite3.Connection) -> int:
    """Index findings added since the last call; returns how many."""
    last = db.execute("SELECT last_rowid FROM fts_state WHERE name = 'finding'").fetchone()[0]
    top = db.execute("SELECT MAX(rowid) FROM finding").fetchone()[0] or 0
    if top <= last:
        return 0
    db.execute(
        "INSERT INTO finding_fts (rowid, description, note) "
        "SELECT rowid, fts_spaced(description), fts_spaced(note) FROM finding WHERE rowid > ?",
        [last])
    db.execute("UPDATE fts_state SET last_rowid = ? WHERE name = 'finding'", [top])
    return top - last
