"""Real errors of the core read the same in Chinese as before and in English too."""
from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest

from checklists.common.errors import (
    BundleRejected,
    ChecklistInvalid,
    InvalidInput,
    InvalidTransition,
    StorageFailure,
)
from checklists.common.vocabulary import LOCAL_TZ, FindingState, Rectification
from checklists.loader import load_text
from export.sync.bundle import inspect_file
from storage.workspace import Workspace

INSPECTORS = [{"name": "王伟", "cert_no": "33010012345"}, {"name": "李娜", "cert_no": "33010012346"}]
CJK = "\u4e00-\u9fff"


NOW = datetime(2026, 11, 20, 9, 30, tzinfo=LOCAL_TZ)


@pytest.fixture
def ws(tmp_path):
    with Workspace.open(tmp_path / "w.sitecheck", clock=lambda: NOW) as workspace:
        yield workspace


@pytest.fixture
def finding(ws):
    ent = ws.add_enterprise(name="杭州堃喆机械制造有限公司")
    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    insp = ws.start_inspection(ent.id, [checklist.hash], INSPECTORS)
    return ws.add_finding(insp.id, description="配电箱门锁损坏", deadline=date(2026, 12, 1))


def _no_chinese(text: str) -> bool:
    import re

    return re.search(f"[{CJK}]", text) is None


def test_a_bad_deadline(ws, finding):
    with pytest.raises(InvalidInput) as caught:
        ws.update_finding(finding.id, deadline="2026-02-30")
    err = caught.value
    assert str(err) == "整改期限: 日期无效：2026-02-30; 请按 2026-12-31 的格式填写"
    assert err.text("en") == "Deadline: not a valid date: 2026-02-30; write it as 2026-12-31"
    assert err.detail.sentence("en") == "Not a valid date: 2026-02-30"
    assert ws.finding(finding.id).deadline == "2026-12-01"          # nothing changed


def test_a_move_the_closed_loop_does_not_allow_names_states_by_their_labels(ws, finding):
    ws.transition(finding.id, FindingState.CLOSED)
    with pytest.raises(InvalidTransition) as caught:
        ws.transition(finding.id, FindingState.ORDERED)
    assert caught.value.message == "隐患不能从「已销号」变为「已责令整改」"
    assert caught.value.message_in("en") == 'A hazard cannot go from "Closed" to "Ordered"'
    assert caught.value.hint_in("en") == "From its current state it can become: nothing (it is closed)"


def test_an_order_without_its_deadline(ws, finding):
    undated = ws.add_finding(ws.finding(finding.id).inspection_id, description="灭火器压力不足",
                             rectification=Rectification.DEADLINE, deadline="")
    with pytest.raises(InvalidInput) as caught:
        ws.transition(undated.id, FindingState.ORDERED)
    assert caught.value.message == "整改期限: 限期整改的隐患须先填写整改期限才能下达指令"
    assert caught.value.text("en") == ("Deadline: a hazard to be rectified by a date needs its deadline before "
                                       "the order is issued; choose the rectification date in the hazard")


def test_a_busy_workspace(ws, tmp_path):
    other = sqlite3.connect(tmp_path / "w.sitecheck", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")                 # another program writes the workspace
    ws.conn.execute("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(StorageFailure) as caught:
            ws.add_enterprise(name="写不进去的单位")
    finally:
        other.execute("ROLLBACK")
        other.close()
    err = caught.value
    assert err.cause == "busy"
    assert err.message.startswith("工作区正被占用：保存未完成（")
    assert err.message_in("en").startswith("Workspace busy: saving did not finish (")
    assert err.message_in("en").endswith("); nothing was changed")
    assert err.hint_in("en").startswith("Another program (or another SiteCheck window) is writing")
    assert [e.name for e in ws.enterprises()] == []


def test_a_rejected_bundle(ws, tmp_path):
    path = tmp_path / "damaged.scbundle"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(BundleRejected) as caught:
        inspect_file(ws, path)
    err = caught.value
    assert err.message == "damaged.scbundle（数据包） 不完整或已损坏（找不到 zip 结束记录）"
    assert err.message_in("en") == "damaged.scbundle (bundle) is incomplete or damaged (no zip end record)"
    assert err.hint_in("en") == ("The file may have been cut short or changed; "
                                 "copy it again or ask the sender to export it again")


def test_an_invalid_checklist():
    text = "id: Elevator\nversion: 1\ntitle: 电梯\nfamily: samr\napplies_to: elevator\nsections: []\n"
    with pytest.raises(ChecklistInvalid) as caught:
        load_text(text, "elevator.yaml")
    err = caught.value
    assert str(err) == ("elevator.yaml:1: 检查表：id“Elevator”格式不对; 只用小写字母、数字和连字符，以字母开头，"
                        "2–64 个字符，例如 elevator-user (and 2 more)")
    assert err.text("en") == ('elevator.yaml:1: Checklist: id "Elevator" is not in the right form; use only '
                              "lower-case letters, digits and hyphens, starting with a letter, 2–64 characters, "
                              "e.g. elevator-user (and 2 more)")
    assert all(_no_chinese(p.render("en").replace("电梯", "")) for p in err.problems)


def test_every_problem_of_a_broken_checklist_renders_in_english():
    text = ("id: x\nversion: 1\ntitle: t\nfamily: emz\napplies_to: general\nextra: 1\nsections:\n"
            " - id: a\n   title: t\n   items:\n    - id: el-01\n      question: q\n      gb45067: 4.6b\n"
            "      rectification_days: 0\n      basis:\n       - instrument: 《特种设备安全法》\n"
            "         article: 第三十三条\n      answer: {kind: number, min: 5, max: 1}\n")
    with pytest.raises(ChecklistInvalid) as caught:
        load_text(text, "broken.yaml")
    rendered = [p.render("en") for p in caught.value.problems]
    assert len(rendered) >= 6
    assert all(_no_chinese(line.replace("特种设备安全法", "").replace("第三十三条", "")) for line in rendered), \
        rendered
