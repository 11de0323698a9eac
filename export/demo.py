"""Sample data with enforcement documents: ``storage.demo`` data, then a few
re-inspections issued the way an inspector issues them.

For a few of the new inspections with findings still to rectify, the order
(指令书) is issued, a re-inspection (复查) is made a few days later and its
整改复查意见书 is issued through ``export.issue.conclude_review``: one closes
every finding, one finds some partly rectified (new deadline), one finds some
not rectified.  So ``documents render ID --kind review`` has re-inspections to
show.  Where an inspection found a 重大/严重 hazard the on-site decisions are issued
as well: a 特种设备 inspection's equipment is sealed (查封（扣押）决定书, lifted by the
解除查封（扣押）决定书 its re-inspection issues once the hazard is removed), and an
应急 inspection's dangerous activity is stopped (现场处理措施决定书).  The documents
are issued under the workspace's own departments, or where it has none under the
clearly marked sample ones (示例市…, numbers （示例）…) that ``storage.demo.fill`` sets.
A live major hazard of the re-inspection that closes everything is put under 挂牌督办
first and 摘牌 after its 整改复查意见书.  The same seed gives the same choices.
Everything is one transaction.
"""
from __future__ import annotations

import dataclasses
import random
from datetime import date, datetime, timedelta

from checklists.common.vocabulary import (
    LOCAL_TZ,
    DocumentKind,
    Family,
    FindingState,
    HazardLevel,
    OnSiteMeasure,
    Opinion,
)
from storage import demo, reinspection
from storage.ledger import FindingQuery
from storage.records import Inspection
from storage.workspace import Workspace

from . import decisions, issue
from .docmodel import SEIZURE_MAX_DAYS

# The opinion on each finding, by re-inspection: all rectified, some partly, some not.
OUTCOMES = ((Opinion.RECTIFIED,), (Opinion.PARTLY, Opinion.RECTIFIED), (Opinion.NOT_RECTIFIED, Opinion.RECTIFIED))
NOTES = {
    Opinion.RECTIFIED: "经复查，已按要求整改完毕",
    Opinion.PARTLY: "经复查，已部分整改，尚未全部完成",
    Opinion.NOT_RECTIFIED: "经复查，未按期整改",
}


def fill_with_documents(ws: Workspace, *, inspections: int = 20, photos: bool = False,
                        seed: int = 20261122, today: date | None = None) -> demo.DemoSummary:
    """``storage.demo.fill``, then up to three re-inspections with their documents."""
    rng = random.Random(seed + 1)
    day = today or ws.today()
    before = {i.id for i in ws.inspections(limit=1_000_000)}
    real_clock = ws.clock
    try:
        with ws.transaction():
            summary = demo.fill(ws, inspections=inspections, photos=photos, seed=seed, today=day)
            new = [i for i in ws.inspections(limit=1_000_000) if i.id not in before]
            parents = _to_reinspect(ws, new, day)
            parents.sort(key=lambda i: not _seizable(ws, i))      # one sealed, then found removed
            listed = _supervise(ws, parents[:1])      # the first review closes every finding
            for parent, outcome in zip(parents, OUTCOMES):
                _reinspect(ws, rng, parent, outcome, day, photos, summary)
            _delist(ws, listed, day)
            _decide(ws, new, day, photos, summary)
    finally:
        ws.clock = real_clock
    return summary


def _to_reinspect(ws: Workspace, inspections: list[Inspection], day: date) -> list[Inspection]:
    """Oldest first, the inspections (at least ten days old) with findings to order."""
    cutoff = (day - timedelta(days=10)).isoformat()
    found = [i for i in inspections if i.finished_at and i.started_at < cutoff
             and any(f.state in issue.LIVE_STATES for f in _findings(ws, i.id))]
    return sorted(found, key=lambda i: (i.started_at, i.id))


def _findings(ws: Workspace, inspection_id: str):
    return ws.findings(FindingQuery(inspection_id=inspection_id))


def _reinspect(ws: Workspace, rng: random.Random, parent: Inspection, outcome: tuple[Opinion, ...],
               day: date, photos: bool, summary: demo.DemoSummary) -> None:
    ordered_at = datetime.fromisoformat(parent.finished_at)
    ws.clock = lambda: ordered_at
    if outcome == (Opinion.RECTIFIED,) and _seize(ws, parent, photos):   # lifted with the review
        summary.documents += 2
    issue.issue_order(ws, parent.id, photos=photos)
    visit = min(ordered_at + timedelta(days=rng.randint(5, 9)),
                datetime.combine(day, datetime.min.time(), tzinfo=LOCAL_TZ) + timedelta(hours=9))
    ws.clock = lambda: visit
    candidates = [f for f in _findings(ws, parent.id) if f.state in issue.REVIEWABLE]
    re_insp = reinspection.find_or_start(ws, candidates[0].id)
    verdicts = {}
    to_judge = iter(outcome * len(candidates))
    for finding in candidates:
        # a finding the enterprise reported done is confirmed; the others get the outcome in turn
        opinion = Opinion.RECTIFIED if finding.state == FindingState.RECTIFIED else next(to_judge)
        deadline = None if opinion == Opinion.RECTIFIED else (visit + timedelta(days=15)).date()
        verdicts[finding.id] = reinspection.Verdict(opinion, NOTES[opinion], deadline)
        if photos:
            ws.add_photo(re_insp.id, demo.sample_photo(rng, finding.item_id or "复查"),
                         name=f"IMG_{rng.randint(1000, 9999)}.jpg", finding_id=finding.id,
                         caption="复查时现场情况")
            summary.photos += 1
    # the unit's 整改报告 came in a day or two before the visit (never before the order)
    received = max(ordered_at.date(), (visit - timedelta(days=rng.randint(1, 2))).date())
    issue.conclude_review(ws, re_insp.id, verdicts, report_received=received)
    summary.reinspections += 1
    summary.documents += 2


