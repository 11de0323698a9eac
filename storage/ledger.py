"""The hazard ledger as the program reads it: the filters (``FindingQuery``), one
page of the ledger for the GUI, counts, text search, the home view's figures, the
headquarters statistics the work reports quote (排查隐患 N 项、整改销号 M 项、销号率)
and the flat ``LedgerLine`` rows of the exported ledger.

Whether a finding is overdue is decided once, in ``checklists.common.vocabulary``
(``OUTSTANDING``, ``is_overdue``); SQL uses ``overdue_sql()``, built from it.
The ``Workspace`` methods ``ledger``, ``count_findings``, ``search_findings`` and
``hazard_counts`` call these functions.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from checklists.common.errors import InvalidInput
from checklists.common.messages import Listing
from checklists.common.vocabulary import (
    OUTSTANDING,
    EquipmentKind,
    FindingState,
    HazardLevel,
    Rectification,
    SupervisionState,
    is_overdue,
)

from . import fts, supervision, textplan
from .records import Finding
from .validate import search_text

if TYPE_CHECKING:
    from .workspace import Workspace


def overdue_sql(alias: str = "f") -> str:
    """SQL for "overdue on the day bound to the next ``?``" (see ``is_overdue``)."""
    states = ", ".join(f"'{s}'" for s in sorted(OUTSTANDING))
    return (f"({alias}.state IN ({states}) AND {alias}.deadline IS NOT NULL "
            f"AND {alias}.deadline < ?)")


@dataclass(frozen=True)
class FindingQuery:
    """Filters of the hazard ledger; ``None`` means "any"."""

    enterprise_id: str | None = None
    inspection_id: str | None = None
    states: tuple[FindingState, ...] | None = None
    level: HazardLevel | None = None
    overdue_on: date | None = None          # only findings past their deadline on this day
    district: str | None = None
    checklist_id: str | None = None
    text: str | None = None                 # substring of description, note or enterprise name
    supervised: bool = False                # only findings under 挂牌督办 (not yet 摘牌)
    supervision_overdue_on: date | None = None  # only those 逾期督办 on this day
    order_by: str = "created_at"
    descending: bool = True


@dataclass(frozen=True)
class LedgerRow:
    """One line of the hazard ledger: a finding with its enterprise's name and district,
    and the checklist it came from (``checklist_title`` is None when that checklist
    version is not installed here; ``checklist_id`` then comes from the inspection)."""

    finding: Finding
    enterprise_name: str
    district: str | None
    checklist_id: str | None
    checklist_title: str | None = None
    sort_value: Any = None      # the value the page is sorted by (``page(after=...)``)
    supervision_deadline: str | None = None     # 督办期限 while under 挂牌督办 (not yet 摘牌)

    def supervision_state(self, today: date) -> SupervisionState | None:
        """督办中 / 逾期督办 while listed, else None (``storage.supervision.state_of``)."""
        if self.supervision_deadline is None:
            return None
        return supervision.state_of(None, self.supervision_deadline, today)

    @property
    def cursor(self) -> tuple[Any, str]:
        """Where the next page starts: ``page(query, after=row.cursor)``."""
        return self.sort_value, self.finding.id

    @property
    def checklist_label(self) -> str:
        """What the ledger shows: the title, else the id, else nothing."""
        return self.checklist_title or self.checklist_id or ""


def _rank(column: str, enum) -> str:
    """SQL ranking a stored code by its place in ``enum`` (the order of the closed loop,
    of severity, of the rectification modes), so a sorted column reads in that order."""
    cases = " ".join(f"WHEN '{member}' THEN {n}" for n, member in enumerate(enum))
    return f"(CASE {column} {cases} ELSE {len(enum)} END)"


# Each order is read from an index in the page's order, with f.id as the tie-break
# (a backward scan for a descending page): (created_at, id), (deadline, id), and for
# the codes ranked by ``_rank`` an index on (that very expression, id) (workspace
# migration 16, PostgreSQL migration 7; tests/hq/test_ledger_sort.py checks that the
# indexes' expressions are still these).
LEDGER_ORDER = {
    "created_at": "f.created_at",
    "deadline": "f.deadline",
    "state": _rank("f.state", FindingState),
    "level": _rank("f.level", HazardLevel),
    "rectification": _rank("f.rectification", Rectification),
    "enterprise": "e.name",
    "district": "e.district",
    "description": "f.description",
    "checklist": "c.title",
}
RANKED = ("state", "level", "rectification")        # orders by a code's rank
# Orders whose value is never NULL: a page after a cursor needs no NULL branch there
# (an OR with one would keep PostgreSQL from reading the index from the cursor on).
NEVER_NULL = frozenset(LEDGER_ORDER[k] for k in ("created_at", *RANKED, "enterprise", "description"))


def ledger_where(ws: Workspace, query: FindingQuery, *,
                 checklist_hashes: list[str] | None = None) -> tuple[str, list[Any]]:
    """SQL condition and parameters for a ledger query over ``finding f JOIN enterprise e
    LEFT JOIN checklist c`` (the GUI ledger and the exported ledger use the same filters).

    The district is read from the finding's own copy (``enterprise_district``, indexed
    in the ledger's order); a checklist id becomes the hashes of its installed versions
    (``checklist_hashes``: those to use instead), so the index on
    ``finding(checklist_hash, created_at, id)`` is read, not every finding."""
    clauses, params = ["f.deleted = 0"], []
    simple = (("f.enterprise_id", query.enterprise_id), ("f.inspection_id", query.inspection_id),
              ("f.level", query.level and str(query.level)),
              ("f.enterprise_district", query.district))
    for column, value in simple:
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if query.checklist_id:
        hashes = checklist_versions(ws, query.checklist_id) if checklist_hashes is None \
            else checklist_hashes
        clauses.append(f"f.checklist_hash IN ({', '.join('?' for _ in hashes)})" if hashes else "0")
        params += hashes
    if query.states:
        clauses.append(f"f.state IN ({', '.join('?' for _ in query.states)})")
        params += [str(s) for s in query.states]
    if query.overdue_on:
        clauses.append(overdue_sql("f"))
        params.append(query.overdue_on.isoformat())
    if query.supervised or query.supervision_overdue_on:
        clause, more = _supervision_clause(query)
        clauses.append(clause)
        params += more
    text = search_text(query.text)
    if text:
        clause, text_params = _text_clause(ws, text)
        clauses.append(clause)
        params += text_params
    return " AND ".join(clauses), params


def _supervision_clause(query: FindingQuery) -> tuple[str, list[Any]]:
    """Findings with a listing not yet 摘牌 (``storage/supervision.py``), past its
    deadline on ``supervision_overdue_on`` when given."""
    if query.supervision_overdue_on:
        return (f"f.id IN (SELECT s.finding_id FROM supervision s WHERE {supervision.overdue_sql('s')})",
                [query.supervision_overdue_on.isoformat()])
    return f"f.id IN (SELECT s.finding_id FROM supervision s WHERE {supervision.active_sql('s')})", []


def checklist_versions(ws: Workspace, checklist_id: str) -> list[str]:
    """The hashes of every installed version of a checklist (nothing parsed)."""
    return [r[0] for r in ws.execute("SELECT hash FROM checklist WHERE id = ? ORDER BY hash",
                                     [checklist_id])]


def _text_clause(ws: Workspace, text: str) -> tuple[str, list[Any]]:
    """Description or note (the full-text index) or the enterprise's name.  Enterprises
    are few next to findings: their names are scanned first, and only when some match
    are their findings added, through ``finding_enterprise`` (SQLite's multi-index OR,
    so neither half scans the findings)."""
    in_text = "f.rowid IN (SELECT rowid FROM finding_fts WHERE finding_fts MATCH ?)"
    names = "SELECT id FROM enterprise WHERE name LIKE ? ESCAPE '\\'"
    pattern = f"%{escape_like(text)}%"
    if ws.execute(names + " LIMIT 1", [pattern]).fetchone() is None:
        return in_text, [fts.match_expression(text)]
    return f"({in_text} OR f.enterprise_id IN ({names}))", [fts.match_expression(text), pattern]


def escape_like(text: str) -> str:
    """``text`` as a literal inside a LIKE pattern with ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_FROM = ("FROM finding f JOIN enterprise e ON e.id = f.enterprise_id "
         "LEFT JOIN checklist c ON c.hash = f.checklist_hash")
