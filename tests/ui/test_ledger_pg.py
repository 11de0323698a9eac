"""The 隐患台账 on a PostgreSQL headquarters: a clerk connects in 统计与同步 and the
ledger view reads the headquarters (pages by key, the count, the filter lists) while
another clerk imports from another process; the same rows as ``PostgresHQ.page`` under
every filter; 复查 and 挂牌督办 off, a read-only finding detail; a lost connection said,
and the view going on."""
from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from checklists.common.vocabulary import FindingState
from export.sync.hq import import_to_hq
from storage.demo import fill
from storage.hq import open_hq, shown
from storage.ledger import FindingQuery
from tests.faults.hostile import run_cli
from tests.hq import conftest as hq_fixtures
from tests.hq.test_postgres import login
from ui.models import ledger as ledger_model
from ui.models.ledger import SORT_COLUMN

# the headquarters tests' fixtures: a throwaway cluster, a database, three laptops' bundles
pg_cluster, pg_url, bundles = hq_fixtures.pg_cluster, hq_fixtures.pg_url, hq_fixtures.bundles
PAGE = 4            # small pages, so that the demo's findings take several


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    monkeypatch.setattr(ledger_model, "PAGE", PAGE)


def connect(qtbot, window, url: str):
    """Connect 统计与同步 to ``url`` (as a clerk does), then show the ledger."""
    hq_view = window.show_view("hq")
    with qtbot.waitSignal(hq_view.loaded, timeout=20000):
        hq_view.connect_hq(url)
    return window.show_view("ledger")


def counted(qtbot, view) -> int:
    qtbot.waitUntil(lambda: view.model.total is not None, timeout=20000)
    return view.model.total


def shown_ids(view) -> list[str]:
    """Every row of the view's model, fetched page by page as scrolling does."""
    model = view.model
    while model.canFetchMore():
        model.fetchMore()
    return [row.finding.id for row in model.rows]


def expected_ids(url: str, query: FindingQuery) -> list[str]:
    """``PostgresHQ.page`` by key, page after page."""
    ids, after = [], None
    with open_hq(url) as hq:
        while True:
            page = hq.page(query, limit=PAGE, after=after)
            ids += [row.finding.id for row in page]
            if len(page) < PAGE:
                return ids
            after = page[-1].cursor


def choices(combo) -> list[tuple]:
    return [(combo.itemData(n), combo.itemText(n)) for n in range(1, combo.count())]


def error_boxes(widget) -> list[QMessageBox]:
    return [b for b in widget.findChildren(QMessageBox) if b.objectName() == "errorBox" and b.isVisible()]


def user_of(url: str) -> str:
    return url.split("//")[1].split("@")[0]


def test_a_clerk_reads_the_headquarters_ledger_while_another_imports(qtbot, window, pg_cluster, pg_url,
                                                                      bundles):
    importer = login(pg_cluster, pg_url, "sitecheck_importer")
    clerk = login(pg_cluster, pg_url, "sitecheck_clerk")          # read only
    view = connect(qtbot, window, clerk)
    assert window.ctx.hq_url == clerk
    assert view.source.toolTip() == f"局机关数据库 {shown(clerk)}" and user_of(clerk) in view.source.text()
    assert view.model.rows == [] and view.count.text() == "共 0 项"

    # the other clerk, on another PC: the command line, in another process
    done, _ = run_cli("--hq", importer, "sync", "import", "--trust", bundles["a1"], bundles["b1"])
    assert done.returncode == 0, done.stderr
    assert view.model.rows == []                        # read again only when asked
    qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    with open_hq(clerk) as hq:
        total = hq.count_findings(FindingQuery())
        lists = (hq.enterprise_choices(), [(d, d) for d in hq.districts()], hq.checklist_titles())
    assert total > 2 * PAGE
    assert view.model.estimate == total and view.count.text() in (f"约 {total} 项", f"共 {total} 项")
    assert counted(qtbot, view) == total and view.count.text() == f"共 {total} 项"
    assert shown_ids(view) == expected_ids(clerk, view.query()) and len(view.model.rows) == total
    assert [choices(c) for c in (view.enterprise, view.district, view.checklist)] == list(lists)
    assert lists[1] and lists[2]
    assert window.ctx.ws.count_findings() == 0          # the workspace was never read nor written

    done, _ = run_cli("--hq", importer, "sync", "import", "--trust", bundles["c1"])
    assert done.returncode == 0, done.stderr
    view.refresh()
    with open_hq(clerk) as hq:
        more = hq.count_findings(FindingQuery())
    assert more > total and counted(qtbot, view) == more
    assert shown_ids(view) == expected_ids(clerk, view.query())


