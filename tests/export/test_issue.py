"""Issuing documents from a real workspace filled by storage.demo: numbers, stored
bytes, finding moves, corrections, reviews; text read back with pypdf."""
from __future__ import annotations

import base64
import dataclasses
import io
import re
import shutil
import sqlite3
import subprocess
from datetime import date, timedelta

import pytest
from PIL import Image, ImageStat
from pypdf import PdfReader

import main
from checklists.common.errors import DocumentError, InvalidInput
from checklists.common.vocabulary import FindingState, InspectionMode
from export import decisions, issue
from export.issue import Opinion
from storage.demo import fill, sample_photo
from storage.workspace import Workspace

# The departments these tests issue under (the program has none built in).
EMS_DEPARTMENT = {"name": "杭州市应急管理局", "abbr": "杭", "government": "杭州市人民政府",
                  "court": "杭州市西湖区人民法院", "address": "杭州市西湖区文三路1号", "phone": "0571-87654321"}
SAMR_DEPARTMENT = {**EMS_DEPARTMENT, "name": "杭州市市场监督管理局", "address": "杭州市上城区解放路2号",
                   "phone": "0571-87654322"}


def demo_template(folder, *, photos: bool):
    """A demo workspace with both departments set, made once per module."""
    path = folder / "demo.sitecheck"
    with Workspace.open(path) as ws:
        ws.set_settings({"department": EMS_DEPARTMENT, "department_samr": SAMR_DEPARTMENT})
        fill(ws, inspections=3, photos=photos)
        ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def demo_copy(template, tmp_path):
    """A fresh copy of a template for one test, its deadlines from today on."""
    path = tmp_path / "w.sitecheck"
    shutil.copy(template, path)
    with Workspace.open(path) as workspace:
        later_deadlines(workspace)
        yield workspace


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return demo_template(tmp_path_factory.mktemp("demo"), photos=True)


@pytest.fixture
def ws(template, tmp_path):
    yield from demo_copy(template, tmp_path)


def later_deadlines(ws):
    """The sample inspections lie up to 150 days back and their deadlines may have passed;
    an order issued today needs deadlines from today on (as an inspector sets them)."""
    later = ws.today() + timedelta(days=15)
    for finding in ws.findings(limit=100_000):
        if finding.deadline and finding.deadline < ws.today().isoformat():
            ws.update_finding(finding.id, deadline=later)


def flat(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


# the page footer (page count, number, check code, contact) that text extraction puts
# in the middle of a sentence running over a page
FOOTER = re.compile(r"第\d+页共\d+页文书编号.{4,40}?号校验码[0-9a-f]{16}(地址：[^电]*电话：0571-8765432[12])?")


def body(pdf: bytes) -> str:
    """The text without page footers."""
    return FOOTER.sub("", flat(pdf))


def with_open_findings(ws):
    return next(i for i in ws.inspections() if issue._order_findings(ws, i.id))


def reinspect(ws, insp):
    return ws.start_inspection(insp.enterprise_id, [], insp.inspectors, mode=InspectionMode.REINSPECTION,
                               parent_id=insp.id, site_manager="复查现场负责人甲")


# ---------------------------------------------------------------- record

def settle(ws, insp) -> None:
    """Issue what the 重大/严重 hazards need before the record: the order (应急) or a
    seizure (特种设备)."""
    from export import decisions

    if not decisions.handling_gaps(ws, insp.id):
        return
    if issue.document_family(ws, insp) == "samr":
        found, items = decisions.seizure_defaults(ws, insp.id)
        items = items or [decisions.SeizedItem("压力容器", quantity="1台")]
        items = [dataclasses.replace(i, seals="FT-0001") for i in items]
        decisions.issue_seizure(ws, insp.id, found, items)
    else:
        issue.issue_order(ws, insp.id)


def test_record_of_every_demo_inspection(ws):
    for insp in ws.inspections():
        settle(ws, insp)
        doc = issue.issue_record(ws, insp.id)
        text = body(ws.document_pdf(doc.id))
        ent = ws.enterprise(insp.enterprise_id)
        assert ent.name in text and f"现场负责人：{insp.site_manager}" in text
        for person in insp.inspectors:
            assert person["name"] in text and person["cert_no"] in text
        start, end = issue._dt(insp.started_at), issue._dt(insp.finished_at)
        assert f"检查时间：{start.year}年{start.month}月{start.day}日{start.hour}时{start.minute:02d}分至" \
               f"{end.month}月{end.day}日{end.hour}时{end.minute:02d}分" in text
        assert "检查情况：" in text and "执法人员（签名）" in text and "被检查单位现场负责人（签名）" in text
        for finding in issue._findings(ws, insp.id):
            assert re.sub(r"\s+", "", finding.description)[:30] in text
            assert re.sub(r"\s+", "", finding.basis[0]) in text
        assert re.fullmatch(r"（杭）(应急|市监特)检记〔\d{4}〕\d{3}号", doc.number)
        assert doc.number in text
    # the demo names carry rare characters (𠀾 is CJK Ext-B): they must survive
    assert any("𠀾" in ws.enterprise(i.enterprise_id).name for i in ws.inspections())


def test_record_counts_sections_and_marks_on_the_spot_fixes(ws):
    insp = next(i for i in ws.inspections()
                if any(f.state == FindingState.CLOSED for f in issue._findings(ws, i.id)))
    doc = issue.build_record(ws, insp.id)
    answers = [a for a in ws.answers(insp.id).values() if a.result]
    assert sum(s.passed + s.failed + s.na for s in doc.sections) == len(answers)
    assert any(line.description.endswith("（已当场整改）") for line in doc.findings)
    assert all(line.photos for line in doc.findings)  # every demo finding has its photo


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) not installed")
def test_pages_are_not_blank(ws, tmp_path):
    insp = with_open_findings(ws)
    pdf = ws.document_pdf(issue.issue_order(ws, insp.id).id)
    (tmp_path / "o.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(tmp_path / "o.pdf"), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p*.png"))
    assert len(pages) >= 2  # the order and its photo annex
    for page in pages:
        img = Image.open(page).convert("L")
        assert ImageStat.Stat(img).stddev[0] > 15


