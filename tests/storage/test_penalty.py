"""行政处罚 records: the facade's rules and refusals (nothing changed), the audit chain,
and the record travelling in a bundle to headquarters, refused there when forged."""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest

from checklists.common.errors import BundleRejected, InvalidInput, NotFound
from checklists.common.vocabulary import LOCAL_TZ, PenaltyKind
from export.sync.bundle import export_bundle, import_bundles
from storage.demo import fill
from storage.penalty import amount_fen, yuan_text
from storage.sync import rules
from storage.workspace import Workspace
from tests.export.test_sync import resign
from tests.faults.test_forged_rows import edit_rows

TODAY = date(2026, 3, 20)


def _clock():
    return datetime(2026, 3, 20, 10, 0, tzinfo=LOCAL_TZ)


@pytest.fixture
def field(tmp_path):
    with Workspace.open(tmp_path / "f.sitecheck", clock=_clock) as ws:
        fill(ws, inspections=2, seed=7, today=TODAY)
        yield ws


def _inspection(ws):
    return ws.inspections(limit=10)[-1]


def _day(inspection) -> str:
    return inspection.started_at[:10]


def _state(ws) -> tuple:
    return (ws.execute("SELECT COUNT(*), MAX(updated_at) FROM penalty").fetchone(),
            ws.execute("SELECT COUNT(*) FROM audit_event").fetchone()[0])


def test_amounts_are_exact_fen():
    assert amount_fen("12000.50") == 1200050
    assert amount_fen(Decimal("0.01")) == 1
    assert amount_fen(3000) == 300000
    assert amount_fen("1,000") == 100000
    assert amount_fen("") is None
    assert yuan_text(1200050) == "12000.50" and yuan_text(5) == "0.05"
    for bad in (0.1, "12.345", "-5", "0", "abc", "NaN", "Infinity", True):
        with pytest.raises(InvalidInput):
            amount_fen(bad)


def test_filed_then_decided_audited(field):
    insp = _inspection(field)
    filed = field.record_penalty(insp.id, filed_on=_day(insp), note="安全生产法第一百零二条线索")
    assert not filed.decided and filed.kinds == () and filed.amount_fen is None
    decided = field.update_penalty(filed.id, decision_number="示例应急罚〔2026〕3号",
                                   decided_on="2026-03-19", kinds=["fine", "warning"], amount="20000")
    assert decided.kinds == (PenaltyKind.WARNING, PenaltyKind.FINE)
    assert decided.amount_fen == 2_000_000 and decided.amount_yuan == Decimal("20000")
    row = field.execute("SELECT kinds, amount_fen, typeof(amount_fen) FROM penalty WHERE id = ?",
                        [filed.id]).fetchone()
    assert row == ('["warning", "fine"]', 2_000_000, "integer")
    events = field.execute("SELECT action FROM audit_event WHERE entity = 'penalty' AND entity_id = ? "
                           "ORDER BY seq", [filed.id]).fetchall()
    assert [e[0] for e in events] == ["insert", "update"]
    assert field.audit_verify() == []
    assert filed.id in [p.id for p in field.penalties(enterprise_id=insp.enterprise_id)]
    assert [p.id for p in field.penalties(inspection_id=insp.id) if p.note != "示例数据"] == [filed.id]
    field.delete_penalty(filed.id)
    assert filed.id not in [p.id for p in field.penalties()]
    with pytest.raises(NotFound):
        field.penalty(filed.id)


@pytest.mark.parametrize("values, field_name", [
    ({"filed_on": ""}, "立案日期"),
    ({"filed_on": "2026-02-30"}, "立案日期"),
    ({"filed_on": "2026-03-21"}, "立案日期"),                          # after today
    ({"filed_on": "2020-01-01"}, "立案日期"),                          # before the inspection
    ({"decision_number": "罚〔2026〕1号"}, "处罚决定"),                # number without date and kinds
    ({"decision_number": "罚〔2026〕1号", "decided_on": "2026-03-19", "kinds": ["fine"]}, "罚没金额"),
    ({"decision_number": "罚〔2026〕1号", "decided_on": "2026-03-19", "kinds": ["warning"],
      "amount": "100"}, "罚没金额"),
    ({"decision_number": "罚〔2026〕1号", "decided_on": "2026-03-19", "kinds": ["jail"]}, "处罚种类"),
    ({"decision_number": "罚〔2026〕1号", "decided_on": "2026-03-21", "kinds": ["warning"]}, "处罚决定日期"),
    ({"amount": 100.5}, "罚没金额"),
    ({"colour": "red"}, "colour"),
])
def test_refusals_change_nothing(field, values, field_name):
    insp = _inspection(field)
    given = {"filed_on": _day(insp), **values}
    before = _state(field)
    with pytest.raises(InvalidInput) as caught:
        field.record_penalty(insp.id, **given)
    assert caught.value.field == field_name
    assert caught.value.hint or field_name == "colour"
    assert _state(field) == before


