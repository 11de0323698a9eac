"""The first page of the ledger under a text filter, fast for frequent and rare words.

The full-text index (``storage/fts.py``) gives every matching finding at once,
in rowid order; the ledger wants the newest few.  For a rare word that is
cheap (few matches to sort), for a frequent one it is not: a one-character
query can match a quarter of two million findings, all fetched and sorted to
show 200.  The other way round, walking the ledger's order (an index) and
testing each finding's text finds a frequent word's page after a few hundred
rows, a rare one's only after a scan of everything.

So the page is found by walking first, and the walk watches itself: after
each batch of rows it estimates the share of matches from what it has seen
and compares what finishing the walk would cost with what the full-text
index would cost for the findings after the last row walked (about
``matches x FTS_COST`` against ``rows still to walk x WALK_COST``); once the
index is cheaper, the rest of the page comes from the index, after that row
(a keyset cursor, so nothing is read twice).  A frequent word is answered by
the walk alone, a rare one after a short walk, and one in between by both.

The walk's test is the index's: the text or the note contains the query as a
substring, letters compared in lower case (FTS5's trigram tokenizer folds
case too), or the finding's enterprise is one whose name contains it (the
same ``LIKE`` as the index path).  A query without letters (Chinese, digits)
is tested in SQL with ``instr``, window by window (only the matches and the
window's last row come back to Python); one with letters row by row in
Python, folded.  Every path returns the rows of the index alone
(tests/storage/test_ledger_plans.py).
"""
from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .ledger import FindingQuery
    from .workspace import Workspace

WALKED = frozenset({"created_at", "deadline"})     # orders with an index to walk
BATCH = 256
WALK_COST = 1.0     # one row walked and tested (relative; measured at 2M findings:
FTS_COST = 3.0      # one match from the index, fetched and sorted, costs about three)


def fold(text: str | None) -> str:
    """Lower case, character for character (as the index compares)."""
    if not text:
        return ""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower()
                                                     for c in text)


def first_rows(ws: Workspace, query: FindingQuery, text: str, *, limit: int,
               after: tuple[Any, str] | None) -> list[dict]:
    """The page's rows (as ``ledger.page_rows`` gives them) for a query with a text filter."""
    from . import ledger

    needle = fold(text)
    total = ws.execute("SELECT MAX(rowid) FROM finding").fetchone()[0] or 0
    pattern = f"%{ledger.escape_like(text)}%"
    if needle == text.upper() == text:          # no letters: compared in SQL, as stored
        found, rest = _walk_in_sql(ws, query, text, pattern, limit, after, total)
    else:
        found, rest = _walk_folded(ws, query, needle, pattern, limit, after, total)
    rows = _rows_by_rowid(ws, query, found)
    if rest is not None:
        rows += ledger.page_rows(ws, query, limit=limit - len(found), after=rest)
    return rows


_WALK_COLUMNS = "f.rowid AS rid, f.id AS id, f.description AS d, f.note AS n, f.enterprise_id AS ent"
_NAMES = "SELECT id FROM enterprise WHERE name LIKE ? ESCAPE '\\'"


def _walk_in_sql(ws: Workspace, query: FindingQuery, text: str, pattern: str, limit: int,
                 after: tuple[Any, str] | None, total: int) -> tuple[list[int], Any]:
    """Walk in windows of rows, each tested by SQL (``instr``): only the matches and the
    window's last row come back.  Returns the rowids found and, if the index is to finish
    the page, the cursor of the last row walked."""
    from . import ledger

    if query.order_by == "created_at":
        return _walk_by_date(ws, query, text, pattern, limit, after, total)
    names = json.dumps([r[0] for r in ws.execute(_NAMES, [pattern])])     # once, not per window
    direction = "DESC" if query.descending else "ASC"       # rn: the place in page order
    found: list[int] = []
    walked, size = 0, BATCH
    while True:
        sql, params = ledger.page_sql(ws, replace(query, text=None), after=after,
                                      columns=_WALK_COLUMNS)
        rows = ws.execute(
            "SELECT rid, id, sort_value, hit, rn FROM (SELECT rid, id, sort_value, "
            "(instr(d, ?) > 0 OR instr(COALESCE(n, ''), ?) > 0 "
            "OR ent IN (SELECT value FROM json_each(?))) AS hit, "
            f"row_number() OVER (ORDER BY sort_value {direction}, id {direction}) AS rn "
            f"FROM ({sql} LIMIT ?)) WHERE hit OR rn = ? ORDER BY rn",
            [text, text, names, *params, size, size]).fetchall()
        found += [r[0] for r in rows if r[3]][:limit - len(found)]
        last = rows[-1] if rows and rows[-1][4] == size else None
        walked += size
        if len(found) >= limit or last is None:
            return found, None
        after = (last[2], last[1])
        if index_cheaper(walked, len(found), limit, total):
            return found, after
        size = min(size * 2, 8 * BATCH)


