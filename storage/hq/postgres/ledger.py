"""The ledger, statistics and text search on PostgreSQL, answering as storage/ledger.py
does on SQLite (the same ``FindingQuery``, ``LedgerRow``, ``StatRow``, ``LedgerLine``,
sort orders and NULL placement, so both engines give the same pages and figures).

Pages go by key (``after=`` the last row's ``cursor``) on the indexes of the sort
orders; statistics read the summary (storage/hq/postgres/summary.py); the text
filter uses pg_trgm for three characters or more and, for shorter ones, the index of
the texts' characters (``sc_chars``), each match checked by strpos. A text of three
characters or more in about 0.3-5 % of findings, alone and by date, is read in windows
of the date order (``_windowed``).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from itertools import pairwise
from math import ceil
from typing import TYPE_CHECKING, Any

from ...ledger import (
    HAZARD_COUNT_KEYS,
    HAZARD_COUNTS_SQL,
    LEDGER_LINE_SELECT,
    LEDGER_ORDER,
    PAGE_COLUMNS,
    FindingQuery,
    LedgerLine,
    LedgerRow,
    StatRow,
    _after,
    _check_group,
    _label,
    _supervision_clause,
    escape_like,
    estimate_sql,
    ledger_line,
    overdue_sql,
)
from ...records import Finding
from ...validate import search_text

if TYPE_CHECKING:
    from . import PostgresHQ

READERS = ("page", "count_findings", "ledger_rows", "statistics", "totals", "hazard_counts",
           "search", "statistics_scan", "estimate_findings", "enterprise_choices", "districts",
           "checklist_titles")
TEXT = "sc_text(f.description, f.note)"
# Sort orders whose value may be NULL: the others name it in no ORDER BY, so a backward
# scan of an ascending index serves a descending page.
NULLABLE = ("deadline", "district", "checklist")
COMMON = 0.02          # a character in this share of findings or more is common
# A text of 3+ characters the planner expects in this share of findings is read in
# windows of the newest findings (``_windowed``): rarer texts cost little through
# pg_trgm, commoner ones fill a page after a short walk of the date index.
WINDOW_SHARES = (0.003, 0.05)
WINDOW_ROOM = 2        # a first window holds twice the findings expected to fill the page
WINDOW_SLICES = 3      # windows (each twice the last) before the rest is left to the planner
_FROM = ("FROM finding f JOIN enterprise e ON e.id = f.enterprise_id "
         "LEFT JOIN checklist c ON c.hash = f.checklist_hash")


def _rows(hq: PostgresHQ, sql: str, params: list[Any]) -> list[dict]:
    cur = hq.conn.execute(sql.replace("?", "%s"), params)
    names = [c.name for c in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def where(hq: PostgresHQ, query: FindingQuery, *, ordered: bool = False) -> tuple[str, list[Any]]:
    """The filters as SQL over ``finding f JOIN enterprise e LEFT JOIN checklist c``."""
    clauses, params = ["f.deleted = 0"], []
    simple = (("f.enterprise_id", query.enterprise_id), ("f.inspection_id", query.inspection_id),
              ("f.level", query.level and str(query.level)), ("e.district", query.district),
              ("c.id", query.checklist_id))
    for column, value in simple:
        if value:
            clauses.append(f"{column} = %s")
            params.append(value)
    if query.states:
        clauses.append("f.state = ANY(%s)")
        params.append([str(s) for s in query.states])
    if query.overdue_on:
        clauses.append(overdue_sql("f").replace("?", "%s"))
        params.append(query.overdue_on.isoformat())
    if query.supervised or query.supervision_overdue_on:
        clause, more = _supervision_clause(query)
        clauses.append(clause.replace("?", "%s"))
        params += more
    text = search_text(query.text)
    if text:
        clause, more = _text_clause(hq, text, ordered)
        clauses.append(clause)
        params += more
    return " AND ".join(clauses), params


def _text_clause(hq: PostgresHQ, text: str, ordered: bool) -> tuple[str, list[Any]]:
    """Description or note (pg_trgm, or for 1-2 characters the characters' index and
    strpos) or the enterprise's name (enterprises are few: scanned first, their
    findings added only when some match).

    A page (``ordered``) of a 1-2 character text whose characters are all common
    reads the findings in the page's order and filters them: the first 200 come
    after a few hundred rows, while the index would fetch every match to sort them.
    Common: in the index statistics' most common elements at >= 2 %."""
    lowered = text.lower()
    # strpos for 1-2 characters: pg_trgm can do nothing with them, and a LIKE would
    # tempt the planner into that index (every row, each then rechecked: 3 s)
    contains = f"strpos({TEXT}, %s) > 0"
    chars = sorted(set(lowered))
    if len(lowered) >= 3:           # pg_trgm
        in_text, values = f"{TEXT} LIKE %s", [f"%{escape_like(lowered)}%"]
    elif ordered and all(_common(hq, c) for c in chars):   # the page's order, filtered
        in_text, values = contains, [lowered]
    else:                           # the characters' index, then the text itself
        in_text, values = f"(sc_chars({TEXT}) @> %s::text[] AND {contains})", [chars, lowered]
    pattern = f"%{escape_like(text)}%"
    if not _names_match(hq, pattern):
        return in_text, values
    return f"({in_text} OR f.enterprise_id IN ({NAMES}))", [*values, pattern]