def test_decided_before_filing_and_number_twice_refused(field):
    insp = _inspection(field)
    day = _day(insp)
    field.record_penalty(insp.id, filed_on=day, decision_number="罚〔2026〕1号", decided_on="2026-03-19",
                         kinds=["warning"])
    before = _state(field)
    with pytest.raises(InvalidInput, match="已用于另一项"):
        field.record_penalty(insp.id, filed_on=day, decision_number="罚〔2026〕1号",
                             decided_on="2026-03-19", kinds=["criticism"])
    later = field.record_penalty(insp.id, filed_on="2026-03-19")
    before = _state(field)
    with pytest.raises(InvalidInput) as caught:
        field.update_penalty(later.id, decision_number="罚〔2026〕2号", decided_on="2026-03-18",
                             kinds=["warning"])
    assert caught.value.field == "处罚决定日期"
    assert _state(field) == before
    assert field.penalty(later.id).decision_number is None


def _decided(ws):
    insp = _inspection(ws)
    return ws.record_penalty(insp.id, filed_on=_day(insp), decision_number="示例罚〔2026〕7号",
                             decided_on="2026-03-20", kinds=["fine", "confiscate_gains"], amount="5000.05")


def test_penalty_travels_to_headquarters(field, tmp_path):
    made = _decided(field)
    export_bundle(field, tmp_path / "b.zip")
    with Workspace.open(tmp_path / "hq.sitecheck", clock=_clock) as hq:
        report = import_bundles(hq, [tmp_path / "b.zip"], trust=True)[0]
        assert report.added["penalty"] == len(field.penalties()) >= 1
        assert hq.penalty(made.id) == made
        assert hq.audit_verify() == []
        field.clock = lambda: datetime(2026, 3, 20, 11, 0, tzinfo=LOCAL_TZ)     # an hour later
        field.update_penalty(made.id, note="已缴纳")
        export_bundle(field, tmp_path / "c.zip")
        import_bundles(hq, [tmp_path / "c.zip"])
        assert hq.penalty(made.id).note == "已缴纳"


@pytest.mark.parametrize("column, value, named", [
    ("kinds", '["fine", "jail"]', "kinds"),
    ("kinds", '["fine", "fine"]', "kinds"),
    ("kinds", "[]", "kinds"),                        # a decision without kinds
    ("amount_fen", 12.5, "amount_fen"),             # a float
    ("amount_fen", None, "kinds"),                   # a fine without its amount
    ("decided_on", "2026-02-31", "decided_on"),
    ("decided_on", "2000-01-01", "decided_on"),      # before the filing
])
def test_forged_penalty_rows_refused(field, tmp_path, column, value, named):
    made = _decided(field)
    good = tmp_path / "good.zip"
    export_bundle(field, good)

    def change(cols, rows):
        mine = next(r for r in rows if r[cols.index("id")] == made.id)
        mine[cols.index(column)] = value
    bad = resign(field, good, tmp_path / "bad.zip", part_edit=edit_rows("penalty", change))
    with Workspace.open(tmp_path / "hq.sitecheck", clock=_clock) as hq:
        before = hq.execute("SELECT COUNT(*) FROM audit_event").fetchone()[0]
        with pytest.raises(BundleRejected) as caught:
            import_bundles(hq, [bad], trust=True)
        assert f"字段 {named} " in str(caught.value)
        assert hq.execute("SELECT COUNT(*) FROM penalty").fetchone()[0] == 0
        assert hq.execute("SELECT COUNT(*) FROM audit_event").fetchone()[0] == before


def test_row_rules_accept_what_the_facade_writes(field):
    made = _decided(field)
    cur = field.execute("SELECT * FROM penalty WHERE id = ?", [made.id])
    cols = [c[0] for c in cur.description]
    rows = [list(r) for r in cur.fetchall()]
    assert rules.first_bad(rules.checks_for(field, "penalty"), cols, rows) is None
    assert rules.first_bad_row("penalty", cols, rows) is None
    assert json.loads(rows[0][cols.index("kinds")]) == ["fine", "confiscate_gains"]