def test_filters_sorting_and_pages_by_key_give_the_headquarters_rows(qtbot, window, pg_cluster, pg_url,
                                                                     bundles):
    with open_hq(pg_url) as hq:
        import_to_hq(hq, [bundles[f] for f in ("a-all", "b-all", "c-all")], trust=True)
    clerk = login(pg_cluster, pg_url, "sitecheck_clerk")
    view = connect(qtbot, window, clerk)
    everything = shown_ids(view)
    assert everything == expected_ids(clerk, FindingQuery()) and len(everything) > 3 * PAGE
    word, name = view.model.rows[0].finding.description, view.model.rows[-1].enterprise_name

    def check(change) -> list[str]:
        change()
        view.apply()                                     # as the debounce would, at once
        ids = shown_ids(view)
        assert ids == expected_ids(clerk, view.query()), view.query()
        with open_hq(clerk) as hq:
            assert counted(qtbot, view) == len(ids) == hq.count_findings(view.query())
        return ids

    unclosed = check(lambda: view.state.setCurrentIndex(view.state.findData("unclosed")))
    assert 0 < len(unclosed) < len(everything)
    assert view.query().states == (FindingState.OPEN, FindingState.ORDERED, FindingState.RECTIFIED)
    check(lambda: view.state.setCurrentIndex(0))
    district = check(lambda: view.district.setCurrentIndex(1))
    assert view.query().district == view.district.itemData(1) and 0 < len(district) < len(everything)
    check(lambda: view.table.sortByColumn(SORT_COLUMN["deadline"], Qt.SortOrder.AscendingOrder))
    assert view.query().order_by == "deadline" and not view.query().descending
    check(lambda: view.district.setCurrentIndex(0))
    assert check(lambda: view.checklist.setCurrentIndex(1))
    assert view.query().checklist_id == view.checklist.itemData(1)
    check(lambda: view.checklist.setCurrentIndex(0))
    check(lambda: view.table.sortByColumn(SORT_COLUMN["enterprise"], Qt.SortOrder.DescendingOrder))
    for text in (word[:2], word[:4], name[:3]):        # characters, trigrams, an enterprise's name
        assert check(lambda t=text: view.text.setText(t)), text
    check(lambda: (view.text.clear(), view.overdue.setChecked(True)))


def test_actions_are_off_on_the_headquarters_and_a_double_click_shows_the_finding(
        qtbot, window, pg_cluster, pg_url, bundles, tmp_path):
    with open_hq(pg_url) as hq:
        import_to_hq(hq, [bundles["a-all"]], trust=True)
    fill(window.ctx.ws, inspections=2, seed=5, photos=False, today=hq_fixtures.TODAY)
    clerk = login(pg_cluster, pg_url, "sitecheck_clerk")
    view = connect(qtbot, window, clerk)
    counted(qtbot, view)
    rows = view.model.rows
    n = next(i for i, r in enumerate(rows) if r.finding.state != FindingState.CLOSED)
    view.table.selectRow(n)
    assert view.selected_finding().id == rows[n].finding.id
    for button in (view.reinspect_button, view.supervise_button):
        assert not button.isEnabled() and "局机关数据库（只读）" in button.toolTip()
    assert view.supervise() is None

    view.table.doubleClicked.emit(view.model.index(n, 0))
    dialog = view.detail_dialog
    assert window.current_key() == "ledger"             # no inspection of the headquarters opened here
    finding = rows[n].finding
    assert dialog.values["隐患描述"] == finding.description
    assert dialog.values["单位"] == rows[n].enterprise_name and dialog.values["检查项"] == (finding.item_id or "")
    assert dialog.values["状态"] == window.ctx.label(finding.state)
    assert dialog.values["整改期限"] == (finding.deadline or "")
    assert dialog.values["检查表"] == rows[n].checklist_label
    dialog.close()

    view.state.setCurrentIndex(view.state.findData("unclosed"))   # exported from the headquarters
    out = tmp_path / "台账.csv"
    view.export(str(out))
    qtbot.waitUntil(lambda: out.exists() and not window.ctx.ops.busy, timeout=20000)
    with open_hq(clerk) as hq, out.open(encoding="utf-8-sig") as fh:
        assert len(list(csv.reader(fh))) == hq.count_findings(view.query()) + 1 > 1

    hq_view = window.show_view("hq")                     # back to the workspace
    with qtbot.waitSignal(hq_view.loaded, timeout=20000):
        hq_view.connect_hq("")
    view = window.show_view("ledger")
    assert view.source.text() == "本工作区" and window.ctx.hq_url == ""
    assert shown_ids(view) == [r.finding.id for r in window.ctx.ws.ledger(view.query(), limit=10000)]
    view.table.selectRow(0)
    assert view.reinspect_button.isEnabled() and "局机关数据库" not in view.reinspect_button.toolTip()