NAMES = "SELECT id FROM enterprise WHERE name ILIKE %s"


def _names_match(hq: PostgresHQ, pattern: str) -> bool:
    return hq.conn.execute(NAMES + " LIMIT 1", [pattern]).fetchone() is not None


def _common(hq: PostgresHQ, char: str) -> bool:
    share = hq.conn.execute("SELECT sc_char_share(%s)", [char]).fetchone()[0]
    return share is not None and share >= COMMON


def page(hq: PostgresHQ, query: FindingQuery, *, limit: int, offset: int = 0,
         after: tuple[Any, str] | None = None) -> list[LedgerRow]:
    """One page, as ``storage.ledger.page`` (NULLs first ascending, last descending, as
    SQLite orders them).

    A text of three characters or more alone, by date, that pg_trgm expects in about
    0.3-5 % of findings is read in windows of the date order (``_windowed``); others are
    left to the planner (pg_trgm, or for a common word the page's order filtered): the
    workspace's walk (``storage.textplan``) was measured here and lost, a row walked
    costing as much as a match fetched from pg_trgm (docs/benchmarks.md)."""
    rows = _page_rows(hq, query, limit=limit, offset=offset, after=after)
    missing = _uninstalled_checklist_ids(hq, rows)
    return [LedgerRow(Finding.from_row(r), r["enterprise_name"], r["district"],
                      r["checklist_id"] or missing.get((r["inspection_id"], r["checklist_hash"])),
                      r["checklist_title"], r["sort_value"], r["supervision_deadline"])
            for r in rows]


def _order(query: FindingQuery) -> tuple[str, str]:
    """The page's sort expression and its ORDER BY (NULLs placed as SQLite places them,
    as the indexes hold them)."""
    order = LEDGER_ORDER.get(query.order_by, "f.created_at")
    direction = "DESC" if query.descending else "ASC"
    nulls = ""
    if query.order_by in NULLABLE:
        nulls = " NULLS LAST" if query.descending else " NULLS FIRST"
    return order, f"ORDER BY {order} {direction}{nulls}, f.id {direction}"


def _page_rows(hq: PostgresHQ, query: FindingQuery, *, limit: int, offset: int = 0,
               after: tuple[Any, str] | None = None) -> list[dict]:
    if not offset:
        rows = _windowed(hq, query, limit, after)
        if rows is not None:
            return rows
    clause, params = where(hq, query, ordered=True)
    order, order_by = _order(query)
    if after is not None:
        more, values = _after(order, query.descending, after, mark="%s")
        clause, params = f"{clause} AND {more}", [*params, *values]
    return _rows(hq, f"SELECT {PAGE_COLUMNS}, {order} AS sort_value {_FROM} WHERE {clause} "
                     f"{order_by} LIMIT %s OFFSET %s", [*params, limit, offset])