# ---------------------------------------------------------------- order

def test_order_moves_its_findings_to_ordered(ws):
    insp = with_open_findings(ws)
    carried = issue._order_findings(ws, insp.id)
    was_open = [f.id for f in carried if f.state == FindingState.OPEN]
    doc = issue.issue_order(ws, insp.id)
    assert doc.kind in ("order", "samr_order") and doc.data["findings"] == [f.id for f in carried]
    for fid in was_open:
        assert ws.finding(fid).state == FindingState.ORDERED
        assert ws.finding_events(fid)[-1].document_id == doc.id
    text = flat(ws.document_pdf(doc.id))
    assert "经查，你单位存在下列问题" in text and "申请行政复议" in text and "杭州市西湖区人民法院" in text
    assert "附件：现场照片" in text and "拍摄时间" in text


def test_order_without_live_findings_is_refused_and_uses_no_number(ws):
    quiet = [i for i in ws.inspections() if not issue._order_findings(ws, i.id)]
    assert quiet
    with pytest.raises(DocumentError, match="没有待整改的隐患"):
        issue.issue_order(ws, quiet[0].id)
    assert ws.documents() == []
    quiet = [i for i in quiet if not decisions.handling_gaps(ws, i.id)]
    first = issue.issue_record(ws, quiet[0].id)
    assert first.number.endswith("001号")


def test_samr_family_gets_the_supervision_order(ws):
    ws.set_settings({"doc_family": "samr"})
    insp = with_open_findings(ws)
    doc = issue.issue_order(ws, insp.id)
    text = flat(ws.document_pdf(doc.id))
    assert doc.kind == "samr_order" and "特种设备安全监察指令书" in text
    assert "杭州市市场监督管理局" in text and "市监特令" in doc.number


# ---------------------------------------------------------------- numbers, reprints, corrections

def test_numbers_are_sequential_and_unique_with_the_device_prefix(ws):
    ws.set_settings({"doc_prefix": "A07-",
                     "department": {**EMS_DEPARTMENT, "name": "杭州市西湖区应急管理局", "abbr": "杭西"}})
    insp = with_open_findings(ws)
    docs = [issue.issue_record(ws, insp.id)]
    for _ in range(3):
        docs.append(issue.reissue(ws, docs[-1].id))
    numbers = [d.number for d in docs]
    assert numbers == [f"（杭西）应急检记〔{date.today().year}〕A07-{n:03d}号" for n in range(1, 5)]
    assert "杭州市西湖区应急管理局" in flat(ws.document_pdf(docs[-1].id))