def test_a_lost_connection_is_said_and_the_ledger_goes_on(qtbot, window, pg_cluster, pg_url, bundles):
    with open_hq(pg_url) as hq:
        import_to_hq(hq, [bundles[f] for f in ("a-all", "b-all")], trust=True)
    clerk = login(pg_cluster, pg_url, "sitecheck_clerk")
    window.view("ledger").table.setFixedHeight(100)     # a page fills it: no page read by painting
    view = connect(qtbot, window, clerk)
    total = counted(qtbot, view)                        # the count's own connection is closed
    assert len(view.model.rows) == PAGE < total and view.model.canFetchMore()
    from psycopg.conninfo import conninfo_to_dict

    database = conninfo_to_dict(pg_url)["dbname"]
    pg_cluster.sql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{user_of(clerk)}'",
                   database=database)
    view.model.fetchMore()                              # scrolling down, the server gone meanwhile
    qtbot.waitUntil(lambda: bool(error_boxes(view)), timeout=10000)
    box = error_boxes(view)[0]
    assert "与局机关数据库的连接中断" in box.text() and box.icon() == QMessageBox.Icon.Warning
    assert len(view.model.rows) == PAGE and not view.model.canFetchMore()
    assert view.count.text() == "未能读取台账"
    box.close()

    qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)   # connects again
    assert view.model.error is None and len(view.model.rows) == PAGE
    assert counted(qtbot, view) == total and shown_ids(view) == expected_ids(clerk, view.query())
    assert not error_boxes(view)

    nobody = clerk.replace(f"//{user_of(clerk)}@", "//nobody@")     # a user the server does not know
    hq_view = window.show_view("hq")
    hq_view.connect_hq(nobody)
    qtbot.waitUntil(lambda: bool(error_boxes(hq_view)), timeout=20000)
    view = window.show_view("ledger")
    qtbot.waitUntil(lambda: bool(error_boxes(view)), timeout=10000)
    box = error_boxes(view)[0]
    assert "无法连接局机关数据库" in box.text() and "nobody" in box.text()
    assert box.icon() == QMessageBox.Icon.Warning       # the user's error, no traceback
    assert view.model.rows == [] and view.count.text() == "未能读取台账"


def test_the_home_figures_follow_the_headquarters_and_fall_back_when_it_is_away(
        qtbot, window, pg_cluster, pg_url, bundles):
    """Connected, the home view's hazard figures and list are the headquarters' (what its
    shortcuts open in the ledger), marked as such; a headquarters that cannot be read
    leaves the workspace's, said on the line, with no error box."""
    with open_hq(pg_url) as hq:
        import_to_hq(hq, [bundles["a1"], bundles["b1"]], trust=True)
    clerk = login(pg_cluster, pg_url, "sitecheck_clerk")
    connect(qtbot, window, clerk)
    home = window.show_view("home")
    with qtbot.waitSignal(home.loaded, timeout=20000):
        home.refresh()
    today = window.ctx.today()
    with open_hq(clerk) as hq:
        counts = hq.hazard_counts(today)
        overdue = hq.page(FindingQuery(overdue_on=today, order_by="deadline", descending=False), limit=30)
    assert counts["open"] > 0 and window.ctx.ws.count_findings() == 0
    assert home.figures.text().startswith(f"局机关数据库 {shown(clerk)}：未销号隐患 {counts['open']} 项")
    shown_rows = [home.hazards.item(n).data(Qt.ItemDataRole.UserRole) for n in range(home.hazards.count())]
    assert shown_rows[:len(overdue)] == [row.finding.id for row in overdue] and shown_rows

    nobody = clerk.replace(f"//{user_of(clerk)}@", "//nobody@")     # refused by the server
    window.ctx.hq.set_url(nobody)
    with qtbot.waitSignal(home.loaded, timeout=30000):
        home.refresh()
    assert home.figures.text().startswith("（局机关数据库无法读取，以下为本工作区）未销号隐患 0 项")
    assert not error_boxes(home)
