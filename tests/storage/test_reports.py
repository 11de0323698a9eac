"""Report figures equal direct counts over the ledger's rows.

The workspace holds sample data with every kind of event (inspections of every
mode, hazards found, ordered, rectified, closed and overdue, orders, reviews,
on-site measures, 查封（扣押） and its 解除, penalties filed and decided).  The
expected figures are computed here in plain Python over ``SELECT *`` of each
table, following docs/reports.md, never through storage/reports.py.
"""
from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime

import pytest

from checklists.common.errors import InvalidInput
from checklists.common.vocabulary import LOCAL_TZ
from export.demo import fill_with_documents
from storage import reports
from storage.workspace import Workspace

TODAY = date(2026, 6, 30)


def _clock():
    return datetime(2026, 6, 30, 9, 0, tzinfo=LOCAL_TZ)


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    with Workspace.open(tmp_path_factory.mktemp("rep") / "w.sitecheck", clock=_clock) as workspace:
        fill_with_documents(workspace, inspections=40, seed=11, today=TODAY)
        workspace.clock = _clock
        yield workspace


def rows(ws, table):
    cur = ws.execute(f"SELECT * FROM [{table}]")
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def expected(ws, start: str, end: str, district: str | None = None, family: str | None = None) -> dict:
    """Every figure of docs/reports.md, counted row by row."""
    ents = {e["id"]: e for e in rows(ws, "enterprise")}
    insp = {i["id"]: i for i in rows(ws, "inspection") if not i["deleted"]
            and i["enterprise_id"] in ents
            and (district is None or ents[i["enterprise_id"]]["district"] == district)
            and (family is None or i["family"] == family)}
    within = lambda text: text is not None and start <= text[:10] <= end   # noqa: E731
    started = {k: i for k, i in insp.items() if within(i["started_at"])}
    out: dict = {"enterprises": len({i["enterprise_id"] for i in started.values()}),
                 "modes": Counter(i["mode"] for i in started.values())}
    level = {}
    for f in rows(ws, "finding"):
        if f["deleted"] or f["inspection_id"] not in insp:
            continue
        i = insp[f["inspection_id"]]
        lv = "serious" if f["level"] == "major" and i["family"] == "samr" else f["level"]
        fig = level.setdefault(lv, Counter())
        found = f["inspection_id"] in started
        closed = f["state"] == "closed"
        fig["found"] += found
        fig["closed"] += closed and within(f["state_at"])
        fig["closed_of_found"] += found and closed and f["state_at"][:10] <= end
        fig["overdue"] += (found and f["state"] in ("open", "ordered") and f["deadline"] is not None
                           and f["deadline"] < TODAY.isoformat())
        out.setdefault("months_found", Counter())[i["started_at"][:7]] += found
        if closed and within(f["state_at"]):
            out.setdefault("months_closed", Counter())[f["state_at"][:7]] += 1
    out["levels"] = level
    docs = [d for d in rows(ws, "document") if not d["deleted"] and d["inspection_id"] in insp
            and within(d["issued_at"])]
    superseded = {d["supersedes_id"] for d in rows(ws, "document") if not d["deleted"]}
    docs = [d for d in docs if d["id"] not in superseded]
    out["documents"] = Counter(d["kind"] for d in docs)
    out["measures"] = Counter(m["measure"] for d in docs if d["kind"] == "measure"
                              for m in json.loads(d["data"]).get("measures", {}).values())
    out["seized_items"] = sum(len(json.loads(d["data"]).get("items", [])) for d in docs
                              if d["kind"] == "seizure")
    pens = [p for p in rows(ws, "penalty") if not p["deleted"] and p["inspection_id"] in insp]
    out["filed"] = sum(within(p["filed_on"]) for p in pens)
    decided = [p for p in pens if within(p["decided_on"])]
    out["decided"] = len(decided)
    out["amount"] = sum(p["amount_fen"] or 0 for p in decided)
    out["kinds"] = Counter(k for p in decided for k in json.loads(p["kinds"]))
    return out


