"""The SQL side of the headquarters -> field pack: checklists, the enterprise and
equipment registries, the plans and their drawn tasks, the 挂牌督办 listings, and
document-number blocks per device.

A listing names a finding; a field laptop takes only the listings of findings it
holds (the others come again with every pack, and are taken once their finding is there).

With a PostgreSQL headquarters the pack is still made from the issuing desk's workspace
(it holds the signing key and what only the desk writes), but the enterprise and
equipment registries are the union of the desk's and headquarters' database's
(``UnionSource``, ``united``): one row per id, headquarters' only where it is the same
device's row with a later ``updated_at`` (the merge's rule, the desk's row being the
one held).  See docs/headquarters.md, Packs and the signing key.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from checklists import load_text
from checklists.common.errors import BundleRejected, ChecklistInvalid, InvalidInput
from checklists.common.messages import Msg
from checklists.common.progress import Progress, Steps

from .. import certs, numbering
from ..workspace import Workspace
from . import merging, rules
from .merging import MergeReport, Rows, Tables
from .selection import CHUNK_ROWS, TableSource, source

PACK_TABLES = ("checklist", "enterprise", "equipment", "plan", "plan_task", "supervision", "number_block",
               *certs.TRUST_COLUMNS)
REGISTRIES = ("enterprise", "equipment", "plan", "plan_task", "supervision")     # merged as records
BLOCK_COLUMNS = ("device_id", "series", "year", "first", "last", "assigned_at")
# A registry row to unite: (id, device_id, updated_at, 0 from the desk / 1 from
# headquarters' database, the row as a JSON array); ``HqRows(table, columns)`` streams the
# database's rows of a table by id.
KeyedRow = tuple[str, str, str, int, str]
HqRows = Callable[[str, Sequence[str]], Iterator[KeyedRow]]



def assign_block(ws: Workspace, device_id: str, series: str, year: int, first: int,
                 last: int) -> dict:
    """Give a device a block of document numbers (headquarters side)."""
    problem = numbering.block_problem(series, year, first, last)
    if problem:
        raise InvalidInput("编号段", problem, hint="请改正后重新分配")
    clash = ws.execute(
        "SELECT device_id, first, last FROM number_block WHERE series = ? AND year = ? "
        "AND first <= ? AND last >= ?", [series, year, last, first]).fetchone()
    if clash:
        raise InvalidInput("编号段", "与已分配给设备 {device} 的 {first}-{last} 重叠",
                           hint="请换一个编号段", device=clash[0], first=clash[1], last=clash[2])
    row = dict(zip(BLOCK_COLUMNS, (device_id, series.strip(), year, first, last, ws.now())))
    with ws.transaction():
        ws.db["number_block"].insert(row)
    return row


@dataclass
class UnionSource:
    """A registry of the desk's workspace united with headquarters' database's (``hq_rows``
    streams its rows by id); ``from_hq`` counts, as the part is written, the rows taken
    from headquarters' database."""

    desk: TableSource
    hq_rows: HqRows
    from_hq: int = 0

    @property
    def table(self) -> str:
        return self.desk.table

    @property
    def columns(self) -> list[str]:
        return self.desk.columns


def select_pack(ws: Workspace, hq_rows: HqRows | None = None) -> list[TableSource | UnionSource]:
    """Everything a pack carries: non-built-in checklists, registries, number blocks; with
    ``hq_rows`` (a PostgreSQL headquarters' reader), its enterprises and equipment too."""
    def registry(table: str) -> TableSource | UnionSource:
        desk = source(ws, table, "1")
        return UnionSource(desk, hq_rows) if hq_rows else desk
    return [
        source(ws, "checklist", "source NOT LIKE 'builtin:%'", order="id, installed_at",
               cols=merging.CHECKLIST_COLUMNS),
        registry("enterprise"),
        registry("equipment"),
        source(ws, "plan", "1"),
        source(ws, "plan_task", "1", order="plan_id, number"),
        source(ws, "supervision", "1"),
        source(ws, "number_block", "1", order="device_id, series, year, first", cols=BLOCK_COLUMNS),
    ]


def from_hq_counts(sources: Sequence[TableSource | UnionSource]) -> dict[str, int]:
    """The manifest's count of rows taken from headquarters' database, per registry
    (``enterprise_from_hq``, ``equipment_from_hq``); known once the parts are written."""
    return {f"{s.table}_from_hq": s.from_hq for s in sources if isinstance(s, UnionSource)}


