"""挂牌督办 in the workspace: who supervises (the settings, never a default), the
refusals (nothing changed), reminders, 逾期督办 computed, 摘牌 only after a
re-inspection closed the finding, the audit chain, and the ledger's filters."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from checklists.common.errors import InvalidInput, InvalidTransition
from checklists.common.vocabulary import (
    LOCAL_TZ,
    DocumentKind,
    FindingState,
    HazardLevel,
    InspectionMode,
    SupervisionState,
)
from storage.ledger import FindingQuery
from storage.workspace import Workspace

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=LOCAL_TZ)
TODAY = NOW.date()
DEPARTMENT = {"name": "杭州市西湖区应急管理局", "abbr": "杭西应急", "government": "杭州市西湖区人民政府",
              "court": "杭州市西湖区人民法院"}
PEOPLE = [{"name": "王建国", "cert_no": "A001"}, {"name": "李明", "cert_no": "A002"}]


class Clock:
    def __init__(self):
        self.now = NOW

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def hq(tmp_path, clock):
    with Workspace.open(tmp_path / "hq.sitecheck", clock=clock) as ws:
        ws.set_settings({"department": DEPARTMENT, "inspectors": PEOPLE})
        yield ws


def inspected(ws: Workspace):
    """An inspection with a major and a general finding."""
    ent = ws.add_enterprise(name="杭州瑞丰化工有限公司", district="西湖区")
    insp = ws.start_inspection(ent.id, [ws.checklists()[0].hash], PEOPLE)
    major = ws.add_finding(insp.id, description="储罐区可燃气体报警装置失效", level=HazardLevel.MAJOR,
                           deadline=TODAY + timedelta(days=10))
    general = ws.add_finding(insp.id, description="灭火器压力不足", deadline=TODAY + timedelta(days=10))
    return insp, major, general


def review_closes(ws: Workspace, insp, finding_id: str) -> str:
    """A re-inspection whose 整改复查意见书 (stored through the facade) closes the finding."""
    again = ws.start_inspection(insp.enterprise_id, [], PEOPLE, mode=InspectionMode.REINSPECTION,
                                parent_id=insp.id)
    doc = ws.issue_document(again.id, DocumentKind.REVIEW, series="复查:", format_number=lambda n, y: f"复查〔{y}〕{n:03d}号",
                            render=lambda number, at: (b"%PDF-1.4 review " + number.encode(), "hash"),
                            transitions=[(finding_id, FindingState.CLOSED)])
    return doc.number


def rows(ws: Workspace, table: str) -> int:
    return ws.execute(f"SELECT COUNT(*) FROM [{table}]").fetchone()[0]


def test_list_remind_overdue_delist(hq, clock):
    insp, major, _ = inspected(hq)
    listed = hq.list_supervision(major.id, deadline=TODAY + timedelta(days=20))
    assert listed.supervisor == DEPARTMENT["name"] and listed.listed_on == TODAY.isoformat()
    assert listed.state(TODAY) == SupervisionState.LISTED and hq.finding_supervision(major.id).id == listed.id
    assert hq.supervision_reminders() == []                     # 20 days away, window 7
    assert [s.id for s in hq.supervision_reminders(within_days=20)] == [listed.id]
    hq.set_settings({"supervision_remind_days": 30})
    assert [s.id for s in hq.supervision_reminders()] == [listed.id]
    clock.now = NOW + timedelta(days=21)                        # the deadline passes
    day = clock.now.date()
    assert hq.supervision(listed.id).state(day) == SupervisionState.OVERDUE
    assert [s.id for s in hq.supervisions(state=SupervisionState.OVERDUE)] == [listed.id]
    assert hq.supervision_counts() == {"listed": 1, "overdue": 1, "delisted": 0}
    number = review_closes(hq, insp, major.id)
    done = hq.delist_supervision(listed.id)
    assert done.delisted_on == day.isoformat() and done.delist_basis == number
    assert done.state(day) == SupervisionState.DELISTED and hq.finding_supervision(major.id) is None
    assert hq.supervision_reminders() == []
    assert hq.supervision_counts(day) == {"listed": 0, "overdue": 0, "delisted": 1}
    actions = [r[0] for r in hq.execute("SELECT action FROM audit_event WHERE entity = 'supervision' ORDER BY seq")]
    assert actions == ["insert", "delist"] and hq.audit_verify() == []


def test_refusals_change_nothing(hq):
    _insp, major, general = inspected(hq)
    before = (rows(hq, "supervision"), rows(hq, "audit_event"))
    cases = [
        (lambda: hq.list_supervision(general.id, deadline=TODAY), InvalidTransition, "一般隐患不能挂牌督办"),
        (lambda: hq.list_supervision(major.id, deadline=TODAY - timedelta(days=1)), InvalidInput, "督办期限"),
        (lambda: hq.list_supervision(major.id, deadline="2026-13-01"), InvalidInput, "日期无效"),
        (lambda: hq.list_supervision(major.id, deadline=TODAY, listed_on=TODAY + timedelta(days=1)),
         InvalidInput, "晚于今天"),
    ]
    for call, error, text in cases:
        with pytest.raises(error, match=text):
            call()
    assert (rows(hq, "supervision"), rows(hq, "audit_event")) == before
    hq.set_settings({"department": None})                    # no department: never a default
    before = (rows(hq, "supervision"), rows(hq, "audit_event"))
    with pytest.raises(InvalidInput, match="设置中没有应急管理的执法部门名称"):
        hq.list_supervision(major.id, deadline=TODAY + timedelta(days=5))
    assert (rows(hq, "supervision"), rows(hq, "audit_event")) == before


def test_listed_once_and_closed_findings_refused(hq):
    insp, major, _ = inspected(hq)
    first = hq.list_supervision(major.id, deadline=TODAY + timedelta(days=5))
    with pytest.raises(InvalidTransition, match="已于 2026-12-01 挂牌督办，尚未摘牌"):
        hq.list_supervision(major.id, deadline=TODAY + timedelta(days=5))
    with pytest.raises(InvalidTransition, match="尚未经复查销号，不能摘牌"):
        hq.delist_supervision(first.id)
    hq.transition(major.id, FindingState.CLOSED)             # closed on the spot: no re-inspection
    with pytest.raises(InvalidTransition, match="尚未经复查销号"):
        hq.delist_supervision(first.id)
    assert hq.supervision(first.id).delisted_on is None
    other = hq.add_finding(insp.id, description="液氨管道腐蚀", level=HazardLevel.MAJOR,
                           deadline=TODAY + timedelta(days=3))
    hq.transition(other.id, FindingState.CLOSED)
    with pytest.raises(InvalidTransition, match="已销号，不能挂牌督办"):
        hq.list_supervision(other.id, deadline=TODAY + timedelta(days=5))


def test_delist_date_and_basis(hq, clock):
    insp, major, _ = inspected(hq)
    listed = hq.list_supervision(major.id, deadline=TODAY + timedelta(days=5))
    review_closes(hq, insp, major.id)
    count = rows(hq, "audit_event")
    with pytest.raises(InvalidInput, match="不在挂牌日期 2026-12-01 与今天之间"):
        hq.delist_supervision(listed.id, delisted_on=TODAY - timedelta(days=1))
    with pytest.raises(InvalidInput, match="摘牌依据"):
        hq.delist_supervision(listed.id, basis="x" * 1000)
    assert rows(hq, "audit_event") == count and hq.supervision(listed.id).delisted_on is None
    done = hq.delist_supervision(listed.id, basis="复查意见书及企业整改报告")
    assert done.delist_basis == "复查意见书及企业整改报告"
    with pytest.raises(InvalidTransition, match="已于 2026-12-01 摘牌"):
        hq.delist_supervision(listed.id)


def test_ledger_filters(hq, clock):
    insp, major, general = inspected(hq)
    other = hq.add_finding(insp.id, description="液氨管道腐蚀", level=HazardLevel.MAJOR,
                           deadline=TODAY + timedelta(days=30))
    soon = hq.list_supervision(major.id, deadline=TODAY + timedelta(days=2))
    hq.list_supervision(other.id, deadline=TODAY + timedelta(days=20))
    ids = lambda query: {f.id for f in hq.findings(query)}  # noqa: E731
    assert ids(FindingQuery(supervised=True)) == {major.id, other.id}
    assert hq.count_findings(FindingQuery(supervised=True)) == 2
    assert hq.estimate_findings(FindingQuery(supervised=True)) is None     # not in the summary
    day = TODAY + timedelta(days=3)
    assert ids(FindingQuery(supervision_overdue_on=day)) == {major.id}
    assert ids(FindingQuery(supervision_overdue_on=TODAY)) == set()
    assert ids(FindingQuery()) == {major.id, other.id, general.id}          # the old signature
    review_closes(hq, insp, major.id)
    hq.delist_supervision(soon.id)
    assert ids(FindingQuery(supervised=True)) == {other.id}
    assert ids(FindingQuery(supervision_overdue_on=day)) == set()


def test_reminder_window_setting_is_checked(hq):
    for bad in (-1, 366, "7", 2.5, True):
        with pytest.raises(InvalidInput, match="督办提醒天数"):
            hq.set_settings({"supervision_remind_days": bad})
    assert hq.setting("supervision_remind_days") is None
    hq.set_settings({"supervision_remind_days": 0})
    _insp, major, _ = inspected(hq)
    listed = hq.list_supervision(major.id, deadline=TODAY)
    assert [s.id for s in hq.supervision_reminders()] == [listed.id]       # due today
