"""The PostgreSQL ledger's text filter of three characters or more read in windows of the
date order (``storage.hq.postgres.ledger._windowed``): for words the planner expects in
about 0.3-5 % of findings the page is read window by window (pg_trgm's bitmap ANDed with
the date index's), and every page, followed by its cursors in both directions, equals a
plain substring scan in page order; rarer, commoner and absent words keep the planner's
plan; findings merged after the statistics were taken are still found."""
from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

from export.sync.bundle import export_bundle
from export.sync.hq import import_to_hq
from storage import bench_data
from storage.demo import fill
from storage.hq import open_hq
from storage.ledger import FindingQuery
from storage.workspace import Workspace

from .conftest import TODAY

_databases = itertools.count(1)
# Words put in about 0.4-4 % of the findings' descriptions or notes (the sample data's
# own texts come from six templates, each in about 17 % of findings)
MARKED = {"消防车通道": 0.01, "安全保护装置": 0.02, "层门自闭装置": 0.04, "维护保养合同": 0.004}


def mark(hq, seed: int) -> None:
    """Each marked word appended to its share of the headquarters' findings, in the
    description or the note (the text filter reads both)."""
    rng = random.Random(seed)
    ids = [r[0] for r in hq.conn.execute("SELECT id FROM finding ORDER BY id")]
    for word, part in MARKED.items():
        for column in ("description", "note"):
            chosen = rng.sample(ids, round(len(ids) * part / 2))
            hq.conn.execute(f"UPDATE finding SET {column} = COALESCE({column}, '') || %s "
                            "WHERE id = ANY(%s)", [f"；{word}", chosen])


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> list:
    """One device's findings (some thousand, over four years), then more of them."""
    base = tmp_path_factory.mktemp("hq-text-window")
    with Workspace.open(base / "d.sitecheck") as ws:
        fill(ws, inspections=3, seed=8, today=TODAY)
        bench_data.add_findings(ws, 3000, seed=8, today=TODAY)
        first = export_bundle(ws, base / "d1.scbundle").path
        bench_data.add_findings(ws, 600, seed=9, today=TODAY)
        second = export_bundle(ws, base / "d2.scbundle").path
    return [first, second]


@pytest.fixture(scope="module")
def pg(bundles, pg_cluster):
    """A PostgreSQL headquarters with the first bundle analysed and the second merged
    after (the planner's histogram of the dates misses its findings), the words of
    ``MARKED`` added after each merge."""
    from storage.hq.postgres import init

    name = f"hqtextwindow{next(_databases)}"
    pg_cluster.sql(f"CREATE DATABASE {name}")
    init(pg_cluster.url(name), roles=True)
    hq = open_hq(pg_cluster.url(name))
    import_to_hq(hq, [bundles[0]], trust=True)
    mark(hq, 8)
    hq.conn.execute("ANALYZE")
    import_to_hq(hq, [bundles[1]], trust=True)
    mark(hq, 9)
    yield hq
    hq.close()
    pg_cluster.sql(f"DROP DATABASE {name} WITH (FORCE)")


def reference(hq, text: str, descending: bool) -> list[str]:
    """A plain strpos scan of every live finding, in the page's order."""
    direction = "DESC" if descending else "ASC"
    return [r[0] for r in hq.conn.execute(
        "SELECT id FROM finding WHERE deleted = 0 AND strpos(lower(description || chr(31) || "
        f"COALESCE(note, '')), %s) > 0 ORDER BY created_at {direction}, id {direction}",
        [text.lower()])]