def union_chunks(ws: Workspace, src: UnionSource) -> Iterator[bytes]:
    """The records part of a united registry: header line, then one line per id, in chunks."""
    yield (json.dumps(src.columns) + "\n").encode("utf-8")
    desk = ws.conn.execute(src.desk.select(f"id, device_id, updated_at, 0, {src.desk.row_sql}"))
    lines: list[str] = []
    for row in united(desk, src.hq_rows(src.table, src.columns)):
        src.from_hq += row[3]
        lines.append(row[4])
        if len(lines) == CHUNK_ROWS:
            yield ("\n".join(lines) + "\n").encode("utf-8")
            lines = []
    if lines:
        yield ("\n".join(lines) + "\n").encode("utf-8")


def united(desk: Iterator[KeyedRow], hq: Iterator[KeyedRow]) -> Iterator[KeyedRow]:
    """Two streams of rows in id order as one, one row per id (``winner`` of the two).

    Refused (a bug, not the user's) if the rows do not come out strictly by id: both
    engines compare ids as bytes (SQLite's BINARY, PostgreSQL's "C"), and an input out of
    order would put a row out twice."""
    a, b, last = next(desk, None), next(hq, None), ""
    while a is not None or b is not None:
        if b is None or (a is not None and a[0] < b[0]):
            row, a = a, next(desk, None)
        elif a is None or b[0] < a[0]:
            row, b = b, next(hq, None)
        else:
            row, a, b = winner(a, b), next(desk, None), next(hq, None)
        if row[0] <= last:
            raise ValueError(f"registry rows out of id order: {row[0]!r} after {last!r}")
        last = row[0]
        yield row


def winner(desk: KeyedRow, hq: KeyedRow) -> KeyedRow:
    """The same id in both: headquarters' row if it is the same device's with a later
    ``updated_at``; else the desk's (the merge's rule: a tie, or another device's row
    under that id, keeps the row held, ``storage/sync/merging.py`` ``_drop_conflicts``)."""
    return hq if hq[1] == desk[1] and hq[2] > desk[2] else desk


def check_pack(ws: Workspace, tables: Tables) -> None:
    """Refuse unknown tables/columns and checklists that do not validate or match their hash."""
    for table, rows in tables.items():
        if table not in PACK_TABLES:
            raise BundleRejected("下发包含有未知的数据表 {table}", hint="文件版本不符或已被篡改", table=table)
        expected = list(BLOCK_COLUMNS if table == "number_block" else certs.TRUST_COLUMNS.get(table)
                        or merging.columns(ws, table))
        if sorted(rows.columns) != sorted(expected) or \
                any(type(r) is not list or len(r) != len(expected) for r in rows.rows):
            raise BundleRejected("下发包中 {table} 记录的字段与本程序不符", hint="文件版本不符", table=table)
    for table in REGISTRIES:
        if table in tables:
            merging.refuse_bad_values(Msg("下发包"), table, rules.checks_for(ws, table),
                                      tables[table].columns, tables[table].rows,
                                      hint="请局机关改正后重新导出下发包")
    if "number_block" in tables:
        _check_blocks(ws, tables["number_block"].dicts())
    bad = certs.pack_problem(ws, _trust_tables(tables))
    if bad:
        raise BundleRejected("下发包中的 {what} 无效或签名不符", hint="文件被篡改或不是局机关签发；拒绝导入", what=bad)
    for row in tables["checklist"].dicts() if "checklist" in tables else []:
        if not all(isinstance(row[k], str) for k in ("id", "hash", "yaml")):
            raise BundleRejected("下发包中的检查表 {id!r} 的内容不是文本",
                                 hint="文件版本不符或已被篡改", id=row['id'])
        try:
            checklist = load_text(row["yaml"], f"pack:{row['id']}")
        except ChecklistInvalid as err:
            raise BundleRejected("下发包中的检查表 {id} 无效：{error}", id=row['id'], error=err) from None
        if checklist.hash != row["hash"]:
            raise BundleRejected("下发包中的检查表 {id} 内容与其哈希不符", hint="文件被篡改", id=row['id'])


def _trust_tables(tables: Tables) -> dict[str, list[dict]]:
    return {t: tables[t].dicts() for t in certs.TRUST_COLUMNS if t in tables}


