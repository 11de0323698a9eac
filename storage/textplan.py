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
Before going to the index the walk judges once, from a sample of the findings,
what the index would give: with other filters a common text can look rare.

The index's part (``_from_index``) costs little per match: a phrase asks FTS5
for a few of its character pairs, not for all its trigrams (``_candidates``),
and many candidates are taken in the page's order by walking its index and
testing each entry's rowid against them, so only candidates' rows are read.

The walk's test is the index's: the text or the note contains the query as a
substring, letters compared in lower case (FTS5's trigram tokenizer folds
case too), or the finding's enterprise is one whose name contains it (the
same ``LIKE`` as the index path).  A query without letters (Chinese, digits)
is tested in SQL with ``instr``, window by window (only the matches and the
window's last row come back to Python); one with letters row by row in
Python, folded.  Every path returns the rows of the index alone, and of a
plain scan (tests/storage/test_ledger_plans.py, test_text_phrases.py).
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from . import fts

if TYPE_CHECKING:
    from .ledger import FindingQuery
    from .workspace import Workspace

Switch = Callable[[int, int], bool]     # (rows walked, matches found) -> go to the index
WALKED = frozenset({"created_at", "deadline"})     # orders with an index to walk
BATCH = 256
WALK_COST = 1.0     # one row walked and tested (relative; measured at 2M findings:
FTS_COST = 0.25     # one match from the index costs about a quarter of that)
ROW_COST = 15.0     # a candidate read by rowid and sorted, against one entry of the
ENTRY_COST = 1.0    # order's index tested against the candidates (measured at 2M)
SCAN_COST = 5.0     # a filtered row read in page order and tested, against a candidate
                    # passed back from the index (measured at 2M)


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
    candidates: list[Candidates] = []       # judged once, when the index first looks cheaper
    filtered = replace(query, text=None, order_by="created_at", descending=True) != type(query)()

    def cheaper(walked: int, found: int) -> bool:
        """``index_cheaper``, and the candidates the index would give (judged from a
        sample: a filter can make matches rare while the text alone is common) cost less
        than walking on."""
        if not index_cheaper(walked, found, limit, total):
            return False
        if not candidates:
            candidates.append(_candidates(ws, text, total, judged=filtered))
        walk_on = (limit - found) / ((found + 1) / walked) * WALK_COST
        return candidates[0].share * total * FTS_COST < walk_on

    if _plain(text):                            # no letters: compared in SQL, as stored
        found, rest, walked = _walk_in_sql(ws, query, text, pattern, limit, after, cheaper)
    else:
        found, rest, walked = _walk_folded(ws, query, needle, pattern, limit, after, cheaper)
    rows = _rows_by_rowid(ws, query, found)
    if rest is not None:
        rows += _from_index(ws, query, text, candidates[0], limit=limit - len(found), after=rest,
                            share=(len(found) + 1) / walked, total=total)
    return rows


_WALK_COLUMNS = "f.rowid AS rid, f.id AS id, f.description AS d, f.note AS n, f.enterprise_id AS ent"
_NAMES = "SELECT id FROM enterprise WHERE name LIKE ? ESCAPE '\\'"


def _walk_in_sql(ws: Workspace, query: FindingQuery, text: str, pattern: str, limit: int,
                 after: tuple[Any, str] | None, cheaper: Switch) -> tuple[list[int], Any, int]:
    """Walk in windows of rows, each tested by SQL (``instr``): only the matches and the
    window's last row come back.  Returns the rowids found, if the index is to finish
    the page the cursor of the last row walked (else None), and the rows walked."""
    from . import ledger

    if query.order_by == "created_at":
        return _walk_by_date(ws, query, text, pattern, limit, after, cheaper)
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
            return found, None, walked
        after = (last[2], last[1])
        if cheaper(walked, len(found)):
            return found, after, walked
        size = min(size * 2, 8 * BATCH)


def _walk_by_date(ws: Workspace, query: FindingQuery, text: str, pattern: str, limit: int,
                  after: tuple[Any, str] | None, cheaper: Switch) -> tuple[list[int], Any, int]:
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
            return found, None, walked
        after = tuple(end)
        if cheaper(walked, len(found)):
            return found, after, walked
        size = min(size * 2, 8 * BATCH)


def _walk_folded(ws: Workspace, query: FindingQuery, needle: str, pattern: str, limit: int,
                 after: tuple[Any, str] | None, cheaper: Switch) -> tuple[list[int], Any, int]:
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
                        return found, None, walked
            walked += len(batch)
            if len(batch) < BATCH:
                return found, None, walked
            if cheaper(walked, len(found)):
                return found, (batch[-1][5], batch[-1][1]), walked     # the last row walked
    finally:
        cur.close()


def _from_index(ws: Workspace, query: FindingQuery, text: str, candidates: Candidates, *,
                limit: int, after: tuple[Any, str], share: float, total: int) -> list[dict]:
    """The rest of the page after the last row walked, through the full-text index.

    The index gives the candidates' rowids (``_candidates``), those of the enterprises
    whose names match are added, and the page is read either by those rowids, sorted
    (few candidates), or by walking the page's order on its index testing each entry's
    rowid against them before its row is read (many: about ``limit / share`` entries,
    far cheaper than sorting thousands of rows).  ``share``: of matches among the rows
    walked; the smaller of it and the candidates' share is trusted, since walking the
    order for a word rarer than thought reads far more entries than sorting would.
    A common text under a selective filter (a rare checklist, a level) is not taken from
    the index at all: the filter's rows are read in page order, each tested in SQL."""
    from . import ledger

    names = json.dumps([r[0] for r in ws.execute(_NAMES, [f"%{ledger.escape_like(text)}%"])])
    tested = ("(instr(f.description, ?) > 0 OR instr(COALESCE(f.note, ''), ?) > 0 "
              "OR f.enterprise_id IN (SELECT value FROM json_each(?)))", [text, text, names])
    plain = replace(query, text=None)
    if _plain(text) and limit / max(candidates.share, 1e-9) * SCAN_COST < candidates.share * total:
        sql, params = ledger.page_sql(ws, plain, after=after, also=tested)
        return list(ws.query(f"{sql} LIMIT ?", [*params, limit]))
    rowids = [r[0] for r in ws.execute(
        "SELECT rowid FROM finding_fts WHERE finding_fts MATCH ?", [candidates.expression])]
    if names != "[]":
        rowids += [r[0] for r in ws.execute("SELECT rowid FROM finding WHERE enterprise_id IN "
                                            "(SELECT value FROM json_each(?))", [names])]
    if not rowids:
        return []
    share = min(share, len(rowids) / max(total, 1))
    by_order = len(rowids) * ROW_COST > limit / share * ENTRY_COST
    condition = f"{'+' if by_order else ''}f.rowid IN (SELECT value FROM json_each(?))"
    params = [json.dumps(rowids)]
    if not candidates.exact:    # candidates containing every chosen pair: the text, tested
        condition += f" AND {tested[0]}"
        params += tested[1]
    sql, params = ledger.page_sql(ws, plain, after=after, also=(condition, params))
    return list(ws.query(f"{sql} LIMIT ?", [*params, limit]))


def _plain(text: str) -> bool:
    """Whether ``text`` has no letters (Chinese, digits): ``instr`` then finds what the
    index finds, which folds the case of letters."""
    return text.upper() == text == fold(text)


class Candidates(NamedTuple):
    """What the index is asked for a text: the MATCH ``expression``, whether it gives
    exactly the findings containing the text (else a superset, to be tested), and the
    ``share`` of all findings it gives, judged from a sample."""

    expression: str
    exact: bool
    share: float


def _candidates(ws: Workspace, text: str, total: int, *, judged: bool) -> Candidates:
    """FTS5 answers a phrase by reading the list of every one of its trigrams (27 for 14
    characters, most of them common: " 安 ", " 全 "), so a phrase of three or more
    characters without letters asks instead for a few of its pairs, the rarest
    (``_rarest_pairs``); the candidates are then tested with ``instr``.  Letters keep the
    phrase (the index folds their case; ``instr`` does not), as do one or two characters.
    ``judged``: the share is wanted even then (with other filters, the walk's share is
    not the text's); else it is 0 and the walk's judgement stands."""
    pairs = fts.pairs(text) if len(text) > 2 and _plain(text) else []
    if len(pairs) < 2 and not judged:
        return Candidates(fts.match_expression(text), True, 0.0)
    step = max(total // SAMPLE, 1)
    texts = [f"{d}\n{n or ''}" for d, n in ws.execute(
        "SELECT description, note FROM finding WHERE rowid IN (SELECT value FROM json_each(?))",
        [json.dumps(list(range(1, total + 1, step)))])]
    if len(pairs) < 2:
        needle = fold(text)
        hits = sum(needle in fold(t) for t in texts)
        return Candidates(fts.match_expression(text), True, (hits + 0.5) / (len(texts) + 1))
    chosen, hits = _rarest_pairs(texts, pairs)
    return Candidates(fts.all_pairs_expression(chosen), False, (hits + 0.5) / (len(texts) + 1))


SAMPLE = 256        # findings read, evenly spread over the rowids, to judge pairs by
MAX_PAIRS = 4
DOC_COST = 1.0      # one entry of a pair's list read by FTS5 (relative; measured at 2M:
OUT_COST = 40.0     # one candidate returned, passed back, tested and perhaps sorted, 13-100)


def _rarest_pairs(texts: list[str], pairs: list[str]) -> tuple[list[str], int]:
    """The pairs whose lists are the cheapest way to few candidates, and how many of the
    sample ``texts`` hold them all: the rarest pair in the sample, then, one at a time,
    the pair that most reduces the sample's candidates, while what it removes
    (``OUT_COST`` each) outweighs reading its list."""
    holds = {p: {k for k, t in enumerate(texts) if p in t} for p in pairs}
    chosen = [min(pairs, key=lambda p: len(holds[p]))]
    left = holds[chosen[0]]
    while len(chosen) < MAX_PAIRS:
        gain, best = max(((len(left - holds[p]) * OUT_COST - len(holds[p]) * DOC_COST, p)
                          for p in pairs if p not in chosen), default=(0.0, ""))
        if gain <= 0:
            break
        chosen.append(best)
        left &= holds[best]
    return chosen, len(left)


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