LEDGER_FROM = _FROM


def page(ws: Workspace, query: FindingQuery, *, limit: int, offset: int = 0,
         after: tuple[Any, str] | None = None) -> list[LedgerRow]:
    """One page of findings with enterprise name and district, filtered and sorted.

    ``after``: the ``cursor`` of the last row of the previous page; the page then
    starts right after it by key (an index range, however deep the page), not by
    skipping ``offset`` rows.  A text filter in an indexed order is answered by
    ``textplan`` (walking that order, or the full-text index first)."""
    text = search_text(query.text)
    if text and not offset and query.order_by in textplan.WALKED:
        rows = textplan.first_rows(ws, query, text, limit=limit, after=after)
    else:
        rows = page_rows(ws, query, limit=limit, offset=offset, after=after)
    missing = _uninstalled_checklist_ids(ws, rows)
    return [LedgerRow(Finding.from_row(r), r["enterprise_name"], r["district"],
                      r["checklist_id"] or missing.get((r["inspection_id"], r["checklist_hash"])),
                      r["checklist_title"], r["sort_value"], r["supervision_deadline"])
            for r in rows]


PAGE_COLUMNS = ("f.*, e.name AS enterprise_name, e.district AS district, c.id AS checklist_id, "
                "c.title AS checklist_title, (SELECT MIN(s.deadline) FROM supervision s WHERE s.finding_id = f.id "
                f"AND {supervision.active_sql('s')}) AS supervision_deadline")