def check(report: reports.Report, want: dict) -> None:
    assert report.enterprises == want["enterprises"]
    assert {str(m): n for m, n in report.inspections.items() if n} == dict(+want["modes"])
    for lv in reports.LEVELS:
        got = report.hazards[lv]
        fig = want["levels"].get(lv, Counter())
        assert (got.found, got.closed, got.closed_of_found, got.overdue) == \
            (fig["found"], fig["closed"], fig["closed_of_found"], fig["overdue"]), lv
    assert {m: f for m, f, _ in report.months if f} == dict(+want.get("months_found", Counter()))
    assert {m: c for m, _, c in report.months if c} == dict(+want.get("months_closed", Counter()))
    assert {str(k): n for k, n in report.documents.items() if n} == dict(+want["documents"])
    assert {str(k): n for k, n in report.measures.items() if n} == dict(+want["measures"])
    assert report.seized_items == want["seized_items"]
    assert (report.filed, report.decided, report.amount_fen) == (want["filed"], want["decided"], want["amount"])
    assert {str(k): n for k, n in report.penalty_kinds.items() if n} == dict(+want["kinds"])


def test_the_sample_data_has_every_kind_of_event(ws):
    want = expected(ws, "2026-01-01", "2026-06-30")
    assert set(want["modes"]) >= {"unannounced", "routine", "reinspection"}
    assert {"general", "major", "serious"} <= set(want["levels"])
    assert all(want["levels"][lv]["found"] for lv in ("general", "major", "serious"))
    assert sum(f["closed"] for f in want["levels"].values()) and \
        sum(f["overdue"] for f in want["levels"].values())
    assert {"samr_order", "review", "measure", "seizure", "release"} <= set(want["documents"])
    assert want["measures"] and want["seized_items"]
    assert want["filed"] >= 3 and want["decided"] >= 2 and want["amount"] > 0


@pytest.mark.parametrize("start, end", [("2026-01-01", "2026-06-30"), ("2026-04-01", "2026-06-30"),
                                        ("2026-01-01", "2026-03-31"), ("2026-05-10", "2026-05-31"),
                                        ("2025-01-01", "2025-12-31")])
def test_figures_equal_direct_counts(ws, start, end):
    check(ws.report(start, end, today=TODAY), expected(ws, start, end))


def test_figures_by_district_and_family(ws):
    districts = ws.report_districts()
    assert len(districts) >= 3
    for district in districts[:3]:
        check(ws.report("2026-01-01", "2026-06-30", district=district, today=TODAY),
              expected(ws, "2026-01-01", "2026-06-30", district=district))
    for family in ("ems", "samr"):
        check(ws.report("2026-01-01", "2026-06-30", family=family, today=TODAY),
              expected(ws, "2026-01-01", "2026-06-30", family=family))
    parts = [ws.report("2026-01-01", "2026-06-30", district=d, today=TODAY).total_inspections
             for d in districts]
    assert sum(parts) == ws.report("2026-01-01", "2026-06-30", today=TODAY).total_inspections