# ----- a text of 3+ characters in about 0.3-5 % of findings, newest (or oldest) first -----
def _windowed(hq: PostgresHQ, query: FindingQuery, limit: int,
              after: tuple[Any, str] | None) -> list[dict] | None:
    """The page of a text filter alone, by date, read window by window of the date order
    (None where today's plan serves: other filters or orders, texts rare or common, no
    statistics yet).

    pg_trgm alone fetches every match to keep the newest 200, and the date index walked
    tests each row (both about 20 µs a row); ANDing pg_trgm's bitmap with a range of the
    date index fetches only the matches in that range. A window's edge is a bound of the
    planner's histogram of ``created_at`` (each bound about 1 % of findings apart), the
    first window sized from pg_trgm's estimate of the matches, each next one twice the
    last, and what lies beyond the last left to the planner: the windows partition the
    order, so the page is exact whatever the statistics say."""
    text = search_text(query.text)
    if (not text or len(text) < 3 or query.order_by != "created_at"
            or replace(query, text=None, descending=True) != FindingQuery()):
        return None
    pattern = f"%{escape_like(text.lower())}%"
    matches, findings = _estimate(hq, pattern)
    if not findings or not WINDOW_SHARES[0] <= matches / findings <= WINDOW_SHARES[1]:
        return None
    named, bounds = _names_and_bounds(hq, f"%{escape_like(text)}%")
    if named or len(bounds) < 2:
        return None
    # buckets (each about findings / buckets) holding WINDOW_ROOM pages of expected matches
    step = ceil(limit * WINDOW_ROOM * (len(bounds) - 1) / matches)
    ids = _window_page(hq, pattern, bounds, step, limit, query.descending, after)
    return _rows_by_id(hq, ids, query.descending)


def _window_page(hq: PostgresHQ, pattern: str, bounds: list[str], step: int, limit: int,
                 descending: bool, after: tuple[Any, str] | None) -> list[str]:
    """The ids of the page after ``after``, read in windows of ``step`` buckets of the
    histogram ``bounds`` and more."""
    if after is not None:     # only the bounds on the page's side of the cursor
        bounds = [b for b in bounds if (b < after[0] if descending else b > after[0])]
    return _window_ids(hq, pattern, _windows(bounds, step, descending), limit, descending, after)


def _estimate(hq: PostgresHQ, pattern: str) -> tuple[float, float]:
    """The planner's estimates of the findings matching ``pattern`` (pg_trgm's) and of
    all findings, in one plan."""
    plan = hq.conn.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM finding f WHERE {TEXT} LIKE %s "
                           "UNION ALL SELECT 1 FROM finding", [pattern]).fetchone()[0][0]["Plan"]
    matching, every = (part["Plan Rows"] for part in plan["Plans"])
    return float(matching), float(every)


def _names_and_bounds(hq: PostgresHQ, pattern: str) -> tuple[bool, list[str]]:
    """Whether an enterprise's name matches ``pattern`` (its findings then match too:
    the planner's plan serves), and the bounds of the planner's histogram of
    ``created_at``, ascending (empty before the first ANALYZE)."""
    named, bounds = hq.conn.execute(
        f"SELECT EXISTS ({NAMES}), (SELECT s.histogram_bounds::text::text[] FROM pg_class c "
        "JOIN pg_stats s ON s.schemaname = c.relnamespace::regnamespace::text "
        "AND s.tablename = 'finding' AND s.attname = 'created_at' "
        "WHERE c.oid = 'finding'::regclass)", [pattern]).fetchone()
    return named, bounds or []


Window = tuple[str | None, str | None, bool]     # from (inclusive), to (exclusive), forced


def _windows(bounds: list[str], step: int, descending: bool) -> list[Window]:
    """Ranges of ``created_at`` in the page's order covering every value: the first
    ``step`` buckets of ``bounds`` from the page's start, each next window twice the last
    (read with the two indexes ANDed), then all the rest (the planner's plan)."""
    ordered = bounds[::-1] if descending else bounds
    edges, reach, size = [], 0, step
    while len(edges) < WINDOW_SLICES and reach + size < len(ordered):
        reach += size
        edges.append(ordered[reach])
        size *= 2
    cuts = [None, *edges, None]
    windows = []
    for n, (near, far) in enumerate(pairwise(cuts)):
        forced = n < len(edges)
        windows.append((far, near, forced) if descending else (near, far, forced))
    return windows


