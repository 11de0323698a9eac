"""The ledger's orders by rank (state, level, rectification) and its text filter of three
characters or more, on both engines: pages read by key in both directions equal the
findings sorted in Python, each engine reads the rank's index (forwards and backwards,
from a cursor), the text pages equal a plain substring scan, and the PostgreSQL
statistics' per-group summary equals the sums it is kept from."""
from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest

from checklists.common.vocabulary import FindingState, HazardLevel, Rectification
from export.sync.bundle import export_bundle
from export.sync.hq import import_to_hq
from storage import bench_data, migrations
from storage.demo import fill
from storage.hq import open_hq
from storage.ledger import LEDGER_ORDER, RANKED, FindingQuery, _rank, page_sql
from storage.workspace import Workspace

from .conftest import TODAY, advance_some

RANKS = {"state": FindingState, "level": HazardLevel, "rectification": Rectification}
_databases = itertools.count(1)


@pytest.fixture(scope="module")
def devices(tmp_path_factory) -> list:
    """Two devices' bundles with some thousand findings, then their later states."""
    base = tmp_path_factory.mktemp("hq-sort")
    files = []
    for seed in (3, 4):
        with Workspace.open(base / f"d{seed}.sitecheck") as ws:
            fill(ws, inspections=3, seed=seed, today=TODAY)
            bench_data.add_findings(ws, 700, seed=seed, today=TODAY)
            files.append(export_bundle(ws, base / f"d{seed}a.scbundle").path)
            advance_some(ws)
            files.append(export_bundle(ws, base / f"d{seed}b.scbundle").path)
    return files


@pytest.fixture(scope="module")
def engines(devices, pg_cluster, tmp_path_factory):
    """The same bundles in a headquarters file and a PostgreSQL database."""
    from storage.hq.postgres import init

    name = f"hqsort{next(_databases)}"
    pg_cluster.sql(f"CREATE DATABASE {name}")
    init(pg_cluster.url(name))
    opened = {"sqlite": open_hq(tmp_path_factory.mktemp("hq-sort-file") / "hq.sitecheck"),
              "postgresql": open_hq(pg_cluster.url(name))}
    for hq in opened.values():
        for path in devices:
            import_to_hq(hq, [path], trust=True)
    yield opened
    for hq in opened.values():
        hq.close()
    pg_cluster.sql(f"DROP DATABASE {name} WITH (FORCE)")


def all_pages(hq, query: FindingQuery, size: int) -> list[str]:
    ids, after = [], None
    while True:
        page = hq.page(query, limit=size, after=after)
        ids += [r.finding.id for r in page]
        if len(page) < size:
            return ids
        after = page[-1].cursor


def ranked_reference(hq, order_by: str, descending: bool) -> list[str]:
    enum = list(RANKS[order_by])
    rank = {str(member): n for n, member in enumerate(enum)}
    findings = [(rank.get(getattr(line_finding, order_by), len(enum)), line_finding.id)
                for line_finding in all_findings(hq)]
    return [fid for _, fid in sorted(findings, reverse=descending)]


def all_findings(hq) -> list:
    return [r.finding for r in hq.page(FindingQuery(), limit=100_000)]


@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize("order_by", RANKED)
def test_pages_by_rank_equal_the_sorted_findings_on_both_engines(engines, order_by, descending):
    query = FindingQuery(order_by=order_by, descending=descending)
    expected = ranked_reference(engines["sqlite"], order_by, descending)
    assert len(expected) > 1400 and len(set(expected)) == len(expected)
    for engine, hq in engines.items():
        assert all_pages(hq, query, 97) == expected, engine
        assert all_pages(hq, query, 1000) == expected, engine
    major = FindingQuery(level=HazardLevel.MAJOR, order_by=order_by, descending=descending)
    assert all_pages(engines["postgresql"], major, 5) == all_pages(engines["sqlite"], major, 5)


def test_the_rank_indexes_hold_the_ledgers_rank_expressions(engines):
    """A vocabulary with a new code changes ``_rank``: the indexes would then no longer
    serve the pages, so a migration must rebuild them."""
    ws = engines["sqlite"].ws
    for order_by, enum in RANKS.items():
        assert LEDGER_ORDER[order_by] == _rank(f"f.{order_by}", enum)
        sql = ws.execute("SELECT sql FROM sqlite_master WHERE name = ?", [f"finding_{order_by}_rank"]).fetchone()[0]
        assert " ".join(sql.split()).endswith(f"({_rank(order_by, enum)}, id)")
        assert _rank(order_by, enum) in " ".join(migrations.V16_RANK_ORDER.split())


def sqlite_plan(ws, query: FindingQuery, seek) -> str:
    sql, params = page_sql(ws, query, seek=seek)
    return " / ".join(r[-1] for r in ws.execute(f"EXPLAIN QUERY PLAN {sql} LIMIT 10", params))


@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize("order_by", RANKED)
def test_sqlite_reads_a_rank_page_from_its_index_before_and_after_a_cursor(engines, order_by, descending):
    from storage.ledger import _seeks

    ws = engines["sqlite"].ws
    query = FindingQuery(order_by=order_by, descending=descending)
    first = sqlite_plan(ws, query, None)
    assert first.startswith(f"SCAN f USING INDEX finding_{order_by}_rank") and "TEMP B-TREE" not in first
    cursor = engines["sqlite"].page(query, limit=300)[-1].cursor
    same, later = (sqlite_plan(ws, query, seek) for seek in _seeks(query, cursor))
    op = "<" if descending else ">"
    assert same.startswith(f"SEARCH f USING INDEX finding_{order_by}_rank (<expr>=? AND id{op}?)"), same
    assert later.startswith(f"SEARCH f USING INDEX finding_{order_by}_rank (<expr>{op}?)"), later
    assert "TEMP B-TREE" not in same + later