def _check_blocks(ws: Workspace, blocks: list[dict]) -> None:
    """Every block valid; no two blocks of a series and year share a number; and none of
    this device's new blocks reaches back into numbers it has already used."""
    for b in blocks:
        problem = numbering.block_problem(b["series"], b["year"], b["first"], b["last"])
        if problem or not isinstance(b["device_id"], str):
            raise BundleRejected("下发包中设备 {device!r} 的编号段无效：{problem}",
                                 hint="请局机关改正编号段后重新导出下发包", device=b['device_id'],
                                 problem=problem or Msg("设备编号"))
    ordered = sorted(blocks, key=lambda b: (b["series"], b["year"], b["first"]))
    for a, b in pairwise(ordered):
        if (a["series"], a["year"]) == (b["series"], b["year"]) and b["first"] <= a["last"]:
            raise BundleRejected("下发包中{block}与{other}重叠（设备 {device} 与 {other_device}）",
                                 hint="同一编号不能分给两处；请局机关改正", block=_shown(b), other=_shown(a),
                                 device=b['device_id'], other_device=a['device_id'])
    for b in _new_blocks(ws, blocks):
        used = numbering.last_used(ws, b["series"], b["year"])
        if used and b["first"] <= used:
            raise BundleRejected("下发包中{block}与本机已用的编号（已用到 {used} 号）重叠",
                                 hint="请局机关分配从未用过的编号段", block=_shown(b), used=used)


def _shown(block: dict) -> Msg:
    return Msg("{year}年「{series}」编号段 {first}-{last} ", year=block['year'], series=block['series'],
               first=block['first'], last=block['last'])


def _new_blocks(ws: Workspace, blocks: list[dict]) -> list[dict]:
    """This device's blocks in a pack that it does not hold yet."""
    current = numbering.held_blocks(ws)
    mine = [{k: b[k] for k in numbering.BLOCK_KEYS} for b in blocks
            if b["device_id"] == ws.device_id]
    return [b for b in mine if b not in current]


def merge_pack(ws: Workspace, manifest: dict, tables: Tables, *,
               register: tuple[str, bytes] | None = None,
               progress: Progress | None = None) -> MergeReport:
    """Install a verified pack in one transaction on the field device."""
    device_id = manifest["device"]["id"]
    report = MergeReport(manifest["bundle_id"], device_id, manifest["device"]["name"], kind="pack")
    checklists = tables["checklist"].dicts() if "checklist" in tables else []
    registries = [t for t in REGISTRIES if t in tables]
    step = Steps(progress, len(checklists) + len(registries) + 1,
                 cancelled="导入已取消，工作区未作任何更改")
    with merging.unwritable_refused(report.bundle_id), merging.foreign_keys_off(ws), \
            ws.transaction():
        if register:
            from .devices import register_device

            register_device(ws, device_id, *register)
            report.new_device = True
        for row in checklists:
            ws.install_checklist(row["yaml"], f"pack:{device_id}")
            step.advance()
        report.added["checklist"] = len(checklists)
        if "supervision" in tables:
            tables = {**tables, "supervision": _held_findings(ws, tables["supervision"])}
        for table in registries:
            merging.merge_records(ws, table, tables[table], report)
            step.advance()
        entities = {(t, i) for t in registries for i in tables[t].column("id")}
        merging.fix_audit_rows(ws, entities, report.bundle_id)
        blocks = tables["number_block"].dicts() if "number_block" in tables else []
        report.added["number_block"] = _take_blocks(ws, blocks)
        report.added["device_cert"] = certs.install(ws, _trust_tables(tables))
        merging.record_import(ws, manifest, report)
        step.advance()
    return report


def _held_findings(ws: Workspace, rows: Rows) -> Rows:
    """The listings whose finding this workspace holds."""
    at = rows.columns.index("finding_id")
    wanted = sorted({r[at] for r in rows.rows if isinstance(r[at], str)})
    held: set[str] = set()
    for start in range(0, len(wanted), 500):
        part = wanted[start:start + 500]
        held.update(r[0] for r in ws.execute(
            f"SELECT id FROM finding WHERE id IN ({', '.join('?' for _ in part)})", part))
    return Rows(rows.columns, [r for r in rows.rows if r[at] in held])


def _take_blocks(ws: Workspace, blocks: list[dict]) -> int:
    """Add this device's new blocks to those the counter reads."""
    new = _new_blocks(ws, blocks)
    numbering.hold_blocks(ws, new)
    return len(new)
