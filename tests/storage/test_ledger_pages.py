"""Keyset pages: walking the ledger page by page (``after=`` the last row's cursor)
gives exactly the rows of one big sorted query, for every sort order and direction,
with ties and NULLs (no deadline, no checklist) in the sort column."""
from __future__ import annotations

import pytest

from checklists.common.vocabulary import FindingState
from storage import demo
from storage.ledger import LEDGER_ORDER, FindingQuery
from storage.workspace import Workspace


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    with Workspace.open(tmp_path_factory.mktemp("pages") / "w.sitecheck") as workspace:
        demo.fill(workspace, inspections=25)
        yield workspace


def walk(ws, query: FindingQuery, size: int) -> list[str]:
    ids, after = [], None
    while True:
        page = ws.ledger(query, limit=size, after=after)
        ids += [r.finding.id for r in page]
        if len(page) < size:
            return ids
        after = page[-1].cursor


@pytest.mark.parametrize("order_by", sorted(LEDGER_ORDER))
@pytest.mark.parametrize("descending", [True, False])
def test_pages_by_key_equal_one_sorted_query(ws, order_by, descending):
    query = FindingQuery(order_by=order_by, descending=descending)
    everything = [r.finding.id for r in ws.ledger(query, limit=100_000)]
    assert len(everything) > 40
    assert any(r.finding.deadline is None for r in ws.ledger(query, limit=100_000))
    for size in (1, 7, 50):
        assert walk(ws, query, size) == everything


def test_pages_by_key_with_filters(ws):
    query = FindingQuery(states=(FindingState.OPEN, FindingState.ORDERED), overdue_on=ws.today(),
                         order_by="deadline", descending=False)
    assert walk(ws, query, 3) == [r.finding.id for r in ws.ledger(query, limit=100_000)]