class Seek(NamedTuple):
    """Where a page starts: a condition and its parameters; ``by_id``: the condition
    holds the sort value to one value, so the rows are in the order of their ids."""

    clause: str
    params: list[Any]
    by_id: bool = False


def page_sql(ws: Workspace, query: FindingQuery, *, after: tuple[Any, str] | None = None,
             columns: str = PAGE_COLUMNS, checklist_hashes: list[str] | None = None,
             until: tuple[str, str] | None = None, seek: Seek | None = None,
             also: tuple[str, list[Any]] | None = None) -> tuple[str, list[Any]]:
    """The page query without LIMIT: ``columns`` plus ``sort_value``, in page order.
    ``until`` (order by date only): the (created_at, id) of the last row to include;
    ``seek``: where to start, instead of after ``after``; ``also``: one more condition and
    its parameters (the text plan's, storage/textplan.py)."""
    where, params = ledger_where(ws, query, checklist_hashes=checklist_hashes)
    order = LEDGER_ORDER.get(query.order_by, "f.created_at")
    direction = "DESC" if query.descending else "ASC"
    if seek is None and after is not None:
        seek = Seek(*_after(order, query.descending, after))
    if seek is not None:
        where, params = f"{where} AND {seek.clause}", [*params, *seek.params]
    if until is not None:
        where = f"{where} AND (f.created_at, f.id) {'>=' if query.descending else '<='} (?, ?)"
        params = [*params, *until]
    if also is not None:
        where, params = f"{where} AND {also[0]}", [*params, *also[1]]
    keys = f"f.id {direction}" if seek and seek.by_id else f"{order} {direction}, f.id {direction}"
    return f"SELECT {columns}, {order} AS sort_value {_FROM} WHERE {where} ORDER BY {keys}", params


def page_rows(ws: Workspace, query: FindingQuery, *, limit: int, offset: int = 0,
              after: tuple[Any, str] | None = None) -> list[dict]:
    """The rows of a page.  A checklist with several installed versions is read one
    version at a time (each an index range in page order) and the parts merged, since
    an IN list on the index's first column would sort every matching finding; so is a
    page by rank after a cursor (``_seeks``)."""
    hashes = checklist_versions(ws, query.checklist_id) if query.checklist_id else []
    versions = [[digest] for digest in hashes] if len(hashes) > 1 else [None]
    seeks = _seeks(query, after)
    if len(versions) == 1 and len(seeks) == 1:
        sql, params = page_sql(ws, query, seek=seeks[0])
        return list(ws.query(f"{sql} LIMIT ? OFFSET ?", [*params, limit, offset]))
    parts, params = [], []
    for digests in versions:
        for seek in seeks:
            sql, more = page_sql(ws, query, checklist_hashes=digests, seek=seek)
            parts.append(f"SELECT * FROM ({sql} LIMIT ?)")
            params += [*more, limit + offset]
    direction = "DESC" if query.descending else "ASC"
    return list(ws.query(" UNION ALL ".join(parts) + f" ORDER BY sort_value {direction}, "
                         f"id {direction} LIMIT ? OFFSET ?", [*params, limit, offset]))