def test_number_block_from_headquarters(ws):
    year = ws.today().year
    ws.set_settings({"doc_prefix": "", "number_blocks": [
        {"series": "责改:", "year": year, "first": 101, "last": 102}]})
    insp = with_open_findings(ws)
    first = issue.issue_order(ws, insp.id)
    second = issue.reissue(ws, first.id)
    assert first.number.endswith("〕101号") and second.number.endswith("〕102号")
    with pytest.raises(DocumentError, match="编号段 101-102 已用完"):
        issue.reissue(ws, second.id)
    assert issue.current_document(ws, insp.id, "order").id == second.id


def test_reprint_is_the_same_bytes_and_reissue_supersedes(ws, tmp_path):
    insp = with_open_findings(ws)
    out1, out2, out3 = (tmp_path / f"{n}.pdf" for n in range(3))
    args = ["--workspace", str(ws.path), "documents", "render", insp.id, "--kind", "order"]
    assert main.main([*args, "--out", str(out1)]) == 0
    assert main.main([*args, "--out", str(out2)]) == 0
    assert out1.read_bytes() == out2.read_bytes()
    assert main.main([*args, "--out", str(out3), "--reissue"]) == 0
    assert out3.read_bytes() != out1.read_bytes()
    docs = sorted(ws.documents(inspection_id=insp.id), key=lambda d: d.number)
    assert len(docs) == 2 and docs[1].supersedes_id == docs[0].id
    assert ws.document_pdf(docs[0].id) == out1.read_bytes()  # the old one stays on record
    import hashlib
    assert hashlib.sha256(out3.read_bytes()).hexdigest() == docs[1].pdf_sha256
    with pytest.raises(DocumentError, match=r"已被.*更正取代"):
        issue.reissue(ws, docs[0].id)