def _window_ids(hq: PostgresHQ, pattern: str, windows: list[Window], limit: int,
                descending: bool, after: tuple[Any, str] | None) -> list[str]:
    """The ids of the page, window after window until ``limit`` are found. A window is
    read with pg_trgm's bitmap ANDed with the date index's (index scans and sequential
    scans off for that statement: otherwise the planner may walk the date index)."""
    ids: list[str] = []
    with hq.conn.transaction():
        for window in windows:
            sql, params = _window_sql(pattern, window, descending, after)
            _force_bitmaps(hq, window[2])
            ids += [r[0] for r in hq.conn.execute(sql, [*params, limit - len(ids)])]
            if len(ids) >= limit:
                break
        _force_bitmaps(hq, False)
    return ids


def _window_sql(pattern: str, window: Window, descending: bool,
                after: tuple[Any, str] | None) -> tuple[str, list[Any]]:
    """The ids matching ``pattern`` in ``window`` after ``after``, in the page's order
    (the limit is the last parameter, left to the caller)."""
    low, high, _ = window
    clauses, params = ["f.deleted = 0", f"{TEXT} LIKE %s"], [pattern]
    if low is not None:
        clauses.append("f.created_at >= %s")
        params.append(low)
    if high is not None:
        clauses.append("f.created_at < %s")
        params.append(high)
    if after is not None:
        more, values = _after("f.created_at", descending, after, mark="%s")
        clauses.append(more)
        params += values
    direction = "DESC" if descending else "ASC"
    return (f"SELECT f.id FROM finding f WHERE {' AND '.join(clauses)} "
            f"ORDER BY f.created_at {direction}, f.id {direction} LIMIT %s", params)


def _force_bitmaps(hq: PostgresHQ, on: bool) -> None:
    """Index and sequential scans off (bitmaps only) for this transaction, or back to
    the session's settings."""
    value = "off" if on else "DEFAULT"
    hq.conn.execute(f"SET LOCAL enable_indexscan TO {value}; "
                    f"SET LOCAL enable_seqscan TO {value}")


def _rows_by_id(hq: PostgresHQ, ids: list[str], descending: bool) -> list[dict]:
    if not ids:
        return []
    direction = "DESC" if descending else "ASC"
    return _rows(hq, f"SELECT {PAGE_COLUMNS}, f.created_at AS sort_value {_FROM} "
                     f"WHERE f.id = ANY(%s) ORDER BY f.created_at {direction}, f.id {direction}",
                 [ids])

def _uninstalled_checklist_ids(hq: PostgresHQ, rows: list[dict]) -> dict[tuple[str, str], str]:
    wanted = sorted({r["inspection_id"] for r in rows
                     if r["checklist_hash"] and r["checklist_id"] is None})
    if not wanted:
        return {}
    found = hq.conn.execute(
        "SELECT i.id, j ->> 'hash', j ->> 'id' FROM inspection i, "
        "jsonb_array_elements(i.checklists::jsonb) j WHERE i.id = ANY(%s) "
        "AND jsonb_typeof(j) = 'object'", [wanted]).fetchall()
    return {(insp, digest): cid for insp, digest, cid in found if digest and cid}


def count_findings(hq: PostgresHQ, query: FindingQuery) -> int:
    clause, params = where(hq, query)
    return hq.conn.execute(f"SELECT COUNT(*) {_FROM} WHERE {clause}", params).fetchone()[0]


def search(hq: PostgresHQ, text: str, *, limit: int) -> list[Finding]:
    """The newest findings whose description or note contains ``text`` (any length)."""
    text = search_text(text)
    if not text:
        return []
    clause, params = where(hq, FindingQuery(text=text))
    rows = _rows(hq, f"SELECT f.* {_FROM} WHERE {clause} ORDER BY f.created_at DESC, f.id DESC "
                     "LIMIT %s", [*params, limit])
    return [Finding.from_row(r) for r in rows]


def hazard_counts(hq: PostgresHQ, today: date) -> dict[str, int]:
    row = hq.conn.execute(HAZARD_COUNTS_SQL.replace("?", "%s"), [today.isoformat()]).fetchone()
    return {k: int(v or 0) for k, v in zip(HAZARD_COUNT_KEYS, row)}