def _walk_by_date(ws: Workspace, query: FindingQuery, text: str, pattern: str, limit: int,
                  after: tuple[Any, str] | None, total: int) -> tuple[list[int], Any]:
    """As ``_walk_in_sql`` in the order by date, each window's end found first on the
    index alone (``finding_created``: no row read), so the window's query returns only
    its matches, with no numbering of its rows."""
    from . import ledger

    names = json.dumps([r[0] for r in ws.execute(_NAMES, [pattern])])     # once, not per window
    direction = "DESC" if query.descending else "ASC"
    plain = replace(query, text=None)
    found: list[int] = []
    walked, size = 0, BATCH
    while True:
        clause, params = ledger.after_clause("f.created_at", query.descending, after)
        end = ws.execute(f"SELECT f.created_at, f.id FROM finding f INDEXED BY finding_created "
                         f"WHERE {clause} ORDER BY f.created_at {direction}, f.id {direction} "
                         "LIMIT 1 OFFSET ?", [*params, size - 1]).fetchone()
        sql, params = ledger.page_sql(ws, plain, after=after, columns=_WALK_COLUMNS, until=end)
        hits = ws.execute(
            f"SELECT rid FROM ({sql}) WHERE instr(d, ?) > 0 OR instr(COALESCE(n, ''), ?) > 0 "
            "OR ent IN (SELECT value FROM json_each(?))", [*params, text, text, names]).fetchall()
        found += [r[0] for r in hits][:limit - len(found)]
        walked += size
        if len(found) >= limit or end is None:
            return found, None
        after = tuple(end)
        if index_cheaper(walked, len(found), limit, total):
            return found, after
        size = min(size * 2, 8 * BATCH)


def _walk_folded(ws: Workspace, query: FindingQuery, needle: str, pattern: str, limit: int,
                 after: tuple[Any, str] | None, total: int) -> tuple[list[int], Any]:
    """Walk row by row, letters compared in lower case as the index does (in Python)."""
    from . import ledger

    names = {r[0] for r in ws.execute(_NAMES, [pattern])}
    sql, params = ledger.page_sql(ws, replace(query, text=None), after=after, columns=_WALK_COLUMNS)
    found: list[int] = []
    walked = 0
    cur = ws.conn.execute(sql, params)
    try:
        while True:
            batch = cur.fetchmany(BATCH)
            for rid, _fid, desc, note, ent, _value in batch:
                if needle in fold(desc) or needle in fold(note) or ent in names:
                    found.append(rid)
                    if len(found) == limit:
                        return found, None
            walked += len(batch)
            if len(batch) < BATCH:
                return found, None
            if index_cheaper(walked, len(found), limit, total):
                return found, (batch[-1][5], batch[-1][1])     # the last row walked
    finally:
        cur.close()


def index_cheaper(walked: int, found: int, limit: int, total: int) -> bool:
    """Whether the index would finish the page cheaper than the walk, judging the share
    of matches by the rows walked so far (one more match than seen: never zero)."""
    share = (found + 1) / walked
    walk_on = (limit - found) / share * WALK_COST
    by_index = share * max(total - walked, 0) * FTS_COST
    return by_index < walk_on


def _rows_by_rowid(ws: Workspace, query: FindingQuery, rowids: list[int]) -> list[dict]:
    """The full page rows of ``rowids``, in that order."""
    from . import ledger

    if not rowids:
        return []
    order = ledger.LEDGER_ORDER.get(query.order_by, "f.created_at")
    rows = {}
    for start in range(0, len(rowids), 500):
        chunk = rowids[start:start + 500]
        for r in ws.query(f"SELECT {ledger.PAGE_COLUMNS}, {order} AS sort_value, f.rowid AS __rid "
                          f"{ledger.LEDGER_FROM} WHERE f.rowid IN ({', '.join('?' for _ in chunk)})", chunk):
            rows[r.pop("__rid")] = r
    return [rows[rid] for rid in rowids]