def _seeks(query: FindingQuery, after: tuple[Any, str] | None) -> list[Seek | None]:
    """Where a page starts: ``_after`` (one index range), or nothing without a cursor.
    SQLite compares no row value with an index's expression (it would walk the index
    from its end), so a page by rank starts with two ranges: the cursor's rank after
    its id (in id order: SQLite would sort them by the rank held to one value), and
    the ranks after that one."""
    if after is None:
        return [None]
    order = LEDGER_ORDER.get(query.order_by, "f.created_at")
    if query.order_by not in RANKED:
        return [Seek(*_after(order, query.descending, after))]
    value, fid = after
    op = "<" if query.descending else ">"
    return [Seek(f"{order} = ? AND f.id {op} ?", [value, fid], by_id=True),
            Seek(f"{order} {op} ?", [value])]


def after_clause(order: str, descending: bool,
                 cursor: tuple[Any, str] | None) -> tuple[str, list[Any]]:
    """``_after``, or a condition always true when there is no cursor."""
    return ("1", []) if cursor is None else _after(order, descending, cursor)


def _after(order: str, descending: bool, cursor: tuple[Any, str], mark: str = "?") -> tuple[str, list[Any]]:
    """Rows after ``cursor`` (sort value, id) in the page order, with ``mark`` as the
    parameter placeholder (PostgreSQL's ``%s``; its ledger orders NULLs the same way).
    SQLite puts NULL first ascending and last descending; a row value comparison is an
    index range (for an order never NULL, the whole condition)."""
    value, fid = cursor
    if order in NEVER_NULL:
        return f"({order}, f.id) {'<' if descending else '>'} ({mark}, {mark})", [value, fid]
    if value is None:
        if descending:
            return f"({order} IS NULL AND f.id < {mark})", [fid]
        return f"(({order} IS NULL AND f.id > {mark}) OR {order} IS NOT NULL)", [fid]
    if descending:
        return f"(({order}, f.id) < ({mark}, {mark}) OR {order} IS NULL)", [value, fid]
    return f"({order}, f.id) > ({mark}, {mark})", [value, fid]


def _uninstalled_checklist_ids(ws: Workspace, rows: list[dict]) -> dict[tuple[str, str], str]:
    """(inspection id, checklist hash) -> checklist id, from the inspections' own record
    of their checklists, for the rows of a page whose checklist version is not installed
    here (headquarters may hold findings of a checklist it never received)."""
    wanted = sorted({r["inspection_id"] for r in rows
                     if r["checklist_hash"] and r["checklist_id"] is None})
    if not wanted:
        return {}
    marks = ", ".join("?" for _ in wanted)
    found = ws.execute(
        "SELECT i.id, json_extract(j.value, '$.hash'), json_extract(j.value, '$.id') "
        f"FROM inspection i, json_each(i.checklists) j WHERE i.id IN ({marks})", wanted)
    return {(insp, digest): cid for insp, digest, cid in found if digest and cid}


def count(ws: Workspace, query: FindingQuery) -> int:
    where, params = ledger_where(ws, query)
    return ws.execute(f"SELECT COUNT(*) {_FROM} WHERE {where}", params).fetchone()[0]


def estimate(ws: Workspace, query: FindingQuery) -> int | None:
    """The count at once, from the statistics summary, for the filters it holds (states,
    level, overdue, district); None for others (enterprise, inspection, checklist, text).
    Close, not exact: the summary counts findings under their inspection's enterprise
    (the GUI shows it as "约 N" until ``count`` has run off the UI thread)."""
    sql = estimate_sql(query)
    if sql is None:
        return None
    row = ws.execute(*sql)
    return int(row.fetchone()[0] or 0)