def statistics(hq: PostgresHQ, *, by: str, today: date | None = None) -> list[StatRow]:
    """Figures per group (as ``storage.ledger.statistics``): one row per group from
    ``stat_key``, overdue as the outstanding findings with a deadline (``dated``) less
    those due on ``today`` or later (few: the recent ones, through ``finding_stat_dated``),
    and enterprises' names joined to their rows."""
    _check_group(by)
    day = (today or hq.today()).isoformat()
    name = "e.name" if by == "enterprise" else "NULL"
    join = "LEFT JOIN enterprise e ON e.id = k.key" if by == "enterprise" else ""
    rows = hq.conn.execute(
        f"SELECT k.key, {name}, k.inspections, k.hazards, k.major, k.rectified, k.closed, "
        "k.dated - COALESCE(d.due, 0) FROM stat_key k LEFT JOIN (SELECT key, SUM(n) AS due "
        "FROM finding_stat WHERE dim = %s AND deadline <> '' AND deadline >= %s GROUP BY key) d "
        f"ON d.key = k.key {join} WHERE k.dim = %s AND (k.inspections <> 0 OR k.hazards <> 0)",
        [by, day, by]).fetchall()
    stats = [StatRow(key, _group_label(by, key, named), *map(int, figures))
             for key, named, *figures in rows]
    return sorted(stats, key=lambda s: (-s.hazards, -s.inspections, s.label))


def _group_label(by: str, key: str, name: str | None) -> str:
    """What a group is called: an enterprise's name (its id if it is not here), a
    district ('' is 未填写区域), an equipment kind's Chinese name."""
    if by == "district" and key == "":
        return "未填写区域"
    return _label(by, name if name is not None else key)


def totals(hq: PostgresHQ, *, today: date | None = None) -> StatRow:
    rows = statistics(hq, by="district", today=today)
    return StatRow("", "合计", *(sum(getattr(r, f) for r in rows) for f in
                               ("inspections", "hazards", "major", "rectified", "closed", "overdue")))


def statistics_scan(hq: PostgresHQ, *, by: str, today: date | None = None) -> list[StatRow]:
    """``statistics`` from the tables (rebuilding the summary in a transaction rolled
    back): the tests' reference."""
    from . import summary

    class _Undo(Exception):
        pass

    result: list[StatRow] = []
    try:
        with hq.conn.transaction(), hq.conn.cursor() as cur:
            summary.rebuild(cur)
            result = statistics(hq, by=by, today=today)
            raise _Undo
    except _Undo:
        pass
    return result


def ledger_rows(hq: PostgresHQ, query: FindingQuery = FindingQuery(), *,
                today: date | None = None) -> Iterator[LedgerLine]:
    """Every finding matching ``query``, oldest first, read by a server-side cursor."""
    clause, params = where(hq, query)
    day = today or hq.today()
    with hq.conn.transaction(), hq.conn.cursor(name="sitecheck_ledger") as cur:
        cur.itersize = 2000
        cur.execute(f"{LEDGER_LINE_SELECT}WHERE {clause} ORDER BY i.started_at NULLS FIRST, f.created_at, f.id",
                    params)
        for row in cur:
            yield ledger_line(row, day)


# ----- what the GUI ledger's count and filter lists read (as the workspace answers) -----
def estimate_findings(hq: PostgresHQ, query: FindingQuery) -> int | None:
    """The count at once from the summary, or None (``storage.ledger.estimate``)."""
    sql = estimate_sql(query)
    if sql is None:
        return None
    text, params = sql
    return int(hq.conn.execute(text.replace("?", "%s"), params).fetchone()[0] or 0)


def enterprise_choices(hq: PostgresHQ, *, limit: int = 5000) -> list[tuple[str, str]]:
    """(id, name) of the live enterprises by name (``Workspace.enterprises``' order)."""
    return [(r[0], r[1]) for r in hq.conn.execute(
        "SELECT id, name FROM enterprise WHERE deleted = 0 ORDER BY name, id LIMIT %s", [limit])]


def districts(hq: PostgresHQ) -> list[str]:
    """The districts live enterprises are in (``Workspace.report_districts``)."""
    return [r[0] for r in hq.conn.execute(
        "SELECT DISTINCT district FROM enterprise WHERE deleted = 0 AND district IS NOT NULL "
        "AND district <> '' ORDER BY district")]


def checklist_titles(hq: PostgresHQ) -> list[tuple[str, str]]:
    """(id, title) of the newest version of every checklist, by id
    (``Workspace.checklist_titles``; nothing parsed)."""
    return [(r[0], r[1]) for r in hq.conn.execute(
        "SELECT id, title FROM checklist c WHERE installed_at = "
        "(SELECT MAX(installed_at) FROM checklist WHERE id = c.id) ORDER BY id")]