@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize("order_by", RANKED)
def test_postgresql_reads_a_rank_page_from_its_index_from_a_cursor(engines, order_by, descending):
    """With sorting and sequential scans priced out, a plan that could not read the rank
    in order from the index would still sort: no Sort node, and the cursor is the index
    scan's own condition (where it starts), not a filter."""
    from storage.hq.postgres import ledger

    hq = engines["postgresql"]
    query = FindingQuery(order_by=order_by, descending=descending)
    cursor = hq.page(query, limit=300)[-1].cursor
    plans = []
    with hq.conn.transaction():
        hq.conn.execute("SET LOCAL enable_sort = off")
        hq.conn.execute("SET LOCAL enable_seqscan = off")
        for after in (None, cursor):
            clause, params = ledger.where(hq, query, ordered=True)
            order, order_by_sql = ledger._order(query)
            if after is not None:
                more, values = ledger._after(order, descending, after, mark="%s")
                clause, params = f"{clause} AND {more}", [*params, *values]
            plans.append("\n".join(r[0] for r in hq.conn.execute(
                f"EXPLAIN SELECT f.id {ledger._FROM} WHERE {clause} {order_by_sql} LIMIT 10", params)))
    for plan in plans:
        scan = "Index Scan Backward" if descending else "Index Scan"
        assert f"{scan} using finding_{order_by}_rank on finding f" in plan, plan
        assert "Sort" not in plan, plan
    assert re.search(r"Index Cond: \(ROW\(CASE .*, id\) [<>] ROW\(", plans[1]), plans[1]


def substring_reference(hq, text: str) -> list[str]:
    """Every finding whose description or note contains ``text`` (letters folded as both
    engines fold them) or whose enterprise's name does, newest first."""
    needle = text.lower()
    rows = hq.page(FindingQuery(), limit=100_000)
    return [r.finding.id for r in rows
            if needle in f"{r.finding.description}\x1f{r.finding.note or ''}".lower()
            or text.lower() in r.enterprise_name.lower()]


def words(hq) -> dict[str, str]:
    """Texts of three to twelve characters: common, rare (one finding), long, absent."""
    findings = all_findings(hq)
    template = Counter(f.description.split("（")[0] for f in findings).most_common(1)[0][0]
    return {"common": template[:3], "common_long": template[:6], "rare": "（123）",
            "rare_long": findings[len(findings) // 2].description, "absent": "无此字样",
            "numbers": "（12"}


@pytest.mark.parametrize("order_by,descending", [("created_at", True), ("created_at", False),
                                                 ("deadline", False), ("level", True)])
def test_text_pages_equal_a_plain_substring_scan(engines, order_by, descending):
    """Common, rare, long and absent texts of three characters or more (pg_trgm on
    PostgreSQL, the full-text index or the walk of ``storage.textplan`` in a workspace)."""
    pg, lite = engines["postgresql"], engines["sqlite"]
    for kind, text in words(lite).items():
        expected = substring_reference(lite, text)
        assert (len(expected) > 100) if kind.startswith("common") else True, (kind, text)
        assert (len(expected) == 0) == (kind == "absent"), (kind, text)
        query = FindingQuery(text=text, order_by=order_by, descending=descending)
        got = all_pages(pg, query, 40)
        assert sorted(got) == sorted(expected), (kind, text)
        assert got == all_pages(lite, query, 40), (kind, text)


def test_the_statistics_summary_per_group_equals_the_sums_it_is_kept_from(engines):
    hq = engines["postgresql"]
    sums = hq.conn.execute(
        "SELECT dim, key, SUM(i), SUM(h), SUM(m), SUM(r), SUM(c), SUM(d) FROM ("
        "SELECT dim, key, n AS i, 0 AS h, 0 AS m, 0 AS r, 0 AS c, 0 AS d FROM inspection_stat "
        "UNION ALL SELECT dim, key, 0, n, CASE WHEN level = 'major' THEN n ELSE 0 END, "
        "CASE WHEN state IN ('rectified', 'closed') THEN n ELSE 0 END, "
        "CASE WHEN state = 'closed' THEN n ELSE 0 END, CASE WHEN deadline <> '' THEN n ELSE 0 END "
        "FROM finding_stat) s GROUP BY dim, key").fetchall()
    kept = hq.conn.execute("SELECT dim, key, inspections, hazards, major, rectified, closed, dated "
                           "FROM stat_key WHERE inspections <> 0 OR hazards <> 0").fetchall()
    assert sorted(kept) == sorted(tuple(r) for r in sums if any(r[2:]))
    assert {"district", "enterprise", "inspector", "month"} <= {r[0] for r in kept}
    for by in ("district", "enterprise", "equipment_kind", "inspector", "month"):
        assert hq.statistics(by=by, today=TODAY) == engines["sqlite"].statistics(by=by, today=TODAY), by
        assert hq.statistics(by=by, today=TODAY) == hq.statistics_scan(by=by, today=TODAY), by