def estimate_sql(query: FindingQuery) -> tuple[str, list[Any]] | None:
    """The summary's query of ``estimate`` (``?`` placeholders; the same on PostgreSQL's
    summary), or None for a filter the summary does not hold."""
    if query.enterprise_id or query.inspection_id or query.checklist_id or search_text(query.text) \
            or query.supervised or query.supervision_overdue_on:
        return None
    clauses, params = ["dim = ?", "key = ?"], ["district", query.district] if query.district \
        else ["all", ""]
    if query.level:
        clauses.append("level = ?")
        params.append(str(query.level))
    if query.states:
        clauses.append(f"state IN ({', '.join('?' for _ in query.states)})")
        params += [str(s) for s in query.states]
    if query.overdue_on:
        clauses.append("deadline != '' AND deadline < ?")
        params.append(query.overdue_on.isoformat())
    return f"SELECT SUM(n) FROM finding_stat WHERE {' AND '.join(clauses)}", params


def search(ws: Workspace, text: str, *, limit: int) -> list[Finding]:
    """The newest findings whose description or note contains ``text`` (any length)."""
    text = search_text(text)
    if not text:
        return []
    rows = ws.query(
        "SELECT * FROM finding WHERE rowid IN (SELECT rowid FROM finding_fts "
        "WHERE finding_fts MATCH ? ORDER BY rowid DESC LIMIT ?) AND deleted = 0 "
        "ORDER BY rowid DESC", [fts.match_expression(text), limit])
    return [Finding.from_row(r) for r in rows]


# The home view's figures from the summary, on either engine (``?``: the day).
HAZARD_COUNTS_SQL = ("SELECT SUM(CASE WHEN state <> 'closed' THEN n END), "
                     "SUM(CASE WHEN deadline <> '' AND deadline < ? THEN n END), "
                     "SUM(CASE WHEN state <> 'closed' AND level = 'major' THEN n END), "
                     "SUM(CASE WHEN state = 'closed' THEN n END), SUM(n) "
                     "FROM finding_stat WHERE dim = 'all'")
HAZARD_COUNT_KEYS = ("open", "overdue", "major_open", "closed", "total")


def hazard_counts(ws: Workspace, today: date) -> dict[str, int]:
    """The home view's figures: open, overdue, major open, closed, total (from the
    summary: a few rows per state and deadline day, never the findings)."""
    row = ws.execute(HAZARD_COUNTS_SQL, [today.isoformat()]).fetchone()
    return {k: int(v or 0) for k, v in zip(HAZARD_COUNT_KEYS, row)}


def hazard_counts_scan(ws: Workspace, today: date) -> dict[str, int]:
    """``hazard_counts`` by a full scan of the findings (the tests' and benchmark's reference)."""
    row = ws.execute(
        f"SELECT SUM(f.state != 'closed'), SUM({overdue_sql('f')}), "
        "SUM(f.state != 'closed' AND f.level = 'major'), SUM(f.state = 'closed'), COUNT(*) "
        "FROM finding f WHERE f.deleted = 0", [today.isoformat()]).fetchone()
    keys = ("open", "overdue", "major_open", "closed", "total")
    return {k: int(v or 0) for k, v in zip(keys, row)}


# by -> (key expression, label expression, extra FROM for inspections)
GROUPS = {
    "district": ("COALESCE(e.district, '')", "COALESCE(e.district, '未填写区域')"),
    "enterprise": ("e.id", "e.name"),
    "equipment_kind": ("COALESCE(q.kind, '')", "COALESCE(q.kind, '')"),
    "inspector": ("json_extract(p.value, '$.name')", "json_extract(p.value, '$.name')"),
    "month": ("substr(i.started_at, 1, 7)", "substr(i.started_at, 1, 7)"),
}
BY_ZH = {"district": "区域", "enterprise": "企业", "equipment_kind": "设备类别",
         "inspector": "执法人员", "month": "月份"}


