"""What the GUI ledger reads besides its pages (the estimate, the 单位 / 区域 / 检查表
lists) answers the same on a PostgreSQL headquarters as on a workspace file fed the
same bundles: the ledger model calls one interface for both (storage/hq)."""
from __future__ import annotations

import pytest

from checklists.common.vocabulary import FindingState, HazardLevel
from export.sync.hq import import_to_hq
from storage.hq import SqliteHQ, open_hq
from storage.ledger import FindingQuery
from storage.workspace import Workspace
from tests.hq import conftest as hq_fixtures
from tests.hq.test_postgres import login

pg_cluster, pg_url, bundles = hq_fixtures.pg_cluster, hq_fixtures.pg_url, hq_fixtures.bundles
TODAY = hq_fixtures.TODAY
FILES = ("a-all", "b-all", "c-all")


@pytest.fixture
def both(pg_cluster, pg_url, bundles, tmp_path):
    """(workspace headquarters, PostgreSQL headquarters as a read-only clerk), fed alike."""
    sqlite = SqliteHQ(Workspace.open(tmp_path / "hq.sitecheck", install_builtin=False))
    with open_hq(pg_url) as hq:
        import_to_hq(hq, [bundles[f] for f in FILES], trust=True)
    import_to_hq(sqlite, [bundles[f] for f in FILES], trust=True)
    postgres = open_hq(login(pg_cluster, pg_url, "sitecheck_clerk"))
    yield sqlite, postgres
    postgres.close()
    sqlite.close()


def test_filter_lists_and_estimates_are_the_same_on_both_engines(both):
    sqlite, postgres = both
    assert postgres.enterprise_choices() == sqlite.enterprise_choices()
    assert len(postgres.enterprise_choices()) >= 3
    assert postgres.enterprise_choices(limit=2) == sqlite.enterprise_choices()[:2]
    districts = postgres.districts()
    assert districts == sqlite.districts() and districts == sorted(districts) and districts
    titles = postgres.checklist_titles()
    assert titles == sqlite.checklist_titles() and titles     # the bundles' checklists
    assert [cid for cid, _ in titles] == sorted(cid for cid, _ in titles)

    unclosed = (FindingState.OPEN, FindingState.ORDERED, FindingState.RECTIFIED)
    for query in (FindingQuery(), FindingQuery(states=unclosed), FindingQuery(level=HazardLevel.MAJOR),
                  FindingQuery(overdue_on=TODAY), FindingQuery(district=districts[0]),
                  FindingQuery(district=districts[-1], states=(FindingState.CLOSED,))):
        estimate = postgres.estimate_findings(query)
        assert estimate == sqlite.estimate_findings(query), query
        # the demo's findings are all under their own inspection's enterprise: exact here
        assert estimate == postgres.count_findings(query) == sqlite.count_findings(query), query
    assert postgres.estimate_findings(FindingQuery()) > 0
    for query in (FindingQuery(text="安全"), FindingQuery(checklist_id=titles[0][0]),
                  FindingQuery(enterprise_id=postgres.enterprise_choices()[0][0]), FindingQuery(supervised=True)):
        assert postgres.estimate_findings(query) is None and sqlite.estimate_findings(query) is None
