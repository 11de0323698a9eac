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
    characters (a NUL ends an FTS5 query) and lone surrogates are dropped.

    Two characters are the one trigram of the pair ("门 锁"): it occurs in a spaced
    text exactly where the pair does, and FTS5 reads one list of findings instead of
    three (" 门 ", "门 锁", " 锁 ") and no positions."""
    text = search_text(query)
    if len(text) == 2:                  # stripped: neither is a space
        return _quoted(f"{text[0]} {text[1]}")
    return _quoted(spaced(text))


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def pairs(query: str) -> list[str]:
    """The distinct neighbouring pairs of characters of ``query`` (none with a space
    in it), in order: each is one trigram of the index ("门锁" -> "门 锁"), and a text
    containing ``query`` contains every one of them."""
    text = search_text(query)
    found = (text[n:n + 2] for n in range(len(text) - 1))
    return list(dict.fromkeys(p for p in found if not any(c.isspace() for c in p)))


def all_pairs_expression(chosen: list[str]) -> str:
    """An FTS5 MATCH string for the texts containing every pair of ``chosen`` (anywhere:
    a superset of those containing the query, each pair one list of findings to read,
    with no positions compared, where the query's phrase reads one per trigram)."""
    return " AND ".join(_quoted(f"{p[0]} {p[1]}") for p in chosen)


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