def test_list_command_marks_superseded(ws, capsys):
    insp = with_open_findings(ws)
    first = issue.issue_record(ws, insp.id)
    second = issue.reissue(ws, first.id)
    assert main.main(["--workspace", str(ws.path), "documents", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    old = next(line for line in out if line.startswith(first.number))
    assert f"已被 {second.number} 取代" in old and "现场检查记录" in old and insp.id in old
    assert ws.enterprise(insp.enterprise_id).name in old


def test_a_crash_while_rendering_uses_no_number(ws, monkeypatch):
    insp = with_open_findings(ws)
    before = {f.id: f.state for f in issue._findings(ws, insp.id)}

    def broken(doc, fonts=None, seal=None):
        raise RuntimeError("printer spool full")
    monkeypatch.setattr(issue, "render_hashed", broken)
    with pytest.raises(RuntimeError):
        issue.issue_order(ws, insp.id)
    monkeypatch.undo()
    assert ws.documents() == [] and {f.id: f.state for f in issue._findings(ws, insp.id)} == before
    assert issue.issue_order(ws, insp.id).number.endswith("001号")


# ---------------------------------------------------------------- review

def test_review_closes_rectified_and_reorders_the_rest(ws):
    insp = with_open_findings(ws)
    order = issue.issue_order(ws, insp.id)
    re_insp = reinspect(ws, insp)
    candidates = issue.review_candidates(ws, re_insp.id)
    assert len(candidates) >= 2
    fixed, not_fixed = candidates[0], candidates[1]
    ws.add_photo(re_insp.id, sample_photo(__import__("random").Random(1), "after"), name="after.jpg",
                 finding_id=fixed.id, caption="复查时已整改")
    opinions = {f.id: Opinion.RECTIFIED for f in candidates}
    opinions[not_fixed.id] = Opinion.NOT_RECTIFIED
    doc = issue.issue_review(ws, re_insp.id, opinions, notes={not_fixed.id: "现场仍未整改"},
                             deadlines={not_fixed.id: "2027-01-15"})
    assert ws.finding(fixed.id).state == FindingState.CLOSED
    assert ws.finding_events(fixed.id)[-1].document_id == doc.id
    assert ws.finding(not_fixed.id).state == FindingState.ORDERED
    assert ws.finding(not_fixed.id).deadline == "2027-01-15"
    text = flat(ws.document_pdf(doc.id))
    od = issue._dt(order.issued_at)
    assert f"本机关于{od.year}年{od.month}月{od.day}日作出了《责令限期整改指令书》（文号：{order.number}）" in text
    assert "已整改" in text and "未整改" in text and "现场仍未整改。限2027年1月15日前整改完毕" in text
    assert "予以销号" in text and "复查时已整改" in text and "复查现场负责人甲" not in text  # unit's name, not site
    assert "行政复议" not in text and re.search(r"应急复查〔\d{4}〕001号", doc.number)


def test_review_needs_an_opinion_for_every_finding(ws):
    insp = with_open_findings(ws)
    issue.issue_order(ws, insp.id)
    re_insp = reinspect(ws, insp)
    first = issue.review_candidates(ws, re_insp.id)[0]
    with pytest.raises(DocumentError, match="没有复查意见"):
        issue.issue_review(ws, re_insp.id, {first.id: "rectified"})
    with pytest.raises(InvalidInput, match="无效"):
        issue.issue_review(ws, re_insp.id, {first.id: "done"})
    assert ws.documents(kind="review") == [] and ws.finding(first.id).state != FindingState.CLOSED


def test_review_without_an_order_or_a_parent_is_refused(ws):
    insp = with_open_findings(ws)
    with pytest.raises(DocumentError, match="不是复查"):
        issue.build_review(ws, insp.id, {})
    with pytest.raises(DocumentError, match="没有出具过指令书"):
        issue.build_review(ws, reinspect(ws, insp).id, {})


def test_review_reissue_keeps_opinions_and_moves_nothing_again(ws):
    insp = with_open_findings(ws)
    issue.issue_order(ws, insp.id)
    re_insp = reinspect(ws, insp)
    opinions = {f.id: "rectified" for f in issue.review_candidates(ws, re_insp.id)}
    first = issue.issue_review(ws, re_insp.id, opinions)
    events = {fid: len(ws.finding_events(fid)) for fid in opinions}
    second = issue.reissue(ws, first.id)
    assert second.supersedes_id == first.id and second.data["opinions"] == opinions
    assert {fid: len(ws.finding_events(fid)) for fid in opinions} == events


def test_review_cli_with_rest_option(ws, tmp_path, capsys):
    insp = with_open_findings(ws)
    issue.issue_order(ws, insp.id)
    re_insp = reinspect(ws, insp)
    some = issue.review_candidates(ws, re_insp.id)[0]
    code = main.main(["--workspace", str(ws.path), "documents", "render", re_insp.id, "--kind", "review",
                      "--opinion", f"{some.id}=partly", "--rest", "rectified", "--out", str(tmp_path / "r.pdf"),
                      "--deadline", f"{some.id}={ws.today() + timedelta(days=10)}",
                      "--report-received", ws.today().isoformat()])
    assert code == 0 and "部分整改" in flat((tmp_path / "r.pdf").read_bytes())
    assert ws.finding(some.id).state == FindingState.ORDERED


# ---------------------------------------------------------------- settings

def test_seal_as_base64_and_bad_seal_named(ws):
    png = io.BytesIO()
    Image.new("RGBA", (200, 200), (200, 0, 0, 128)).save(png, "PNG")
    ws.set_settings({"seal_png": base64.b64encode(png.getvalue()).decode()})
    insp = with_open_findings(ws)
    pdf = ws.document_pdf(issue.issue_order(ws, insp.id).id)
    assert any(page.images for page in PdfReader(io.BytesIO(pdf)).pages[:3])
    ws.set_settings({"seal_png": "/nonexistent/seal.png"})
    with pytest.raises(InvalidInput, match="印章图片"):
        issue.build_order(ws, insp.id)


def used_numbers(ws) -> list:
    return ws.execute("SELECT * FROM doc_counter").fetchall()


@pytest.mark.parametrize("settings", [
    {"department": None, "department_samr": None},
    {"department": {"name": "", "abbr": "", "review_body": "", "court": ""}},
    {"department": {**EMS_DEPARTMENT, "court": ""}, "department_samr": None}])
def test_no_department_no_document_and_no_number(ws, settings):
    """Nothing built in stands in for a missing or incomplete department."""
    ws.set_settings({**settings, "doc_family": "ems"})
    insp = with_open_findings(ws)
    states = {f.id: f.state for f in issue._findings(ws, insp.id)}
    for make in (issue.issue_order, issue.issue_record, issue.build_order):
        with pytest.raises(DocumentError, match=r"执法部门|应急管理部门|缺少人民法院") as caught:
            make(ws, insp.id)
        assert issue.needs_setup(caught.value) and "设置向导" in caught.value.hint
    assert ws.documents() == [] and used_numbers(ws) == []
    assert {f.id: f.state for f in issue._findings(ws, insp.id)} == states


def test_cli_without_department_says_what_to_set_up_and_writes_nothing(ws, tmp_path, capsys):
    ws.set_settings({"department": None, "doc_family": "ems"})
    out = tmp_path / "order.pdf"
    code = main.main(["--workspace", str(ws.path), "documents", "render", with_open_findings(ws).id,
                      "--kind", "order", "--out", str(out)])
    assert code == 1 and not out.exists() and ws.documents() == [] and used_numbers(ws) == []
    assert "尚未设置本机所属的应急管理部门" in capsys.readouterr().err


def test_sample_data_sets_sample_departments_only_where_there_is_none(ws):
    assert ws.setting("department") == EMS_DEPARTMENT          # the template's, set before fill
    ws.set_settings({"department_samr": None})
    fill(ws, inspections=1)
    assert ws.setting("department") == EMS_DEPARTMENT
    assert ws.setting("department_samr")["name"] == "示例市市场监督管理局（示例数据）"


def test_only_a_samr_department_issues_samr_documents_only(ws):
    ws.set_settings({"department": None, "doc_family": "samr"})
    insp = with_open_findings(ws)
    assert issue.issue_record(ws, insp.id).number.startswith("（杭）市监特检记")
    ws.set_settings({"doc_family": "ems"})
    with pytest.raises(DocumentError, match="尚未设置本机所属的应急管理部门"):
        issue.issue_record(ws, insp.id)


def test_department_review_body_court_and_code_from_the_settings_on_the_pdf(ws):
    ws.set_settings({"doc_family": "ems", "doc_prefix": "B2-", "department": {
        "name": "东莞市应急管理局", "abbr": "莞", "government": "东莞市人民政府", "court": "东莞市第一人民法院",
        "address": "东莞市南城街道鸿福路99号", "phone": "0769-22223333"}})
    insp = with_open_findings(ws)
    doc = issue.issue_order(ws, insp.id)
    text = flat(ws.document_pdf(doc.id))
    assert doc.number == f"（莞）应急责改〔{ws.today().year}〕B2-001号" and doc.number in text
    assert "东莞市应急管理局" in text and "向东莞市人民政府申请行政复议" in text and "向东莞市第一人民法院提起" in text
    assert "地址：东莞市南城街道鸿福路99号电话：0769-22223333" in text
    ent = ws.enterprise(insp.enterprise_id)  # the photo annex names the site's address
    assert "杭" not in doc.number and "杭州" not in text.replace(ent.name, "").replace(ent.address, "")


@pytest.mark.parametrize("prefix", ["莞应急", "杭西", "（杭）"])
def test_a_prefix_with_another_code_is_refused(ws, prefix):
    """（杭）市监特令〔2026〕莞应急001号 mixed two departments' codes: the prefix only tells devices apart."""
    with pytest.raises(InvalidInput, match="文书编号前缀"):
        ws.set_settings({"doc_prefix": prefix})
    ws.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('doc_prefix', ?)", [f'"{prefix}"'])
    with pytest.raises(InvalidInput, match="文书编号前缀"):     # written by an older version
        issue.issue_order(ws, with_open_findings(ws).id)
    ws.set_settings({"number_patterns": {"ems": "（杭）应急{code}〔{year}〕{seq:03d}号"}, "doc_prefix": ""})
    with pytest.raises(DocumentError, match="abbr"):
        issue.issue_order(ws, with_open_findings(ws).id)
    assert ws.documents() == [] and used_numbers(ws) == []


def test_older_samr_department_saved_as_department_serves_samr_only(ws):
    ws.set_settings({"department": {**SAMR_DEPARTMENT, "name": "杭州市市场监督管理局西湖分局", "abbr": "杭西"},
                     "department_samr": None})
    assert issue.issue_settings(ws, "samr").department.name == "杭州市市场监督管理局西湖分局"
    with pytest.raises(DocumentError, match="应急管理部门"):
        issue.issue_settings(ws, "ems")


def test_review_notes_follow_the_text_rules(ws):
    insp = with_open_findings(ws)
    issue.issue_order(ws, insp.id)
    re_insp = reinspect(ws, insp)
    opinions = {f.id: "partly" for f in issue.review_candidates(ws, re_insp.id)}
    first = next(iter(opinions))
    later = {fid: ws.today() + timedelta(days=10) for fid in opinions}
    for bad in ("仍未\x07整改", "长" * 2001):
        with pytest.raises(InvalidInput, match="复查情况说明"):
            issue.issue_review(ws, re_insp.id, opinions, notes={first: bad}, deadlines=later,
                               report_received=ws.today())
    assert ws.documents(kind="review") == []
    doc = issue.issue_review(ws, re_insp.id, opinions, notes={first: " 第一行\r\n第二行 "}, deadlines=later,
                             report_received=ws.today())
    assert doc.data["notes"] == {first: "第一行\n第二行"}


def test_concluding_a_review_is_one_transaction(tmp_path):
    """Issue, finish and clear the draft together: a failure leaves the draft and
    the re-inspection as they were, and no number is used."""
    from checklists.common.vocabulary import Opinion
    from export.issue import conclude_review
    from storage import demo, reinspection
    from storage.workspace import Workspace

    with Workspace.open(tmp_path / "w.sitecheck") as ws:
        demo.fill(ws, inspections=4, seed=2)
        later_deadlines(ws)
        from export.issue import issue_order

        opened = next(f for f in ws.findings() if f.state == "open" and f.rectification == "deadline")
        issue_order(ws, opened.inspection_id, photos=False)
        finding = ws.finding(opened.id)
        re_insp = reinspection.find_or_start(ws, finding.id)
        verdicts = {f.id: reinspection.Verdict(Opinion.RECTIFIED, "已更换灭火器")
                    for f in issue.review_candidates(ws, re_insp.id)}
        assert finding.id in verdicts
        reinspection.save_draft(ws, re_insp.id, verdicts)
        # finishing the re-inspection fails after the document was issued in the same call
        ws.execute("CREATE TEMP TRIGGER refuse_finish BEFORE UPDATE OF finished_at ON inspection "
                   "BEGIN SELECT RAISE(ABORT, 'finish refused'); END")
        with pytest.raises(sqlite3.IntegrityError, match="finish refused"):
            conclude_review(ws, re_insp.id, verdicts, report_received=ws.today())
        assert reinspection.load_draft(ws, re_insp.id) == verdicts
        assert not ws.inspection(re_insp.id).finished_at and not ws.documents(inspection_id=re_insp.id)
        assert ws.finding(finding.id).state == "ordered"
        ws.execute("DROP TRIGGER temp.refuse_finish")
        doc = conclude_review(ws, re_insp.id, verdicts, report_received=ws.today())
        assert ws.inspection(re_insp.id).finished_at and doc.kind == "review"
        assert reinspection.load_draft(ws, re_insp.id) == {}
        assert ws.finding(finding.id).state == "closed" and ws.audit_verify() == []


def test_placeholder_description_is_not_printed_as_the_problem(ws):
    """A failed item without a note opens its finding as "ID：不符合要求" for the inspector
    to type over; an order still carrying it is refused, naming the item, and nothing is
    issued; once described, the order issues with that description."""
    insp = with_open_findings(ws)
    checklist = ws.checklist(ws.inspection(insp.id).checklist_hashes[0])
    passed = {key[2] for key, a in ws.answer_map(insp.id).items() if a.result == "pass" and key[1] is None}
    item = next(i for i in checklist.items() if i.rectification == "deadline" and i.id in passed)
    judged = ws.record_result(insp.id, checklist.hash, item.id, result="fail", note=None)
    assert judged.finding.description == f"{item.id}：不符合要求"
    documents = len(ws.documents(inspection_id=insp.id))
    with pytest.raises(DocumentError) as err:
        issue.issue_order(ws, insp.id)
    assert "占位文字" in err.value.message and "问题的描述" in err.value.message
    assert len(ws.documents(inspection_id=insp.id)) == documents
    assert ws.finding(judged.finding.id).state == FindingState.OPEN
    ws.update_finding(judged.finding.id, description="现场查见，安全出口被货物堵塞")
    pdf = ws.document_pdf(issue.issue_order(ws, insp.id).id)
    assert "安全出口被货物堵塞" in body(pdf)
    assert f"{item.id}：不符合要求" not in body(pdf)