class StatRow(NamedTuple):
    """One group's figures.  ``closure_rate`` = closed / hazards (0 when none).

    A named tuple (immutable, compared by value, read by attribute): a grouping of
    20,000 enterprises makes 20,000 of them, and a tuple is made in C."""

    key: str
    label: str
    inspections: int = 0
    hazards: int = 0
    major: int = 0
    rectified: int = 0      # rectified or closed (整改完成)
    closed: int = 0         # closed (销号)
    overdue: int = 0        # open/ordered past the deadline on ``today``

    @property
    def closure_rate(self) -> float:
        return self.closed / self.hazards if self.hazards else 0.0


def _from(by: str) -> str:
    base = ("FROM inspection i JOIN enterprise e ON e.id = i.enterprise_id "
            "LEFT JOIN equipment q ON q.id = i.equipment_id")
    return base + (", json_each(i.inspectors) p" if by == "inspector" else "")


def _check_group(by: str) -> None:
    if by not in GROUPS:
        raise InvalidInput("分组", "不支持按 {by!r} 统计", hint="可选：{options}", by=by, options=Listing(GROUPS))


def statistics(ws: Workspace, *, by: str, today: date | None = None,
               period: tuple[date, date] | None = None) -> list[StatRow]:
    """Figures per district, enterprise, equipment_kind, inspector or month; with
    ``period`` (first and last day) only of the inspections started in it, read by
    ``statistics_scan`` (the summary holds no dates).

    Inspections count once per group (for ``inspector``, once per inspector on
    it); hazards are the findings of those inspections.  Rows are sorted by
    hazards, then inspections, descending.  Read from the summary kept by
    triggers (``storage/summary.py``): one row per group (``stat_key``),
    and overdue as the outstanding findings with a deadline less those due on
    ``today`` or later (few: the recent ones, read through ``finding_stat_dated``).
    """
    if period is not None:
        return statistics_scan(ws, by=by, today=today, period=period)
    _check_group(by)
    day = (today or ws.today()).isoformat()
    names, label = _KEY_LABELS.get(by, ("", "COALESCE(NULLIF(k.key, ''), '未填写')"))
    rows = ws.execute(
        f"SELECT k.key, {label} AS label, k.inspections, k.hazards, k.major, k.rectified, "
        "k.closed, k.dated - COALESCE(d.due, 0) FROM stat_key k LEFT JOIN (SELECT key, "
        "SUM(n) AS due FROM finding_stat INDEXED BY finding_stat_dated WHERE dim = ? "
        f"AND deadline != '' AND deadline >= ? GROUP BY key) d ON d.key = k.key {names} "
        "WHERE k.dim = ? AND (k.inspections != 0 OR k.hazards != 0) "
        "ORDER BY k.hazards DESC, k.inspections DESC, label", [by, day, by]).fetchall()
    if by == "equipment_kind":
        rows = sorted(((k, _label(by, k), *figures) for k, _, *figures in rows),
                      key=lambda r: (-r[3], -r[2], r[1]))
    return list(map(StatRow._make, rows))


# by -> (join, label in SQL) for the summary's keys: enterprise names, a missing district
_KEY_LABELS = {
    "enterprise": ("LEFT JOIN enterprise e ON e.id = k.key",
                   "CASE WHEN e.id IS NULL THEN COALESCE(NULLIF(k.key, ''), '未填写') "
                   "ELSE COALESCE(NULLIF(e.name, ''), '未填写') END"),
    "district": ("", "COALESCE(NULLIF(k.key, ''), '未填写区域')"),
}