def _supervise(ws: Workspace, parents: list[Inspection]) -> list[str]:
    """The listings of the live major hazards of ``parents``: those the sample data made,
    else made on the day the hazard was found."""
    out = []
    for parent in parents:
        found_on = datetime.fromisoformat(parent.finished_at)
        ws.clock = lambda found_on=found_on: found_on
        for finding in _findings(ws, parent.id):
            if finding.level != HazardLevel.MAJOR or finding.state not in issue.LIVE_STATES:
                continue
            listed = ws.finding_supervision(finding.id) or \
                ws.list_supervision(finding.id, deadline=found_on.date() + timedelta(days=20))
            out.append(listed.id)
    return out


def _delist(ws: Workspace, listed: list[str], day: date) -> None:
    """摘牌 of the listings whose hazard a 整改复查意见书 has closed, on the sample's day."""
    ws.clock = lambda: datetime.combine(day, datetime.min.time(), tzinfo=LOCAL_TZ) + timedelta(hours=11)
    for supervision_id in listed:
        if ws.closing_review(ws.supervision(supervision_id).finding_id):
            ws.delist_supervision(supervision_id)


# The activity a 现场处理措施决定书 stops, by checklist section (others are not decided).
STOPPED = {"GS-05": "未取得特种作业操作证人员从事的特种作业", "GS-08": "有限空间作业"}


def _seizable(ws: Workspace, insp: Inspection) -> list[str]:
    """The live 严重 findings of a 特种设备 inspection of one piece of equipment."""
    if decisions.document_family(ws, insp) != Family.SAMR or not insp.equipment_id:
        return []
    findings, _ = decisions.seizure_defaults(ws, insp.id)
    return [f for f in findings if ws.finding(f).state in issue.LIVE_STATES]


def _seize(ws: Workspace, insp: Inspection, photos: bool) -> bool:
    """Seal the equipment of a 特种设备 inspection with a live 严重 hazard (at the time of
    the inspection's end); whether it did."""
    live = _seizable(ws, insp)
    _, items = decisions.seizure_defaults(ws, insp.id)
    if not live or not items:
        return False
    seals = "、".join(f"（示例）封字第{n:04d}号" for n in range(1, 3))
    decisions.issue_seizure(ws, insp.id, live, [dataclasses.replace(items[0], seals=seals)], photos=photos)
    return True


def _decide(ws: Workspace, inspections: list[Inspection], day: date, photos: bool,
            summary: demo.DemoSummary) -> None:
    """One 现场处理措施决定书 (an 应急 inspection's major hazard in an activity it stops) and
    one 查封（扣押）决定书 still in force (the newest 特种设备 inspection of the last 30 days
    with a 严重 hazard)."""
    finished = sorted((i for i in inspections if i.finished_at), key=lambda i: (i.started_at, i.id))
    for insp in finished:
        if choices := _measures(ws, insp):
            _at(ws, insp)
            decisions.issue_measure(ws, insp.id, choices, photos=photos)
            summary.documents += 1
            break
    recent = (day - timedelta(days=SEIZURE_MAX_DAYS - 1)).isoformat()
    for insp in reversed(finished):
        if insp.finished_at >= recent and not ws.documents(inspection_id=insp.id, kind=DocumentKind.SEIZURE):
            _at(ws, insp)
            if _seize(ws, insp, photos):
                summary.documents += 1
                break


def _at(ws: Workspace, insp: Inspection) -> None:
    """Issue at the end of the inspection."""
    finished = datetime.fromisoformat(insp.finished_at)
    ws.clock = lambda: finished


def _measures(ws: Workspace, insp: Inspection) -> list:
    if decisions.document_family(ws, insp) != Family.EMS:
        return []
    return [decisions.MeasureChoice(c.finding.id, OnSiteMeasure.STOP_ACTIVITY, STOPPED[c.finding.item_id[:5]])
            for c in decisions.measure_candidates(ws, insp.id) if (c.finding.item_id or "")[:5] in STOPPED]
