"""Sample data with enforcement documents: ``storage.demo`` data, then a few
re-inspections issued the way an inspector issues them.

For a few of the new inspections with findings still to rectify, the order
(指令书) is issued, a re-inspection (复查) is made a few days later and its
整改复查意见书 is issued through ``export.issue.conclude_review``: one closes
every finding, one finds some partly rectified (new deadline), one finds some
not rectified.  So ``documents render ID --kind review`` has re-inspections to
show.  The documents are issued under the workspace's own departments, or where
it has none under the clearly marked sample ones (示例市…, numbers （示例）…) that
``storage.demo.fill`` sets.  The same seed gives the same choices.  Everything is
one transaction.
"""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from checklists.common.vocabulary import LOCAL_TZ, FindingState, Opinion
from storage import demo, reinspection
from storage.ledger import FindingQuery
from storage.records import Inspection
from storage.workspace import Workspace

from . import issue

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
            for parent, outcome in zip(_to_reinspect(ws, new, day), OUTCOMES):
                _reinspect(ws, rng, parent, outcome, day, photos, summary)
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