def test_months_cover_the_period_and_the_rate(ws):
    report = ws.report("2026-02-15", "2026-06-30", today=TODAY)
    assert [m for m, *_ in report.months] == ["2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    total = report.total_hazards
    assert total.closure_rate == pytest.approx(total.closed_of_found / total.found)
    assert ws.report("2030-01-01", "2030-03-31", today=TODAY).total_hazards.closure_rate is None


def test_a_correction_counts_once(ws):
    want = expected(ws, "2026-01-01", "2026-06-30")
    doc = ws.execute("SELECT id, kind FROM document WHERE kind = 'samr_order' AND deleted = 0 "
                     "ORDER BY issued_at LIMIT 1").fetchone()
    ws.execute("SAVEPOINT corr")
    try:
        ws.execute("INSERT INTO document (id, device_id, created_at, updated_at, inspection_id, kind, number, "
                   "issued_at, pdf_sha256, content_hash, supersedes_id, data) SELECT "
                   "'01a00000-0000-7000-8000-0000000c0rr', device_id, created_at, updated_at, inspection_id, kind, "
                   "number || '-更正', issued_at, pdf_sha256, content_hash, id, data FROM document WHERE id = ?",
                   [doc[0]])
        report = ws.report("2026-01-01", "2026-06-30", today=TODAY)
        assert report.documents[doc[1]] == want["documents"]["samr_order"]
    finally:
        ws.execute("ROLLBACK TO corr")
        ws.execute("RELEASE corr")


@pytest.mark.parametrize("start, end, field", [("2026-13-01", "2026-12-31", "起始日期"),
                                               ("2026-03-01", "2026-02-01", "截止日期"),
                                               ("2020-01-01", "2026-12-31", "截止日期")])
def test_bad_periods_refused(ws, start, end, field):
    with pytest.raises(InvalidInput) as caught:
        ws.report(start, end)
    assert caught.value.field == field and caught.value.hint


SUPERVISED = [("2026-02-01", None), ("2026-03-10", "2026-05-02"), ("2025-12-01", "2026-01-20"),
              ("2026-07-05", None), ("2026-04-11", "2026-06-30")]


def _check_supervision(ws) -> None:
    """Add a few 挂牌督办 rows (columns as agreed) for major hazards, then compare the two
    rows of the report with a count over every supervision row, by period and district."""
    majors = ws.execute("SELECT id FROM finding WHERE level = 'major' AND deleted = 0 ORDER BY id "
                        "LIMIT 5").fetchall()
    assert len(majors) == len(SUPERVISED)
    for n, ((fid,), (listed, delisted)) in enumerate(zip(majors, SUPERVISED)):
        ws.execute("INSERT INTO supervision (id, device_id, created_at, updated_at, deleted, finding_id, "
                   "listed_on, supervisor, deadline, delisted_on) VALUES (?, 'd', 't', 't', 0, ?, ?, "
                   "'示例督办单位', '2026-09-01', ?)", [f"test-sup-{n}", fid, listed, delisted])
    ents = {e["id"]: e["district"] for e in rows(ws, "enterprise")}
    finds = {f["id"]: f for f in rows(ws, "finding") if not f["deleted"]}
    sup = [s for s in rows(ws, "supervision") if not s["deleted"] and s["finding_id"] in finds]
    for start, end in (("2026-01-01", "2026-06-30"), ("2026-01-01", "2026-03-31")):
        for district in (None, *sorted({ents[finds[s["finding_id"]]["enterprise_id"]] for s in sup})):
            mine = [s for s in sup if district is None
                    or ents[finds[s["finding_id"]]["enterprise_id"]] == district]
            listed = sum(start <= s["listed_on"] <= end for s in mine)
            delisted = sum(bool(s["delisted_on"]) and start <= s["delisted_on"] <= end for s in mine)
            got = ws.report(start, end, district=district, today=TODAY).supervision
            assert got == (listed, delisted), (start, end, district)
    assert ws.report("2026-01-01", "2026-06-30", today=TODAY).supervision[0] >= 3


def test_supervision_listed_and_delisted(ws):
    """挂牌督办 listed (listed_on) and 摘牌 (delisted_on) in the period, by district."""
    ws.execute("SAVEPOINT sup")
    try:
        _check_supervision(ws)
    finally:
        ws.execute("ROLLBACK TO sup")
        ws.execute("RELEASE sup")


def test_statistics_of_a_period_equal_direct_counts(ws):
    from storage.ledger import statistics

    start, end = date(2026, 4, 1), date(2026, 5, 31)
    ents = {e["id"]: e["district"] or "" for e in rows(ws, "enterprise")}
    insp = {i["id"]: i for i in rows(ws, "inspection") if not i["deleted"]
            and "2026-04-01" <= i["started_at"][:10] <= "2026-05-31"}
    want_insp = Counter(ents[i["enterprise_id"]] for i in insp.values())
    want_hazards = Counter(ents[insp[f["inspection_id"]]["enterprise_id"]] for f in rows(ws, "finding")
                           if not f["deleted"] and f["inspection_id"] in insp)
    got = statistics(ws, by="district", today=TODAY, period=(start, end))
    assert {r.key: r.inspections for r in got} == dict(want_insp)
    assert {r.key: r.hazards for r in got if r.hazards} == dict(want_hazards)
    assert sum(want_insp.values()) < len([i for i in rows(ws, "inspection") if not i["deleted"]])