def statistics_scan(ws: Workspace, *, by: str, today: date | None = None,
                    period: tuple[date, date] | None = None) -> list[StatRow]:
    """``statistics`` by a full scan of inspections and findings (the tests' and the
    benchmark's reference; the summary must always give the same rows); ``period``:
    only inspections started on its first day to its last (stored local dates)."""
    _check_group(by)
    key, label = GROUPS[by]
    day = (today or ws.today()).isoformat()
    within, span = "", []
    if period is not None:
        within, span = " AND substr(i.started_at, 1, 10) BETWEEN ? AND ?", [d.isoformat() for d in period]
    rows: dict[str, dict] = {}
    for k, lab, n in ws.execute(
            f"SELECT {key}, {label}, COUNT(DISTINCT i.id) {_from(by)} WHERE i.deleted = 0{within} "
            f"GROUP BY 1", span):
        rows[k] = {"key": k, "label": _label(by, lab), "inspections": n}
    for k, lab, *figures in ws.execute(
            f"SELECT {key}, {label}, COUNT(*), SUM(f.level = 'major'), "
            "SUM(f.state IN ('rectified', 'closed')), SUM(f.state = 'closed'), "
            f"SUM({overdue_sql('f')}) "
            f"{_from(by)} JOIN finding f ON f.inspection_id = i.id "
            f"WHERE i.deleted = 0 AND f.deleted = 0{within} GROUP BY 1", [day, *span]):
        entry = rows.setdefault(k, {"key": k, "label": _label(by, lab), "inspections": 0})
        entry.update(zip(("hazards", "major", "rectified", "closed", "overdue"),
                         (int(v or 0) for v in figures)))
    stats = [StatRow(**r) for r in rows.values()]
    return sorted(stats, key=lambda s: (-s.hazards, -s.inspections, s.label))


def totals(ws: Workspace, *, today: date | None = None, period: tuple[date, date] | None = None) -> StatRow:
    """All devices together (the headline figures)."""
    rows = statistics(ws, by="district", today=today, period=period)
    return StatRow("", "合计", *(sum(getattr(r, f) for r in rows) for f in
                               ("inspections", "hazards", "major", "rectified", "closed", "overdue")))


def _label(by: str, value: str | None) -> str:
    if by == "equipment_kind":
        try:
            return EquipmentKind(value).label_zh
        except ValueError:
            return "综合（无设备）"
    return value or "未填写"


@dataclass(frozen=True)
class LedgerLine:
    """One finding as the ledger (台账) prints it."""

    finding_id: str
    enterprise: str
    credit_code: str | None
    district: str | None
    equipment_kind: str | None
    register_code: str | None
    inspected_on: str
    inspectors: str
    checklist: str | None
    item_id: str | None
    description: str
    level: str
    basis: str
    measure: str | None
    rectification: str
    deadline: str | None
    state: str
    state_at: str
    overdue: bool
    device: str


# The ledger file's row (export/ledger.py), read the same way on either engine
# (storage/hq/postgres/ledger.py adds its own WHERE and ORDER BY).
LEDGER_LINE_SELECT = (
    "SELECT f.id, e.name, e.credit_code, e.district, q.kind, q.register_code, i.started_at, "
    "i.inspectors, c.title, f.item_id, f.description, f.level, f.basis, f.measure, "
    "f.rectification, f.deadline, f.state, f.state_at, d.name "
    "FROM finding f JOIN enterprise e ON e.id = f.enterprise_id "
    "LEFT JOIN checklist c ON c.hash = f.checklist_hash "
    "LEFT JOIN inspection i ON i.id = f.inspection_id "
    "LEFT JOIN equipment q ON q.id = f.equipment_id "
    "LEFT JOIN device d ON d.id = f.device_id ")


def ledger_line(row: tuple, day: date) -> LedgerLine:
    """One row of ``LEDGER_LINE_SELECT`` as the ledger file prints it."""
    (fid, ent, code, district, kind, reg, started, people, title, item, desc, level, basis,
     measure, rect, deadline, state, state_at, device) = row
    return LedgerLine(
        fid, ent, code, district, kind and EquipmentKind(kind).label_zh, reg,
        (started or "")[:10], "、".join(p["name"] for p in json.loads(people or "[]")), title,
        item, desc, HazardLevel(level).label_zh, "；".join(json.loads(basis or "[]")), measure,
        Rectification(rect).label_zh, deadline, FindingState(state).label_zh, state_at[:10],
        is_overdue(state, deadline, day), device or "")


def ledger_rows(ws: Workspace, query: FindingQuery = FindingQuery(), *,
                today: date | None = None) -> Iterator[LedgerLine]:
    """Every finding matching ``query`` across all devices, oldest first."""
    where, params = ledger_where(ws, query)
    day = today or ws.today()
    cur = ws.execute(f"{LEDGER_LINE_SELECT}WHERE {where} ORDER BY i.started_at, f.created_at, f.id", params)
    for row in cur:
        yield ledger_line(row, day)