def all_pages(hq, query: FindingQuery, size: int) -> list[str]:
    ids, after = [], None
    for _ in range(10_000 // size + 2):    # a cursor that does not move fails, not hangs
        page = hq.page(query, limit=size, after=after)
        ids += [r.finding.id for r in page]
        if len(page) < size:
            return ids
        after = page[-1].cursor
    raise AssertionError("the pages do not end")


def share(hq, text: str) -> float:
    from storage.hq.postgres.ledger import _estimate

    matches, findings = _estimate(hq, f"%{text.lower()}%")
    return matches / findings


def windowed_words(hq) -> list[str]:
    """The marked words and their first 3-4 characters that the planner expects in the
    windows' share of findings."""
    from storage.hq.postgres.ledger import WINDOW_SHARES

    words = {w[:size] for w in MARKED for size in (3, 4, len(w))}
    return sorted(w for w in words if WINDOW_SHARES[0] <= share(hq, w) <= WINDOW_SHARES[1])


def test_words_in_a_few_percent_of_findings_are_read_in_windows_and_pages_are_exact(pg):
    from storage.hq.postgres.ledger import _windowed

    words = windowed_words(pg)
    assert len(words) >= 6, words
    for word in words:
        for descending in (True, False):
            query = FindingQuery(text=word, descending=descending)
            expected = reference(pg, word, descending)
            assert len(expected) >= 10, (word, len(expected))
            assert _windowed(pg, query, 7, None) is not None, word      # the window plan
            for size in (7, 50, 200):
                assert all_pages(pg, query, size) == expected, (word, descending, size)


def test_a_read_only_clerk_reads_the_windows(pg, pg_cluster):
    """The estimate, the histogram and the forced window need no more than reading."""
    from storage.hq.postgres.ledger import _windowed

    user = f"textwindowclerk{next(_databases)}"
    pg_cluster.sql(f"CREATE ROLE {user} LOGIN IN ROLE sitecheck_clerk")
    url = pg.url.replace(f"//{pg_cluster.superuser}@", f"//{user}@")
    word = windowed_words(pg)[-1]
    with open_hq(url) as clerk:
        query = FindingQuery(text=word)
        assert _windowed(clerk, query, 30, None) is not None
        assert all_pages(clerk, query, 30) == reference(pg, word, True)
    pg_cluster.sql(f"DROP ROLE {user}")


def test_the_newest_findings_merged_after_the_statistics_are_on_the_first_page(pg, bundles):
    """The histogram's top bound predates the second bundle's newest findings: the first
    window is open above, so they are found."""
    bound = pg.conn.execute("SELECT (histogram_bounds::text::text[])[1] FROM pg_stats "
                            "WHERE tablename = 'finding' AND attname = 'created_at'").fetchone()[0]
    assert bound is not None
    for word in windowed_words(pg)[:3]:
        expected = reference(pg, word, True)
        page = pg.page(FindingQuery(text=word), limit=20)
        assert [r.finding.id for r in page] == expected[:20], word
        assert [r.cursor for r in page] == [(r.finding.created_at, r.finding.id) for r in page]


@pytest.mark.parametrize("descending", [True, False])
def test_common_rare_and_absent_words_keep_the_planners_plan_and_are_exact(pg, descending):
    from storage.hq.postgres.ledger import WINDOW_SHARES, _windowed

    texts = [r[0] for r in pg.conn.execute("SELECT description FROM finding WHERE deleted = 0")]
    common = Counter(t.split("（")[0] for t in texts).most_common(1)[0][0][:3]
    rare = texts[len(texts) // 2]
    for word in (rare, "（123）", "无此字样", "（12"):
        assert share(pg, word) < WINDOW_SHARES[0] or word == "（12", word
    for word in (common, rare, "（123）", "无此字样", "（12"):
        query = FindingQuery(text=word, descending=descending)
        if not WINDOW_SHARES[0] <= share(pg, word) <= WINDOW_SHARES[1]:
            assert _windowed(pg, query, 40, None) is None, word
        expected = reference(pg, word, descending)
        assert (len(expected) == 0) == (word == "无此字样"), word
        assert all_pages(pg, query, 40) == expected, word


def test_other_filters_and_orders_keep_the_planners_plan(pg):
    from storage.hq.postgres.ledger import _windowed

    word = windowed_words(pg)[0]
    for query in (FindingQuery(text=word, order_by="deadline"),
                  FindingQuery(text=word, states=()),
                  FindingQuery(text=word, district="西湖区"),
                  FindingQuery(text="ab")):
        assert _windowed(pg, query, 40, None) is None, query


def test_windows_read_in_turn_are_exact_at_their_edges(pg):
    """A word on every finding dated at a bound of the histogram (each a window's edge)
    and on a few others, read page after page in windows of every width from one bucket
    (so each page crosses edges): each page equals the scan's next rows."""
    from storage.hq.postgres.ledger import _names_and_bounds, _window_page

    word = "界限处复核"
    named, bounds = _names_and_bounds(pg, f"%{word}%")
    assert not named
    assert len(bounds) > 50
    pg.conn.execute("UPDATE finding SET note = COALESCE(note, '') || %s WHERE created_at = ANY(%s) "
                    "OR right(id, 1) = '7'", [f"；{word}", bounds])
    for descending in (True, False):
        expected = reference(pg, word, descending)
        assert len(expected) > len(bounds)
        rows = dict(pg.conn.execute("SELECT id, created_at FROM finding WHERE id = ANY(%s)",
                                    [expected]).fetchall())
        for step, limit in ((1, 1), (1, 5), (2, 3), (3, 40), (5, 1000)):
            got: list[str] = []
            while len(got) < len(expected):
                after = (rows[got[-1]], got[-1]) if got else None
                page = _window_page(pg, f"%{word}%", bounds, step, limit, descending, after)
                assert page == expected[len(got):len(got) + limit], (descending, step, limit)
                got += page
            assert _window_page(pg, f"%{word}%", bounds, step, limit, descending,
                                (rows[got[-1]], got[-1])) == []


def test_a_forced_window_is_read_by_bitmaps_only(pg):
    """Forced, a window is read through bitmaps (at headquarters scale pg_trgm's ANDed
    with the date index's, docs/benchmarks.md; in this small table the planner may take
    the date index's alone), never by walking an index; the settings are the session's
    again afterwards."""
    from storage.hq.postgres.ledger import _force_bitmaps, _names_and_bounds, _window_sql

    _, bounds = _names_and_bounds(pg, "%无此字样%")
    for word in windowed_words(pg):
        for after in (None, (bounds[-12], "f")):
            sql, params = _window_sql(f"%{word}%", (bounds[-20], bounds[-10], True), True, after)
            with pg.conn.transaction():
                _force_bitmaps(pg, True)
                plan = "\n".join(r[0] for r in pg.conn.execute("EXPLAIN " + sql, [*params, 200]))
                forced = pg.conn.execute("SHOW enable_indexscan").fetchone()[0]
                _force_bitmaps(pg, False)
            assert forced == "off"
            assert "Bitmap Heap Scan on finding f" in plan, plan
            assert " Index Scan" not in plan.replace("Bitmap Index Scan", ""), plan
            assert "Seq Scan" not in plan, plan
    assert pg.conn.execute("SHOW enable_indexscan").fetchone()[0] == "on"
    assert pg.conn.execute("SHOW enable_seqscan").fetchone()[0] == "on"


@pytest.mark.parametrize("descending", [True, False])
def test_windows_cover_the_order_once_each_twice_the_last(descending):
    """Pure: every date falls in exactly one window, the windows go in the page's order,
    the first ``step`` buckets wide and each next twice the last, the rest unforced."""
    from storage.hq.postgres.ledger import WINDOW_SLICES, _windows

    rng = random.Random(3)
    for _ in range(200):
        bounds = sorted({f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                         for _ in range(rng.randint(0, 101))})
        step = rng.randint(1, 40)
        windows = _windows(bounds, step, descending)
        assert [w[2] for w in windows] == [True] * (len(windows) - 1) + [False]
        assert len(windows) <= WINDOW_SLICES + 1
        probes = [*bounds, "2025-12-31", "2027-01-01",
                  *(b + "T12" for b in bounds)]
        for value in probes:
            inside = [n for n, (low, high, _) in enumerate(windows)
                      if (low is None or value >= low) and (high is None or value < high)]
            assert len(inside) == 1, (value, windows)
        ordered = bounds[::-1] if descending else bounds
        edges = [(w[0] if descending else w[1]) for w in windows[:-1]]
        reach = [ordered.index(e) for e in edges]
        assert reach == [step * (2 ** (n + 1) - 1) for n in range(len(reach))], (step, reach)
